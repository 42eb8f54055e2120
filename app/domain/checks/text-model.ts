/**
 * Reads a section of the document (a ProseMirror node built from the one schema) into what the rules need: its
 * text as one string for retext, with a map back to ProseMirror positions, and its links, headings and images.
 *
 * Positions here are relative to the start of the section node (0 = just before the section), so a section's
 * results stay valid when text is typed in an earlier section; `absolute = sectionPos + relative`.
 *
 * The string keeps ProseMirror's own counting: every character of a text node is one position, a hard break is
 * one position ("\n"), so within a block `position = block.pos + (offset - block.start)`. Blocks are joined by a
 * blank line so retext sees each block as its own paragraph and never runs a sentence across two blocks.
 */
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { isUnfilledPlaceholder } from "../placeholders";

/** What kind of text a block holds: body text is scored for readability; headings, titles and contact details are not. */
export type SegmentKind = "title" | "heading" | "body" | "contact";

export interface TextSegment {
  kind: SegmentKind;
  /** Offsets of the block's text in `SectionModel.text`. */
  start: number;
  end: number;
  /** Section-relative position of the block's first character (for a title: the section node itself, 0). */
  pos: number;
  /**
   * The rest of the same block after words suggested for removal (app/domain/suggestions.ts): the checks read the
   * text as if every open suggestion were taken, so those words are skipped but the block stays one paragraph.
   */
  continues?: boolean;
}

export interface LinkSpan {
  text: string;
  href: string;
  from: number;
  to: number;
}

export interface HeadingInfo {
  level: number;
  text: string;
  /** The heading still shows its template hint (it has no words yet, on purpose). */
  hint: boolean;
  /** Section-relative node range of the heading. */
  from: number;
  to: number;
}

export interface ImageInfo {
  kind: "image" | "easyReadRow";
  src: string | null;
  alt: string;
  decorative: boolean;
  from: number;
  to: number;
}

export interface BlockInfo {
  type: string;
  from: number;
  to: number;
}

/** A paragraph or heading that still shows its template hint (app/editor/placeholders.ts). */
export interface HintInfo {
  hint: string;
  /** Section-relative node range of the block. */
  from: number;
  to: number;
}

/** A paragraph directly in the section whose words are all bold (it may be a heading in disguise). */
export interface BoldParagraph {
  text: string;
  from: number;
  to: number;
  /** Whether another block follows it in the section. */
  followed: boolean;
}

export interface SectionModel {
  id: string;
  title: string;
  contentNote: string | null;
  node: ProseMirrorNode;
  /** The section's text for retext: the title, then every text block, separated by blank lines. */
  text: string;
  segments: TextSegment[];
  links: LinkSpan[];
  headings: HeadingInfo[];
  images: ImageInfo[];
  /** The section's own child blocks (not nested ones), for the template's list of allowed blocks. */
  blocks: BlockInfo[];
  boldParagraphs: BoldParagraph[];
  /** Blocks whose template hint nobody has filled in yet. Hints are never part of `text`. */
  hints: HintInfo[];
  /** Characters of visible text in the blocks (the title not included). */
  bodyTextLength: number;
}

const BLOCK_SEPARATOR = "\n\n";
const CONTACT_PARENTS = new Set(["contactBlock"]);

const isSuggestedRemoval = (node: ProseMirrorNode) => node.marks.some((mark) => mark.type.name === "deletion");

/**
 * Text of a block as if every open suggestion were taken, in pieces split where words suggested for removal are
 * skipped; within a piece, ProseMirror's own counting (hard break = "\n", any other leaf = U+FFFC). `offset` is the
 * piece's first position within the block's content.
 */
function inlinePieces(block: ProseMirrorNode): Array<{ text: string; offset: number }> {
  const pieces: Array<{ text: string; offset: number }> = [{ text: "", offset: 0 }];
  block.forEach((child, offset) => {
    if (child.isText && isSuggestedRemoval(child)) {
      pieces.push({ text: "", offset: offset + child.nodeSize });
      return;
    }
    const piece = pieces[pieces.length - 1]!;
    if (child.isText) piece.text += child.text ?? "";
    else if (child.type.name === "hardBreak") piece.text += "\n";
    else piece.text += "\uFFFC".repeat(child.nodeSize);
  });
  return pieces.filter((piece, index) => index === 0 || piece.text.length > 0);
}

