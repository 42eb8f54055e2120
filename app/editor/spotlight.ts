/**
 * "Show in the text": puts some words in the middle of the screen, lights them up for a few seconds and leaves the
 * person's cursor on them, so they can see (and a screen reader can say) where they are. Used by the checks and
 * comments panels. The light is a decoration (class `spotlight`), not only a selection, because a selection is hard
 * to see on a phone and disappears as soon as the person taps elsewhere.
 */
import { Extension, type Editor } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { NodeSelection, Plugin, PluginKey, TextSelection, type Selection, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

/** How long the words stay lit up. */
export const SPOTLIGHT_MS = 4000;

export interface SpotlightRange {
  from: number;
  to: number;
}

interface SpotlightState {
  range: SpotlightRange | null;
  decorations: DecorationSet;
}

export const spotlightKey = new PluginKey<SpotlightState>("spotlight");

function decorate(doc: ProseMirrorNode, range: SpotlightRange | null): DecorationSet {
  if (!range || range.from < 0 || range.to > doc.content.size || range.to <= range.from) return DecorationSet.empty;
  const node = doc.nodeAt(range.from);
  // A whole block (a picture, a heading, a section) gets a node decoration; words get an inline one.
  if (node && !node.isInline && range.from + node.nodeSize === range.to)
    return DecorationSet.create(doc, [Decoration.node(range.from, range.to, { class: "spotlight" })]);
  return DecorationSet.create(doc, [Decoration.inline(range.from, range.to, { class: "spotlight" })]);
}

export const Spotlight = Extension.create({
  name: "spotlight",
  addProseMirrorPlugins() {
    return [
      new Plugin<SpotlightState>({
        key: spotlightKey,
        state: {
          init: () => ({ range: null, decorations: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const next = tr.getMeta(spotlightKey) as { range: SpotlightRange | null } | undefined;
            if (next) return { range: next.range, decorations: decorate(state.doc, next.range) };
            if (!tr.docChanged || !value.range) return value;
            const from = tr.mapping.map(value.range.from, 1);
            const to = tr.mapping.map(value.range.to, -1);
            const range = to > from ? { from, to } : null;
            return { range, decorations: range ? value.decorations.map(tr.mapping, tr.doc) : DecorationSet.empty };
          },
        },
        props: { decorations: (state) => spotlightKey.getState(state)?.decorations ?? DecorationSet.empty },
      }),
    ];
  },
});

/** Longer than this, the words are lit up but not selected: the caret goes before them. */
export const MOST_WORDS_SELECTED = 6;

/**
 * The selection that best stands for a range: the words themselves (a word or a short phrase, ready to be typed
 * over), the caret before them when they are more (a long sentence: one key pressed would replace it all), or the
 * whole picture.
 */
export function selectionFor(doc: ProseMirrorNode, range: SpotlightRange): Selection {
  const node = doc.nodeAt(range.from);
  if (node?.isAtom && range.from + node.nodeSize === range.to) return NodeSelection.create(doc, range.from);
  if (node && !node.isInline && !node.isText) return TextSelection.near(doc.resolve(range.from + 1));
  const words = doc.textBetween(range.from, range.to, " ").trim().split(/\s+/).length;
  if (words > MOST_WORDS_SELECTED) return TextSelection.create(doc, range.from);
  return TextSelection.create(doc, range.from, range.to);
}

/** Adds the spotlight to a transaction (so callers can combine it with their own meta in one dispatch). */
export function withSpotlight(tr: Transaction, range: SpotlightRange | null): Transaction {
  return tr.setMeta(spotlightKey, { range }).setMeta("addToHistory", false);
}

const timers = new WeakMap<Editor, ReturnType<typeof setTimeout>>();

/**
 * Selects the range, lights it up for `SPOTLIGHT_MS`, puts it in the middle of the screen and moves focus to the
 * text there. `tr` lets a caller add its own meta (e.g. which finding is current). False when the range is gone.
 */
export function showInText(
  editor: Editor,
  range: SpotlightRange,
  build: (tr: Transaction) => Transaction = (tr) => tr,
): boolean {
  if (editor.isDestroyed) return false;
  const { state, view } = editor;
  if (range.from < 0 || range.to > state.doc.content.size || range.to <= range.from) return false;
  view.dispatch(build(withSpotlight(state.tr.setSelection(selectionFor(state.doc, range)), range)));
  // Focus first without scrolling (ProseMirror focuses with preventScroll), then centre the words ourselves: the
  // editor's own scrolling only brings them to the nearest edge, where a pinned toolbar or a phone's bar hides them.
  view.focus();
  const lit = view.dom.querySelector(".spotlight");
  if (lit) lit.scrollIntoView({ block: "center", inline: "nearest" });
  else {
    const { node } = view.domAtPos(range.from);
    (node instanceof Element ? node : node.parentElement)?.scrollIntoView({ block: "center", inline: "nearest" });
  }
  clearTimeout(timers.get(editor));
  timers.set(
    editor,
    setTimeout(() => {
      if (!editor.isDestroyed) editor.view.dispatch(withSpotlight(editor.state.tr, null));
    }, SPOTLIGHT_MS),
  );
  return true;
}
