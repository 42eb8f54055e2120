/**
 * Suggestions in the Y.Doc (decision 020): a suggestion is an `insertion` or `deletion` formatting attribute on the
 * text of a section, written by y-tiptap from the editor's marks (app/editor/suggestion-marks.ts).
 *
 * - `onlyOwnSuggestions` is the server's rule for a change from someone who may only suggest in a section (people who
 *   may comment, and writers in a section someone else owns): take away that person's own suggestions from the
 *   section before and after the change, and the two must be the same. So they can add and take back their own
 *   suggested words and removals, and nothing else: no plain typing, no other person's name on a suggestion, no
 *   touching anyone else's suggestion.
 * - `decideSuggestion` takes or turns down one suggestion, as the server does for `POST …/suggestions/:id`.
 */
import * as Y from "yjs";
import { canonicalJson } from "../../app/domain/document-hash";
import { SUGGESTION_ID, SUGGESTION_REASON_MAX, type SuggestionKind } from "../../app/domain/suggestions";

const MARK_KEY = /^(insertion|deletion)(?:--.*)?$/;
const ATTR_KEYS = new Set(["id", "authorId", "createdAt", "reason"]);

type Attributes = Record<string, unknown>;
interface DeltaRun {
  insert: unknown;
  attributes?: Attributes;
}

function suggestionIn(
  attributes: Attributes | undefined,
): { kind: SuggestionKind; key: string; value: unknown } | null {
  if (!attributes) return null;
  for (const [key, value] of Object.entries(attributes)) {
    const match = MARK_KEY.exec(key);
    if (match && value !== null && value !== undefined) return { kind: match[1] as SuggestionKind, key, value };
  }
  return null;
}

function authorOf(value: unknown): string | null {
  return typeof value === "object" && value !== null && typeof (value as Attributes).authorId === "string"
    ? ((value as Attributes).authorId as string)
    : null;
}

function idOf(value: unknown): string | null {
  return typeof value === "object" && value !== null && typeof (value as Attributes).id === "string"
    ? ((value as Attributes).id as string)
    : null;
}

/** Is this a suggestion mark Copress writes: the four attributes, a proper id, a short reason? */
function wellFormed(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const attrs = value as Attributes;
  if (Object.keys(attrs).some((key) => !ATTR_KEYS.has(key))) return false;
  if (typeof attrs.id !== "string" || !SUGGESTION_ID.test(attrs.id)) return false;
  if (attrs.createdAt !== null && attrs.createdAt !== undefined) {
    if (typeof attrs.createdAt !== "string" || attrs.createdAt.length > 40) return false;
  }
  if (attrs.reason !== null && attrs.reason !== undefined) {
    if (typeof attrs.reason !== "string" || attrs.reason.length > SUGGESTION_REASON_MAX) return false;
  }
  return true;
}

/**
 * A section as JSON with one person's suggestions taken back: their suggested words left out, their removals
 * undone. Throws (a refusal) when their suggestions are not plain, well-formed suggested words.
 */
function withoutSuggestionsOf(node: Y.XmlElement | Y.XmlText, userId: string): unknown {
  if (node instanceof Y.XmlText) {
    const runs: DeltaRun[] = [];
    for (const run of node.toDelta() as DeltaRun[]) {
      const suggestion = suggestionIn(run.attributes);
      let attributes = run.attributes;
      if (suggestion && authorOf(suggestion.value) === userId) {
        if (!wellFormed(suggestion.value)) throw new Error("A suggestion is malformed.");
        if (suggestion.kind === "insertion") {
          if (typeof run.insert !== "string") throw new Error("Only words can be suggested.");
          continue;
        }
        attributes = Object.fromEntries(Object.entries(attributes!).filter(([key]) => key !== suggestion.key));
      }
      const clean = attributes && Object.keys(attributes).length ? attributes : undefined;
      const last = runs.at(-1);
      if (
        last &&
        typeof last.insert === "string" &&
        typeof run.insert === "string" &&
        canonicalJson(last.attributes ?? null) === canonicalJson(clean ?? null)
      )
        last.insert += run.insert;
      else runs.push(clean ? { insert: run.insert, attributes: clean } : { insert: run.insert });
    }
    return { text: runs };
  }
  return {
    element: node.nodeName,
    attributes: node.getAttributes(),
    // A text with nothing left in it is no text: words suggested into an empty paragraph (a template hint) come in a
    // text the editor adds for them, which is all there is to take back.
    children: node
      .toArray()
      .map((child) => withoutSuggestionsOf(child as Y.XmlElement | Y.XmlText, userId))
      .filter((child) => !(isTextJson(child) && child.text.length === 0)),
  };
}

