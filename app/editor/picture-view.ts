/**
 * A picture in the editor, drawn at a size that leaves the words in sight (the PDF and web version size it for
 * print), with its description under it and a "Change description" button, so writers can see and mend what a
 * screen reader will say without knowing the More menu's "Picture description". The document schema stays in
 * schema.ts; this is only the editor's drawing of it.
 */
import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { NodeSelection, Plugin, PluginKey } from "@tiptap/pm/state";
import type { EditorView, NodeView } from "@tiptap/pm/view";
import { isAllowedImageSource } from "../domain/links";

/** Dispatched on the editor's element when someone asks to change a picture's description (the toolbar opens it). */
export const EDIT_PICTURE_EVENT = "copress:edit-picture";

/** What is said under a picture: its description, that it is decoration, or that it still needs one. */
export function pictureCaption(attrs: { alt?: unknown; decorative?: unknown }): string {
  const alt = String(attrs.alt ?? "").trim();
  if (attrs.decorative) return "Only decoration: screen readers skip it.";
  return alt ? `Description: ${alt}` : "No description yet: say what the picture shows.";
}

function pictureView(initial: ProseMirrorNode, view: EditorView, getPos: () => number | undefined): NodeView {
  const dom = document.createElement("figure");
  dom.className = "doc-picture";
  dom.contentEditable = "false";
  const image = document.createElement("img");
  const caption = document.createElement("figcaption");
  caption.className = "doc-picture__caption";
  const words = document.createElement("span");
  const change = document.createElement("button");
  change.type = "button";
  change.className = "button button--secondary button--small doc-picture__change";
  change.textContent = "Change description";
  caption.append(words, " ", change);
  dom.append(image, caption);
  change.addEventListener("click", (event) => {
    event.preventDefault();
    const pos = getPos();
    if (pos === undefined || !view.editable) return;
    view.dispatch(view.state.tr.setSelection(NodeSelection.create(view.state.doc, pos)));
    view.dom.dispatchEvent(new CustomEvent(EDIT_PICTURE_EVENT, { bubbles: true }));
  });
  const draw = (node: ProseMirrorNode) => {
    const src = typeof node.attrs.src === "string" && isAllowedImageSource(node.attrs.src) ? node.attrs.src : "";
    if (image.getAttribute("src") !== src) image.setAttribute("src", src);
    const decorative = Boolean(node.attrs.decorative);
    image.alt = decorative ? "" : String(node.attrs.alt ?? "");
    image.toggleAttribute("role", decorative);
    if (decorative) image.setAttribute("role", "presentation");
    words.textContent = pictureCaption(node.attrs);
    // The caption repeats the description: screen readers hear it once, from the picture itself.
    words.setAttribute("aria-hidden", "true");
    // Named for what it is, not by its caption's button ("Change description"), which is all of the caption a screen
    // reader would otherwise take as the figure's name.
    dom.setAttribute("aria-label", decorative ? "Decoration" : "Picture");
  };
  draw(initial);
  return {
    dom,
    update(node) {
      if (node.type !== initial.type) return false;
      draw(node);
      return true;
    },
    // The button is the person's, not the editor's: clicks on it never move the selection or start a drag.
    stopEvent: (event) => change.contains(event.target as Node),
    ignoreMutation: () => true,
  };
}

export const PictureView = Extension.create({
  name: "pictureView",
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("pictureView"),
        props: {
          nodeViews: { image: (node, view, getPos) => pictureView(node, view, getPos as () => number | undefined) },
        },
      }),
    ];
  },
});
