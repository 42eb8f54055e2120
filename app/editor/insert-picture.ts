/**
 * Adding a picture to the text (the picture dialog's, loaded with it: kept out of picture-view.ts, which every editor
 * page loads at once).
 */
import type { Editor } from "@tiptap/core";

/**
 * Adds a picture after the block the caret is in (never in the middle of a sentence, splitting its paragraph), or in
 * place of an empty paragraph. Outside a section's blocks, at the caret.
 */
export function insertPicture(
  editor: Editor,
  attrs: { src: string; alt: string; decorative: boolean; credit?: string | null },
): boolean {
  const picture = { type: "image", attrs };
  const { $from } = editor.state.selection;
  if ($from.depth < 2 || $from.node(1).type.name !== "section")
    return editor.chain().focus().insertContent(picture).run();
  const block = $from.node(2);
  const emptyParagraph = block.type.name === "paragraph" && block.content.size === 0;
  const at = emptyParagraph ? { from: $from.before(2), to: $from.after(2) } : $from.after(2);
  return editor.chain().focus().insertContentAt(at, picture).run();
}
