// @vitest-environment jsdom
import { Editor, type JSONContent } from "@tiptap/core";
import { afterEach, describe, expect, it } from "vitest";
import { EasyReadRowView, insertEasyReadRow, rowPicture, setRowPicture } from "./easy-read";
import { documentExtensions } from "./schema";

const editors: Editor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  document.body.innerHTML = "";
});

function editorWith(blocks: JSONContent[]): Editor {
  const element = document.createElement("div");
  document.body.append(element);
  const editor = new Editor({
    element,
    extensions: [...documentExtensions(), EasyReadRowView],
    content: { type: "doc", content: [{ type: "section", attrs: { id: "s-1", title: "One" }, content: blocks }] },
  });
  editors.push(editor);
  return editor;
}

const row = (text: string, imageSrc: string | null = null, imageAlt = "") => ({
  type: "easyReadRow",
  attrs: { imageSrc, imageAlt },
  content: [{ type: "paragraph", content: [{ type: "text", text }] }],
});

describe("Easy Read rows in the editor", () => {
  it("adds an empty row after the one the caret is in, with the caret in it, ready to type", () => {
    const editor = editorWith([row("First idea."), row("Last idea.")]);
    editor.commands.setTextSelection(4); // in "First idea."
    expect(insertEasyReadRow(editor)).toBe(true);
    editor.commands.insertContent("A new idea.");
    const rows = editor.state.doc.child(0).content.content.map((block) => [block.type.name, block.textContent]);
    expect(rows).toEqual([
      ["easyReadRow", "First idea."],
      ["easyReadRow", "A new idea."],
      ["easyReadRow", "Last idea."],
    ]);
  });

  it("adds a row after a plain paragraph too", () => {
    const editor = editorWith([{ type: "paragraph", content: [{ type: "text", text: "Intro" }] }]);
    editor.commands.setTextSelection(3);
    expect(insertEasyReadRow(editor)).toBe(true);
    expect(editor.state.doc.child(0).content.content.map((block) => block.type.name)).toEqual([
      "paragraph",
      "easyReadRow",
    ]);
    expect(rowPicture(editor)).toEqual({ src: null, alt: "" });
  });

  it("gives the row the caret is in its picture and description, and changes only the description later", () => {
    const editor = editorWith([row("Call us.")]);
    editor.commands.setTextSelection(4);
    expect(setRowPicture(editor, "/api/uploads/phone", "A phone")).toBe(true);
    expect(rowPicture(editor)).toEqual({ src: "/api/uploads/phone", alt: "A phone" });
    expect(setRowPicture(editor, null, "A mobile phone")).toBe(true);
    expect(rowPicture(editor)).toEqual({ src: "/api/uploads/phone", alt: "A mobile phone" });
  });

  it("shows the row's picture beside its words in the editor, and only safe sources", () => {
    const editor = editorWith([
      row("Call us.", "/api/uploads/phone", "A phone"),
      row("Not this.", "javascript:alert(1)", "Bad"),
    ]);
    const pictures = () =>
      [...editor.view.dom.querySelectorAll(".easy-read-row__picture")].map(
        (frame) => frame.querySelector("img")?.getAttribute("alt") ?? null,
      );
    expect(pictures()).toEqual(["A phone", null]);
    expect(editor.view.dom.querySelector(".easy-read-row__words")!.textContent).toBe("Call us.");
    editor.commands.setTextSelection(4);
    setRowPicture(editor, null, "A mobile phone");
    expect(pictures()).toEqual(["A mobile phone", null]);
  });

  it("does nothing outside a row", () => {
    const editor = editorWith([{ type: "paragraph", content: [{ type: "text", text: "Intro" }] }]);
    editor.commands.setTextSelection(3);
    expect(rowPicture(editor)).toBeNull();
    expect(setRowPicture(editor, "/api/uploads/x", "X")).toBe(false);
  });
});
