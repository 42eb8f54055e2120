import type { Editor } from "@tiptap/core";

/**
 * Gives the focus back to the text with the editor's own selection (the words chosen before a dialog opened).
 * A closed `<dialog>` hands the focus back to the text by itself and the browser puts a caret of its own there,
 * which the editor may read as the person's new selection a moment later; TipTap's `focus()` does nothing when the
 * text already has the focus. ProseMirror's `view.focus()` writes the editor's selection to the page at once.
 */
export function focusText(editor: Editor): void {
  if (editor.isDestroyed) return;
  editor.view.focus();
  editor.commands.scrollIntoView();
}
