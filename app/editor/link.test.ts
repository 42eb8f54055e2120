// @vitest-environment jsdom
import { Editor } from "@tiptap/core";
import { afterEach, describe, expect, it } from "vitest";
import { addressOf } from "./link";
import { documentExtensions } from "./schema";

const editors: Editor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  document.body.innerHTML = "";
});

function editorWith(text: string, html?: string): Editor {
  const element = document.createElement("div");
  document.body.append(element);
  const editor = new Editor({
    element,
    extensions: documentExtensions(),
    content: html ?? {
      type: "doc",
      content: [
        {
          type: "section",
          attrs: { id: "s-1", title: "One" },
          content: [{ type: "paragraph", content: text ? [{ type: "text", text }] : [] }],
        },
      ],
    },
  });
  editors.push(editor);
  return editor;
}

/** Types one character at the caret the way the browser does (through the editor's text input handlers). */
function type(editor: Editor, character: string) {
  const { from, to } = editor.state.selection;
  const handled = editor.view.someProp("handleTextInput", (handler) =>
    handler(editor.view, from, to, character, () => editor.state.tr.insertText(character, from, to)),
  );
  if (!handled) editor.view.dispatch(editor.state.tr.insertText(character, from, to));
}

function paste(editor: Editor, text: string) {
  const event = {
    clipboardData: { getData: (kind: string) => (kind === "text/plain" ? text : "") },
  } as unknown as ClipboardEvent;
  return editor.view.someProp("handlePaste", (handler) => handler(editor.view, event, editor.state.doc.slice(0, 0)));
}

const linksIn = (editor: Editor) => {
  const found: Array<{ text: string; href: string }> = [];
  editor.state.doc.descendants((node) => {
    const link = node.marks.find((mark) => mark.type.name === "link");
    if (node.isText && link) found.push({ text: node.text ?? "", href: String(link.attrs.href) });
  });
  return found;
};

describe("links", () => {
  it("knows web and email addresses, leaving out the full stop that ends a sentence", () => {
    expect(addressOf("https://demo-charity.example/families")).toEqual({
      text: "https://demo-charity.example/families",
      href: "https://demo-charity.example/families",
    });
    expect(addressOf("www.demo-charity.example.")).toEqual({
      text: "www.demo-charity.example",
      href: "https://www.demo-charity.example",
    });
    expect(addressOf("help@demo-charity.example,")).toEqual({
      text: "help@demo-charity.example",
      href: "mailto:help@demo-charity.example",
    });
    expect(addressOf("tel:01234567890")).toEqual({ text: "tel:01234567890", href: "tel:01234567890" });
    expect(addressOf("javascript:alert(1)")).toBeNull();
    expect(addressOf("e.g.")).toBeNull();
    expect(addressOf("words")).toBeNull();
  });

  it("makes a typed address a link when the next word starts, and only the address", () => {
    const editor = editorWith("Write to help@demo-charity.example.");
    editor.commands.setTextSelection(editor.state.doc.content.size - 2);
    type(editor, " ");
    expect(linksIn(editor)).toEqual([{ text: "help@demo-charity.example", href: "mailto:help@demo-charity.example" }]);
    expect(editor.state.doc.textContent).toBe("Write to help@demo-charity.example. ");
  });

  it("ends the link with the address: the words typed after it are not part of it", () => {
    const editor = editorWith("Read more at www.demo-charity.example");
    editor.commands.setTextSelection(editor.state.doc.content.size - 2);
    for (const character of " or write to us today.") type(editor, character);
    expect(linksIn(editor)).toEqual([{ text: "www.demo-charity.example", href: "https://www.demo-charity.example" }]);
    expect(editor.state.doc.textContent).toBe("Read more at www.demo-charity.example or write to us today.");
  });

  it("leaves ordinary words alone when typing", () => {
    const editor = editorWith("Hello there");
    editor.commands.setTextSelection(editor.state.doc.content.size - 2);
    type(editor, " ");
    expect(linksIn(editor)).toEqual([]);
    expect(editor.state.doc.textContent).toBe("Hello there ");
  });

  it("links selected words to a pasted address, and refuses addresses that are not web, email or phone", () => {
    const editor = editorWith("our website");
    editor.commands.setTextSelection({ from: 2, to: 2 + "our website".length });
    expect(paste(editor, "https://demo-charity.example")).toBe(true);
    expect(linksIn(editor)).toEqual([{ text: "our website", href: "https://demo-charity.example" }]);
    expect(paste(editor, "javascript:alert(1)")).toBeFalsy();
    expect(editor.commands.setLink({ href: "javascript:alert(1)" })).toBe(false);
  });

  it("reads pasted HTML links with the same attributes as before, dropping unsafe ones", () => {
    const editor = editorWith(
      "",
      '<section data-section-id="s-1"><p><a href="https://demo-charity.example">Site</a> <a href="javascript:alert(1)">Bad</a></p></section>',
    );
    const json = JSON.stringify(editor.getJSON());
    expect(json).toContain(
      '{"type":"link","attrs":{"href":"https://demo-charity.example","target":null,"rel":"noopener noreferrer nofollow","class":null,"title":null}}',
    );
    expect(json).not.toContain("javascript");
  });
});
