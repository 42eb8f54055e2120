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
import { Plugin, PluginKey, TextSelection } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import type { Node as ProseMirrorNode, Mark, MarkType } from "@tiptap/pm/model";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import { ReplaceStep } from "@tiptap/pm/transform";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { canEditSection, type OwnershipMode, type SectionEditor } from "../domain/sections";
import { SUGGESTION_MARKS, type OpenSuggestion } from "../domain/suggestions";
import { sectionsTouched } from "./owned-sections";
import { SUGGESTED } from "./suggestion-marks";

export { SUGGESTED };

export interface SuggestingOptions {
  person: () => SectionEditor;
  mode: () => OwnershipMode;
  /** Told, in plain words, when an edit cannot be a suggestion and was not made. */
  onRefused: (message: string) => void;
  /** A person's name from their id (for "Suggested by Abi" on the words), or null. */
  nameOf: (id: string) => string | null;
  /** The keyboard moved to a suggestion (Alt+Down / Alt+Up): say which. Null when there is none that way. */
  onMove: (suggestion: SuggestionInText | null) => void;
  /** Ctrl+Alt+Enter / Ctrl+Alt+Backspace on a suggestion. */
  onDecide: (suggestion: SuggestionInText, decision: "accept" | "reject") => void;
}

/** An open suggestion as the editor sees it: where its words are now. */
export interface SuggestionInText extends OpenSuggestion {
  from: number;
  to: number;
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    suggesting: {
      /** Turns suggesting mode on or off. */
      setSuggesting: (on: boolean) => ReturnType;
    };
  }
}

/** Whether the person has switched suggesting on (the Suggest button). */
const suggestingKey = new PluginKey<{ enabled: boolean }>("suggesting");

export function isSuggesting(state: EditorState): boolean {
  return suggestingKey.getState(state)?.enabled ?? false;
}

type Transform = typeof import("@handlewithcare/prosemirror-suggest-changes").transformToSuggestionTransaction;
let transform: Transform | null = null;
let loading: Promise<void> | null = null;

/**
 * Loads the library that turns typing into suggestions. Not part of what the editor page needs to start typing (the
 * weight budget, decision 016): the page asks for it at once for people who can only suggest, and when it is idle
 * for everyone else.
 */