export function readSection(section: ProseMirrorNode): SectionModel {
  const attrs = section.attrs as { id: string | null; title: string | null; contentNote: string | null };
  const title = (attrs.title ?? "").trim();
  const segments: TextSegment[] = [];
  const links: LinkSpan[] = [];
  const headings: HeadingInfo[] = [];
  const images: ImageInfo[] = [];
  const blocks: BlockInfo[] = [];
  const hints: HintInfo[] = [];
  let text = "";
  let bodyTextLength = 0;

  const addSegment = (kind: SegmentKind, value: string, pos: number, continues = false) => {
    if (text.length > 0 && !continues) text += BLOCK_SEPARATOR;
    segments.push({
      kind,
      start: text.length,
      end: text.length + value.length,
      pos,
      ...(continues ? { continues } : {}),
    });
    text += value;
  };

  if (title) addSegment("title", title, 0);

  const boldParagraphs: BoldParagraph[] = [];
  section.forEach((child, offset, index) => {
    blocks.push({ type: child.type.name, from: offset + 1, to: offset + 1 + child.nodeSize });
    if (child.type.name !== "paragraph" || child.childCount === 0) return;
    let allBold = true;
    child.forEach((inline) => {
      if (inline.isText && (inline.text ?? "").trim() && !inline.marks.some((mark) => mark.type.name === "bold"))
        allBold = false;
    });
    const text = child.textContent.trim();
    if (allBold && text)
      boldParagraphs.push({
        text,
        from: offset + 1,
        to: offset + 1 + child.nodeSize,
        followed: index < section.childCount - 1,
      });
  });

  section.descendants((node, pos, parent) => {
    const relative = pos + 1; // descendants() counts from the section's content, which starts 1 after the section
    if (node.type.name === "image") {
      const { src, alt, decorative } = node.attrs as { src: string | null; alt: string | null; decorative: boolean };
      images.push({
        kind: "image",
        src,
        alt: alt ?? "",
        decorative: Boolean(decorative),
        from: relative,
        to: relative + node.nodeSize,
      });
      return false;
    }
    if (node.type.name === "easyReadRow") {
      const { imageSrc, imageAlt } = node.attrs as { imageSrc: string | null; imageAlt: string | null };
      if (imageSrc)
        images.push({
          kind: "easyReadRow",
          src: imageSrc,
          alt: imageAlt ?? "",
          decorative: false,
          from: relative,
          to: relative + node.nodeSize,
        });
      return true;
    }
    if (!node.isTextblock) return true;

    const pieces = inlinePieces(node);
    const value = pieces.map((piece) => piece.text).join("");
    const contentPos = relative + 1;
    const hint =
      node.attrs.placeholder && isUnfilledPlaceholder(node.toJSON()) ? String(node.attrs.placeholder).trim() : null;
    if (hint) hints.push({ hint, from: relative, to: relative + node.nodeSize });
    if (node.type.name === "heading") {
      headings.push({
        level: Number(node.attrs.level),
        text: value.trim(),
        hint: hint !== null,
        from: relative,
        to: relative + node.nodeSize,
      });
    }
    const kind: SegmentKind =
      node.type.name === "heading" ? "heading" : parent && CONTACT_PARENTS.has(parent.type.name) ? "contact" : "body";
    pieces.forEach((piece, index) => addSegment(kind, piece.text, contentPos + piece.offset, index > 0));
    bodyTextLength += value.replace(/[\s\uFFFC]/g, "").length;

    node.forEach((child, offset) => {
      const link = child.marks.find((mark) => mark.type.name === "link");
      if (!child.isText || !link) return;
      const href = String(link.attrs.href ?? "");
      const from = contentPos + offset;
      const to = from + child.nodeSize;
      const previous = links.at(-1);
      // Bold inside a link splits the text node; it is still one link.
      if (previous && previous.to === from && previous.href === href) {
        previous.text += child.text ?? "";
        previous.to = to;
      } else links.push({ text: child.text ?? "", href, from, to });
    });
    return false;
  });

  return {
    id: attrs.id ?? "",
    title,
    contentNote: attrs.contentNote && attrs.contentNote.trim() ? attrs.contentNote.trim() : null,
    node: section,
    text,
    segments,
    links,
    headings,
    images,
    blocks,
    boldParagraphs,
    hints,
    bodyTextLength,
  };
}

/** The segment that holds a text offset (offsets between blocks belong to no segment). */
export function segmentAt(model: SectionModel, offset: number): TextSegment | undefined {
  // Segments are few per section and sorted; a linear scan from the end is fast enough and simple.
  for (let index = model.segments.length - 1; index >= 0; index--) {
    const segment = model.segments[index]!;
    if (offset >= segment.start) return offset <= segment.end ? segment : undefined;
  }
  return undefined;
}

/** The segment a range ending at `end` ends in: the last one that starts before it, in the same block as `first`. */
function endSegment(model: SectionModel, first: TextSegment, end: number): TextSegment {
  let index = model.segments.indexOf(first);
  while (index + 1 < model.segments.length) {
    const next = model.segments[index + 1]!;
    if (!next.continues || next.start >= end) break;
    index++;
  }
  return model.segments[index]!;
}

export interface MappedRange {
  from: number;
  to: number;
  kind: SegmentKind;
}

/** Section-relative ProseMirror range of text offsets [start, end); a title maps to the whole section node. */
export function mapTextRange(model: SectionModel, start: number, end: number): MappedRange | undefined {
  const segment = segmentAt(model, start);
  if (!segment) return undefined;
  if (segment.kind === "title") return { from: 0, to: model.node.nodeSize, kind: "title" };
  const last = endSegment(model, segment, end);
  const clampedEnd = Math.min(end, last.end);
  return {
    from: segment.pos + (start - segment.start),
    to: last.pos + (clampedEnd - last.start),
    kind: segment.kind,
  };
}

/** Every top-level section of a document node with its position. */
export function sectionsOf(doc: ProseMirrorNode): Array<{ node: ProseMirrorNode; pos: number }> {
  const sections: Array<{ node: ProseMirrorNode; pos: number }> = [];
  doc.forEach((node, offset) => {
    if (node.type.name === "section") sections.push({ node, pos: offset });
  });
  return sections;
}
