/**
 * One mapper per node type of the document schema → react-pdf elements carrying their structure tags (see the
 * react-pdf patch: `tag`, `alt`, `artifact`). Pure: images arrive already resolved through `context.images`, and
 * anything worth telling the person who exports is collected in `context.warnings`.
 */
import { Image, Text, View } from "@react-pdf/renderer";
import type { Style } from "@react-pdf/types";
import { cloneElement, type ReactElement } from "react";
import type {
  InlineNode,
  BlockNode,
  BulletListNode,
  ContactBlockNode,
  EasyReadRowNode,
  HeadingNode,
  ImageNode,
  KeyInfoNode,
  ListItemNode,
  OrderedListNode,
  ParagraphNode,
  SectionNode,
} from "./document-model";
import { inlineText } from "./document-model";
import { listFitsAThird } from "../../domain/list-keeps";
import { isLeadIn } from "../../domain/lead-in";
import type { BlockType } from "../../domain/blocks";
import { firstStrongDirection } from "../../domain/languages";
import { mapInline } from "./inline";
import { bodyText, headingText, smallText, type PdfTheme } from "./theme";
import { UnreachableCaseError } from "./unreachable-case-error";

/** An image ready for react-pdf: PNG or JPEG bytes and their size in pixels. */
export interface ResolvedImage {
  data: Buffer;
  format: "png" | "jpg";
  width: number;
  height: number;
}

export interface MapContext {
  theme: PdfTheme;
  images: ReadonlyMap<string, ResolvedImage>;
  draft: boolean;
  /** Blocks never continue across a page break (tri-fold panels: a paragraph never runs over a fold). */
  keepBlocksWhole: boolean;
  /** Guides number their sections as stages. */
  numberedStages: boolean;
  /** Each section's stage number, null where it has none (app/domain/stages.ts). */
  stages: ReadonlyArray<number | null>;
  /** Width available to content, in points (images are scaled to fit it). */
  contentWidth: number;
  warnings: string[];
  /**
   * Leave out the keeps that only make pages look better (a list's last two items, a section's closing line), when
   * keeping them would push a folded leaflet onto another sheet.
   */
  relaxKeeps?: boolean;
  /**
   * Let short lists break between a folded leaflet's panels (the first keep given up when a leaflet would not fit its
   * sheet; the others stay).
   */
  breakLists?: boolean;
  /** Inside a contact box: phone numbers written there are links too. */
  inContact?: boolean;
  /** Sections that start on a new page (panel): a tri-fold section that would run from panel 4 onto the flap. */
  startOnNewPage?: ReadonlySet<string>;
}

const EASY_READ_PICTURE_SHARE = 0.32;

/** Space that must follow a heading on its page (about three lines of body text), or it moves to the next page. */
function keepWithNext(theme: PdfTheme): number {
  return theme.type.body * theme.type.lineHeight * 3;
}

function paragraphStyle(context: MapContext, last = false): Style {
  return { ...bodyText(context.theme), marginBottom: last ? 0 : context.theme.space.paragraph };
}

/**
 * A paragraph whose first letter reads the other way from the document (English in an Arabic leaflet, or Arabic in
 * an English one) reads in its own direction and starts on its own side, as `dir="auto"` does on the web.
 */
function ownDirection(theme: PdfTheme, content: InlineNode[] | undefined): Style {
  const text = (content ?? []).map((inline) => (inline.type === "text" ? inline.text : " ")).join("");
  const direction = firstStrongDirection(text, theme.direction);
  if (direction === theme.direction) return {};
  return { direction, textAlign: direction === "rtl" ? "right" : "left" };
}

export function mapParagraph(
  node: ParagraphNode,
  context: MapContext,
  key: string,
  last = false,
  style: Style = {},
): ReactElement | null {
  // An empty paragraph is spacing someone typed in the editor; in print it would only be an empty P for a screen reader.
  if (!node.content?.some((inline) => inline.type === "hardBreak" || inline.text.trim() !== "")) return null;
  return (
    <Text
      key={key}
      tag="P"
      style={{ ...paragraphStyle(context, last), ...ownDirection(context.theme, node.content), ...style }}
      wrap={!context.keepBlocksWhole}
    >
      {mapInline(node.content, context.theme, context.inContact === true)}
    </Text>
  );
}

