/**
 * The document's comment threads for the editor page: read from the shared document and kept up to date as people
 * write and comment. Apart from the comments panel, which is only fetched when someone opens it (issue 12: the
 * editor's first load carries only what is needed to start typing), because the counts and underlines need the
 * threads from the start.
 */
import type { Editor } from "@tiptap/core";
import { startTransition, useEffect, useState } from "react";
import type * as Y from "yjs";
import { readThreads, refreshCommentHighlights, type CommentThread } from "~/editor/comments";

/** Every thread with its place in the text, kept up to date as people write and comment (none until the editor is made). */
export function useCommentThreads(editor: Editor | null, doc: Y.Doc): CommentThread[] {
  const [threads, setThreads] = useState<CommentThread[]>([]);
  useEffect(() => {
    if (!editor) return;
    // Typing where no comment is leaves the threads as they were: the page is not drawn again for that, nor in the
    // middle of typing (a transition gives way to keys and taps).
    const refresh = () => {
      const next = safeThreads(editor);
      startTransition(() =>
        setThreads((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next)),
      );
    };
    const comments = doc.getMap("comments");
    const onComments = () => {
      refresh();
      if (!editor.isDestroyed) refreshCommentHighlights(editor.view);
    };
    comments.observeDeep(onComments);
    editor.on("update", refresh);
    refresh();
    return () => {
      comments.unobserveDeep(onComments);
      editor.off("update", refresh);
    };
  }, [editor, doc]);
  return threads;
}

function safeThreads(editor: Editor): CommentThread[] {
  try {
    return readThreads(editor.state);
  } catch {
    return [];
  }
}
