// @vitest-environment jsdom
import { Editor } from "@tiptap/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OwnershipMode, SectionEditor } from "../domain/sections";
import {
  OwnedSections,
  refreshOwnedSections,
  refusedSectionId,
  sectionsChangedBetween,
  type RefusedSection,
} from "./owned-sections";
import { documentExtensions } from "./schema";
import { assignSections, listSections, updateSection } from "./section-commands";
import { sectionWithView } from "./section-view";

const editors: Editor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  document.body.innerHTML = "";
});

const content = {
  type: "doc",
  content: [
    {
      type: "section",
      attrs: { id: "s-wren", title: "Wren's part", owner: "wren" },
      content: [{ type: "paragraph", content: [{ type: "text", text: "Mine to change." }] }],
    },
    {
      type: "section",
      attrs: { id: "s-will", title: "Your home", owner: "will" },
      content: [{ type: "paragraph", content: [{ type: "text", text: "Will wrote this." }] }],
    },
    {
      type: "section",
      attrs: { id: "s-none", title: "", owner: null },
      content: [{ type: "paragraph", content: [{ type: "text", text: "Nobody's yet." }] }],
    },
  ],
};

function setup(person: SectionEditor, initialMode: OwnershipMode = "owned") {
  let mode = initialMode;
  const refused: RefusedSection[] = [];
  const commentInstead = vi.fn();
  const element = document.createElement("div");
  document.body.append(element);
  const names: Record<string, string> = { wren: "Wren", will: "Will" };
  const editor = new Editor({
    element,
    content,
    extensions: [
      ...documentExtensions({
        section: sectionWithView({
          ownerName: (id) => names[id] ?? null,
          onCommentInstead: commentInstead,
          commentShortcut: "Ctrl+Alt+M",
        }),
      }),
      OwnedSections.configure({
        person: () => person,
        mode: () => mode,
        onRefused: (section) => refused.push(section),
      }),
    ],
  });
  editors.push(editor);
  const section = (id: string) => editor.view.dom.querySelector<HTMLElement>(`[data-section-id="${id}"]`)!;
  const lock = (id: string) => section(id).querySelector<HTMLElement>(".doc-section__lock")!;
  const refusal = (id: string) => section(id).querySelector<HTMLElement>(".doc-section__refusal")!;
  const setMode = (next: OwnershipMode) => {
    mode = next;
    refreshOwnedSections(editor.view);
  };
  return { editor, refused, commentInstead, section, lock, refusal, setMode };
}

/** Where a section's text starts (inside its first paragraph). */
function textStart(editor: Editor, id: string): number {
  let found = -1;
  editor.state.doc.forEach((node, offset) => {
    if (node.attrs.id === id) found = offset + 2;
  });
  return found;
}

const wren: SectionEditor = { userId: "wren", canEditContent: true, isCoordinator: false };

