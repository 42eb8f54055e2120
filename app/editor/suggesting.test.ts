// @vitest-environment jsdom
import { Editor } from "@tiptap/core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../domain/document-hash";
import type { OwnershipMode, SectionEditor } from "../domain/sections";
import { asIfAccepted, openSuggestions, withoutOpenSuggestions } from "../domain/suggestions";
import { OwnedSections } from "./owned-sections";
import { documentExtensions } from "./schema";
import { isSuggesting, loadSuggesting, setSuggestionReason, Suggesting, withdrawSuggestion } from "./suggesting";

const editors: Editor[] = [];
beforeAll(() => loadSuggesting());
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
});

const content = {
  type: "doc",
  content: [
    {
      type: "section",
      attrs: { id: "s-wren", title: "Support", owner: "wren" },
      content: [{ type: "paragraph", content: [{ type: "text", text: "We help addicts find support." }] }],
    },
    {
      type: "section",
      attrs: { id: "s-will", title: "Your home", owner: "will" },
      content: [{ type: "paragraph", content: [{ type: "text", text: "Will wrote this." }] }],
    },
  ],
};

function setup(person: SectionEditor, mode: OwnershipMode = "owned", start: object = content) {
  const refusals: string[] = [];
  const editor = new Editor({
    content: start,
    extensions: [
      ...documentExtensions(),
      OwnedSections.configure({ person: () => person, mode: () => mode, onRefused: () => refusals.push("owned") }),
      Suggesting.configure({ person: () => person, mode: () => mode, onRefused: (message) => refusals.push(message) }),
    ],
  });
  editors.push(editor);
  return { editor, refusals };
}

/** Position of the first occurrence of `words` in the document. */
function find(editor: Editor, words: string): { from: number; to: number } {
  let found = { from: -1, to: -1 };
  editor.state.doc.descendants((node, pos) => {
    const at = node.isText ? (node.text ?? "").indexOf(words) : -1;
    if (at >= 0 && found.from < 0) found = { from: pos + at, to: pos + at + words.length };
    return found.from < 0;
  });
  return found;
}

/** The words of ProseMirror JSON, run together. */
function wordsOf(node: unknown): string {
  const json = node as { text?: string; content?: unknown[] };
  return (json.text ?? "") + (json.content ?? []).map(wordsOf).join("");
}

const abi: SectionEditor = { userId: "abi", canEditContent: false, isCoordinator: false };
const wren: SectionEditor = { userId: "wren", canEditContent: true, isCoordinator: false };

