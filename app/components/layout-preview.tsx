/**
 * The live preview: the document laid out page by page as it will print, with the PDF's own measurements
 * (`createTheme` and `trifoldPanels` from app/render/pdf, built on `pageGeometry`; in points, which CSS has too),
 * the design's colours and the bundled fonts. It follows the PDF's
 * layout (app/render/pdf): a cover or a title band, content flowing through the inside pages, the contact section
 * on the back page of folded leaflets, a contents page with numbered stages for guides, and smaller type
 * ("copy fitting", never below the template's minimum) when a fixed-size leaflet is too full.
 *
 * Pagination measures every block in a hidden copy of the flow at the page's width, then fills pages in order.
 * Blocks are kept whole (the PDF may split a long paragraph across a page break, so the preview can run a little
 * longer there); a heading always stays with what follows it. Template hints nobody filled in are not shown (they are
 * never printed), and a folded leaflet's spare pages are the notes pages or inside back cover the PDF prints
 * (spare-page-plan.ts), each captioned as added to fill the booklet.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from "react";
import { colourVisionFilterValues, COLOUR_VISION_TYPES, type ColourVisionType } from "~/domain/colour";
import type { Design } from "~/domain/design";
import { fontStack } from "~/domain/fonts";
import type { Template } from "~/domain/template";
import { withoutPlaceholders } from "~/domain/placeholders";
import { isAllowedHref } from "~/domain/links";
import { mmToPt } from "~/domain/page-geometry";
import { fitReport, type FitIssue } from "~/domain/checks/layout-rules";
import { isLeadIn } from "~/domain/lead-in";
import { insidePagesFor, sparePageKinds, splitBackSection, type SparePageKind } from "~/render/pdf/spare-page-plan";
import { createTheme, minimumTypeScale as pdfMinimumTypeScale } from "~/render/pdf/theme";
import { trifoldPanels as pdfTrifoldPanels } from "~/render/pdf/trifold";
import { isObject, type Json } from "~/domain/json";

/** A template as the preview needs it (starter sections are not sent to the browser). */
export type PreviewTemplate = Omit<Template, "starterSections">;

// The document as ProseMirror JSON, read leniently: the preview shows what it can while people type. ----------------

interface InlineJson {
  type: string;
  text?: string;
  marks?: Array<{ type: string; attrs?: Json }>;
}
interface BlockJson {
  type: string;
  attrs?: Json;
  content?: Array<BlockJson & InlineJson>;
}
interface SectionJson {
  type: "section";
  attrs?: { id?: string; title?: string; contentNote?: string | null };
  content?: BlockJson[];
}

export interface PreviewContent {
  type?: string;
  content?: unknown[];
}

/** The sections as printed: hints nobody filled in, and boxes or lists of nothing else, are left out. */
function readSections(content: PreviewContent): SectionJson[] {
  return (withoutPlaceholders(content).content ?? []).filter(
    (node): node is SectionJson => isObject(node) && node.type === "section",
  );
}

const textOf = (node: { content?: InlineJson[] }): string =>
  (node.content ?? []).map((inline) => inline.text ?? "").join("");

// Measurements (all in points, as the PDF) ------------------------------------------------------------------------

export interface PreviewTheme {
  page: { width: number; height: number };
  margin: { top: number; right: number; bottom: number; left: number };
  type: { body: number; h1: number; h2: number; h3: number; h4: number; small: number; lineHeight: number };
  colours: Design["colours"] & { accentTint: string };
  fonts: { heading: string; body: string };
  space: { paragraph: number; block: number; section: number };
}

/** The smallest type scale copy fitting may use (the PDF's rule: never below the template's minimum; large print never shrinks). */
export function minimumTypeScale(template: PreviewTemplate, design: Pick<Design, "largePrint">): number {
  return pdfMinimumTypeScale(template as Template, design);
}

/** Sizes and colours for one page: the PDF's own theme (app/render/pdf/theme.ts), with CSS font stacks. */
export function previewTheme(template: PreviewTemplate, design: Design, typeScale = 1): PreviewTheme {
  const theme = createTheme(template as Template, design, { typeScale });
  return {
    page: theme.page,
    margin: theme.margin,
    type: theme.type,
    colours: { ...theme.colours, accentTint: theme.accentTint },
    fonts: { heading: fontStack(design.headingFont), body: fontStack(design.bodyFont) },
    space: theme.space,
  };
}

/** A tri-fold panel as the PDF places it (docs/trifold.md: the two that fold in are 3 mm narrower). */
export interface PreviewPanel {
  readingIndex: number;
  name: string;
  side: 1 | 2;
  position: number;
  widthPt: number;
}

export function trifoldPanels(template: PreviewTemplate): PreviewPanel[] {
  return pdfTrifoldPanels(template as Template).map(({ readingIndex, name, side, position, widthMm }) => ({
    readingIndex,
    name,
    side,
    position,
    widthPt: mmToPt(widthMm),
  }));
}

// Pagination (pure, tested) -----------------------------------------------------------------------------------------

export interface FlowUnitBox {
  /** Height in any unit, the same as `available`. */
  height: number;
  /** A heading: never the last thing on a page. */
  keepWithNext: boolean;
}

export interface Pagination {
  /** Indexes of the units on each page. */
  pages: number[][];
  /** Units taller than a whole page (shown clipped). */
  tooTall: number[];
}

/**
 * Fills pages in order: a unit that does not fit starts a new page, a heading moves with the unit after it, and a
 * unit in `breakBefore` starts a new page (a tri-fold section moved to start on the flap).
 */
