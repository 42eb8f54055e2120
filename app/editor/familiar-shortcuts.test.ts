// @vitest-environment jsdom
import { Editor } from "@tiptap/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FamiliarShortcuts, isCommentShortcut, refusedFormatMessage } from "./familiar-shortcuts";
import { documentExtensions } from "./schema";

const editors: Editor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  document.body.innerHTML = "";
});

function press(editor: Editor, init: KeyboardEventInit) {
  const event = new KeyboardEvent("keydown", { bubbles: true, cancelable: true, ...init });
  editor.view.dom.dispatchEvent(event);
  return event;
}

describe("FamiliarShortcuts", () => {
  it("opens the link dialog on Ctrl+K and explains Ctrl+I and Ctrl+U instead of doing nothing", () => {
    const onLink = vi.fn();
    const onRefusedFormat = vi.fn();
    const element = document.createElement("div");
    document.body.append(element);
    const editor = new Editor({
      element,
      extensions: [...documentExtensions(), FamiliarShortcuts.configure({ onLink, onRefusedFormat })],
      content: {
        type: "doc",
        content: [
          {
            type: "section",
            attrs: { id: "s-1", title: "One" },
            content: [{ type: "paragraph", content: [{ type: "text", text: "Words" }] }],
          },
        ],
      },
    });
    editors.push(editor);
    const before = editor.getJSON();
    expect(press(editor, { key: "k", ctrlKey: true }).defaultPrevented).toBe(true);
    expect(onLink).toHaveBeenCalledTimes(1);
    press(editor, { key: "i", ctrlKey: true });
    press(editor, { key: "u", ctrlKey: true });
    expect(onRefusedFormat.mock.calls).toEqual([["italic"], ["underline"]]);
    expect(editor.getJSON()).toEqual(before);
  });
});

describe("isCommentShortcut", () => {
  it("is Ctrl+Alt+M, or Cmd+Option+M on a Mac (where Option turns the M into µ)", () => {
    const base = { ctrlKey: false, metaKey: false, altKey: true, shiftKey: false, code: "KeyM", key: "m" };
    expect(isCommentShortcut({ ...base, ctrlKey: true }, false)).toBe(true);
    expect(isCommentShortcut({ ...base, metaKey: true, key: "µ" }, true)).toBe(true);
    expect(isCommentShortcut({ ...base, ctrlKey: true }, true)).toBe(false);
    expect(isCommentShortcut({ ...base, ctrlKey: true, altKey: false }, false)).toBe(false);
    expect(isCommentShortcut({ ...base, ctrlKey: true, shiftKey: true }, false)).toBe(false);
    expect(isCommentShortcut({ ...base, ctrlKey: true, code: "KeyN", key: "n" }, false)).toBe(false);
  });
});

describe("refusedFormatMessage", () => {
  it("says why, kindly, and what to use instead", () => {
    expect(refusedFormatMessage("italic", "Ctrl+B")).toBe(
      "Copress doesn't use italics: they're harder to read for many people. Use bold (Ctrl+B) to make words stand out.",
    );
    expect(refusedFormatMessage("underline", "⌘B")).toContain("Use bold (⌘B)");
  });
});
