/**
 * Suggesting mode (issue 15, decision 020). With it on — and always, wherever the person may not change the words
 * themselves (people who may only comment; a writer in a section someone else owns) — what they type is shown as a
 * suggestion instead of changing the text: `@handlewithcare/prosemirror-suggest-changes` turns the editing
 * transaction into one that marks removed words with `deletion` and added words with `insertion`, and this extension
 * signs each new mark with the person's id and the time.
 *
 * A suggestion changes words within a paragraph. Anything else (a new paragraph, formatting, another person's
 * suggestion) is not turned into a suggestion: it is refused here with a plain message, and the server refuses it
 * too (server/sync/suggestions.ts), so a modified client gets no further.
 */
import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode, Mark, MarkType } from "@tiptap/pm/model";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import { ReplaceStep } from "@tiptap/pm/transform";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import {
  isSuggestChangesEnabled,
  suggestChanges,
  suggestChangesKey,
  transformToSuggestionTransaction,
} from "@handlewithcare/prosemirror-suggest-changes";
import { canEditSection, type OwnershipMode, type SectionEditor } from "../domain/sections";
import { SUGGESTION_MARKS } from "../domain/suggestions";
import { sectionsTouched } from "./owned-sections";
import { SUGGESTED } from "./suggestion-marks";

export { SUGGESTED };

export interface SuggestingOptions {
  person: () => SectionEditor;
  mode: () => OwnershipMode;
  /** Told, in plain words, when an edit cannot be a suggestion and was not made. */
  onRefused: (message: string) => void;
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    suggesting: {
      /** Turns suggesting mode on or off. */
      setSuggesting: (on: boolean) => ReturnType;
    };
  }
}

export function isSuggesting(state: EditorState): boolean {
  return isSuggestChangesEnabled(state);
}