describe("suggesting in the editor", () => {
  it("turns an approver's rewording into a replacement signed with her id, leaving the words as they were", () => {
    const { editor } = setup(abi);
    const { from, to } = find(editor, "addicts");
    editor.chain().setTextSelection({ from, to }).insertContent("people who use drugs").run();
    const json = editor.getJSON();
    const [suggestion, ...others] = openSuggestions(json);
    expect(others).toEqual([]);
    expect(suggestion).toMatchObject({
      sectionId: "s-wren",
      sectionOwner: "wren",
      authorId: "abi",
      kind: "replacement",
      text: "people who use drugs",
      removed: "addicts",
    });
    expect(suggestion!.id).toMatch(/^sg-[0-9a-f]{12}$/);
    expect(Date.parse(suggestion!.createdAt!)).toBeGreaterThan(Date.now() - 60_000);
    // Printed as if turned down; checked as if taken.
    expect(wordsOf(withoutOpenSuggestions(json))).toBe("We help addicts find support.Will wrote this.");
    expect(wordsOf(asIfAccepted(json))).toBe("We help people who use drugs find support.Will wrote this.");
    // Marks go through canonical JSON like any other (they are part of the hashed document).
    expect(canonicalJson(json)).toContain('"authorId":"abi"');
  });

  it("lets her take back her own suggested words, and keeps a reason with a suggestion", () => {
    const { editor } = setup(abi);
    const at = find(editor, "support").from;
    editor.chain().setTextSelection(at).insertContent("safe ").run();
    const id = openSuggestions(editor.getJSON())[0]!.id;
    editor.view.dispatch(setSuggestionReason(editor.state, id, "Warmer"));
    expect(openSuggestions(editor.getJSON())[0]).toMatchObject({ id, kind: "insertion", reason: "Warmer" });
    const { from, to } = find(editor, "safe ");
    editor.chain().setTextSelection({ from, to }).deleteSelection().run();
    expect(openSuggestions(editor.getJSON())).toEqual([]);
    expect(editor.getText()).toContain("We help addicts find support.");
  });

  it("takes back her whole replacement in one go: her words go, the words she would remove stay", () => {
    const { editor } = setup(abi);
    const { from, to } = find(editor, "addicts");
    editor.chain().setTextSelection({ from, to }).insertContent("people who use drugs").run();
    const [suggestion] = openSuggestions(editor.getJSON());
    editor.view.dispatch(withdrawSuggestion(editor.state, suggestion!.id));
    expect(openSuggestions(editor.getJSON())).toEqual([]);
    expect(canonicalJson(editor.getJSON())).toBe(canonicalJson(setup(abi).editor.getJSON()));
  });

  it("refuses what cannot be a suggestion, with a plain reason, and changes nothing", () => {
    const { editor, refusals } = setup(abi);
    const before = editor.state.doc;
    editor.chain().setTextSelection(find(editor, "find").from).splitBlock().run();
    editor.chain().setTextSelection(find(editor, "help")).toggleBold().run();
    expect(editor.state.doc.eq(before)).toBe(true);
    expect(refusals).toEqual([
      expect.stringContaining("within a paragraph"),
      expect.stringContaining("Only changes to the words can be suggested"),
    ]);
  });

  it("never lets one person change another's suggestion", () => {
    const { editor } = setup(abi);
    editor.chain().setTextSelection(find(editor, "support").from).insertContent("safe ").run();
    const json = editor.getJSON();
    const { editor: other, refusals } = setup(
      { userId: "dana", canEditContent: false, isCoordinator: false },
      "owned",
      json,
    );
    const before = other.state.doc;
    other.chain().setTextSelection(find(other, "safe ")).deleteSelection().run();
    expect(other.state.doc.eq(before)).toBe(true);
    expect(refusals).toEqual([expect.stringContaining("someone else's suggestion")]);
    // Typing right after it is her own suggestion, under her own id.
    other.chain().setTextSelection(find(other, "safe ").to).insertContent("and ").run();
    const suggestions = openSuggestions(other.getJSON());
    expect(suggestions.map((s) => [s.authorId, s.text])).toEqual([
      ["abi", "safe "],
      ["dana", "and "],
    ]);
    expect(new Set(suggestions.map((s) => s.id)).size).toBe(2);
  });

  it("lets a writer type in her own section, and suggest in someone else's (owned mode)", () => {
    const { editor, refusals } = setup(wren);
    editor.chain().setTextSelection(find(editor, "support").from).insertContent("real ").run();
    expect(editor.getText()).toContain("find real support");
    expect(openSuggestions(editor.getJSON())).toEqual([]);
    editor.chain().setTextSelection(find(editor, "wrote").from).insertContent("kindly ").run();
    expect(openSuggestions(editor.getJSON())).toMatchObject([
      { sectionId: "s-will", authorId: "wren", kind: "insertion", text: "kindly " },
    ]);
    expect(refusals).toEqual([]);
  });

  it("makes anyone's typing a suggestion once they switch suggesting on", () => {
    const { editor } = setup(wren, "collective");
    editor.commands.setSuggesting(true);
    expect(isSuggesting(editor.state)).toBe(true);
    const { from, to } = find(editor, "addicts");
    editor.chain().setTextSelection({ from, to }).deleteSelection().run();
    expect(openSuggestions(editor.getJSON())).toMatchObject([
      { kind: "deletion", removed: "addicts", authorId: "wren" },
    ]);
    editor.commands.setSuggesting(false);
    editor.chain().setTextSelection(find(editor, "support").from).insertContent("real ").run();
    expect(openSuggestions(editor.getJSON())).toHaveLength(1);
  });
});
