/**
 * Comments in the editor: where each thread's words are now, and highlights on them (a new comment's anchor is in
 * comment-anchor.ts).
 * Threads live in the document's `comments` map (app/domain/comment-threads.ts), written only by the server's
 * comments API; anchors are Yjs relative positions, which follow the words as others edit before or inside them.
 */
import { Extension } from "@tiptap/core";
import type { EditorState } from "@tiptap/pm/state";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { base64ToBytes, readThreadRecords, type CommentThreadRecord } from "~/domain/comment-threads";

export type { CommentMessage } from "~/domain/comment-threads";

export interface CommentThread extends CommentThreadRecord {
  /** Current range in the editor, or null when the commented text was deleted. */
  range: { from: number; to: number } | null;
}

/** The editor's binding to the shared document (y-prosemirror's). */
export function bindingOf(state: EditorState) {
  const binding = ySyncPluginKey.getState(state)?.binding as
    { doc: Y.Doc; type: Y.XmlFragment; mapping: Map<unknown, unknown> } | undefined;
  if (!binding) throw new Error("The editor is not connected to a shared document.");
  return binding;
}

/** The top-level section containing a position, by id. */
export function sectionIdAt(state: EditorState, pos: number): string | null {
  const $pos = state.doc.resolve(Math.min(Math.max(pos, 0), state.doc.content.size));
  for (let depth = $pos.depth; depth >= 1; depth--) {
    const node = $pos.node(depth);
    if (node.type.name === "section") return String(node.attrs.id);
  }
  return null;
}

/** Every thread with its current range in the editor, in document order (threads whose text is gone last). */
export function readThreads(state: EditorState): CommentThread[] {
  const binding = bindingOf(state);
  const resolve = (encoded: string) => {
    if (!encoded) return null;
    try {
      return relativePositionToAbsolutePosition(
        binding.doc,
        binding.type,
        Y.decodeRelativePosition(base64ToBytes(encoded)),
        binding.mapping as never,
      );
    } catch {
      return null;
    }
  };
  return readThreadRecords(binding.doc)
    .map((thread) => {
      const from = resolve(thread.anchor);
      const to = resolve(thread.head);
      return { ...thread, range: from !== null && to !== null && to > from ? { from, to } : null };
    })
    .sort((a, b) => (a.range?.from ?? Infinity) - (b.range?.from ?? Infinity));
}

const commentHighlightKey = new PluginKey<DecorationSet>("commentHighlights");

/** Highlights the text of open comment threads; recomputed whenever the document or the comments change. */
export const CommentHighlights = Extension.create<{ activeThreadId: () => string | null }>({
  name: "commentHighlights",
  addOptions() {
    return { activeThreadId: () => null };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    const build = (state: EditorState) => {
      let threads: CommentThread[] = [];
      try {
        threads = readThreads(state);
      } catch {
        return DecorationSet.empty;
      }
      const active = options.activeThreadId();
      const decorations = threads
        .filter((t) => !t.resolved && t.range)
        .map((t) =>
          Decoration.inline(t.range!.from, t.range!.to, {
            class: t.id === active ? "comment-highlight comment-highlight--active" : "comment-highlight",
            "data-thread-id": t.id,
          }),
        );
      return DecorationSet.create(state.doc, decorations);
    };
    return [
      new Plugin({
        key: commentHighlightKey,
        state: {
          init: (_, state) => build(state),
          // Anchors are read from the shared document, whose map to the editor's positions is only up to date for
          // changes that came from it (someone else's edit, a reload). The person's own typing reaches the shared
          // document after this transaction, so their highlights move with the edit itself instead (read there, the
          // highlight slipped by what they had just typed until someone else's edit arrived).
          apply: (tr, old, _oldState, newState) => {
            if (tr.getMeta(commentHighlightKey) || ySyncPluginKey.getState(newState) === undefined)
              return build(newState);
            if (!tr.docChanged) return old;
            const fromSharedDocument = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)
              ?.isChangeOrigin;
            return fromSharedDocument ? build(newState) : old.map(tr.mapping, tr.doc);
          },
        },
        props: { decorations: (state) => commentHighlightKey.getState(state) },
      }),
    ];
  },
});

/** Asks the highlight plugin to redraw (after the comments map changed without a document change). */
export function refreshCommentHighlights(view: { state: EditorState; dispatch: (tr: EditorState["tr"]) => void }) {
  view.dispatch(view.state.tr.setMeta(commentHighlightKey, true));
}
