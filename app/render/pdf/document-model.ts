/**
 * The canonical document's `content` (ProseMirror JSON of app/editor/schema.ts) as types the PDF mappers can switch
 * over exhaustively. `readSections` checks the JSON once at the edge, so a node the schema does not define fails
 * loudly with its name instead of silently vanishing from a published PDF.
 */
import { isBlockType, type BlockType } from "../../domain/blocks";
import { withoutPlaceholders } from "../../domain/placeholders";
import { withoutOpenSuggestions } from "../../domain/suggestions";
import { isKnownLanguage, languageOf } from "../../domain/languages";
import type { SectionStatus } from "../../editor/schema";
import { UnreachableCaseError } from "./unreachable-case-error";
import { isObject, type Json } from "../../domain/json";

export interface TextNode {
  type: "text";
  text: string;
  marks?: Mark[];
}
export interface HardBreakNode {
  type: "hardBreak";
}
export type InlineNode = TextNode | HardBreakNode;

export type Mark =
  { type: "bold" } | { type: "link"; attrs: { href: string } } | { type: "language"; attrs: { lang: string } };

export interface ParagraphNode {
  type: "paragraph";
  content?: InlineNode[];
}
export interface HeadingNode {
  type: "heading";
  attrs: { level: number };
  content?: InlineNode[];
}
export interface ListItemNode {
  type: "listItem";
  content: BlockNode[];
}
export interface BulletListNode {
  type: "bulletList";
  content: ListItemNode[];
}
export interface OrderedListNode {
  type: "orderedList";
  attrs?: { start?: number | null };
  content: ListItemNode[];
}
export interface ImageNode {
  type: "image";
  attrs: { src: string | null; alt: string; decorative: boolean };
}
export interface KeyInfoNode {
  type: "keyInfo";
  content: ParagraphNode[];
}
export interface ContactBlockNode {
  type: "contactBlock";
  content: ParagraphNode[];
}
export interface EasyReadRowNode {
  type: "easyReadRow";
  attrs: { imageSrc: string | null; imageAlt: string };
  content: ParagraphNode[];
}

export type BlockNode =
  | ParagraphNode
  | HeadingNode
  | BulletListNode
  | OrderedListNode
  | ImageNode
  | KeyInfoNode
  | ContactBlockNode
  | EasyReadRowNode;

export interface SectionNode {
  type: "section";
  attrs: { id: string; title: string; owner: string | null; status: SectionStatus; contentNote: string | null };
  content: BlockNode[];
}

// The reader knows exactly the declared block types: a type added to app/domain/blocks.ts without a node here (or
// the other way round) does not compile.
type SameTypes<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const readsEveryBlockType: SameTypes<BlockNode["type"], BlockType> = true;
void readsEveryBlockType;

export class DocumentContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocumentContentError";
  }
}

const children = (node: Json): unknown[] => (Array.isArray(node.content) ? node.content : []);

/**
 * How a reader treats what it does not know: `strict` (the PDF, releases) refuses the document with a
 * DocumentContentError; `lenient` (the live preview while people type) leaves out the block, line or style it cannot
 * read and shows the rest.
 */
export type ReadMode = "strict" | "lenient";

/** Reads every value with `read`; in lenient mode, values it refuses are left out. */
function readEach<T>(values: unknown[], read: (value: unknown, mode: ReadMode) => T, mode: ReadMode): T[] {
  if (mode === "strict") return values.map((value) => read(value, mode));
  const read_: T[] = [];
  for (const value of values) {
    try {
      read_.push(read(value, mode));
    } catch (error) {
      if (!(error instanceof DocumentContentError)) throw error;
    }
  }
  return read_;
}
const attrs = (node: Json): Json => (isObject(node.attrs) ? node.attrs : {});
const text = (value: unknown): string => (typeof value === "string" ? value : "");

function readMarks(value: unknown, mode: ReadMode): Mark[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const marks: Mark[] = [];
  for (const mark of value) {
    if (!isObject(mark)) continue;
    if (mark.type === "bold") marks.push({ type: "bold" });
    else if (mark.type === "link") marks.push({ type: "link", attrs: { href: text(attrs(mark).href) } });
    else if (mark.type === "language") {
      // Words in another language (a code Copress knows; anything else reads as the document's language).
      const lang = text(attrs(mark).lang);
      if (isKnownLanguage(lang)) marks.push({ type: "language", attrs: { lang: languageOf(lang).code } });
    } else if (mode === "strict")
      throw new DocumentContentError(`The PDF does not know the text style "${String(mark.type)}".`);
  }
  return marks;
}