export function loadSuggesting(): Promise<void> {
  loading ??= import("@handlewithcare/prosemirror-suggest-changes").then((library) => {
    transform = library.transformToSuggestionTransaction;
  });
  return loading;
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

/**
 * Typing (the caret ends right after the words typed): the caret goes right after the suggested words, wherever
 * the library put them (after words marked for removal when typing over a selection). Mapping the old caret instead
 * can leave it between the removal and the new words, and the next key would then go before the first.
 */
function placeCaretAfterTyping(original: Transaction, tracked: Transaction) {
  const step = original.steps.length === 1 ? original.steps[0] : null;
  if (!(step instanceof ReplaceStep) || step.slice.size === 0 || !original.selection.empty) return;
  if (original.selection.from !== step.from + step.slice.size) return;
  for (let index = tracked.steps.length - 1; index >= 0; index--) {
    const inserted = tracked.steps[index];
    if (!(inserted instanceof ReplaceStep) || inserted.slice.size !== step.slice.size) continue;
    const end = tracked.mapping.slice(index + 1).map(inserted.from + inserted.slice.size, -1);
    tracked.setSelection(TextSelection.create(tracked.doc, end));
    return;
  }
}

/** Every open suggestion in the editor's document, in reading order, with where its words are. */
export function suggestionsInDoc(doc: ProseMirrorNode): SuggestionInText[] {
  const byId = new Map<string, SuggestionInText>();
  const list: SuggestionInText[] = [];
  doc.forEach((section, offset) => {
    section.descendants((node, pos) => {
      const mark = node.isText ? suggestionMark(node.marks) : undefined;
      if (!mark) return true;
      const id = String(mark.attrs.id ?? "");
      const from = offset + 1 + pos;
      const to = from + node.nodeSize;
      const words = (node.text ?? "").replace(/\u200b/g, "");
      let entry = byId.get(id);
      if (!entry) {
        entry = {
          id,
          sectionId: String(section.attrs.id ?? ""),
          sectionTitle: String(section.attrs.title ?? ""),
          sectionOwner: (section.attrs.owner as string | null) ?? null,
          authorId: (mark.attrs.authorId as string | null) ?? null,
          kind: mark.type.name as "insertion" | "deletion",
          text: "",
          removed: "",
          reason: (mark.attrs.reason as string | null) || null,
          createdAt: (mark.attrs.createdAt as string | null) ?? null,
          from,
          to,
        };
        byId.set(id, entry);
        list.push(entry);
      }
      if (mark.type.name === "insertion") entry.text += words;
      else entry.removed += words;
      if (entry.kind !== mark.type.name) entry.kind = "replacement";
      entry.from = Math.min(entry.from, from);
      entry.to = Math.max(entry.to, to);
      return false;
    });
  });
  return list;
}

/** The suggestion at the selection, if any. */
export function suggestionAt(state: EditorState): SuggestionInText | null {
  const { from, to } = state.selection;
  return suggestionsInDoc(state.doc).find((s) => s.from <= to && s.to >= from) ?? null;
}

/** Selects a suggestion's words and scrolls them into view. */
export function selectSuggestion(state: EditorState, suggestion: SuggestionInText): Transaction {
  return state.tr.setSelection(TextSelection.create(state.doc, suggestion.from, suggestion.to)).scrollIntoView();
}

/**
 * Where the caret is now. The browser may have moved it (Ctrl+Home, a screen reader) a moment before the editor hears
 * of it, so the page's own selection is read when it is in the text.
 */
function caretNow(view: EditorView): { from: number; to: number } {
  const selection = view.dom.ownerDocument.getSelection();
  if (selection?.anchorNode && selection.focusNode && view.dom.contains(selection.focusNode)) {
    try {
      const anchor = view.posAtDOM(selection.anchorNode, selection.anchorOffset);
      const head = view.posAtDOM(selection.focusNode, selection.focusOffset);
      return { from: Math.min(anchor, head), to: Math.max(anchor, head) };
    } catch {
      // not a place in the document (a widget): use the editor's own selection
    }
  }
  return { from: view.state.selection.from, to: view.state.selection.to };
}

const namesKey = new PluginKey<DecorationSet>("suggestionNames");

/** "Suggested by Abi" on each suggestion's words (the name shows on hover, and the colour is the person's). */
function nameDecorations(doc: ProseMirrorNode, nameOf: (id: string) => string | null): DecorationSet {
  const decorations = suggestionsInDoc(doc).map((suggestion) => {
    const name = suggestion.authorId ? nameOf(suggestion.authorId) : null;
    return Decoration.inline(suggestion.from, suggestion.to, {
      title: `Suggested by ${name ?? "someone"}${suggestion.reason ? `: ${suggestion.reason}` : ""}`,
    });
  });
  return DecorationSet.create(doc, decorations);
}

/**
 * Takes back one of the person's own suggestions: its suggested words go, and the words it would remove stay (their
 * mark goes). The server allows this of the suggestion's author alone (server/sync/suggestions.ts).
 */
export function withdrawSuggestion(state: EditorState, id: string): Transaction {
  const tr = state.tr.setMeta(SUGGESTED, true);
  const runs: Array<{ from: number; to: number; mark: Mark }> = [];
  state.doc.descendants((node, pos) => {
    const mark = node.isText ? suggestionMark(node.marks) : undefined;
    if (mark && mark.attrs.id === id) runs.push({ from: pos, to: pos + node.nodeSize, mark });
    return true;
  });
  // From the end, so the earlier positions stay right.
  for (const { from, to, mark } of runs.reverse()) {
    if (mark.type.name === "insertion") tr.delete(from, to);
    else tr.removeMark(from, to, mark.type);
  }
  return tr;
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
      nameOf: () => null,
      onMove: () => {},
      onDecide: () => {},
    };
  },
  addProseMirrorPlugins() {
    const nameOf = (id: string) => this.options.nameOf(id);
    return [
      new Plugin<{ enabled: boolean }>({
        key: suggestingKey,
        state: {
          init: () => ({ enabled: false }),
          apply: (tr, value) => (tr.getMeta(suggestingKey) as { enabled: boolean } | undefined) ?? value,
        },
      }),
      new Plugin<DecorationSet>({
        key: namesKey,
        state: {
          init: (_config, state) => nameDecorations(state.doc, nameOf),
          apply: (tr, previous) => (tr.docChanged ? nameDecorations(tr.doc, nameOf) : previous),
        },
        props: { decorations: (state) => namesKey.getState(state) },
      }),
    ];
  },
  addKeyboardShortcuts() {
    const move = (forward: boolean) => {
      const { state, view } = this.editor;
      const all = suggestionsInDoc(state.doc);
      const { from, to } = caretNow(view);
      // Inside a suggestion that is not chosen yet: that one first.
      const inside = all.find((s) => s.from <= from && s.to >= to && !(s.from === from && s.to === to));
      const next =
        inside ??
        (forward ? all.find((s) => s.from >= to && s.to > to) : all.findLast((s) => s.to <= from && s.from < from));
      if (next) view.dispatch(selectSuggestion(state, next));
      this.options.onMove(next ?? null);
      return true;
    };
    const decide = (decision: "accept" | "reject") => {
      const current = suggestionAt(this.editor.state);
      if (!current) {
        this.options.onMove(null);
        return true;
      }
      this.options.onDecide(current, decision);
      return true;
    };
    return {
      "Alt-ArrowDown": () => move(true),
      "Alt-ArrowUp": () => move(false),
      "Mod-Alt-Enter": () => decide("accept"),
      "Mod-Alt-Backspace": () => decide("reject"),
    };
  },
  addCommands() {
    return {
      setSuggesting:
        (on) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(suggestingKey, { enabled: on }).setMeta("addToHistory", false);
          if (on) void loadSuggesting();
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
      isSuggesting(state) ||
      !person.canEditContent ||
      sectionsTouched(state.doc, tr).some(
        (section) => !canEditSection(person, mode, section.attrs.owner as string | null),
      );
    if (!mustSuggest) return next(tr);
    const refusal = suggestionRefusal(tr, person.userId);
    // A writer who is not suggesting, in a section someone else owns: the owned-sections filter says why, there.
    if (refusal && person.canEditContent && !isSuggesting(state)) return next(tr);
    if (refusal) {
      this.options.onRefused(refusal);
      return;
    }
    if (!transform) {
      void loadSuggesting();
      this.options.onRefused("Getting suggestions ready. Please type that again in a moment.");
      return;
    }
    const tracked = transform(tr, state, () => newSuggestionId());
    placeCaretAfterTyping(tr, tracked);
    signSuggestions(tracked, person.userId);
    next(tracked.setMeta(SUGGESTED, true));
  },
});
