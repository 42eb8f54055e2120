/**
 * The one document schema (docs/ARCHITECTURE.md, "The Y.Doc of a document"): TipTap extensions used by the editor in the browser and,
 * headless, by the server (seeding, canonical JSON, checks, HTML and PDF). Change it here and everything follows.
 */
import { Extension, Node, mergeAttributes, type AnyExtension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import Bold from "@tiptap/extension-bold";
import HardBreak from "@tiptap/extension-hard-break";
import Heading from "@tiptap/extension-heading";
// Sub-paths: each list part alone (the package's index also loads task lists); see decision 017.
import { BulletList } from "@tiptap/extension-list/bullet-list";
import { ListItem } from "@tiptap/extension-list/item";
import { ListKeymap } from "@tiptap/extension-list/keymap";
import { OrderedList } from "@tiptap/extension-list/ordered-list";
import Paragraph from "@tiptap/extension-paragraph";
import Text from "@tiptap/extension-text";
import { isUnfilledPlaceholder, PLACEHOLDER_TYPES } from "../domain/placeholders";
import { Link } from "./link";
import { Deletion, Insertion, Modification } from "./suggestion-marks";
import { LanguageMark } from "./language-mark";

/** "needs-someone": its owner stepped back and nobody has taken it yet (issue 15). */
export const SECTION_STATUSES = ["drafting", "ready-for-review", "done", "needs-someone"] as const;
export type SectionStatus = (typeof SECTION_STATUSES)[number];
export const STATUS_LABELS: Record<SectionStatus, string> = {
  drafting: "Drafting",
  "ready-for-review": "Ready for review",
  done: "Done",
  "needs-someone": "Needs someone",
};

/** Images that have neither alt text nor an explicit "decorative" mark (ProseMirror JSON in, image nodes out). */
export function imagesMissingAlt(document: unknown): Array<{ src: string | null }> {
  const found: Array<{ src: string | null }> = [];
  const walk = (node: { type?: string; attrs?: Record<string, unknown>; content?: unknown[] }) => {
    if (node.type === "image" && !node.attrs?.decorative && !String(node.attrs?.alt ?? "").trim())
      found.push({ src: (node.attrs?.src as string) ?? null });
    if (node.type === "easyReadRow" && node.attrs?.imageSrc && !String(node.attrs?.imageAlt ?? "").trim())
      found.push({ src: node.attrs.imageSrc as string });
    for (const child of node.content ?? []) walk(child as typeof node);
  };
  walk(document as Parameters<typeof walk>[0]);
  return found;
}

export function newSectionId(): string {
  return `s-${globalThis.crypto.randomUUID().slice(0, 8)}`;
}

const CopressDocument = Node.create({
  name: "doc",
  topNode: true,
  content: "section+",
});

export const Section = Node.create({
  name: "section",
  content: "block+",
  defining: true,
  isolating: true,
  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-section-id"),
        renderHTML: (a) => ({ "data-section-id": a.id }),
      },
      title: {
        default: "",
        parseHTML: (el) => el.getAttribute("data-title") ?? "",
        renderHTML: (a) => ({ "data-title": a.title }),
      },
      owner: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-owner"),
        renderHTML: (a) => (a.owner ? { "data-owner": a.owner } : {}),
      },
      status: {
        default: "drafting",
        parseHTML: (el) => el.getAttribute("data-status") ?? "drafting",
        renderHTML: (a) => ({ "data-status": a.status }),
      },
      contentNote: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-content-note"),
        renderHTML: (a) => (a.contentNote ? { "data-content-note": a.contentNote } : {}),
      },
      /** A short note from the previous owner when a section is handed over ("I've done the first part…"). */
      handoverNote: { default: null, parseHTML: () => null, renderHTML: () => ({}) },
    };
  },
  parseHTML() {
    return [{ tag: "section[data-section-id]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["section", mergeAttributes(HTMLAttributes, { class: "doc-section" }), 0];
  },
});

export const Image = Node.create({
  name: "image",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return {
      src: { default: null },
      alt: { default: "" },
      // The credit a picture's licence asks for (app/domain/picture-credits.ts); never read from pasted HTML.
      credit: { default: null, parseHTML: () => null, rendered: false },
      decorative: {
        default: false,
        parseHTML: (el) => el.getAttribute("role") === "presentation" || el.getAttribute("alt") === "",
      },
    };
  },
  parseHTML() {
    return [{ tag: "img[src]" }];
  },
  renderHTML({ node }) {
    const { src, alt, decorative } = node.attrs as { src: string; alt: string; decorative: boolean };
    return ["img", { src, alt: decorative ? "" : alt, ...(decorative ? { role: "presentation" } : {}) }];
  },
});

