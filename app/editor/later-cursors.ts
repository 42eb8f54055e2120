/**
 * The drop cursor (a line where dragged words or a picture will land) and the gap cursor (a caret beside a picture or
 * a box, where no words can go): help the editor gives, which typing does not need. The editor adds them once its page
 * is idle (issue 12's weight budget): the same ProseMirror plugins TipTap's Dropcursor and Gapcursor extensions add,
 * with TipTap's settings.
 */
import type { Editor } from "@tiptap/core";
import { dropCursor } from "@tiptap/pm/dropcursor";
import { gapCursor } from "@tiptap/pm/gapcursor";

export function addLaterCursors(editor: Editor): void {
  if (editor.isDestroyed) return;
  // Both at once: each change to the editor's plugins makes every plugin's view again.
  editor.registerPlugin(dropCursor({ color: "currentColor", width: 1 }), (drop, plugins) => [
    ...plugins,
    drop,
    gapCursor(),
  ]);
}
