/**
 * The document as the live preview reads it: with the PDF's own reader (app/render/pdf/document-model.ts) in its
 * lenient mode, so the preview shows what it can while people type, prints what the PDF prints (no template hints
 * nobody filled in, open suggestions as if turned down) and leaves out only what it cannot read.
 */
import type { Template } from "~/domain/template";
import type { Json } from "~/domain/json";
import { readSections as readDocument } from "~/render/pdf/document-model";

export type PreviewTemplate = Omit<Template, "starterSections">;

/** The node shapes the preview draws (the reader's typed nodes fit them). */
export interface InlineJson {
  type: string;
  text?: string;
  marks?: Array<{ type: string; attrs?: Json }>;
}
export interface BlockJson {
  type: string;
  attrs?: Json;
  content?: Array<BlockJson & InlineJson>;
}
export interface SectionJson {
  type: "section";
  attrs?: { id?: string; title?: string; contentNote?: string | null };
  content?: BlockJson[];
}

export interface PreviewContent {
  type?: string;
  content?: unknown[];
}

/** The sections as printed: hints nobody filled in, and boxes or lists of nothing else, are left out. */
export function readSections(content: PreviewContent): SectionJson[] {
  return readDocument(content, "lenient");
}

export const textOf = (node: { content?: InlineJson[] }): string =>
  (node.content ?? []).map((inline) => inline.text ?? "").join("");