export function newSuggestionId(): string {
  return `sg-${globalThis.crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

function suggestionMark(marks: readonly Mark[]): Mark | undefined {
  return marks.find((mark) => (SUGGESTION_MARKS as readonly string[]).includes(mark.type.name));
}

/** Why this edit cannot be made as a suggestion, or null when it can. */
export function suggestionRefusal(tr: Transaction, userId: string): string | null {
  for (let index = 0; index < tr.steps.length; index++) {
    const step = tr.steps[index]!;
    const doc = tr.docs[index]!;
    if (!(step instanceof ReplaceStep))
      return "Only changes to the words can be suggested. To suggest other changes, add a comment.";
    const $from = doc.resolve(step.from);
    const $to = doc.resolve(step.to);
    const slice = step.slice;
    let wordsOnly = slice.openStart === 0 && slice.openEnd === 0;
    slice.content.forEach((node) => {
      if (!node.isText) wordsOnly = false;
    });
    if (!$from.sameParent($to) || !$from.parent.isTextblock || !wordsOnly)
      return "You can suggest changes to the words within a paragraph. To suggest a new paragraph, a list or a picture, add a comment.";
    let othersSuggestion = false;
    doc.nodesBetween(step.from, step.to, (node) => {
      const mark = node.isText ? suggestionMark(node.marks) : undefined;
      if (mark && mark.attrs.authorId !== userId) othersSuggestion = true;
    });
    if (othersSuggestion) return "Those words are someone else's suggestion. To change it, reply to it with a comment.";
  }
  return null;
}

/** The range of the final document that the transaction's steps touched (null when none). */
function touchedRange(tr: Transaction): { from: number; to: number } | null {
  let from = Infinity;
  let to = -Infinity;
  tr.steps.forEach((step, index) => {
    const json = step.toJSON() as { from?: number; to?: number };
    if (typeof json.from !== "number") return;
    const later = tr.mapping.slice(index);
    const stepMap = step.getMap();
    const end = stepMap.map(json.to ?? json.from, 1);
    from = Math.min(from, later.map(stepMap.map(json.from, -1), -1));
    to = Math.max(to, later.map(end, 1));
  });
  return from <= to ? { from: Math.max(0, from), to: Math.min(tr.doc.content.size, to) } : null;
}

/** Each suggestion id in the document, with its author and its first time and reason. */
function suggestionsIn(doc: ProseMirrorNode): Map<string, { authorId: unknown; createdAt: unknown; reason: unknown }> {
  const found = new Map<string, { authorId: unknown; createdAt: unknown; reason: unknown }>();
  doc.descendants((node) => {
    const mark = node.isText ? suggestionMark(node.marks) : undefined;
    if (mark && mark.attrs.authorId && !found.has(String(mark.attrs.id)))
      found.set(String(mark.attrs.id), {
        authorId: mark.attrs.authorId,
        createdAt: mark.attrs.createdAt,
        reason: mark.attrs.reason,
      });
    return true;
  });
  return found;
}

/**
 * Signs the suggestion marks the library just made (they have no author yet) with this person's id and the time.
 * The library joins a new suggestion to one right beside it by reusing its id: next to someone else's, a new id is
 * used instead, so nobody's suggestion ever holds another person's words.
 */
export function signSuggestions(tr: Transaction, userId: string, now = new Date().toISOString()) {
  const range = touchedRange(tr);
  if (!range) return;
  const known = suggestionsIn(tr.doc);
  const renamed = new Map<string, string>();
  const unsigned: Array<{ from: number; to: number; mark: Mark }> = [];
  tr.doc.nodesBetween(range.from, range.to, (node, pos) => {
    const mark = node.isText ? suggestionMark(node.marks) : undefined;
    if (mark && !mark.attrs.authorId) unsigned.push({ from: pos, to: pos + node.nodeSize, mark });
  });
  for (const { from, to, mark } of unsigned) {
    const id = String(mark.attrs.id);
    const existing = known.get(id);
    let signedId = id;
    if (existing && existing.authorId !== userId) {
      signedId = renamed.get(id) ?? newSuggestionId();
      renamed.set(id, signedId);
    }
    const own = existing && existing.authorId === userId ? existing : null;
    const type: MarkType = mark.type;
    tr.removeMark(from, to, type);
    tr.addMark(
      from,
      to,
      type.create({ id: signedId, authorId: userId, createdAt: own?.createdAt ?? now, reason: own?.reason ?? null }),
    );
  }
}

/** Sets (or clears) the reason of one of the person's own suggestions. */
export function setSuggestionReason(state: EditorState, id: string, reason: string | null): Transaction {
  const tr = state.tr.setMeta(SUGGESTED, true);
  state.doc.descendants((node, pos) => {
    const mark = node.isText ? suggestionMark(node.marks) : undefined;
    if (mark && mark.attrs.id === id) {
      tr.removeMark(pos, pos + node.nodeSize, mark.type);
      tr.addMark(pos, pos + node.nodeSize, mark.type.create({ ...mark.attrs, reason }));
    }
    return true;
  });
  return tr;
}

export const Suggesting = Extension.create<SuggestingOptions>({
  name: "suggesting",
  addOptions() {
    return {
      person: () => ({ userId: "", canEditContent: false, isCoordinator: false }),
      mode: () => "collective",
      onRefused: () => {},
    };
  },
  addProseMirrorPlugins() {
    return [suggestChanges()];
  },
  addCommands() {
    return {
      setSuggesting:
        (on) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(suggestChangesKey, { enabled: on }).setMeta("addToHistory", false);
          return true;
        },
    };
  },
  dispatchTransaction({ transaction: tr, next }) {
    const ySync = (tr.getMeta(ySyncPluginKey) ?? {}) as { isChangeOrigin?: boolean; isUndoRedoOperation?: boolean };
    if (!tr.docChanged || ySync.isChangeOrigin || ySync.isUndoRedoOperation || tr.getMeta(SUGGESTED)) return next(tr);
    const state = this.editor.state;
    const person = this.options.person();
    const mode = this.options.mode();
    const mustSuggest =
      isSuggestChangesEnabled(state) ||
      !person.canEditContent ||
      sectionsTouched(state.doc, tr).some(
        (section) => !canEditSection(person, mode, section.attrs.owner as string | null),
      );
    if (!mustSuggest) return next(tr);
    const refusal = suggestionRefusal(tr, person.userId);
    if (refusal) {
      this.options.onRefused(refusal);
      return;
    }
    const tracked = transformToSuggestionTransaction(tr, state, () => newSuggestionId());
    signSuggestions(tracked, person.userId);
    next(tracked.setMeta(SUGGESTED, true));
  },
});
