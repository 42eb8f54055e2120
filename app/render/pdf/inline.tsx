/**
 * Inline content (text with bold and link marks, hard breaks) → react-pdf inline children of a <Text>.
 * Links outside the allowed protocols are dropped to plain text, as in the editor and the HTML.
 */
import { Link, Text } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { addressesIn, isAllowedHref, printedAddress } from "../../domain/links";
import { keepTogether } from "../keep-together";
import { languageOf } from "../../domain/languages";
import type { InlineNode, Mark, TextNode } from "./document-model";
import type { PdfTheme } from "./theme";
import { UnreachableCaseError } from "./unreachable-case-error";

function linkOf(marks: Mark[] | undefined): string | null {
  const link = marks?.find((mark) => mark.type === "link");
  return link && link.type === "link" && isAllowedHref(link.attrs.href) ? link.attrs.href.trim() : null;
}

function languageOfMarks(marks: Mark[] | undefined): string | null {
  const mark = marks?.find((each) => each.type === "language");
  return mark && mark.type === "language" ? mark.attrs.lang : null;
}

function mapText(node: TextNode, key: number, theme: PdfTheme, phones: boolean): ReactNode {
  const bold = node.marks?.some((mark) => mark.type === "bold") ?? false;
  const href = linkOf(node.marks);
  // Words in another language: their own `Span` with `/Lang` (the patched renderer), and their own direction.
  const lang = languageOfMarks(node.marks);
  // Postcodes and phone numbers are never broken over two lines (`keepTogether`, as the preview and web version).
  const styled = (words: string, wordsKey: string | number) =>
    bold || lang ? (
      <Text
        key={wordsKey}
        {...(lang ? { lang } : {})}
        style={{ ...(bold ? { fontWeight: 700 } : {}), ...(lang ? { direction: languageOf(lang).direction } : {}) }}
      >
        {keepTogether(words)}
      </Text>
    ) : (
      keepTogether(words)
    );
  if (!href) {
    // Addresses written as plain text ("Email: help@…") are links too, as in the web version (`addressesIn`).
    const addresses = addressesIn(node.text, { phones });
    if (addresses.length === 0) return styled(node.text, key);
    const parts: ReactNode[] = [];
    let at = 0;
    addresses.forEach(({ start, end, href: address }, index) => {
      if (start > at) parts.push(styled(node.text.slice(at, start), `${key}.${index}.text`));
      parts.push(
        <Link key={`${key}.${index}`} src={address} style={{ color: theme.colours.text, textDecoration: "none" }}>
          {styled(node.text.slice(start, end), `${key}.${index}.words`)}
        </Link>,
      );
      at = end;
    });
    if (at < node.text.length) parts.push(styled(node.text.slice(at), `${key}.end`));
    return parts;
  }
  const text = styled(node.text, key);
  const link = (
    <Link key={key} src={href} style={{ color: theme.colours.primary, textDecoration: "underline" }}>
      {text}
    </Link>
  );
  // Paper cannot be clicked: words like "our website" get the address after them, unless the designer said not to.
  const address = theme.design.printLinkAddresses === false ? null : printedAddress(node.text, href);
  return address ? [link, ` (${address})`] : link;
}

/** `phones`: the text is contact details, where phone numbers are links too. */
export function mapInline(content: InlineNode[] | undefined, theme: PdfTheme, phones = false): ReactNode[] {
  return (content ?? []).map((node, index) => {
    switch (node.type) {
      case "text":
        return mapText(node, index, theme, phones);
      case "hardBreak":
        return <Text key={index}>{"\n"}</Text>;
      default:
        throw new UnreachableCaseError(node);
    }
  });
}