export function mapHeading(node: HeadingNode, context: MapContext, key: string): ReactElement {
  // Sections are H2, so a heading inside one is H3 or H4 whatever level was typed: the outline never skips a level up.
  const level = Math.min(4, Math.max(3, node.attrs.level)) as 3 | 4;
  return (
    <Text
      key={key}
      tag={level === 3 ? "H3" : "H4"}
      style={{
        ...headingText(context.theme, level),
        ...ownDirection(context.theme, node.content),
        marginTop: context.theme.space.paragraph,
        marginBottom: context.theme.space.paragraph * 0.6,
      }}
      wrap={false}
      minPresenceAhead={keepWithNext(context.theme)}
    >
      {mapInline(node.content, context.theme)}
    </Text>
  );
}

function mapListItem(
  item: ListItemNode,
  label: string,
  context: MapContext,
  key: string,
  numbered: boolean,
): ReactElement {
  const { theme } = context;
  const stageBadge = numbered && context.numberedStages;
  const labelWidth = stageBadge ? theme.type.body * 2.2 : numbered ? theme.type.body * 2 : theme.type.body * 1.2;
  const labelElement = stageBadge ? (
    <View tag="Lbl" style={{ width: labelWidth }}>
      <View
        style={{
          width: theme.type.body * 1.6,
          height: theme.type.body * 1.6,
          borderRadius: theme.type.body * 0.8,
          backgroundColor: theme.colours.primary,
          alignItems: "center",
          justifyContent: "center",
        }}
      >
        <Text style={{ ...bodyText(theme), color: theme.colours.onPrimary, fontWeight: 700, lineHeight: 1 }}>
          {label}
        </Text>
      </View>
    </View>
  ) : (
    <Text tag="Lbl" style={{ ...bodyText(theme), width: labelWidth, fontWeight: numbered ? 700 : 400 }}>
      {numbered ? `${label}.` : label}
    </Text>
  );
  return (
    // A list item moves to the next page whole: a bullet must never be left behind on its own.
    <View
      key={key}
      tag="LI"
      style={{ flexDirection: theme.row, marginBottom: theme.space.paragraph * 0.6 }}
      wrap={false}
    >
      {labelElement}
      <View tag="LBody" style={{ flex: 1 }}>
        {mapBlocks(item.content, context, key, { lastWithoutMargin: true })}
      </View>
    </View>
  );
}

/**
 * A list's first item never ends a page (or panel) alone, nor does its last start one: when the first two items of a
 * list of three or more are short, they move together, and so do the last two (a list of three short items, then,
 * moves whole). The groups have no structure tag, so the list is still L › LI, LI for screen readers.
 */
function endsTogether(items: ReactElement[], list: ListItemNode[], context: MapContext, key: string): ReactElement[] {
  if (items.length < 3 || context.relaxKeeps) return items;
  const short = (item: ListItemNode) =>
    (item.content.reduce(
      (count, block) => count + (block.type === "paragraph" ? inlineText(block.content).length : 200),
      0,
    ) *
      context.theme.type.body *
      0.5) /
      context.contentWidth <=
    3;
  const first = short(list[0]!) && short(list[1]!);
  const last = short(list.at(-2)!) && short(list.at(-1)!);
  const group = (from: number, to: number, name: string) => (
    <View key={`${key}.${name}`} wrap={false}>
      {items.slice(from, to)}
    </View>
  );
  const head = first ? 2 : 0;
  const tail = last ? 2 : 0;
  if (head + tail > items.length) return [group(0, items.length, "all")];
  return [
    ...(first ? [group(0, 2, "first")] : []),
    ...items.slice(head, items.length - tail),
    ...(last ? [group(items.length - 2, items.length, "last")] : []),
  ];
}

/**
 * Whether a list is short enough to keep whole on a folded leaflet's panel (`keepBlocksWhole`, as the live preview
 * keeps it): at most a third of the panel, estimated at half an em per character of body text. Longer lists break
 * between items, or they could not fit a panel at all; and any list does when the leaflet would not fit its sheet
 * otherwise (`breakLists`, `relaxKeeps`).
 */
function keptWhole(list: ListItemNode[], context: MapContext): boolean {
  // Not when keeps are given up: an extra sheet is far worse than a list split between two panels.
  if (!context.keepBlocksWhole || context.breakLists || context.relaxKeeps) return false;
  return fitsAThird(list, context);
}

