/**
 * Template hints ("placeholders"): a template's starter text is not text in the document but a `placeholder`
 * attribute on an empty paragraph or heading (see `TemplateHints` in schema.ts). The editor shows it greyed until
 * someone types there; nothing else ever treats it as words: the HTML, the PDF, the preview and the checks' text
 * all leave it out, and the checks report a hint that is still unfilled as a must-fix finding.
 *
 * Pure functions over ProseMirror JSON (the canonical document's `content`), shared by the renderers, the preview
 * and the checks.
 */
import { isObject, type Json } from "./json";

/** The block types that can carry a hint (textblocks of the schema). */
export const PLACEHOLDER_TYPES = ["paragraph", "heading"] as const;

const childrenOf = (node: Json): unknown[] => (Array.isArray(node.content) ? node.content : []);
const attrsOf = (node: Json): Json => (isObject(node.attrs) ? node.attrs : {});

/** The hint a block carries, trimmed, or null. */
export function placeholderOf(node: unknown): string | null {
  if (!isObject(node) || !(PLACEHOLDER_TYPES as readonly unknown[]).includes(node.type)) return null;
  const hint = attrsOf(node).placeholder;
  return typeof hint === "string" && hint.trim() ? hint.trim() : null;
}

/** Whether a textblock has nothing a reader would see: no characters but white space, and no line breaks. */
function hasNoWords(node: Json): boolean {
  return childrenOf(node).every(
    (child) => isObject(child) && child.type === "text" && typeof child.text === "string" && child.text.trim() === "",
  );
}

/** A block that still shows its template hint: it has one and nobody has written anything in it. */
export function isUnfilledPlaceholder(node: unknown): boolean {
  return placeholderOf(node) !== null && hasNoWords(node as Json);
}

const CONTAINERS = new Set(["bulletList", "orderedList", "listItem", "keyInfo", "contactBlock"]);

/**
 * Whether a block would print nothing because everything in it is an unfilled hint: the hint itself, or a list,
 * list item, key information box or contact box holding only unfilled hints, or an Easy Read row with no picture
 * and only unfilled hints. Such blocks are left out of every output (an empty box or bullet would look unfinished).
 */
export function printsNothing(node: unknown): boolean {
  if (!isObject(node)) return false;
  if (isUnfilledPlaceholder(node)) return true;
  const type = String(node.type);
  const children = childrenOf(node);
  if (CONTAINERS.has(type)) return children.length > 0 && children.every(printsNothing);
  if (type === "easyReadRow") {
    const src = attrsOf(node).imageSrc;
    return !(typeof src === "string" && src) && children.length > 0 && children.every(printsNothing);
  }
  return false;
}

/**
 * The document's content without anything that prints nothing (see `printsNothing`), for outputs that do not need
 * ProseMirror positions (the PDF, the preview). Sections stay, even when nothing is left in them. The input is not
 * changed. Outputs that need positions (the HTML for the checks) skip such blocks as they walk instead.
 */
export function withoutPlaceholders<T>(content: T): T {
  const prune = (node: unknown): unknown => {
    if (!isObject(node) || !Array.isArray(node.content)) return node;
    return { ...node, content: node.content.filter((child) => !printsNothing(child)).map(prune) };
  };
  return prune(content) as T;
}

/** Text compared loosely: case, white space and a closing full stop or ellipsis do not matter. */
export function normaliseStarterText(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/(\.\.\.|[.…])$/u, "")
    .trim()
    .toLowerCase();
}

/**
 * Every starter text of some templates, normalised: their hints, and any words they still give as plain text.
 * Documents made before hints existed hold these words as text; the checks find them by equality.
 */
export function starterTextsOf(
  templates: Iterable<{ starterSections?: ReadonlyArray<{ blocks: readonly unknown[] }> }>,
): Set<string> {
  const texts = new Set<string>();
  const visit = (node: unknown) => {
    if (!isObject(node)) return;
    const hint = placeholderOf(node);
    if (hint) texts.add(normaliseStarterText(hint));
    if ((PLACEHOLDER_TYPES as readonly unknown[]).includes(node.type)) {
      const words = childrenOf(node)
        .map((child) => (isObject(child) && typeof child.text === "string" ? child.text : ""))
        .join("");
      if (words.trim()) texts.add(normaliseStarterText(words));
      return;
    }
    childrenOf(node).forEach(visit);
  };
  for (const template of templates) for (const section of template.starterSections ?? []) section.blocks.forEach(visit);
  texts.delete("");
  return texts;
}