export function paginate(
  units: readonly FlowUnitBox[],
  available: number,
  breakBefore: ReadonlySet<number> = new Set(),
): Pagination {
  const pages: number[][] = [[]];
  const tooTall: number[] = [];
  let used = 0;
  for (let index = 0; index < units.length; index += 1) {
    const unit = units[index]!;
    if (unit.height > available) tooTall.push(index);
    // A heading needs room for itself and the next unit (or as much of it as a page can take).
    const next = units[index + 1];
    const needed =
      unit.keepWithNext && next ? unit.height + Math.min(next.height, available - unit.height) : unit.height;
    const current = pages[pages.length - 1]!;
    if (current.length > 0 && (used + needed > available || breakBefore.has(index))) {
      pages.push([index]);
      used = unit.height;
    } else {
      current.push(index);
      used += unit.height;
    }
  }
  if (pages.length === 1 && pages[0]!.length === 0) return { pages: [[]], tooTall };
  return { pages, tooTall };
}

// Flow units --------------------------------------------------------------------------------------------------------

type FlowUnit =
  | { kind: "titleBand"; key: string }
  | { kind: "sectionTitle"; key: string; section: SectionJson; stage: number | null; last: boolean }
  | { kind: "block"; key: string; block: BlockJson; last: boolean; leadIn: boolean }
  | {
      kind: "listItem";
      key: string;
      item: BlockJson;
      label: string;
      numbered: boolean;
      lastInList: boolean;
      last: boolean;
    }
  | { kind: "colophon"; key: string };

function unitsOfSection(section: SectionJson, index: number, numberedStages: boolean): FlowUnit[] {
  const id = section.attrs?.id ?? `section-${index}`;
  const units: FlowUnit[] = [];
  if ((section.attrs?.title ?? "").trim() || section.attrs?.contentNote) {
    units.push({
      kind: "sectionTitle",
      key: `${id}:title`,
      section,
      stage: numberedStages ? index + 1 : null,
      last: false,
    });
  }
  const blocks = (section.content ?? []).filter(
    (block) => block.type !== "paragraph" || textOf(block as { content?: InlineJson[] }).trim() !== "",
  );
  blocks.forEach((block, blockIndex) => {
    if (block.type === "bulletList" || block.type === "orderedList") {
      const start = typeof block.attrs?.start === "number" ? block.attrs.start : 1;
      const items = block.content ?? [];
      items.forEach((item, itemIndex) =>
        units.push({
          kind: "listItem",
          key: `${id}:${blockIndex}:${itemIndex}`,
          item,
          label: block.type === "orderedList" ? String(start + itemIndex) : "•",
          numbered: block.type === "orderedList",
          lastInList: itemIndex === items.length - 1,
          last: false,
        }),
      );
    } else {
      const leadIn =
        block.type === "paragraph" &&
        isLeadIn(textOf(block as { content?: InlineJson[] }), blocks[blockIndex + 1]?.type);
      units.push({ kind: "block", key: `${id}:${blockIndex}`, block, last: false, leadIn });
    }
  });
  const lastUnit = units[units.length - 1];
  if (lastUnit && lastUnit.kind !== "titleBand" && lastUnit.kind !== "colophon") lastUnit.last = true;
  return units;
}

/** The last section goes on the back page when it holds the contact details (as the PDF does). */
// Rendering ---------------------------------------------------------------------------------------------------------

interface RenderContext {
  theme: PreviewTheme;
  design: Design;
  title: string;
  workspaceName: string;
  logoUrl: string | null;
  numberedStages: boolean;
  contentWidth: number;
  /** Heading levels in the preview start below the page's own H2 "Preview", so the outline stays in order. */
  headingBase: number;
}

const pt = (value: number) => `${value}pt`;

function Heading({ level, style, children }: { level: number; style: CSSProperties; children: ReactNode }) {
  const Tag = `h${Math.min(6, level)}` as "h3";
  return (
    <Tag className="lp-heading" style={style}>
      {children}
    </Tag>
  );
}