/** A list of at most a third of a page (or panel), estimated as `listFitsAThird` does for the preview too. */
function fitsAThird(list: ListItemNode[], context: MapContext): boolean {
  const { theme } = context;
  return listFitsAThird(
    list.map((item) =>
      item.content.map((block) => (block.type === "paragraph" ? inlineText(block.content).length : null)),
    ),
    {
      body: theme.type.body,
      lineHeight: theme.type.lineHeight,
      contentWidth: context.contentWidth,
      contentHeight: theme.page.height - theme.margin.top - theme.margin.bottom,
    },
  );
}

/** A list (L) of mapped items, whole on a folded leaflet's panel when short (`keptWhole`). */
function listView(
  list: ListItemNode[],
  items: ReactElement[],
  numbering: "Disc" | "Decimal",
  context: MapContext,
  key: string,
): ReactElement {
  return (
    <View
      key={key}
      tag="L"
      listNumbering={numbering}
      style={{ marginBottom: context.theme.space.paragraph }}
      {...(keptWhole(list, context) ? { wrap: false } : {})}
    >
      {endsTogether(items, list, context, key)}
    </View>
  );
}

export function mapBulletList(node: BulletListNode, context: MapContext, key: string): ReactElement {
  const items = node.content.map((item, index) => mapListItem(item, "•", context, `${key}.${index}`, false));
  return listView(node.content, items, "Disc", context, key);
}

export function mapOrderedList(node: OrderedListNode, context: MapContext, key: string): ReactElement {
  const start = node.attrs?.start ?? 1;
  const items = node.content.map((item, index) =>
    mapListItem(item, String(start + index), context, `${key}.${index}`, true),
  );
  return listView(node.content, items, "Decimal", context, key);
}

/** Pictures are never printed at fewer than this many pixels per inch (below it they look blurred). */
const MIN_PRINT_PPI = 150;

/** Size that fits `maxWidth` × `maxHeight` keeping the picture's proportions and at least MIN_PRINT_PPI. */
export function fitImage(image: ResolvedImage, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(maxWidth / image.width, maxHeight / image.height, 72 / MIN_PRINT_PPI);
  return { width: image.width * scale, height: image.height * scale };
}

function missingPicture(alt: string, context: MapContext, key: string, style: Style = {}): ReactElement {
  context.warnings.push(`A picture could not be found${alt ? ` ("${alt}")` : ""}; its description is printed instead.`);
  return (
    <View
      key={key}
      style={{
        borderWidth: 1,
        borderColor: context.theme.colours.muted,
        borderStyle: "dashed",
        padding: 6,
        marginBottom: context.theme.space.paragraph,
        ...style,
      }}
    >
      <Text tag="P" style={{ ...smallText(context.theme), color: context.theme.colours.text }}>
        {alt ? `Picture: ${alt}` : "Picture missing"}
      </Text>
    </View>
  );
}

export function mapImage(node: ImageNode, context: MapContext, key: string): ReactElement | null {
  const { src, alt, decorative } = node.attrs;
  const image = src ? context.images.get(src) : undefined;
  if (!image) return src || alt ? missingPicture(decorative ? "" : alt, context, key) : null;
  const size = fitImage(image, context.contentWidth, context.theme.page.height * 0.4);
  const semantics =
    decorative || !alt.trim() ? { artifact: true as const } : { tag: "Figure" as const, alt: alt.trim() };
  if (!decorative && !alt.trim())
    context.warnings.push("A picture has no description, so it is hidden from screen readers.");
  return (
    <Image
      key={key}
      {...semantics}
      src={{ data: image.data, format: image.format }}
      style={{ ...size, marginBottom: context.theme.space.paragraph }}
    />
  );
}

/** `last`: a section's last block, with no space after it (the section's own gap follows). */
export function mapKeyInfo(node: KeyInfoNode, context: MapContext, key: string, last = false): ReactElement {
  const { theme } = context;
  return (
    <View
      key={key}
      tag="Div"
      wrap={false}
      style={{
        backgroundColor: theme.accentTint,
        [theme.start === "left" ? "borderLeftWidth" : "borderRightWidth"]: 5,
        [theme.start === "left" ? "borderLeftColor" : "borderRightColor"]: theme.colours.accent,
        paddingVertical: theme.type.body * 0.7,
        paddingHorizontal: theme.type.body * 0.9,
        marginBottom: last ? 0 : theme.space.block,
      }}
    >
      {node.content.map((paragraph, index) =>
        mapParagraph(paragraph, context, `${key}.${index}`, index === node.content.length - 1),
      )}
    </View>
  );
}