function readInline(value: unknown, mode: ReadMode): InlineNode {
  if (!isObject(value)) throw new DocumentContentError("A line of text is malformed.");
  if (value.type === "text") return { type: "text", text: text(value.text), marks: readMarks(value.marks, mode) };
  if (value.type === "hardBreak") return { type: "hardBreak" };
  throw new DocumentContentError(`The PDF does not know the inline content "${String(value.type)}".`);
}

function readParagraph(value: unknown, mode: ReadMode): ParagraphNode {
  if (!isObject(value) || value.type !== "paragraph") throw new DocumentContentError("Expected a paragraph here.");
  return { type: "paragraph", content: readEach(children(value), readInline, mode) };
}

function readListItem(value: unknown, mode: ReadMode): ListItemNode {
  if (!isObject(value) || value.type !== "listItem") throw new DocumentContentError("A list holds list items only.");
  return { type: "listItem", content: readEach(children(value), readBlock, mode) };
}

function readBlock(value: unknown, mode: ReadMode): BlockNode {
  if (!isObject(value) || !isBlockType(value.type)) {
    throw new DocumentContentError(
      `The PDF does not know the block "${isObject(value) ? String(value.type) : typeof value}".`,
    );
  }
  const type = value.type as BlockNode["type"];
  const a = attrs(value);
  switch (type) {
    case "paragraph":
      return readParagraph(value, mode);
    case "heading":
      return {
        type,
        attrs: { level: typeof a.level === "number" ? a.level : 3 },
        content: readEach(children(value), readInline, mode),
      };
    case "bulletList":
      return { type, content: readEach(children(value), readListItem, mode) };
    case "orderedList":
      return {
        type,
        attrs: { start: typeof a.start === "number" ? a.start : 1 },
        content: readEach(children(value), readListItem, mode),
      };
    case "image":
      return {
        type,
        attrs: { src: typeof a.src === "string" ? a.src : null, alt: text(a.alt), decorative: a.decorative === true },
      };
    case "keyInfo":
    case "contactBlock":
      return { type, content: readEach(children(value), readParagraph, mode) };
    case "easyReadRow":
      return {
        type,
        attrs: {
          imageSrc: typeof a.imageSrc === "string" && a.imageSrc ? a.imageSrc : null,
          imageAlt: text(a.imageAlt),
        },
        content: readEach(children(value), readParagraph, mode),
      };
    default:
      throw new UnreachableCaseError(type);
  }
}

/**
 * The sections of a canonical document's `content`, checked against the schema's node types, without the template
 * hints nobody filled in (app/editor/placeholders.ts): a hint is never printed. Open suggestions are printed as if
 * turned down (app/domain/suggestions.ts): suggested words are left out, words suggested for removal stay. The one
 * reader of documents for print: the PDF and releases read strictly, the live preview leniently (`ReadMode`).
 */
export function readSections(content: unknown, mode: ReadMode = "strict"): SectionNode[] {
  if (!isObject(content) || content.type !== "doc") {
    if (mode === "lenient") return [];
    throw new DocumentContentError("The document content is not a document.");
  }
  const values = children(withoutPlaceholders(withoutOpenSuggestions(content)));
  return values.flatMap((value, index) => {
    if (!isObject(value) || value.type !== "section") {
      if (mode === "lenient") return [];
      throw new DocumentContentError("A document holds sections only.");
    }
    const a = attrs(value);
    return {
      type: "section",
      attrs: {
        id: typeof a.id === "string" && a.id ? a.id : `section-${index + 1}`,
        title: text(a.title),
        owner: typeof a.owner === "string" ? a.owner : null,
        status: (a.status as SectionStatus) ?? "drafting",
        contentNote: typeof a.contentNote === "string" && a.contentNote.trim() ? a.contentNote : null,
      },
      content: readEach(children(value), readBlock, mode),
    } satisfies SectionNode;
  });
}

/** Plain text of inline content (for alt text, filenames and tests). */
export function inlineText(content: InlineNode[] | undefined): string {
  return (content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("");
}

/** Every image source the document refers to, so the caller can resolve them before mapping. */
export function imageSources(sections: SectionNode[]): string[] {
  const sources = new Set<string>();
  const visit = (block: BlockNode) => {
    if (block.type === "image" && block.attrs.src) sources.add(block.attrs.src);
    if (block.type === "easyReadRow" && block.attrs.imageSrc) sources.add(block.attrs.imageSrc);
    if (block.type === "bulletList" || block.type === "orderedList")
      block.content.forEach((item) => item.content.forEach(visit));
  };
  sections.forEach((section) => section.content.forEach(visit));
  return [...sources];
}
