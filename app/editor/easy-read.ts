/**
 * Easy Read rows in the editor: one idea per row, a picture beside it. People add a row from the toolbar's More menu
 * (after the block they are in) and give the row its picture with the Picture dialog while the caret is in the row.
 */
import { Extension, type Editor } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import type { NodeView } from "@tiptap/pm/view";
import { isAllowedImageSource } from "../domain/links";

/** Adds an empty Easy Read row after the block the caret is in, and puts the caret in it. False when it can't go there. */
export function insertEasyReadRow(editor: Editor): boolean {
  const { $from } = editor.state.selection;
  // doc > section > block: the row goes after the section's block that holds the caret (a whole row, a list…).
  if ($from.depth < 2 || $from.node(1).type.name !== "section") return false;
  const after = $from.after(2);
  return editor
    .chain()
    .focus()
    .insertContentAt(after, {
      type: "easyReadRow",
      attrs: { imageSrc: null, imageAlt: "" },
      content: [{ type: "paragraph" }],
    })
    .setTextSelection(after + 2)
    .run();
}

/** The picture of the Easy Read row the caret is in, or null when the caret is not in a row. */
export function rowPicture(editor: Editor): { src: string | null; alt: string } | null {
  if (!editor.isActive("easyReadRow")) return null;
  const attrs = editor.getAttributes("easyReadRow") as { imageSrc?: string | null; imageAlt?: string };
  return { src: attrs.imageSrc ?? null, alt: attrs.imageAlt ?? "" };
}

/**
 * Gives the row the caret is in its picture and description (keeping its picture when `src` is null), with the credit
 * a library picture's licence asks for (a new picture without one clears the old credit).
 */
export function setRowPicture(editor: Editor, src: string | null, alt: string, credit: string | null = null): boolean {
  const current = rowPicture(editor);
  if (!current) return false;
  return editor
    .chain()
    .focus()
    .updateAttributes("easyReadRow", {
      imageSrc: src ?? current.src,
      imageAlt: alt,
      ...(src ? { imageCredit: credit } : {}),
    })
    .run();
}

/** Draws a row's picture (or an empty frame for one) beside its words, as the preview and the PDF do. */
function rowView(initial: ProseMirrorNode): NodeView {
  const dom = document.createElement("div");
  dom.className = "easy-read-row";
  dom.dataset.type = "easy-read-row";
  const frame = document.createElement("div");
  frame.className = "easy-read-row__picture";
  frame.contentEditable = "false";
  const words = document.createElement("div");
  words.className = "easy-read-row__words";
  dom.append(frame, words);
  let shown = "";
  const draw = (node: ProseMirrorNode) => {
    const src =
      typeof node.attrs.imageSrc === "string" && isAllowedImageSource(node.attrs.imageSrc) ? node.attrs.imageSrc : "";
    const alt = String(node.attrs.imageAlt ?? "");
    if (`${src}\n${alt}` === shown) return;
    shown = `${src}\n${alt}`;
    frame.replaceChildren();
    if (src) {
      const image = document.createElement("img");
      image.src = src;
      image.alt = alt;
      frame.append(image);
    }
    frame.toggleAttribute("aria-hidden", !src); // an empty frame is only a frame
  };
  draw(initial);
  return {
    dom,
    contentDOM: words,
    update(node) {
      if (node.type !== initial.type) return false;
      draw(node);
      return true;
    },
    ignoreMutation: (mutation) => !words.contains(mutation.target),
  };
}

/** The editor's drawing of Easy Read rows (the document schema itself stays in schema.ts). */
export const EasyReadRowView = Extension.create({
  name: "easyReadRowView",
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("easyReadRowView"),
        props: { nodeViews: { easyReadRow: (node) => rowView(node) } },
      }),
    ];
  },
});