export function mapContactBlock(node: ContactBlockNode, context: MapContext, key: string, last = false): ReactElement {
  const { theme } = context;
  return (
    <View
      key={key}
      tag="Div"
      wrap={false}
      style={{
        borderTopWidth: 3,
        borderTopColor: theme.colours.primary,
        paddingTop: theme.type.body * 0.6,
        marginBottom: last ? 0 : theme.space.block,
      }}
    >
      {node.content.map((paragraph, index) =>
        // The first line of a contact block is the organisation's name: set it in bold; the lines sit close together.
        mapParagraph(paragraph, { ...context, inContact: true }, `${key}.${index}`, index === node.content.length - 1, {
          marginBottom: index === node.content.length - 1 ? 0 : theme.space.paragraph * 0.4,
          ...(index === 0 ? { fontWeight: 700 } : {}),
        }),
      )}
    </View>
  );
}

export function mapEasyReadRow(node: EasyReadRowNode, context: MapContext, key: string, last = false): ReactElement {
  const { theme } = context;
  const pictureWidth = context.contentWidth * EASY_READ_PICTURE_SHARE;
  const { imageSrc, imageAlt } = node.attrs;
  const image = imageSrc ? context.images.get(imageSrc) : undefined;
  let picture: ReactElement;
  if (image) {
    const size = fitImage(image, pictureWidth, pictureWidth);
    picture = imageAlt.trim() ? (
      <Image tag="Figure" alt={imageAlt.trim()} src={{ data: image.data, format: image.format }} style={size} />
    ) : (
      <Image artifact src={{ data: image.data, format: image.format }} style={size} />
    );
  } else if (imageSrc) {
    picture = missingPicture(imageAlt, context, `${key}.picture`, { width: pictureWidth, marginBottom: 0 });
  } else {
    // No picture chosen yet: keep the column so every row's text starts at the same place.
    picture = (
      <View
        artifact
        style={{
          width: pictureWidth,
          minHeight: pictureWidth * 0.6,
          ...(context.draft ? { borderWidth: 1, borderStyle: "dashed", borderColor: theme.colours.muted } : {}),
        }}
      />
    );
  }
  // "Pictures on the right" (Design) mirrors the row on the page; the picture is still read first, as on the left.
  // "Picture on the right" is the far side from where lines start: mirrored in a right-to-left document.
  const pictureRight = (theme.design.imagePosition === "right") === (theme.direction === "ltr");
  return (
    <View
      key={key}
      tag="Div"
      wrap={false}
      style={{
        flexDirection: pictureRight ? "row-reverse" : "row",
        alignItems: "center",
        marginBottom: last ? 0 : theme.space.block,
      }}
    >
      <View
        style={{
          width: pictureWidth,
          [pictureRight ? "marginLeft" : "marginRight"]: theme.type.body,
          alignItems: "center",
        }}
      >
        {picture}
      </View>
      <View style={{ flex: 1 }}>
        {node.content.map((paragraph, index) =>
          mapParagraph(paragraph, context, `${key}.${index}`, index === node.content.length - 1),
        )}
      </View>
    </View>
  );
}

/** How the PDF draws each block type: a type declared in app/domain/blocks.ts without a mapper here does not compile. */
type PdfBlockMappers = {
  [Type in BlockType]: (
    block: Extract<BlockNode, { type: Type }>,
    context: MapContext,
    key: string,
    last: boolean,
  ) => ReactElement | null;
};

export const PDF_BLOCKS: PdfBlockMappers = {
  paragraph: (block, context, key, last) => mapParagraph(block, context, key, last),
  heading: (block, context, key) => mapHeading(block, context, key),
  bulletList: (block, context, key) => mapBulletList(block, context, key),
  orderedList: (block, context, key) => mapOrderedList(block, context, key),
  image: (block, context, key) => mapImage(block, context, key),
  keyInfo: (block, context, key, last) => mapKeyInfo(block, context, key, last),
  contactBlock: (block, context, key, last) => mapContactBlock(block, context, key, last),
  easyReadRow: (block, context, key, last) => mapEasyReadRow(block, context, key, last),
};

