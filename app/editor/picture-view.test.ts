// @vitest-environment jsdom
import { Editor, type JSONContent } from "@tiptap/core";
import { afterEach, describe, expect, it } from "vitest";
import { insertPicture } from "./insert-picture";
import { EDIT_PICTURE_EVENT, pictureCaption, PictureView } from "./picture-view";
import { documentExtensions } from "./schema";

const editors: Editor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  document.body.innerHTML = "";
});

function editorWith(blocks: JSONContent[], editable = true): Editor {
  const element = document.createElement("div");
  document.body.append(element);
  const editor = new Editor({
    element,
    editable,
    extensions: [...documentExtensions(), PictureView],
    content: { type: "doc", content: [{ type: "section", attrs: { id: "s-1", title: "One" }, content: blocks }] },
  });
  editors.push(editor);
  return editor;
}

const paragraph = (text?: string): JSONContent =>
  text ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" };
const blocks = (editor: Editor) =>
  editor.state.doc.child(0).content.content.map((block) => [block.type.name, block.textContent]);
const picture = { src: "/uploads/door", alt: "A front door", decorative: false };

describe("pictures in the editor", () => {
  it("go after the paragraph the caret is in, never splitting its sentence", () => {
    const editor = editorWith([paragraph("If you rent, you have the right to a home."), paragraph("Next.")]);
    editor.commands.setTextSelection(12); // in the middle of the first sentence
    expect(insertPicture(editor, picture)).toBe(true);
    expect(blocks(editor)).toEqual([
      ["paragraph", "If you rent, you have the right to a home."],
      ["image", ""],
      ["paragraph", "Next."],
    ]);
  });

  it("take the place of an empty paragraph", () => {
    const editor = editorWith([paragraph("Before."), paragraph(), paragraph("After.")]);
    editor.commands.setTextSelection(editor.state.doc.child(0).child(0).nodeSize + 2);
    insertPicture(editor, picture);
    expect(blocks(editor)).toEqual([
      ["paragraph", "Before."],
      ["image", ""],
      ["paragraph", "After."],
    ]);
  });

  it("show their description under them, and Change description asks the toolbar to open the dialog on them", () => {
    const editor = editorWith([paragraph("Words."), { type: "image", attrs: picture }]);
    const figure = editor.view.dom.querySelector("figure.doc-picture")!;
    expect(figure.querySelector("img")!.getAttribute("alt")).toBe("A front door");
    expect(figure.querySelector("figcaption")!.textContent).toContain("Description: A front door");
    // A screen reader hears "Picture", then the description from the picture itself, then the button.
    expect(figure.getAttribute("aria-label")).toBe("Picture");
    let asked = 0;
    editor.view.dom.addEventListener(EDIT_PICTURE_EVENT, () => (asked += 1));
    figure.querySelector("button")!.click();
    expect(asked).toBe(1);
    expect(editor.isActive("image")).toBe(true);
    editor.commands.updateAttributes("image", { alt: "A blue front door" });
    expect(figure.querySelector("figcaption")!.textContent).toContain("Description: A blue front door");
  });

  it("say when a picture is decoration or still needs a description", () => {
    expect(pictureCaption({ alt: "", decorative: true })).toBe("Only decoration: screen readers skip it.");
    expect(pictureCaption({ alt: "  " })).toBe("No description yet: say what the picture shows.");
  });

  it("offer no change to people who can only read", () => {
    const editor = editorWith([{ type: "image", attrs: picture }], false);
    let asked = 0;
    editor.view.dom.addEventListener(EDIT_PICTURE_EVENT, () => (asked += 1));
    editor.view.dom.querySelector<HTMLButtonElement>("figure button")!.click();
    expect(asked).toBe(0);
  });
});