describe("owned sections in the editor", () => {
  it("show the owner and a lock on sections the person may not change, before they type", () => {
    const { lock } = setup(wren);
    expect(lock("s-will").hidden).toBe(false);
    expect(lock("s-will").textContent).toBe("Will's section — you can't change the words here. Add a comment instead.");
    expect(lock("s-will").querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
    expect(lock("s-none").textContent).toBe(
      "No one owns this section yet, so only a coordinator can change the words here. Add a comment instead.",
    );
    expect(lock("s-wren").hidden).toBe(true);
  });

  it("follow the ownership mode, which is not part of the text", () => {
    const { lock, setMode } = setup(wren, "collective");
    expect(lock("s-will").hidden).toBe(true);
    setMode("owned");
    expect(lock("s-will").hidden).toBe(false);
    setMode("collective");
    expect(lock("s-will").hidden).toBe(true);
  });

  it("are not locked one by one for coordinators or for people who can't change any text", () => {
    expect(setup({ userId: "cora", canEditContent: true, isCoordinator: true }).lock("s-will").hidden).toBe(true);
    expect(setup({ userId: "vic", canEditContent: false, isCoordinator: false }).lock("s-will").hidden).toBe(true);
  });

  it("refuse typing there, say so at that section, and offer a comment instead", async () => {
    const { editor, refused, refusal, commentInstead } = setup(wren);
    const before = editor.state.doc;
    editor.chain().setTextSelection(textStart(editor, "s-will")).insertContent("xyz").run();
    expect(editor.state.doc.eq(before)).toBe(true);
    expect(refused).toEqual([{ id: "s-will", title: "Your home", owner: "will" }]);
    await Promise.resolve(); // the message is drawn right after the refused transaction
    expect(refusedSectionId(editor.state)).toBe("s-will");
    expect(refusal("s-will").hidden).toBe(false);
    expect(refusal("s-will").textContent).toContain(
      "Your typing wasn't added: this is Will's section, so you can't change its words.",
    );
    expect(refusal("s-wren").hidden).toBe(true);
    refusal("s-will").querySelector<HTMLButtonElement>("button")!.click();
    expect(commentInstead).toHaveBeenCalledWith("s-will");
    expect(refusal("s-will").hidden).toBe(true);
  });

  it("take the message away when the person moves to another section, or presses OK", async () => {
    const { editor, refusal } = setup(wren);
    editor.chain().setTextSelection(textStart(editor, "s-will")).insertContent("x").run();
    await Promise.resolve();
    expect(refusal("s-will").hidden).toBe(false);
    editor.chain().setTextSelection(textStart(editor, "s-wren")).run();
    expect(refusal("s-will").hidden).toBe(true);

    editor.chain().setTextSelection(textStart(editor, "s-will")).insertContent("x").run();
    await Promise.resolve();
    const ok = [...refusal("s-will").querySelectorAll("button")].find((b) => b.textContent === "OK")!;
    ok.click();
    expect(refusal("s-will").hidden).toBe(true);
  });

  it("let the owner of a section between others' change its status and hand it over, and nobody else", () => {
    const will: SectionEditor = { userId: "will", canEditContent: true, isCoordinator: false };
    const { editor, refused } = setup(will);
    expect(updateSection(editor, "s-will", { status: "ready-for-review" })).toBe(true);
    expect(updateSection(editor, "s-will", { owner: "wren", handoverNote: "Over to you." })).toBe(true);
    expect(editor.state.doc.child(1).attrs).toMatchObject({
      owner: "wren",
      status: "ready-for-review",
      handoverNote: "Over to you.",
    });
    expect(refused).toEqual([]);
    // Wren's section, just before it, is still hers alone.
    expect(updateSection(editor, "s-wren", { status: "done" })).toBe(false);
    expect(refused.map((section) => section.id)).toEqual(["s-wren"]);
  });

  it("let the person type in their own section", () => {
    const { editor, refused } = setup(wren);
    editor.chain().setTextSelection(textStart(editor, "s-wren")).insertContent("Yes ").run();
    expect(editor.state.doc.firstChild!.textContent).toBe("Yes Mine to change.");
    expect(refused).toEqual([]);
  });
});

describe("sectionsChangedBetween", () => {
  it("finds the sections whose content or attributes differ, and new ones", () => {
    const { editor } = setup({ userId: "cora", canEditContent: true, isCoordinator: true });
    const before = editor.state.doc;
    editor.chain().setTextSelection(textStart(editor, "s-none")).insertContent("Now ").run();
    expect(sectionsChangedBetween(before, editor.state.doc).map((s) => s.attrs.id)).toEqual(["s-none"]);
    const middle = editor.state.doc;
    editor.view.dispatch(
      editor.state.tr.setNodeMarkup(0, undefined, { ...editor.state.doc.firstChild!.attrs, title: "Renamed" }),
    );
    expect(sectionsChangedBetween(middle, editor.state.doc).map((s) => s.attrs.id)).toEqual(["s-wren"]);
    expect(sectionsChangedBetween(editor.state.doc, editor.state.doc)).toEqual([]);
  });
});

describe("giving several sections to one person", () => {
  const cora: SectionEditor = { userId: "cora", canEditContent: true, isCoordinator: true };

  it("a coordinator gives them in one step (one Undo); a writer in owned mode cannot", () => {
    const { editor } = setup(cora);
    const owners = () => listSections(editor.state.doc).map((section) => section.owner);
    let steps = 0;
    editor.on("transaction", () => void steps++);
    expect(assignSections(editor, ["s-will", "s-none"], "wren")).toBe(2);
    expect(owners()).toEqual(["wren", "wren", "wren"]);
    expect(steps).toBe(1);
    // Already hers: nothing to change.
    expect(assignSections(editor, ["s-wren"], "wren")).toBe(0);
    expect(steps).toBe(1);

    const writer = setup(wren).editor;
    expect(assignSections(writer, ["s-will", "s-none"], "wren")).toBe(0);
    expect(listSections(writer.state.doc).map((section) => section.owner)).toEqual(["wren", "will", null]);
  });
});