export function mapBlock(block: BlockNode, context: MapContext, key: string, last = false): ReactElement | null {
  const mapper = PDF_BLOCKS[block.type] as (
    block: BlockNode,
    context: MapContext,
    key: string,
    last: boolean,
  ) => ReactElement | null;
  // The strict reader (document-model.ts) refuses unknown blocks before they get here; this is a second guard.
  if (!mapper) throw new UnreachableCaseError(block as never);
  return mapper(block, context, key, last);
}

/** Blocks that never break across pages anyway (as long as they fit on one). */
const WHOLE_BLOCKS = new Set<BlockNode["type"]>(["keyInfo", "contactBlock", "easyReadRow", "image"]);

/**
 * Whether a heading may be tied to `block` in one unbreakable group: a whole block, or a paragraph short enough
 * (estimated at half an em per character) to fill at most a third of the page. Longer paragraphs and lists must
 * stay free to break, so they rely on the heading's `minPresenceAhead` instead.
 */
function keepsHeadingCompany(block: BlockNode, context: MapContext): boolean {
  if (WHOLE_BLOCKS.has(block.type)) return true;
  if ((block.type === "bulletList" || block.type === "orderedList") && keptWhole(block.content, context)) return true;
  if (block.type !== "paragraph") return false;
  const { body, lineHeight } = context.theme.type;
  const characters = (block.content ?? []).reduce(
    (count, inline) => count + (inline.type === "text" ? inline.text.length : 0),
    0,
  );
  const lines = Math.ceil((characters * body * 0.5) / context.contentWidth) + 1;
  return (
    lines * body * lineHeight <=
    (context.theme.page.height - context.theme.margin.top - context.theme.margin.bottom) / 3
  );
}

/**
 * Keeps `lead` (a heading) on the same page as the block after it: an unwrappable group with no structure tag,
 * so the structure tree is unchanged.
 */
function keepWithFollowing(
  lead: ReactElement[],
  next: BlockNode,
  mapped: ReactElement | null,
  key: string,
  context: MapContext,
): ReactElement[] {
  if (!mapped || !keepsHeadingCompany(next, context)) return mapped ? [...lead, mapped] : lead;
  return [
    <View key={`${key}.keep`} wrap={false}>
      {lead}
      {mapped}
    </View>,
  ];
}

/**
 * What a section's short closing line may go over with, rather than start a page alone: what a heading may be tied
 * to, or a list of at most a third of the page — moved whole, as the line cannot be tied to the list's last item
 * without taking it out of its list for screen readers. Longer lists, and any list once lists must break for the
 * words to fit (`breakLists`), stay free to break.
 */
function closingLineCompany(block: BlockNode, context: MapContext): boolean {
  if (block.type === "bulletList" || block.type === "orderedList")
    return !context.breakLists && fitsAThird(block.content, context);
  return keepsHeadingCompany(block, context);
}

/** A paragraph of at most two lines (estimated at half an em per character of body text). */
function isShortParagraph(block: BlockNode, context: MapContext): boolean {
  if (block.type !== "paragraph") return false;
  const characters = inlineText(block.content).trim().length;
  return characters > 0 && (characters * context.theme.type.body * 0.5) / context.contentWidth <= 2;
}

/**
 * A short paragraph right before a contact box introduces it ("Talk to us in confidence…"): they stay on one page, as
 * the preview's `flowBoxes` keeps them. A keep that only looks better: given up with the others (`relaxKeeps`).
 */
function introducesContact(block: BlockNode, next: BlockNode | undefined, context: MapContext): boolean {
  return next?.type === "contactBlock" && !context.relaxKeeps && isShortParagraph(block, context);
}

