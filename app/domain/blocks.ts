/**
 * Every kind of block a section can hold, declared once (issue 13). The templates (which blocks a template allows,
 * starter content), the document reader behind the PDF and releases, and the editor's schema all take the list from
 * here: `app/editor/schema.test.ts` checks the schema makes exactly these block nodes, and the reader's types must
 * name exactly these (a compile error otherwise).
 */
export const BLOCK_TYPES = [
  "paragraph",
  "heading",
  "bulletList",
  "orderedList",
  "image",
  "keyInfo",
  "contactBlock",
  "easyReadRow",
] as const;

export type BlockType = (typeof BLOCK_TYPES)[number];

const known = new Set<string>(BLOCK_TYPES);

export function isBlockType(value: unknown): value is BlockType {
  return typeof value === "string" && known.has(value);
}
