// @vitest-environment jsdom
import { Editor, type JSONContent } from "@tiptap/core";
import { TextSelection } from "@tiptap/pm/state";
import { afterEach, describe, expect, it } from "vitest";
import { documentExtensions } from "./schema";
import { sectionWithView } from "./section-view";

const editors: Editor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  document.body.innerHTML = "";
});

/** An editor on the page with these sections, drawn by the section view with `view`'s options. */
function mount(sections: JSONContent[], view: Parameters<typeof sectionWithView>[0]) {
  const element = document.createElement("div");
  document.body.append(element);
  const editor = new Editor({
    element,
    content: { type: "doc", content: sections },
    extensions: documentExtensions({ section: sectionWithView(view) }),
  });
  editors.push(editor);
  return editor;
}

function editorWith(sections: Array<{ id: string; text: string }>) {
  return mount(
    sections.map(({ id, text }) => ({
      type: "section",
      attrs: { id, title: id, owner: null },
      content: [{ type: "paragraph", content: text ? [{ type: "text", text }] : [] }],
    })),
    { ownerName: () => null, onCommentInstead: () => undefined, commentShortcut: "Ctrl+Alt+M" },
  );
}

/** Puts the caret at the start of a section's first paragraph. */
function caretIn(editor: Editor, index: number) {
  let position = -1;
  editor.state.doc.forEach((_node, offset, i) => {
    if (i === index) position = offset + 2; // inside the section, inside its first paragraph
  });
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, position)));
}

/** Ctrl+A as the browser delivers it: a keydown on the text. */
const selectAll = (editor: Editor) =>
  editor.view.dom.dispatchEvent(
    new KeyboardEvent("keydown", { key: "a", ctrlKey: true, bubbles: true, cancelable: true }),
  );
const selectedText = (editor: Editor) =>
  editor.state.doc.textBetween(editor.state.selection.from, editor.state.selection.to, "|");

describe("Ctrl+A in a section", () => {
  it("selects the section's words first and everything only when pressed again", () => {
    const editor = editorWith([
      { id: "one", text: "First section." },
      { id: "two", text: "Second section." },
    ]);
    caretIn(editor, 0);
    selectAll(editor);
    expect(selectedText(editor)).toBe("First section.");
    selectAll(editor);
    expect(selectedText(editor)).toBe("First section.|Second section.");
  });

  it("in a section with no words yet, the first press does not select everyone's sections", () => {
    const editor = editorWith([
      { id: "empty", text: "" },
      { id: "theirs", text: "Someone else's words." },
    ]);
    caretIn(editor, 0);
    selectAll(editor);
    expect(editor.state.selection.empty).toBe(true);
    // Typing now replaces nothing of the other section.
    editor.commands.insertContent("Mine.");
    expect(editor.state.doc.textContent).toBe("Mine.Someone else's words.");
    // Pressed twice, it is the whole document, as in every editor.
    caretIn(editor, 0);
    selectAll(editor);
    selectAll(editor);
    expect(selectedText(editor)).toBe("Mine.|Someone else's words.");
  });
});

describe("a tap on a section's title", () => {
  it("puts the caret at the start of the section's words, where typing goes", () => {
    const editor = editorWith([
      { id: "one", text: "First." },
      { id: "two", text: "Second." },
    ]);
    caretIn(editor, 0);
    const header = editor.view.dom.querySelectorAll<HTMLElement>(".doc-section__header")[1]!;
    const event = new MouseEvent("mousedown", { bubbles: true, cancelable: true });
    header.querySelector(".doc-section__title")!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    editor.commands.insertContent("Typed ");
    expect(editor.state.doc.child(1).textContent).toBe("Typed Second.");
    expect(editor.state.doc.child(0).textContent).toBe("First.");
  });
});

describe("what a section shows of the group's work", () => {
  function sectionFor(showsWork: boolean | undefined, status = "drafting") {
    const editor = mount(
      [
        {
          type: "section",
          attrs: {
            id: "s-1",
            title: "Help you can get",
            owner: "nia",
            status,
            contentNote: "This section talks about abuse.",
            handoverNote: "Wren, please add the helpline.",
          },
          content: [{ type: "paragraph", content: [{ type: "text", text: "Call us." }] }],
        },
      ],
      { ownerName: () => "Nia", commentShortcut: "Ctrl+Alt+M", showsWork },
    );
    const shown = (selector: string) => {
      const part = editor.view.dom.querySelector<HTMLElement>(selector);
      return part && !part.hidden ? part.textContent : null;
    };
    return {
      meta: shown(".doc-section__meta"),
      handover: shown(".doc-section__handover"),
      contentNote: shown(".doc-section__content-note"),
    };
  }

  it("shows the group its status, owner and handover note, and a viewer only the content note", () => {
    expect(sectionFor(undefined)).toEqual({
      meta: "Drafting · Owner: Nia",
      handover: "Handover note: Wren, please add the helpline.",
      contentNote: "Content note: This section talks about abuse.",
    });
    expect(sectionFor(false)).toEqual({
      meta: null,
      handover: null,
      contentNote: "Content note: This section talks about abuse.",
    });
  });

  it("puts the handover note away once the section is done", () => {
    expect(sectionFor(undefined, "done")).toEqual({
      meta: "Done · Owner: Nia",
      handover: null,
      contentNote: "Content note: This section talks about abuse.",
    });
  });
});