export function mapBlocks(
  blocks: BlockNode[],
  context: MapContext,
  key: string,
  options: {
    lastWithoutMargin?: boolean;
    lead?: ReactElement[];
    /** A section: its last line or two never end up alone at the top of a page (the last page above all). */
    keepEndTogether?: boolean;
  } = {},
): ReactElement[] {
  const elements: ReactElement[] = [];
  let pending: ReactElement[] = options.lead ?? [];
  blocks.forEach((block, index) => {
    let mapped = mapBlock(
      block,
      context,
      `${key}.${index}`,
      options.lastWithoutMargin === true && index === blocks.length - 1,
    );
    // Kept whole, with room for the list's first lines after it on the same page.
    if (mapped && block.type === "paragraph" && isLeadIn(inlineText(block.content), blocks[index + 1]?.type))
      mapped = cloneElement(mapped as ReactElement<{ wrap?: boolean; minPresenceAhead?: number }>, {
        wrap: false,
        minPresenceAhead: keepWithNext(context.theme),
      });
    if (block.type === "heading" && mapped) {
      elements.push(...pending);
      pending = [mapped];
    } else if (mapped && introducesContact(block, blocks[index + 1], context)) {
      // Goes over with the contact box (and its heading with it), never left at the foot of a page above it.
      pending = [...pending, mapped];
    } else if (pending.length > 0) {
      elements.push(...keepWithFollowing(pending, block, mapped, `${key}.${index}`, context));
      pending = [];
    } else if (mapped) {
      elements.push(mapped);
    }
  });
  elements.push(...pending);
  const last = blocks[blocks.length - 1];
  const before = blocks[blocks.length - 2];
  if (
    options.keepEndTogether &&
    !context.relaxKeeps &&
    last &&
    before &&
    elements.length >= 2 &&
    isShortParagraph(last, context) &&
    before.type !== "heading" &&
    closingLineCompany(before, context)
  ) {
    // A short closing line moves with the block before it rather than being left on a page of its own.
    const [penultimate, final] = elements.splice(-2, 2) as [ReactElement, ReactElement];
    elements.push(
      <View key={`${key}.end`} wrap={false}>
        {penultimate}
        {final}
      </View>,
    );
  }
  return elements;
}

/**
 * A section: a Sect with its title as H2 (a named destination for the contents page), an optional content note
 * (a warning before difficult content), then its blocks.
 */
export function mapSection(section: SectionNode, index: number, context: MapContext): ReactElement {
  const { theme } = context;
  const key = section.attrs.id;
  const title = section.attrs.title.trim();
  const headingStyle: Style = { ...headingText(theme, 2), marginBottom: theme.space.paragraph };
  const stage = context.stages[index];
  const heading = !title ? null : stage ? (
    <View
      key={`${key}.heading`}
      id={section.attrs.id}
      tag="H2"
      bookmark={{ title, fit: true }}
      wrap={false}
      minPresenceAhead={keepWithNext(theme)}
      style={{ flexDirection: theme.row, alignItems: "center", marginBottom: theme.space.paragraph }}
    >
      <View
        style={{
          width: theme.type.h2 * 1.7,
          height: theme.type.h2 * 1.7,
          borderRadius: theme.type.h2 * 0.85,
          backgroundColor: theme.colours.primary,
          alignItems: "center",
          justifyContent: "center",
          [theme.start === "left" ? "marginRight" : "marginLeft"]: theme.type.h2 * 0.5,
        }}
      >
        {/* Read as "Stage 3", as the web version says it: a bare "3" before the title means little when heard. */}
        <Text
          tag="Span"
          actualText={`Stage ${stage}: `}
          style={{ ...headingText(theme, 2), color: theme.colours.onPrimary, lineHeight: 1 }}
        >
          {String(stage)}
        </Text>
      </View>
      <Text tag="Span" style={{ ...headingText(theme, 2), flex: 1 }}>
        {title}
      </Text>
    </View>
  ) : (
    <Text
      key={`${key}.heading`}
      id={section.attrs.id}
      tag="H2"
      bookmark={{ title, fit: true }}
      wrap={false}
      minPresenceAhead={keepWithNext(theme)}
      style={headingStyle}
    >
      {title}
    </Text>
  );
  const note = section.attrs.contentNote ? (
    <Text
      key={`${key}.note`}
      tag="P"
      wrap={false}
      style={{
        ...smallText(theme),
        color: theme.colours.text,
        [theme.start === "left" ? "borderLeftWidth" : "borderRightWidth"]: 3,
        [theme.start === "left" ? "borderLeftColor" : "borderRightColor"]: theme.colours.muted,
        [theme.start === "left" ? "paddingLeft" : "paddingRight"]: 6,
        marginBottom: theme.space.paragraph,
      }}
    >
      <Text style={{ fontWeight: 700 }}>{`${theme.words.contentNote} `}</Text>
      {section.attrs.contentNote}
    </Text>
  ) : null;
  return (
    <View
      key={key}
      tag="Sect"
      data-section={key}
      break={context.startOnNewPage?.has(key) ?? false}
      style={{ marginBottom: theme.space.section }}
    >
      {mapBlocks(section.content, context, key, {
        lastWithoutMargin: true,
        keepEndTogether: true,
        lead: [heading, note].filter((element) => element !== null),
      })}
    </View>
  );
}