export const KeyInfo = Node.create({
  name: "keyInfo",
  group: "block",
  content: "paragraph+",
  defining: true,
  parseHTML() {
    return [{ tag: 'aside[data-type="key-info"]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["aside", mergeAttributes(HTMLAttributes, { "data-type": "key-info", class: "key-info" }), 0];
  },
});

export const ContactBlock = Node.create({
  name: "contactBlock",
  group: "block",
  content: "paragraph+",
  defining: true,
  parseHTML() {
    return [{ tag: 'div[data-type="contact-block"]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes(HTMLAttributes, { "data-type": "contact-block", class: "contact-block" }), 0];
  },
});

export const EasyReadRow = Node.create({
  name: "easyReadRow",
  group: "block",
  content: "paragraph+",
  defining: true,
  addAttributes() {
    return {
      imageSrc: { default: null, parseHTML: (el) => el.getAttribute("data-image-src") },
      imageAlt: { default: "", parseHTML: (el) => el.getAttribute("data-image-alt") ?? "" },
      imageCredit: { default: null, parseHTML: () => null, rendered: false },
    };
  },
  parseHTML() {
    return [{ tag: 'div[data-type="easy-read-row"]' }];
  },
  renderHTML({ node }) {
    return [
      "div",
      {
        "data-type": "easy-read-row",
        class: "easy-read-row",
        "data-image-src": node.attrs.imageSrc ?? "",
        "data-image-alt": node.attrs.imageAlt ?? "",
      },
      0,
    ];
  },
});

/** CSS class of a block that shows its template hint (the hint itself is in `data-placeholder`). */
export const TEMPLATE_HINT_CLASS = "template-hint";

function hintDecorations(doc: ProseMirrorNode): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // Only while the block is empty: a block holding just a space is still unfilled (spaces are not words), but the
    // hint's grid would hide that space, and the browser would put the caret before it, or in the block above.
    if (node.attrs.placeholder && node.content.size === 0 && isUnfilledPlaceholder(node.toJSON())) {
      const hint = String(node.attrs.placeholder).trim();
      // A heading with no words would be announced as an empty heading: it is named by its hint instead. (A
      // paragraph may not be named; its hint is read from the stylesheet's alternative text.)
      const name = node.type.name === "heading" ? { "aria-label": `Hint: ${hint}` } : {};
      decorations.push(
        Decoration.node(pos, pos + node.nodeSize, { class: TEMPLATE_HINT_CLASS, "data-placeholder": hint, ...name }),
      );
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

const templateHintsKey = new PluginKey<DecorationSet>("templateHints");

/**
 * Template hints (placeholders, app/editor/placeholders.ts): `placeholder` on paragraphs and headings holds the
 * template's hint for an empty block. It is part of the document (the Y.Doc and the canonical JSON keep it) but
 * never part of its words. In an editor, a block whose hint is unfilled gets the `template-hint` class and the hint
 * in `data-placeholder`, which the stylesheet shows greyed (and announces as "Hint: …"); typing replaces it. A block
 * split off a hinted one starts without a hint, and copying never carries one (it is not written into HTML).
 */
export const TemplateHints = Extension.create({
  name: "templateHints",
  addGlobalAttributes() {
    return [
      {
        types: [...PLACEHOLDER_TYPES],
        attributes: {
          placeholder: { default: null, keepOnSplit: false, parseHTML: () => null, renderHTML: () => ({}) },
        },
      },
    ];
  },
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: templateHintsKey,
        state: {
          init: (_config, state) => hintDecorations(state.doc),
          apply: (transaction, previous) => (transaction.docChanged ? hintDecorations(transaction.doc) : previous),
        },
        props: { decorations: (state) => templateHintsKey.getState(state) },
      }),
    ];
  },
});

export const HEADING_LEVELS = [2, 3, 4] as const;

/** Every extension that defines the document's nodes and marks. Editor-only behaviour is added by the editor. */
export function documentExtensions(overrides: { section?: AnyExtension } = {}): AnyExtension[] {
  return [
    CopressDocument,
    // The building blocks a leaflet uses, and nothing else (no code, quotes, strike-through or rules): what is not
    // in the schema can't be pasted in, and isn't loaded by the editor page (issue 12's weight budget).
    // Each paragraph reads in the direction of its first letter (English in an Arabic leaflet), as in print.
    Paragraph.configure({ HTMLAttributes: { dir: "auto" } }),
    Text,
    Bold,
    Heading.configure({ levels: [...HEADING_LEVELS], HTMLAttributes: { dir: "auto" } }),
    BulletList,
    OrderedList,
    ListItem,
    ListKeymap,
    HardBreak,
    // The drop and gap cursors are editor-only: the editor adds them once its page is idle (editor/later-cursors.ts).
    // Collaboration brings a per-person undo (the Yjs UndoManager): no ProseMirror history here.
    Link,
    // Words in another language than the document's (issue 16).
    LanguageMark,
    // Suggestions are marks on the words (decision 020).
    Insertion,
    Deletion,
    Modification,
    overrides.section ?? Section,
    Image,
    KeyInfo,
    ContactBlock,
    EasyReadRow,
    TemplateHints,
  ];
}
