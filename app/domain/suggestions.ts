/**
 * Suggestions (tracked changes) in the canonical document: words someone suggests adding carry an `insertion` mark,
 * words they suggest taking out a `deletion` mark, each with the suggestion's `id`, its author's person id
 * (`authorId`), when it was made (`createdAt`) and an optional short `reason` (app/editor/suggestion-marks.ts,
 * decision 020). Pure functions over ProseMirror JSON, shared by the editor, the checks, the renderers and the server.
 *
 * - The printed and published document is the text as if every open suggestion were turned down
 *   (`withoutOpenSuggestions`): suggested words are left out, words suggested for removal stay.
 * - The checks read the text as if every open suggestion were taken (`asIfAccepted`), so a writer sees where a
 *   suggestion leads.
 */
import { isObject, type Json } from "./json";
export const SUGGESTION_MARKS = ["insertion", "deletion"] as const;
export type SuggestionKind = (typeof SUGGESTION_MARKS)[number];
/** Longest reason kept with a suggestion. */
export const SUGGESTION_REASON_MAX = 280;
/** A suggestion id: letters, digits and dashes (the editor makes `sg-` and 12 characters). */
export const SUGGESTION_ID = /^[A-Za-z0-9_-]{1,40}$/;

export interface SuggestionMarkAttrs {
  id: string;
  authorId: string | null;
  createdAt: string | null;
  reason: string | null;
}

const childrenOf = (node: Json): unknown[] => (Array.isArray(node.content) ? node.content : []);

/** The suggestion mark on a text node's marks, if any (the marks exclude each other: at most one). */
export function suggestionMarkOf(marks: unknown): { kind: SuggestionKind; attrs: SuggestionMarkAttrs } | null {
  if (!Array.isArray(marks)) return null;
  for (const mark of marks) {
    if (!isObject(mark) || (mark.type !== "insertion" && mark.type !== "deletion")) continue;
    const attrs = isObject(mark.attrs) ? mark.attrs : {};
    return {
      kind: mark.type,
      attrs: {
        id: String(attrs.id ?? ""),
        authorId: typeof attrs.authorId === "string" ? attrs.authorId : null,
        createdAt: typeof attrs.createdAt === "string" ? attrs.createdAt : null,
        reason: typeof attrs.reason === "string" && attrs.reason.trim() ? attrs.reason.trim() : null,
      },
    };
  }
  return null;
}

type Keep = (kind: SuggestionKind | null, id: string | null) => "keep" | "drop" | "unmark";

/** A copy of the JSON with each text node kept, dropped or changed by `keep`; empty text runs disappear. */
function mapText(content: unknown, keep: Keep): unknown {
  if (!isObject(content)) return content;
  if (content.type === "text") {
    const mark = suggestionMarkOf(content.marks);
    const decision = keep(mark?.kind ?? null, mark?.attrs.id ?? null);
    if (decision === "drop") return null;
    if (decision === "unmark" && Array.isArray(content.marks)) {
      const marks = content.marks.filter((m) => !(isObject(m) && (m.type === "insertion" || m.type === "deletion")));
      const { marks: _old, ...rest } = content;
      return marks.length ? { ...rest, marks } : rest;
    }
    return content;
  }
  if (!Array.isArray(content.content)) return content;
  const mapped = content.content.map((child) => mapText(child, keep)).filter((child) => child !== null);
  return { ...content, content: mapped };
}

/** The document as printed and published while suggestions are open: suggested words left out, removals undone. */
export function withoutOpenSuggestions<T>(content: T): T {
  return mapText(content, (kind) => (kind === "insertion" ? "drop" : kind === "deletion" ? "unmark" : "keep")) as T;
}

/** The JSON with one suggestion turned down (the others left as they are). */
export function withoutSuggestion<T>(content: T, suggestionId: string): T {
  return mapText(content, (kind, id) =>
    id !== suggestionId ? "keep" : kind === "insertion" ? "drop" : kind === "deletion" ? "unmark" : "keep",
  ) as T;
}

/** The document as it would read if every open suggestion were taken. */
export function asIfAccepted<T>(content: T): T {
  return mapText(content, (kind) => (kind === "deletion" ? "drop" : kind === "insertion" ? "unmark" : "keep")) as T;
}

export interface OpenSuggestion {
  id: string;
  sectionId: string;
  sectionTitle: string;
  /** The section's owner in owned mode (who, with coordinators, may decide it there). */
  sectionOwner: string | null;
  authorId: string | null;
  /** insertion: words to add; deletion: words to take out; replacement: both. */
  kind: "insertion" | "deletion" | "replacement";
  /** The words suggested (for an insertion or a replacement). */
  text: string;
  /** The words suggested for removal (for a deletion or a replacement). */
  removed: string;
  reason: string | null;
  createdAt: string | null;
}

/** Every open suggestion in the document's content, in reading order. */
export function openSuggestions(content: unknown): OpenSuggestion[] {
  const byId = new Map<string, OpenSuggestion>();
  const order: OpenSuggestion[] = [];
  if (!isObject(content)) return order;
  for (const section of childrenOf(content)) {
    if (!isObject(section)) continue;
    const attrs = isObject(section.attrs) ? section.attrs : {};
    const walk = (node: unknown) => {
      if (!isObject(node)) return;
      if (node.type === "text") {
        const mark = suggestionMarkOf(node.marks);
        if (!mark || !mark.attrs.id) return;
        let entry = byId.get(mark.attrs.id);
        if (!entry) {
          entry = {
            id: mark.attrs.id,
            sectionId: String(attrs.id ?? ""),
            sectionTitle: String(attrs.title ?? ""),
            sectionOwner: typeof attrs.owner === "string" ? attrs.owner : null,
            authorId: mark.attrs.authorId,
            kind: mark.kind,
            text: "",
            removed: "",
            reason: mark.attrs.reason,
            createdAt: mark.attrs.createdAt,
          };
          byId.set(mark.attrs.id, entry);
          order.push(entry);
        }
        const words = String(node.text ?? "").replace(/\u200b/g, "");
        if (mark.kind === "insertion") entry.text += words;
        else entry.removed += words;
        if (entry.kind !== mark.kind) entry.kind = "replacement";
        entry.reason ??= mark.attrs.reason;
        return;
      }
      for (const child of childrenOf(node)) walk(child);
    };
    walk(section);
  }
  return order;
}

/** Ends a sentence with a full stop, unless it already ends with one (or another mark that ends it). */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]["”’)]?$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** "Suggested adding “…”", "Suggested taking out “…”", "Suggested “…” instead of “…”". */
export function suggestionSummary(suggestion: Pick<OpenSuggestion, "kind" | "text" | "removed">): string {
  const quote = (words: string) => `“${words.trim().length > 80 ? `${words.trim().slice(0, 79)}…` : words.trim()}”`;
  if (suggestion.kind === "insertion") return `Adding ${quote(suggestion.text)}`;
  if (suggestion.kind === "deletion") return `Taking out ${quote(suggestion.removed)}`;
  return `${quote(suggestion.text)} instead of ${quote(suggestion.removed)}`;
}