function Inline({ nodes, context }: { nodes: InlineJson[] | undefined; context: RenderContext }) {
  return (
    <>
      {(nodes ?? []).map((node, index) => {
        if (node.type === "hardBreak") return <br key={index} />;
        const text = node.text ?? "";
        const bold = node.marks?.some((mark) => mark.type === "bold");
        const link = node.marks?.find((mark) => mark.type === "link");
        const href = typeof link?.attrs?.href === "string" ? link.attrs.href : "";
        let element: ReactNode = bold ? <strong>{text}</strong> : text;
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

function bodyStyle(theme: PreviewTheme): CSSProperties {
  return {
    fontFamily: theme.fonts.body,
    fontSize: pt(theme.type.body),
    lineHeight: theme.type.lineHeight,
    color: theme.colours.text,
    textAlign: "left",
  };
}

function headingStyle(theme: PreviewTheme, level: 1 | 2 | 3 | 4): CSSProperties {
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

function Paragraph({
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
const isPreviewableSource = (src: unknown): src is string =>
  typeof src === "string" && /^\/uploads\/[A-Za-z0-9-]+$/.test(src);

function PicturePlaceholder({
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

function Block({ block, context, last }: { block: BlockJson; context: RenderContext; last: boolean }) {
  const { theme } = context;
  const paragraphs = (block.content ?? []).filter((child) => child.type === "paragraph");
  switch (block.type) {
    case "paragraph":
      return <Paragraph node={block} context={context} last={last} />;
    case "heading": {
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
    }
    case "image": {
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
    }
    case "keyInfo":
      return (
        <div
          className="lp-key-info"
          style={{
            background: theme.colours.accentTint,
            borderLeft: `5pt solid ${theme.colours.accent}`,
            padding: `${pt(theme.type.body * 0.7)} ${pt(theme.type.body * 0.9)}`,
            marginBottom: last ? 0 : pt(theme.space.block),
          }}
        >
          {paragraphs.map((paragraph, index) => (
            <Paragraph key={index} node={paragraph} context={context} last={index === paragraphs.length - 1} />
          ))}
        </div>
      );
    case "contactBlock":
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
    case "easyReadRow": {
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
    }
    default:
      return null;
  }
}

function StageBadge({ label, size, context }: { label: string; size: number; context: RenderContext }) {
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

function SectionTitle({
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
          <span>{title}</span>
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

function ListItem({ unit, context }: { unit: Extract<FlowUnit, { kind: "listItem" }>; context: RenderContext }) {
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
        <span className="visually-hidden">{unit.numbered ? `${unit.label}. ` : "Bullet: "}</span>
        {children.map((child, index) => (
          <Block key={index} block={child} context={context} last={index === children.length - 1} />
        ))}
      </div>
    </div>
  );
}

function Logo({ context, onColour, maxHeight }: { context: RenderContext; onColour: boolean; maxHeight: number }) {
  if (!context.logoUrl) return null;
  const image = (
    <img
      className="lp-logo"
      src={context.logoUrl}
      alt={`${context.workspaceName} logo`}
      style={{ maxHeight: pt(maxHeight), maxWidth: pt(context.theme.page.width * 0.4) }}
    />
  );
  return onColour ? (
    <span className="lp-logo-box" style={{ background: context.theme.colours.background }}>
      {image}
    </span>
  ) : (
    image
  );
}

function Colophon({ context }: { context: RenderContext }) {
  const { theme, design } = context;
  const text = design.footerText.trim();
  const logo =
    design.logoPlacement === "back-page" ? (
      <Logo context={context} onColour={false} maxHeight={theme.type.h1 * 2} />
    ) : null;
  if (!text && !logo) return null;
  return (
    <div style={{ marginTop: pt(theme.space.block) }}>
      {logo ? <div style={{ marginBottom: pt(theme.space.paragraph) }}>{logo}</div> : null}
      {text ? (
        <p style={{ ...bodyStyle(theme), fontSize: pt(theme.type.small), lineHeight: 1.35, margin: 0 }}>{text}</p>
      ) : null}
    </div>
  );
}

function TitleBand({ context }: { context: RenderContext }) {
  const { theme, design } = context;
  const onColour = design.coverStyle !== "plain";
  return (
    <div
      style={{
        margin: `${pt(-theme.margin.top)} ${pt(-theme.margin.right)} ${pt(theme.space.section)} ${pt(-theme.margin.left)}`,
        padding: `${pt(theme.margin.top)} ${pt(theme.margin.right)} ${pt(theme.type.body * 1.2)} ${pt(theme.margin.left)}`,
        background: onColour ? theme.colours.primary : theme.colours.background,
        borderBottom: onColour ? "none" : `3pt solid ${theme.colours.primary}`,
      }}
    >
      {design.logoPlacement !== "back-page" && context.logoUrl ? (
        <div
          style={{
            marginBottom: pt(theme.type.body),
            textAlign: design.logoPlacement === "top-right" ? "right" : "left",
          }}
        >
          <Logo context={context} onColour={onColour} maxHeight={theme.type.h1 * 1.8} />
        </div>
      ) : null}
      <Heading
        level={context.headingBase}
        style={{
          ...headingStyle(theme, 1),
          color: onColour ? theme.colours.onPrimary : theme.colours.primary,
          lineHeight: 1.15,
        }}
      >
        {context.title}
      </Heading>
    </div>
  );
}

function Unit({ unit, context }: { unit: FlowUnit; context: RenderContext }) {
  const { theme } = context;
  let body: ReactNode;
  switch (unit.kind) {
    case "titleBand":
      body = <TitleBand context={context} />;
      break;
    case "sectionTitle":
      body = <SectionTitle unit={unit} context={context} />;
      break;
    case "block":
      body = <Block block={unit.block} context={context} last={unit.last} />;
      break;
    case "listItem":
      body = <ListItem unit={unit} context={context} />;
      break;
    case "colophon":
      body = <Colophon context={context} />;
      break;
  }
  // Each unit contains its own margins (flow-root), so measured heights add up exactly on the page.
  return (
    <div
      className="lp-unit"
      data-unit={unit.key}
      style={{
        marginBottom:
          unit.kind !== "titleBand" && unit.kind !== "colophon" && unit.last ? pt(theme.space.section) : undefined,
      }}
    >
      {body}
    </div>
  );
}

function Cover({ context, size }: { context: RenderContext; size: { width: number; height: number } }) {
  const { theme, design } = context;
  const { colours } = theme;
  const titleOnColour = design.coverStyle !== "plain";
  const bandHeight = size.height * 0.55;
  return (
    <>
      {design.coverStyle === "band" ? (
        <div
          className="lp-cover-band"
          style={{ height: pt(bandHeight), background: colours.primary }}
          aria-hidden="true"
        />
      ) : null}
      <div className="lp-cover-title" style={{ height: pt(bandHeight - theme.margin.top - theme.type.body) }}>
        {design.logoPlacement !== "back-page" && context.logoUrl ? (
          <div style={{ textAlign: design.logoPlacement === "top-right" ? "right" : "left" }}>
            <Logo context={context} onColour={titleOnColour} maxHeight={theme.type.h1 * 2.5} />
          </div>
        ) : (
          <div />
        )}
        <Heading
          level={context.headingBase}
          style={{
            ...headingStyle(theme, 1),
            color: titleOnColour ? colours.onPrimary : colours.primary,
            lineHeight: 1.15,
          }}
        >
          {context.title}
        </Heading>
      </div>
      <p
        style={{
          ...bodyStyle(theme),
          margin: 0,
          marginTop: pt(theme.type.body * 2),
          fontWeight: 700,
          color: design.coverStyle === "full-colour" ? colours.onPrimary : colours.text,
        }}
      >
        {context.workspaceName}
      </p>
      {design.coverPicture ? (
        // As in the PDF: under the title, as large as the rest of the cover allows.
        <div style={{ marginTop: pt(theme.type.body * 1.5), textAlign: "center" }}>
          <img
            src={design.coverPicture.src}
            alt={design.coverPicture.alt}
            style={{
              maxWidth: "100%",
              maxHeight: pt(
                Math.max(size.height - bandHeight - theme.margin.bottom - theme.type.body * 5, theme.type.body * 4),
              ),
              objectFit: "contain",
            }}
          />
        </div>
      ) : null}
    </>
  );
}

function Contents({
  sections,
  startPages,
  context,
}: {
  sections: SectionJson[];
  startPages: Map<SectionJson, number>;
  context: RenderContext;
}) {
  const { theme } = context;
  const entries = sections.filter((section) => (section.attrs?.title ?? "").trim() !== "");
  return (
    <>
      <Heading
        level={context.headingBase + 1}
        style={{ ...headingStyle(theme, 2), marginBottom: pt(theme.space.block) }}
      >
        Contents
      </Heading>
      <ol className="lp-contents">
        {entries.map((section) => (
          <li
            key={section.attrs?.id ?? section.attrs?.title}
            style={{
              ...bodyStyle(theme),
              padding: `${pt(theme.type.body * 0.45)} 0`,
              borderBottom: `0.75pt dotted ${theme.colours.muted}`,
            }}
          >
            {context.numberedStages ? (
              <span
                style={{
                  width: pt(theme.type.body * 2.4),
                  fontWeight: 700,
                  color: theme.colours.primary,
                  flex: "none",
                }}
              >
                {sections.indexOf(section) + 1}
              </span>
            ) : null}
            <span style={{ flex: 1 }}>{section.attrs?.title?.trim()}</span>
            <span style={{ width: pt(theme.type.body * 2.6), textAlign: "right", flex: "none" }}>
              <span className="visually-hidden">page </span>
              {startPages.get(section) ?? "–"}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

/** A notes page as the PDF draws it (spare-pages.tsx): "Notes" and ruled lines. Decoration, so hidden from screen readers. */
function NotesPage({ context, heightPt }: { context: RenderContext; heightPt: number }) {
  const { theme } = context;
  const available = heightPt - theme.margin.top - theme.margin.bottom;
  const gap = Math.max(theme.type.body * theme.type.lineHeight * 1.5, 22);
  const lines = Math.max(
    1,
    Math.floor((available - theme.type.h2 * 1.25 - theme.space.paragraph - theme.type.small * 1.6) / gap),
  );
  return (
    <div className="lp-notes-page" aria-hidden="true">
      <p style={{ ...headingStyle(theme, 2), marginBottom: pt(theme.space.paragraph) }}>Notes</p>
      {Array.from({ length: lines }, (_, index) => (
        <div key={index} style={{ height: pt(gap), borderBottom: `0.75pt solid ${theme.colours.muted}` }} />
      ))}
    </div>
  );
}

/** An inside back cover as the PDF draws it: the organisation's logo and name on the main colour. */
function BackCoverPage({ context }: { context: RenderContext }) {
  const { theme } = context;
  return (
    <div className="lp-back-cover" aria-hidden="true">
      {context.logoUrl ? (
        <div style={{ marginBottom: pt(theme.space.block) }}>
          <Logo context={context} onColour maxHeight={theme.type.h1 * 2.5} />
        </div>
      ) : null}
      <p style={{ ...bodyStyle(theme), margin: 0, color: theme.colours.onPrimary, fontWeight: 700 }}>
        {context.workspaceName}
      </p>
    </div>
  );
}

/** "notes page", "notes pages", "notes panel", "inside back cover"… */
function sparePageWords(kind: SparePageKind, unit: "page" | "panel", many = false): string {
  if (kind === "notes") return `notes ${unit}${many ? "s" : ""}`;
  return unit === "panel" ? `panel${many ? "s" : ""} in your colours` : `inside back cover${many ? "s" : ""}`;
}

// The preview component -------------------------------------------------------------------------------------------------

type PageKind = "cover" | "contents" | "flow" | "back" | SparePageKind;

interface LaidOutPage {
  kind: PageKind;
  /** Reading-order number (1 = first page or panel). */
  number: number;
  name: string;
  units: FlowUnit[];
  widthPt: number;
  /** Tri-fold only: where the panel is printed. */
  panel?: PreviewPanel;
}

export interface LayoutPreviewProps {
  content: PreviewContent;
  title: string;
  workspaceName: string;
  design: Design;
  template: PreviewTemplate;
  logoUrl: string | null;
  colourVision: ColourVisionType | null;
  /** Screen size of the pages: fit the available width, or a fixed share of their printed size. */
  zoom: "fit" | number;
}

const PX_PER_PT = 96 / 72;
/** The gap drawn between tri-fold panels to show the folds (matches the CSS). */
const TRIFOLD_GAP_PX = 4;
/** Room around the pages for their shadow (matches the CSS). */
const PAGES_PADDING_PX = 6;
const SCALE_STEP = 0.05;

/** An SVG filter per colour vision type, referenced by the preview's CSS `filter`. */
export function ColourVisionFilters() {
  return (
    <svg className="lp-filters" aria-hidden="true" focusable="false" width="0" height="0">
      <defs>
        {COLOUR_VISION_TYPES.map((type) => (
          <filter key={type} id={`lp-vision-${type}`} colorInterpolationFilters="linearRGB">
            <feColorMatrix type="matrix" values={colourVisionFilterValues(type)} />
          </filter>
        ))}
      </defs>
    </svg>
  );
}

/**
 * "Pages 6–7: notes pages (added to fill the booklet)." for each run of spare pages of one kind, so nobody is
 * surprised by pages they did not write.
 */
export function sparePageNotes(
  pages: ReadonlyArray<{ kind: string; number: number }>,
  unit: "page" | "panel",
  whole: "booklet" | "leaflet",
): string[] {
  const notes: string[] = [];
  let index = 0;
  while (index < pages.length) {
    const kind = pages[index]!.kind;
    if (kind !== "notes" && kind !== "back-cover") {
      index += 1;
      continue;
    }
    let end = index;
    while (end + 1 < pages.length && pages[end + 1]!.kind === kind) end += 1;
    const first = pages[index]!.number;
    const last = pages[end]!.number;
    const where =
      first === last
        ? `${unit === "page" ? "Page" : "Panel"} ${first}`
        : `${unit === "page" ? "Pages" : "Panels"} ${first}–${last}`;
    notes.push(
      `${where}: ${sparePageWords(kind as SparePageKind, unit, first !== last)} (added to fill the ${whole}).`,
    );
    index = end + 1;
  }
  return notes;
}

export function LayoutPreview({
  content,
  title,
  workspaceName,
  design,
  template,
  logoUrl,
  colourVision,
  zoom,
}: LayoutPreviewProps) {
  const [typeScale, setTypeScale] = useState(1);
  const [fontsVersion, setFontsVersion] = useState(0);
  const [pagination, setPagination] = useState<{
    signature: string;
    pages: number[][];
    tooTall: number[];
    scale: number;
    /** Tri-fold sections that carry on from panel 4 onto the flap (no room to move them). */
    overFlap: string[];
  } | null>(null);
  const [availableWidth, setAvailableWidth] = useState(600);
  const [overfullFixedPages, setOverfullFixedPages] = useState<string[]>([]);
  const measureRef = useRef<HTMLDivElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const pagesRef = useRef<HTMLOListElement>(null);
  const lastSignature = useRef<string | null>(null);

  const theme = useMemo(() => previewTheme(template, design, typeScale), [template, design, typeScale]);
  const minScale = minimumTypeScale(template, design);
  const imposition = template.imposition;
  const sections = useMemo(() => readSections(content), [content]);
  const { inside, back } = useMemo(
    () => (imposition === "pages" ? { inside: sections, back: null } : splitBackSection(sections)),
    [imposition, sections],
  );
  const panels = useMemo(() => (imposition === "trifold" ? trifoldPanels(template) : []), [imposition, template]);
  const flowWidthPt =
    imposition === "trifold" ? Math.min(...panels.slice(1, -1).map((panel) => panel.widthPt)) : theme.page.width;
  const contentWidth = flowWidthPt - theme.margin.left - theme.margin.right;
  const withTitleBand = imposition === "pages" && !template.rules.contentsPage;

  const units = useMemo<FlowUnit[]>(() => {
    const list: FlowUnit[] = [];
    if (withTitleBand) list.push({ kind: "titleBand", key: "title-band" });
    inside.forEach((section) =>
      list.push(...unitsOfSection(section, sections.indexOf(section), template.rules.numberedStages)),
    );
    if (imposition === "pages") list.push({ kind: "colophon", key: "colophon" });
    return list;
  }, [withTitleBand, inside, sections, imposition, template.rules.numberedStages]);

  const context: RenderContext = {
    theme,
    design,
    title: title.trim() || "Untitled document",
    workspaceName,
    logoUrl,
    numberedStages: template.rules.numberedStages,
    contentWidth,
    headingBase: 3,
  };
  const signature = useMemo(
    () => JSON.stringify([content, title, design, template.id, logoUrl, fontsVersion]),
    [content, title, design, template.id, logoUrl, fontsVersion],
  );

  // Fonts change line breaks: measure again whenever a font file arrives.
  useEffect(() => {
    const fonts = document.fonts;
    const bump = () => setFontsVersion((version) => version + 1);
    void fonts.ready.then(bump);
    fonts.addEventListener("loadingdone", bump);
    return () => fonts.removeEventListener("loadingdone", bump);
  }, []);

  // The width the pages may use on screen.
  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setAvailableWidth(Math.max(200, entry!.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const fixedFlowPages =
    imposition === "booklet"
      ? (template.page.count ?? 8) - 2
      : imposition === "trifold"
        ? Math.max(1, panels.length - 2)
        : null;

  // Measure every unit, fill pages; for fixed-size leaflets step the type down (to the minimum) until it fits.
  useLayoutEffect(() => {
    if (lastSignature.current !== signature) {
      lastSignature.current = signature;
      if (typeScale !== 1) {
        setTypeScale(1);
        return;
      }
    }
    const root = measureRef.current;
    if (!root) return;
    const heights = Array.from(root.children).map((element) => element.getBoundingClientRect().height / PX_PER_PT);
    const available = theme.page.height - theme.margin.top - theme.margin.bottom;
    // As the PDF: a section's short closing line (two lines at most) goes over with the block before it.
    const shortLine = 2 * theme.type.body * theme.type.lineHeight + theme.space.paragraph;
    const closesSection = (index: number) => {
      const next = units[index + 1];
      return (
        next?.kind === "block" &&
        next.last &&
        next.block.type === "paragraph" &&
        (heights[index + 1] ?? 0) <= shortLine &&
        (heights[index] ?? 0) <= available / 3
      );
    };
    const boxes = units.map((unit, index) => ({
      height: heights[index] ?? 0,
      keepWithNext:
        unit.kind === "sectionTitle" ||
        (unit.kind === "block" && (unit.block.type === "heading" || unit.leadIn || closesSection(index))),
    }));
    let result = paginate(boxes, available);
    if (fixedFlowPages !== null && result.pages.length > fixedFlowPages && typeScale > minScale + 1e-6) {
      setTypeScale(Math.max(minScale, Math.round((typeScale - SCALE_STEP) * 100) / 100));
      return;
    }
    // As the PDF: a tri-fold section never carries on from panel 4 (the third flow panel) onto the flap (the fourth);
    // it starts on the flap when everything still fits, and is named otherwise.
    const overFlap: string[] = [];
    if (imposition === "trifold" && result.pages.length > 3) {
      const pageOf = new Map(result.pages.flatMap((indexes, page) => indexes.map((index) => [index, page] as const)));
      const moves = new Set<number>();
      units.forEach((unit, index) => {
        if (unit.kind !== "sectionTitle" || pageOf.get(index) !== 2) return;
        let end = index;
        while (units[end + 1] && units[end + 1]!.kind !== "sectionTitle" && units[end + 1]!.kind !== "colophon")
          end += 1;
        if (pageOf.get(end) === 3) moves.add(index);
      });
      if (moves.size > 0) {
        const moved = paginate(boxes, available, moves);
        if (fixedFlowPages === null || moved.pages.length <= fixedFlowPages) result = moved;
        else
          for (const index of moves) {
            const unit = units[index];
            if (unit?.kind === "sectionTitle" && unit.section.attrs?.title?.trim())
              overFlap.push(unit.section.attrs.title.trim());
          }
      }
    }
    setPagination({ signature, pages: result.pages, tooTall: result.tooTall, scale: typeScale, overFlap });
  }, [signature, typeScale, units, theme, fixedFlowPages, minScale, imposition]);

  const laidOut = useMemo<LaidOutPage[]>(() => {
    const flowPages = (pagination?.pages ?? [[]]).map((indexes) =>
      indexes.map((index) => units[index]!).filter(Boolean),
    );
    const list: LaidOutPage[] = [];
    const push = (page: Omit<LaidOutPage, "number">) => list.push({ ...page, number: list.length + 1 });
    // Pages the words fill (none when everything is on the back page), then the spare pages, as the PDF lays them out.
    const contentPages = units.length > 0 ? flowPages : [];
    const spareKinds = (count: number) => sparePageKinds(count - contentPages.length, design.sparePages);
    if (imposition === "booklet") {
      push({ kind: "cover", name: "Cover", units: [], widthPt: theme.page.width });
      contentPages.forEach((pageUnits) =>
        push({ kind: "flow", name: "Inside page", units: pageUnits, widthPt: theme.page.width }),
      );
      const count = insidePagesFor("booklet", fixedFlowPages ?? 0, 4, contentPages.length);
      spareKinds(count).forEach((kind) =>
        push({ kind, name: sparePageWords(kind, "page"), units: [], widthPt: theme.page.width }),
      );
      push({ kind: "back", name: "Back page", units: [], widthPt: theme.page.width });
    } else if (imposition === "trifold") {
      const insidePanels = panels.slice(1, -1);
      push({
        kind: "cover",
        name: panels[0]?.name ?? "Front cover",
        units: [],
        widthPt: panels[0]?.widthPt ?? theme.page.width,
        panel: panels[0],
      });
      const count = insidePagesFor("trifold", insidePanels.length, 6, contentPages.length);
      const kinds = spareKinds(count);
      for (let index = 0; index < count; index += 1) {
        const panel = insidePanels[index];
        const kind = index < contentPages.length ? "flow" : kinds[index - contentPages.length]!;
        push({
          kind,
          name: panel?.name ?? "Does not fit",
          units: contentPages[index] ?? [],
          widthPt: panel?.widthPt ?? flowWidthPt,
          panel,
        });
      }
      const last = panels[panels.length - 1];
      push({
        kind: "back",
        name: last?.name ?? "Back cover",
        units: [],
        widthPt: last?.widthPt ?? theme.page.width,
        panel: last,
      });
    } else {
      if (template.rules.contentsPage) {
        push({ kind: "cover", name: "Cover", units: [], widthPt: theme.page.width });
        push({ kind: "contents", name: "Contents", units: [], widthPt: theme.page.width });
      }
      flowPages.forEach((pageUnits) =>
        push({ kind: "flow", name: "Page", units: pageUnits, widthPt: theme.page.width }),
      );
    }
    return list;
  }, [
    pagination,
    units,
    imposition,
    fixedFlowPages,
    panels,
    theme.page.width,
    flowWidthPt,
    template.rules.contentsPage,
    design.sparePages,
  ]);

  // Where each section starts, for the guide's contents page.
  const startPages = useMemo(() => {
    const map = new Map<SectionJson, number>();
    for (const page of laidOut) {
      for (const unit of page.units)
        if (unit.kind === "sectionTitle" && !map.has(unit.section)) map.set(unit.section, page.number);
    }
    return map;
  }, [laidOut]);

  // Fixed pages (covers, back pages, contents) that hold more than fits are flagged, as the PDF would clip them.
  // Measured after every drawing (what overflows depends on everything drawn); the state changes only when the list does.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately without dependencies
  useLayoutEffect(() => {
    const overfull = Array.from(pagesRef.current?.querySelectorAll<HTMLElement>("[data-fixed-page]") ?? [])
      .filter((element) => element.scrollHeight > element.clientHeight + 2)
      .map((element) => element.dataset.fixedPage!);
    setOverfullFixedPages((current) => (current.join("|") === overfull.join("|") ? current : overfull));
  });

  const totalPages = laidOut.length;
  // A tri-fold is drawn as a grid of three columns, each as wide as its widest panel (front and back sides differ).
  const sheetWidthPt =
    imposition === "trifold"
      ? [1, 2, 3].reduce(
          (sum, position) =>
            sum + Math.max(...panels.filter((panel) => panel.position === position).map((panel) => panel.widthPt)),
          0,
        )
      : theme.page.width;
  const gapsPx = imposition === "trifold" ? 2 * TRIFOLD_GAP_PX : 0;
  // Less the preview's own padding (PAGES_PADDING_PX each side), so the fitted pages never need a scroll bar.
  const screenScale =
    zoom === "fit" ? Math.min(1, (availableWidth - gapsPx - 2 * PAGES_PADDING_PX) / (sheetWidthPt * PX_PER_PT)) : zoom;
  const extraFlowPages =
    fixedFlowPages !== null && pagination ? Math.max(0, pagination.pages.length - fixedFlowPages) : 0;
  const baseBody = previewTheme(template, design, 1).type.body;

  // The same fit report, in the same words, as the PDF's (text set smaller to fit, content that does not fit).
  const fit: FitIssue[] = [];
  if (pagination && pagination.scale < 1)
    fit.push({ kind: "text-shrunk", bodyPt: theme.type.body, templateBodyPt: baseBody });
  for (const title of pagination?.overFlap ?? []) fit.push({ kind: "section-over-flap", title });
  if (extraFlowPages > 0 && fixedFlowPages !== null)
    fit.push(
      imposition === "trifold"
        ? { kind: "extra-panels", extra: extraFlowPages }
        : {
            kind: "extra-pages",
            needed: insidePagesFor("booklet", fixedFlowPages, 4, fixedFlowPages + extraFlowPages) + 2,
            available: fixedFlowPages + 2,
          },
    );
  const notes: string[] =
    imposition === "pages"
      ? []
      : fitReport({
          unit: imposition === "trifold" ? "panel" : "page",
          pages: [],
          template: { name: template.name, imposition },
          fit,
        }).map((item) => `${item.message} ${item.help}`);
  if (pagination && pagination.tooTall.length > 0)
    notes.push("Some blocks are taller than a whole page, so part of them is cut off. Split them into shorter parts.");
  if (pagination)
    notes.push(
      ...sparePageNotes(
        laidOut,
        imposition === "trifold" ? "panel" : "page",
        imposition === "trifold" ? "leaflet" : "booklet",
      ),
    );
  if (
    pagination &&
    imposition !== "pages" &&
    !back &&
    !design.footerText.trim() &&
    !(design.logoPlacement === "back-page" && logoUrl)
  ) {
    notes.push(
      `The back ${imposition === "trifold" ? "panel" : "page"} has nothing on it yet, so it would print blank. Put a contact box in the last section, or add footer text.`,
    );
  }
  for (const name of overfullFixedPages)
    notes.push(`The ${name.toLowerCase()} holds more than fits, so the end is cut off. Shorten what is on it.`);

  const renderPage = (page: LaidOutPage) => {
    const fixed = page.kind === "cover" || page.kind === "back" || page.kind === "contents";
    const spare = page.kind === "notes" || page.kind === "back-cover";
    const background =
      (page.kind === "cover" && design.coverStyle === "full-colour") || page.kind === "back-cover"
        ? theme.colours.primary
        : theme.colours.background;
    const pageStyle: CSSProperties = {
      width: pt(page.widthPt),
      height: pt(theme.page.height),
      padding: `${pt(theme.margin.top)} ${pt(theme.margin.right)} ${pt(theme.margin.bottom)} ${pt(theme.margin.left)}`,
      background,
      color: theme.colours.text,
      fontFamily: theme.fonts.body,
    };
    let body: ReactNode;
    if (page.kind === "cover")
      body = <Cover context={context} size={{ width: page.widthPt, height: theme.page.height }} />;
    else if (page.kind === "contents")
      body = <Contents sections={sections} startPages={startPages} context={context} />;
    else if (page.kind === "back")
      body = (
        <div className="lp-back">
          {back
            ? unitsOfSection(back, sections.indexOf(back), template.rules.numberedStages).map((unit) => (
                <Unit key={unit.key} unit={unit} context={context} />
              ))
            : null}
          <div style={{ marginTop: "auto" }}>
            <Colophon context={context} />
          </div>
        </div>
      );
    else if (page.kind === "notes") body = <NotesPage context={context} heightPt={theme.page.height} />;
    else if (page.kind === "back-cover") body = <BackCoverPage context={context} />;
    else body = page.units.map((unit) => <Unit key={unit.key} unit={unit} context={context} />);
    const pageNumber =
      imposition === "booklet" && (page.kind === "flow" || page.kind === "notes")
        ? String(page.number)
        : imposition === "pages" && page.kind !== "cover"
          ? `Page ${page.number} of ${totalPages}`
          : null;
    return (
      <div
        className="lp-page-frame"
        style={{
          width: `${page.widthPt * PX_PER_PT * screenScale}px`,
          height: `${theme.page.height * PX_PER_PT * screenScale}px`,
        }}
      >
        <div
          className="lp-page"
          style={{ ...pageStyle, transform: `scale(${screenScale})` }}
          data-fixed-page={fixed ? page.name : undefined}
          data-spare-page={spare ? page.kind : undefined}
        >
          {body}
          {pageNumber ? (
            <p
              className="lp-page-number"
              style={{
                fontSize: pt(theme.type.small),
                color: theme.colours.muted,
                fontFamily: theme.fonts.body,
                left: pt(theme.margin.left),
                right: pt(theme.margin.right),
                bottom: pt(Math.max(8, theme.margin.bottom / 2 - theme.type.small)),
                textAlign: imposition === "booklet" ? "center" : "right",
              }}
            >
              {pageNumber}
            </p>
          ) : null}
        </div>
      </div>
    );
  };

  const addedWords = imposition === "trifold" ? "added to fill the leaflet" : "added to fill the booklet";
  const pageLabel = (page: LaidOutPage) => {
    const spare =
      page.kind === "notes" || page.kind === "back-cover"
        ? `${sparePageWords(page.kind, imposition === "trifold" ? "panel" : "page")} (${addedWords})`
        : null;
    if (imposition === "trifold")
      return `Panel ${page.number} of ${totalPages}: ${page.name}${spare ? `, ${spare}` : ""}`;
    return `Page ${page.number} of ${totalPages}: ${spare ?? page.name.toLowerCase()}`;
  };

  return (
    <div className="lp" ref={containerRef}>
      {notes.length > 0 ? (
        <div className="notice lp-notes" role="status">
          {notes.map((note) => (
            <p key={note}>{note}</p>
          ))}
        </div>
      ) : (
        <div role="status" className="visually-hidden">
          {pagination
            ? `${totalPages} ${imposition === "trifold" ? "panels" : "pages"}, body text ${theme.type.body} pt.`
            : ""}
        </div>
      )}

      <div className="lp-measure-clip" aria-hidden="true">
        <div className="lp-measure" ref={measureRef} style={{ width: pt(contentWidth) }}>
          {units.map((unit) => (
            <Unit key={unit.key} unit={unit} context={context} />
          ))}
        </div>
      </div>

      {/* Focusable so that people using a keyboard can scroll pages shown larger than the space. */}
      <div
        className="lp-pages-wrap"
        role="region"
        aria-label="Preview pages"
        tabIndex={0}
        style={colourVision ? { filter: `url(#lp-vision-${colourVision})` } : undefined}
      >
        {imposition === "trifold" ? (
          // Panels stay in reading order for screen readers; the grid puts each where it is printed on the sheet.
          <ol className="lp-trifold" ref={pagesRef} aria-label="Panels in reading order">
            <li className="lp-sheet-label" aria-hidden="true" style={{ gridRow: 1 }}>
              Outside of the sheet (side 1)
            </li>
            <li className="lp-sheet-label" aria-hidden="true" style={{ gridRow: 3 }}>
              Inside of the sheet (side 2)
            </li>
            {laidOut.some((page) => !page.panel) ? (
              <li className="lp-sheet-label" aria-hidden="true" style={{ gridRow: 5 }}>
                Text that does not fit on the sheet
              </li>
            ) : null}
            {laidOut.map((page, index) => {
              const overflowIndex = laidOut.filter((other) => !other.panel).indexOf(page);
              const place = page.panel
                ? { gridRow: page.panel.side === 1 ? 2 : 4, gridColumn: page.panel.position }
                : { gridRow: 6 + Math.floor(overflowIndex / 3), gridColumn: (overflowIndex % 3) + 1 };
              return (
                <li key={index} className={`lp-panel${page.panel ? "" : " lp-panel--overflow"}`} style={place}>
                  {renderPage(page)}
                  <p className="lp-caption">
                    {pageLabel(page)}
                    {page.panel ? (
                      <span className="visually-hidden">
                        {` (${page.panel.side === 1 ? "outside" : "inside"} of the sheet, ${["left", "middle", "right"][page.panel.position - 1]})`}
                      </span>
                    ) : null}
                  </p>
                </li>
              );
            })}
          </ol>
        ) : (
          <ol className="lp-pages" ref={pagesRef} aria-label="Pages">
            {laidOut.map((page) => (
              <li
                key={page.number}
                className={`lp-page-item${fixedFlowPages !== null && page.kind === "flow" && page.number > fixedFlowPages + 1 ? " lp-page-item--overflow" : ""}`}
              >
                {renderPage(page)}
                <p className="lp-caption">{pageLabel(page)}</p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