function isTextJson(value: unknown): value is { text: DeltaRun[] } {
  return typeof value === "object" && value !== null && Array.isArray((value as { text?: unknown }).text);
}

/**
 * True when `after` differs from `before` only by `userId`'s own suggestions (see the top of this file). Both are the
 * same section, before and after a change; `after` is null when the change removes the section.
 */
export function onlyOwnSuggestions(before: Y.XmlElement, after: Y.XmlElement | null, userId: string): boolean {
  if (!after) return false;
  try {
    return canonicalJson(withoutSuggestionsOf(before, userId)) === canonicalJson(withoutSuggestionsOf(after, userId));
  } catch {
    return false;
  }
}

/** The ids of one person's suggestions in a section. */
export function suggestionIdsOf(section: Y.XmlElement, userId: string): Set<string> {
  const ids = new Set<string>();
  const walk = (node: Y.XmlElement | Y.XmlText) => {
    if (node instanceof Y.XmlText) {
      for (const run of node.toDelta() as DeltaRun[]) {
        const suggestion = suggestionIn(run.attributes);
        const id = suggestion ? idOf(suggestion.value) : null;
        if (suggestion && id && authorOf(suggestion.value) === userId) ids.add(id);
      }
      return;
    }
    for (const child of node.toArray()) walk(child as Y.XmlElement | Y.XmlText);
  };
  walk(section);
  return ids;
}

export interface FoundSuggestion {
  section: Y.XmlElement;
  /** The text runs that carry it, as (text, index, length, kind). */
  runs: Array<{ text: Y.XmlText; index: number; length: number; kind: SuggestionKind; key: string }>;
}

/** Where a suggestion is in the document's content, or null. */
export function findSuggestion(doc: Y.Doc, suggestionId: string): FoundSuggestion | null {
  let found: FoundSuggestion | null = null;
  for (const section of doc.getXmlFragment("content").toArray()) {
    if (!(section instanceof Y.XmlElement)) continue;
    const runs: FoundSuggestion["runs"] = [];
    const walk = (node: Y.XmlElement | Y.XmlText) => {
      if (node instanceof Y.XmlText) {
        let index = 0;
        for (const run of node.toDelta() as DeltaRun[]) {
          const length = typeof run.insert === "string" ? run.insert.length : 1;
          const suggestion = suggestionIn(run.attributes);
          if (suggestion && idOf(suggestion.value) === suggestionId)
            runs.push({ text: node, index, length, kind: suggestion.kind, key: suggestion.key });
          index += length;
        }
        return;
      }
      for (const child of node.toArray()) walk(child as Y.XmlElement | Y.XmlText);
    };
    walk(section);
    if (runs.length) {
      found = { section, runs };
      break;
    }
  }
  return found;
}

/**
 * Takes (`accept`) or turns down (`reject`) a suggestion found by `findSuggestion`, inside the caller's transaction.
 * Taking it keeps the suggested words (still the suggester's own, as the history shows) and removes the words marked
 * for removal; turning it down does the opposite.
 */
export function decideSuggestion(found: FoundSuggestion, decision: "accept" | "reject") {
  // From the end, so earlier indexes stay right.
  for (const run of [...found.runs].reverse()) {
    const keepWords = (run.kind === "insertion") === (decision === "accept");
    if (keepWords) run.text.format(run.index, run.length, { [run.key]: null });
    else run.text.delete(run.index, run.length);
  }
}
