/**
 * Suggestions are marks on the text (decision 020): `insertion` on words someone suggests adding, `deletion` on words
 * they suggest taking out; a replacement is a deletion next to an insertion with the same id. The names and the `id`
 * attribute are those of `@handlewithcare/prosemirror-suggest-changes`, whose editing commands the editor uses; Copress
 * adds who suggested it (`authorId`, the person's id), when (`createdAt`) and why (`reason`).
 *
 * `modification` (a suggested change of formatting) is declared because that library needs the mark type, but
 * Copress does not offer it: a suggestion changes words, and the server refuses anything else from people who may
 * only suggest.
 */
import { Mark, mergeAttributes } from "@tiptap/core";
import { SUGGESTION_REASON_MAX } from "../domain/suggestions";

/** Meta on a transaction that is already a suggestion (or changes only the person's own suggestions' details). */
export const SUGGESTED = "copressSuggested";

function suggestionAttributes() {
  return {
    // Not written as HTML attributes: `attributesOnPage` writes what the page needs (an id would repeat per run).
    id: { default: null, rendered: false },
    authorId: { default: null, rendered: false },
    createdAt: { default: null, rendered: false },
    reason: { default: null, rendered: false },
  };
}

function attributesOnPage(kind: "insertion" | "deletion", attrs: Record<string, unknown>) {
  const reason = typeof attrs.reason === "string" ? attrs.reason.slice(0, SUGGESTION_REASON_MAX) : null;
  return {
    "data-suggestion-id": String(attrs.id ?? ""),
    "data-suggestion-author": String(attrs.authorId ?? ""),
    class: `suggestion suggestion-${kind}`,
    ...(reason ? { "data-suggestion-reason": reason } : {}),
  };
}

export const Insertion = Mark.create({
  name: "insertion",
  inclusive: false,
  excludes: "insertion deletion modification",
  addAttributes: suggestionAttributes,
  parseHTML() {
    return []; // never read from pasted HTML: a copy must not carry someone's suggestion under their name
  },
  renderHTML({ mark, HTMLAttributes }) {
    return ["ins", mergeAttributes(HTMLAttributes, attributesOnPage("insertion", mark.attrs)), 0];
  },
});

export const Deletion = Mark.create({
  name: "deletion",
  inclusive: false,
  excludes: "insertion deletion modification",
  addAttributes: suggestionAttributes,
  parseHTML() {
    return [];
  },
  renderHTML({ mark, HTMLAttributes }) {
    return ["del", mergeAttributes(HTMLAttributes, attributesOnPage("deletion", mark.attrs)), 0];
  },
});

export const Modification = Mark.create({
  name: "modification",
  inclusive: false,
  excludes: "insertion deletion",
  addAttributes() {
    return {
      id: { default: null },
      type: { default: null },
      attrName: { default: null },
      previousValue: { default: null },
      newValue: { default: null },
    };
  },
  parseHTML() {
    return [];
  },
  renderHTML() {
    return ["span", { "data-type": "modification" }, 0];
  },
});
