/**
 * Inline content (text with bold and link marks, hard breaks) → react-pdf inline children of a <Text>.
 * Links outside the allowed protocols are dropped to plain text, as in the editor and the HTML.
 */
import { Link, Text } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { isAllowedHref, printedAddress } from "../../domain/links";
import type { InlineNode, Mark, TextNode } from "./document-model";
import type { PdfTheme } from "./theme";
import { UnreachableCaseError } from "./unreachable-case-error";

function linkOf(marks: Mark[] | undefined): string | null {
  const link = marks?.find((mark) => mark.type === "link");
  return link && link.type === "link" && isAllowedHref(link.attrs.href) ? link.attrs.href.trim() : null;
}

function mapText(node: TextNode, key: number, theme: PdfTheme): ReactNode {
  const bold = node.marks?.some((mark) => mark.type === "bold") ?? false;
  const href = linkOf(node.marks);
  const text = bold ? (
    <Text key={key} style={{ fontWeight: 700 }}>
      {node.text}
    </Text>
  ) : (
    node.text
  );
  if (!href) return text;
  const link = (
    <Link key={key} src={href} style={{ color: theme.colours.primary, textDecoration: "underline" }}>
      {text}
    </Link>
  );
  // Paper cannot be clicked: words like "our website" get the address after them, unless the designer said not to.
  const address = theme.design.printLinkAddresses === false ? null : printedAddress(node.text, href);
  return address ? [link, ` (${address})`] : link;
}

export function mapInline(content: InlineNode[] | undefined, theme: PdfTheme): ReactNode[] {
  return (content ?? []).map((node, index) => {
    switch (node.type) {
      case "text":
        return mapText(node, index, theme);
      case "hardBreak":
        return <Text key={index}>{"\n"}</Text>;
      default:
        throw new UnreachableCaseError(node);
    }
  });
}
