// @vitest-environment jsdom
import { Editor } from "@tiptap/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { documentExtensions } from "./schema";
import { showInText, Spotlight, SPOTLIGHT_MS } from "./spotlight";

const editors: Editor[] = [];
let scrolled: Array<{ element: Element; options: unknown }> = [];

beforeEach(() => {
  scrolled = [];
  // jsdom draws nothing, so it has no scrolling; record what would have been scrolled, and how.
  Element.prototype.scrollIntoView = function (this: Element, options?: unknown) {
    scrolled.push({ element: this, options });
  };
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  for (const editor of editors.splice(0)) editor.destroy();
  document.body.innerHTML = "";
});

function editorWith(text: string) {
  const element = document.createElement("div");
  document.body.append(element);
  const editor = new Editor({
    element,
    extensions: [...documentExtensions(), Spotlight],
    content: {
      type: "doc",
      content: [
        {
          type: "section",
          attrs: { id: "s-1", title: "One" },
          content: [{ type: "paragraph", content: [{ type: "text", text }] }],
        },
      ],
    },
  });
  editors.push(editor);
  return editor;
}

describe("showInText", () => {
  it("selects the words, lights them up, centres them and gives the text the focus", () => {
    const editor = editorWith("Some addicts may need this.");
    const from = 2 + "Some ".length;
    const range = { from, to: from + "addicts".length };
    expect(showInText(editor, range)).toBe(true);
    expect(editor.state.doc.textBetween(editor.state.selection.from, editor.state.selection.to)).toBe("addicts");
    const lit = editor.view.dom.querySelector(".spotlight")!;
    expect(lit.textContent).toBe("addicts");
    expect(scrolled).toEqual([{ element: lit, options: { block: "center", inline: "nearest" } }]);
    expect(document.activeElement).toBe(editor.view.dom);
  });

  it("lights up a long sentence but puts the caret before it, so one key pressed cannot replace it", () => {
    const sentence = "If you are worried about your safety at home then call us.";
    const editor = editorWith(`Hello. ${sentence}`);
    const from = 2 + "Hello. ".length;
    expect(showInText(editor, { from, to: from + sentence.length })).toBe(true);
    expect(editor.state.selection.empty).toBe(true);
    expect(editor.state.selection.from).toBe(from);
    expect(editor.view.dom.querySelector(".spotlight")!.textContent).toBe(sentence);
    editor.commands.insertContent("X");
    expect(editor.getText()).toContain(`Hello. X${sentence}`);
  });

  it("keeps the light on the words while people type before them, then takes it away after a few seconds", () => {
    const editor = editorWith("Some addicts may need this.");
    const from = 2 + "Some ".length;
    showInText(editor, { from, to: from + 7 });
    editor.chain().insertContentAt(2, "Yes. ").run();
    expect(editor.view.dom.querySelector(".spotlight")!.textContent).toBe("addicts");
    vi.advanceTimersByTime(SPOTLIGHT_MS);
    expect(editor.view.dom.querySelector(".spotlight")).toBeNull();
  });

  it("says no when the words are no longer there", () => {
    const editor = editorWith("Short.");
    expect(showInText(editor, { from: 3, to: 10_000 })).toBe(false);
    expect(showInText(editor, { from: 4, to: 4 })).toBe(false);
    expect(editor.view.dom.querySelector(".spotlight")).toBeNull();
  });
});
