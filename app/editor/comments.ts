/**
 * Comments: threads kept in the document's `comments` Y.Map, so everyone sees them at once and they work offline.
 * Each thread is a nested Y.Map (so concurrent replies never overwrite each other) anchored with Yjs relative
 * positions, which follow the text as others edit before or inside it.
 *
 *   comments: Y.Map<threadId, Y.Map{ id, sectionId, anchor, head (base64 relative positions), quote,
 *                                     createdBy, createdByName, createdAt, resolved, resolvedBy,
 *                                     messages: Y.Array<{ id, authorId, authorName, text, at }> }>
 */
import { Extension } from "@tiptap/core";
import type { EditorState } from "@tiptap/pm/state";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";

export interface CommentMessage {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  at: string;
}

export interface CommentThread {
  id: string;
  sectionId: string;
  quote: string;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  resolved: boolean;
  resolvedBy: string | null;
  messages: CommentMessage[];
  /** Current range in the editor, or null when the commented text was deleted. */
  range: { from: number; to: number } | null;
}

export interface CommentAuthor {
  id: string;
  name: string;
}

export const MAX_COMMENT_LENGTH = 2000;

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bindingOf(state: EditorState) {
  const binding = ySyncPluginKey.getState(state)?.binding as
    | { doc: Y.Doc; type: Y.XmlFragment; mapping: Map<unknown, unknown> }
    | undefined;
  if (!binding) throw new Error("The editor is not connected to a shared document.");
  return binding;
}

export function newId(prefix: string): string {
  return `${prefix}-${globalThis.crypto.randomUUID().slice(0, 12)}`;
}

function cleanText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new Error("Write a comment first.");
  if (trimmed.length > MAX_COMMENT_LENGTH) throw new Error(`Keep comments under ${MAX_COMMENT_LENGTH} characters.`);
  return trimmed;
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

/** Starts a thread on the current selection. Throws with a plain message when there is nothing selected. */
export function addCommentThread(state: EditorState, author: CommentAuthor, text: string): string {
  const { from, to, empty } = state.selection;
  if (empty) throw new Error("Select some text to comment on first.");
  const body = cleanText(text);
  const binding = bindingOf(state);
  const sectionId = sectionIdAt(state, from);
  if (!sectionId) throw new Error("Select text inside a section to comment on it.");
  const anchor = Y.encodeRelativePosition(absolutePositionToRelativePosition(from, binding.type, binding.mapping as never));
  const head = Y.encodeRelativePosition(absolutePositionToRelativePosition(to, binding.type, binding.mapping as never));
  const id = newId("c");
  const now = new Date().toISOString();
  binding.doc.transact(() => {
    const thread = new Y.Map<unknown>();
    thread.set("id", id);
    thread.set("sectionId", sectionId);
    thread.set("anchor", toBase64(anchor));
    thread.set("head", toBase64(head));
    thread.set("quote", state.doc.textBetween(from, to, " ").slice(0, 300));
    thread.set("createdBy", author.id);
    thread.set("createdByName", author.name);
    thread.set("createdAt", now);
    thread.set("resolved", false);
    thread.set("resolvedBy", null);
    const messages = new Y.Array<CommentMessage>();
    messages.push([{ id: newId("m"), authorId: author.id, authorName: author.name, text: body, at: now }]);
    thread.set("messages", messages);
    binding.doc.getMap("comments").set(id, thread);
  });
  return id;
}

function threadMap(doc: Y.Doc, threadId: string): Y.Map<unknown> {
  const thread = doc.getMap("comments").get(threadId);
  if (!(thread instanceof Y.Map)) throw new Error("That comment no longer exists.");
  return thread;
}

export function replyToThread(doc: Y.Doc, threadId: string, author: CommentAuthor, text: string) {
  const body = cleanText(text);
  const messages = threadMap(doc, threadId).get("messages") as Y.Array<CommentMessage>;
  messages.push([{ id: newId("m"), authorId: author.id, authorName: author.name, text: body, at: new Date().toISOString() }]);
}

export function setThreadResolved(doc: Y.Doc, threadId: string, author: CommentAuthor, resolved: boolean) {
  const thread = threadMap(doc, threadId);
  doc.transact(() => {
    thread.set("resolved", resolved);
    thread.set("resolvedBy", resolved ? author.name : null);
  });
}

/** Every thread with its current range in the editor, in document order (threads whose text is gone last). */
export function readThreads(state: EditorState): CommentThread[] {
  const binding = bindingOf(state);
  const threads: CommentThread[] = [];
  for (const value of binding.doc.getMap("comments").values()) {
    if (!(value instanceof Y.Map)) continue;
    const resolve = (key: string) => {
      const encoded = value.get(key);
      if (typeof encoded !== "string") return null;
      try {
        return relativePositionToAbsolutePosition(binding.doc, binding.type, Y.decodeRelativePosition(fromBase64(encoded)), binding.mapping as never);
      } catch {
        return null;
      }
    };
    const from = resolve("anchor");
    const to = resolve("head");
    const messages = value.get("messages");
    threads.push({
      id: String(value.get("id")),
      sectionId: String(value.get("sectionId") ?? ""),
      quote: String(value.get("quote") ?? ""),
      createdBy: String(value.get("createdBy") ?? ""),
      createdByName: String(value.get("createdByName") ?? ""),
      createdAt: String(value.get("createdAt") ?? ""),
      resolved: value.get("resolved") === true,
      resolvedBy: (value.get("resolvedBy") as string | null) ?? null,
      messages: messages instanceof Y.Array ? (messages.toArray() as CommentMessage[]) : [],
      range: from !== null && to !== null && to > from ? { from, to } : null,
    });
  }
  return threads.sort((a, b) => (a.range?.from ?? Infinity) - (b.range?.from ?? Infinity));
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
          apply: (tr, old, _oldState, newState) => (tr.docChanged || tr.getMeta(commentHighlightKey) ? build(newState) : old),
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
