/** How the preview draws a section's title, each block type (one mapper per type) and a list's items. */
import type { CSSProperties, ReactNode } from "react";
import type { BlockType } from "~/domain/blocks";
import type { Design } from "~/domain/design";
import { isAllowedHref } from "~/domain/links";
import { addressParts, LONGEST_WHOLE_WORD } from "~/render/address-breaks";
import { keepTogether } from "~/render/keep-together";
import { textOf, type BlockJson, type InlineJson } from "./document";
import type { FlowUnit } from "./flow-units";
import type { PreviewTheme } from "./theme";

export interface RenderContext {
  theme: PreviewTheme;
  design: Design;
  title: string;
  workspaceName: string;
  logoUrl: string | null;
  numberedStages: boolean;
  /** Each section's stage number in a guide, null where it has none (app/domain/stages.ts). */
  stages: ReadonlyArray<number | null>;
  contentWidth: number;
  /** Heading levels in the preview start below the page's own H2 "Preview", so the outline stays in order. */
  headingBase: number;
  /** Credits the pictures' licences ask for, printed at the end as the PDF prints them (app/domain/picture-credits). */
  credits: readonly string[];
}

export const pt = (value: number) => `${value}pt`;

/** A word a browser might break inside (after a hyphen, a dash or a slash) where the PDF never does. */
const BREAKS_IN_A_BROWSER = /[^\p{L}\p{M}\p{N}.,;:'"‘’“”()]/u;
/** A word the PDF breaks in parts (`addressParts`). */
const OVERLONG_WORD = new RegExp(`\\S{${LONGEST_WHOLE_WORD + 1}}`);

/**
 * Words that break over lines only where the PDF breaks them: between words, and an over-long word (an address) at the
 * parts the PDF allows (`addressParts`) when it is wider than a line, never after a hyphen, dash or slash inside a word
 * as a browser would. Lines then end on the same words in the preview as on paper.
 */
export function PrintedWords({ text: written }: { text: string }) {
  // Postcodes and phone numbers kept whole, as the PDF keeps them (`keepTogether`).
  const text = keepTogether(written);
  if (!BREAKS_IN_A_BROWSER.test(text) && !OVERLONG_WORD.test(text)) return <>{text}</>;
  const out: ReactNode[] = [];
  let plain = "";
  text.split(/( +)/).forEach((word, index) => {
    if (!word) return;
    if (word.length > LONGEST_WHOLE_WORD) {
      if (plain) out.push(plain);
      plain = "";
      // Whole on the next line when it fits there; between its parts only when wider than a line (`lp-long-word`).
      out.push(
        <span key={index} className="lp-long-word">
          {addressParts(word).map((part, at) => (
            <span key={at} className="lp-nobr">
              {part}
            </span>
          ))}
        </span>,
      );
    } else if (BREAKS_IN_A_BROWSER.test(word) && word.trim()) {
      if (plain) out.push(plain);
      plain = "";
      out.push(
        <span key={index} className="lp-nobr">
          {word}
        </span>,
      );
    } else plain += word;
  });
  if (plain) out.push(plain);
  return <>{out}</>;
}

export function Heading({ level, style, children }: { level: number; style: CSSProperties; children: ReactNode }) {
  const Tag = `h${Math.min(6, level)}` as "h3";
  return (
    <Tag className="lp-heading" style={style}>
      {children}
    </Tag>
  );
}

export function Inline({ nodes, context }: { nodes: InlineJson[] | undefined; context: RenderContext }) {
  return (
    <>
      {(nodes ?? []).map((node, index) => {
        if (node.type === "hardBreak") return <br key={index} />;
        const text = node.text ?? "";
        const bold = node.marks?.some((mark) => mark.type === "bold");
        const link = node.marks?.find((mark) => mark.type === "link");
        const href = typeof link?.attrs?.href === "string" ? link.attrs.href : "";
        const words = <PrintedWords text={text} />;
        let element: ReactNode = bold ? <strong>{words}</strong> : words;
        // Shown as the PDF prints a link; not clickable, so a click in the preview never leaves the page.
        if (link && isAllowedHref(href))
          element = (
            <span className="lp-link" style={{ color: context.theme.colours.primary }}>
              {element}
            </span>
          );
        return <span key={index}>{element}</span>;
      })}
    </>
  );
}

export function bodyStyle(theme: PreviewTheme): CSSProperties {
  return {
    fontFamily: theme.fonts.body,
    fontSize: pt(theme.type.body),
    lineHeight: theme.type.lineHeight,
    color: theme.colours.text,
    textAlign: "left",
  };
}

export function headingStyle(theme: PreviewTheme, level: 1 | 2 | 3 | 4): CSSProperties {
  const size = { 1: theme.type.h1, 2: theme.type.h2, 3: theme.type.h3, 4: theme.type.h4 }[level];
  return {
    fontFamily: theme.fonts.heading,
    fontWeight: 700,
    fontSize: pt(size),
    lineHeight: 1.25,
    color: level === 2 ? theme.colours.primary : theme.colours.text,
    margin: 0,
  };
}

export function Paragraph({
  node,
  context,
  last,
  style,
}: {
  node: BlockJson;
  context: RenderContext;
  last: boolean;
  style?: CSSProperties;
}) {
  if (
    !textOf(node as { content?: InlineJson[] }).trim() &&
    !node.content?.some((inline) => inline.type === "hardBreak")
  )
    return null;
  return (
    <p
      style={{
        ...bodyStyle(context.theme),
        margin: 0,
        marginBottom: last ? 0 : pt(context.theme.space.paragraph),
        ...style,
      }}
    >
      <Inline nodes={node.content} context={context} />
    </p>
  );
}

/** Only our own uploads are shown (the page's Content Security Policy allows nothing else); others show their description. */
export const isPreviewableSource = (src: unknown): src is string =>
  typeof src === "string" && /^\/uploads\/[A-Za-z0-9-]+$/.test(src);

export function PicturePlaceholder({
  description,
  context,
  style,
}: {
  description: string;
  context: RenderContext;
  style?: CSSProperties;
}) {
  const { theme } = context;
  return (
    <div
      className="lp-picture-placeholder"
      style={{ borderColor: theme.colours.muted, color: theme.colours.text, fontSize: pt(theme.type.small), ...style }}
    >
      {description ? `Picture: ${description}` : "Picture"}
    </div>
  );
}

/** A box's paragraphs (key information, contact details, an Easy Read row's words). */
const paragraphsOf = (block: BlockJson) => (block.content ?? []).filter((child) => child.type === "paragraph");

interface BlockProps {
  block: BlockJson;
  context: RenderContext;
  last: boolean;
}

/** Lists flow through the pages item by item (ListItem, flow-units.ts), as the PDF splits them; other blocks whole. */
export type ListBlockType = "bulletList" | "orderedList";

/**
 * How the preview draws each block type that flows whole: a type declared in app/domain/blocks.ts without a mapper
 * here (or listed as a list) does not compile.
 */
const PREVIEW_BLOCKS: { [Type in Exclude<BlockType, ListBlockType>]: (props: BlockProps) => ReactNode } = {
  paragraph: ({ block, context, last }) => <Paragraph node={block} context={context} last={last} />,
  heading: ({ block, context }) => {
    const { theme } = context;
    const level = Math.min(4, Math.max(3, Number(block.attrs?.level ?? 3))) as 3 | 4;
    return (
      <Heading
        level={context.headingBase + level - 1}
        style={{
          ...headingStyle(theme, level),
          marginTop: pt(theme.space.paragraph),
          marginBottom: pt(theme.space.paragraph * 0.6),
        }}
      >
        <Inline nodes={block.content} context={context} />
      </Heading>
    );
  },
  image: ({ block, context, last }) => {
    const { theme } = context;
    const { src, alt, decorative } = (block.attrs ?? {}) as { src?: unknown; alt?: string; decorative?: boolean };
    if (isPreviewableSource(src)) {
      return (
        <img
          className="lp-image"
          src={src}
          alt={decorative ? "" : (alt ?? "")}
          style={{
            maxWidth: "100%",
            maxHeight: pt(theme.page.height * 0.4),
            marginBottom: last ? 0 : pt(theme.space.paragraph),
          }}
        />
      );
    }
    return src || alt ? (
      <PicturePlaceholder
        description={decorative ? "" : (alt ?? "")}
        context={context}
        style={{ marginBottom: pt(theme.space.paragraph) }}
      />
    ) : null;
  },
  keyInfo: ({ block, context, last }) => {
    const { theme } = context;
    const paragraphs = paragraphsOf(block);
    return (
      <div
        className="lp-key-info"
        style={{
          background: theme.colours.accentTint,
          // The PDF's 5 pt rule, drawn as a shadow inside the padding: a browser rounds a border to whole pixels
          // (5 pt is 6.67 px), which would leave the words two thirds of a pixel more room than on paper.
          boxShadow: `inset 5pt 0 0 ${theme.colours.accent}`,
          padding: `${pt(theme.type.body * 0.7)} ${pt(theme.type.body * 0.9)}`,
          paddingLeft: pt(5 + theme.type.body * 0.9),
          marginBottom: last ? 0 : pt(theme.space.block),
        }}
      >
        {paragraphs.map((paragraph, index) => (
          <Paragraph key={index} node={paragraph} context={context} last={index === paragraphs.length - 1} />
        ))}
      </div>
    );
  },
  contactBlock: ({ block, context, last }) => {
    const { theme } = context;
    const paragraphs = paragraphsOf(block);
    return (
      <div
        className="lp-contact"
        style={{
          borderTop: `3pt solid ${theme.colours.primary}`,
          paddingTop: pt(theme.type.body * 0.6),
          marginBottom: last ? 0 : pt(theme.space.block),
        }}
      >
        {paragraphs.map((paragraph, index) => (
          <Paragraph
            key={index}
            node={paragraph}
            context={context}
            last={index === paragraphs.length - 1}
            style={{
              marginBottom: index === paragraphs.length - 1 ? 0 : pt(theme.space.paragraph * 0.4),
              fontWeight: index === 0 ? 700 : 400,
            }}
          />
        ))}
      </div>
    );
  },
  easyReadRow: ({ block, context, last }) => {
    const { theme } = context;
    const paragraphs = paragraphsOf(block);
    const pictureWidth = context.contentWidth * 0.32;
    const { imageSrc, imageAlt } = (block.attrs ?? {}) as { imageSrc?: unknown; imageAlt?: string };
    const picture = isPreviewableSource(imageSrc) ? (
      <img
        className="lp-image"
        src={imageSrc}
        alt={imageAlt ?? ""}
        style={{ maxWidth: "100%", maxHeight: pt(pictureWidth) }}
      />
    ) : imageSrc ? (
      <PicturePlaceholder description={imageAlt ?? ""} context={context} />
    ) : (
      <div
        className="lp-picture-slot"
        style={{ height: pt(pictureWidth * 0.6), borderColor: theme.colours.muted }}
        aria-hidden="true"
      />
    );
    const pictureRight = context.design.imagePosition === "right";
    return (
      <div
        className="lp-easy-read-row"
        style={{
          flexDirection: pictureRight ? "row-reverse" : "row",
          marginBottom: last ? 0 : pt(theme.space.block),
        }}
      >
        <div
          style={{
            width: pt(pictureWidth),
            flex: "none",
            [pictureRight ? "marginLeft" : "marginRight"]: pt(theme.type.body),
          }}
        >
          {picture}
        </div>
        <div style={{ flex: 1, minWidth: 0 }}>
          {paragraphs.map((paragraph, index) => (
            <Paragraph key={index} node={paragraph} context={context} last={index === paragraphs.length - 1} />
          ))}
        </div>
      </div>
    );
  },
};

const isWholeBlock = (type: string): type is keyof typeof PREVIEW_BLOCKS => Object.hasOwn(PREVIEW_BLOCKS, type);

/** One block, whole (a list's items are drawn by ListItem); a type the preview does not know shows nothing. */
export function Block({ block, context, last }: BlockProps) {
  return isWholeBlock(block.type) ? PREVIEW_BLOCKS[block.type]({ block, context, last }) : null;
}

export function StageBadge({ label, size, context }: { label: string; size: number; context: RenderContext }) {
  const { theme } = context;
  return (
    <span
      className="lp-stage"
      style={{
        width: pt(size * 1.7),
        height: pt(size * 1.7),
        background: theme.colours.primary,
        color: theme.colours.onPrimary,
        fontSize: pt(size),
        fontFamily: theme.fonts.heading,
      }}
    >
      {label}
    </span>
  );
}

export function SectionTitle({
  unit,
  context,
}: {
  unit: Extract<FlowUnit, { kind: "sectionTitle" }>;
  context: RenderContext;
}) {
  const { theme } = context;
  const title = (unit.section.attrs?.title ?? "").trim();
  const note = unit.section.attrs?.contentNote;
  return (
    <>
      {title ? (
        <Heading
          level={context.headingBase + 1}
          style={{
            ...headingStyle(theme, 2),
            marginBottom: pt(theme.space.paragraph),
            display: "flex",
            alignItems: "center",
            gap: pt(theme.type.h2 * 0.5),
          }}
        >
          {unit.stage !== null ? (
            <>
              <StageBadge label={String(unit.stage)} size={theme.type.h2} context={context} />
              <span className="visually-hidden">Stage {unit.stage}: </span>
            </>
          ) : null}
          <span>
            <PrintedWords text={title} />
          </span>
        </Heading>
      ) : null}
      {note ? (
        <p
          style={{
            ...bodyStyle(theme),
            fontSize: pt(theme.type.small),
            lineHeight: 1.3,
            borderLeft: `3pt solid ${theme.colours.muted}`,
            paddingLeft: "6pt",
            margin: 0,
            marginBottom: pt(theme.space.paragraph),
          }}
        >
          <strong>Content note: </strong>
          {note}
        </p>
      ) : null}
    </>
  );
}

export function ListItem({ unit, context }: { unit: Extract<FlowUnit, { kind: "listItem" }>; context: RenderContext }) {
  const { theme } = context;
  const badge = unit.numbered && context.numberedStages;
  const labelWidth = badge ? theme.type.body * 2.2 : unit.numbered ? theme.type.body * 2 : theme.type.body * 1.2;
  const children = (unit.item.content ?? []) as BlockJson[];
  return (
    <div
      className="lp-list-item"
      style={{ marginBottom: unit.lastInList ? pt(theme.space.paragraph * 1.6) : pt(theme.space.paragraph * 0.6) }}
    >
      <span
        aria-hidden="true"
        style={{ ...bodyStyle(theme), width: pt(labelWidth), flex: "none", fontWeight: unit.numbered ? 700 : 400 }}
      >
        {badge ? (
          <StageBadge label={unit.label} size={theme.type.body} context={context} />
        ) : unit.numbered ? (
          `${unit.label}.`
        ) : (
          unit.label
        )}
      </span>
      <div style={{ flex: 1, minWidth: 0 }}>
        {unit.numbered ? <span className="visually-hidden">{`${unit.label}. `}</span> : null}
        {children.map((child, index) => (
          <Block key={index} block={child} context={context} last={index === children.length - 1} />
        ))}
      </div>
    </div>
  );
}
