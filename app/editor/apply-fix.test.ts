// @vitest-environment jsdom
import { Editor } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { loadTemplates } from "../../server/services/templates";
import { addictsFixture, ADDICTS_SENTENCE, bold, doc, p, section, text } from "../../tests/fixtures/checks/documents";
import { checkDocument } from "../domain/checks/check-document";
import { DEFAULT_WORD_LIST } from "../domain/checks/lived-experience-words";
import { applyFix, canReplace, locateFinding } from "./apply-fix";
import { documentExtensions } from "./schema";
import { documentSchema } from "./schema.server";

const templates = loadTemplates(path.join(import.meta.dirname, "..", "..", "templates"));
let editor: Editor | null = null;
afterEach(() => editor?.destroy());

/** An editor bound to a Y.Doc, as in the browser, so undo is the person's own Yjs undo. */
function collaborativeEditor(content: Record<string, unknown>) {
  const ydoc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(documentSchema, content, ydoc.getXmlFragment("content"));
  editor = new Editor({
    extensions: [...documentExtensions(), Collaboration.configure({ document: ydoc, field: "content" })],
  });
  return editor;
}

function liveFindings(current: Editor) {
  const fixture = addictsFixture;
  return checkDocument(current.state.doc, {
    template: templates.get(fixture.templateId)!,
    design: fixture.design,
    readingAge: fixture.readingAge,
    wordList: DEFAULT_WORD_LIST,
  }).findings;
}

describe("applyFix", () => {
  it("replaces exactly the finding's words with the suggestion, in one undoable step, and the finding goes away", () => {
    const current = collaborativeEditor(addictsFixture.content);
    const finding = liveFindings(current).find((f) => f.rule === "lived-experience")!;
    expect(finding).toMatchObject({ text: "addicts", suggestions: ["people who use drugs"] });
    expect(canReplace(finding)).toBe(true);

    // Typing elsewhere just before: the fix must still be its own step.
    current.commands.insertContentAt(current.state.doc.content.size - 3, " Thank you.");
    expect(applyFix(current, finding, finding.suggestions![0]!)).toBe(true);
    expect(current.getText()).toContain("We help people who use drugs and their families.");
    expect(current.getText()).not.toContain("addicts");
    expect(liveFindings(current).map((f) => f.rule)).not.toContain("lived-experience");

    current.commands.undo();
    expect(current.getText()).toContain(ADDICTS_SENTENCE);
    expect(current.getText()).toContain("Thank you.");
  });

  it("finds the words where they moved to when people typed since the check, and refuses when they are gone", () => {
    const current = collaborativeEditor(addictsFixture.content);
    const finding = liveFindings(current).find((f) => f.rule === "lived-experience")!;
    // Someone adds words at the start of the section: the finding's positions are now out of date.
    current.commands.insertContentAt(finding.range!.from - "We help ".length, "Every day, ");
    expect(current.state.doc.textBetween(finding.range!.from, finding.range!.to)).not.toBe("addicts");
    expect(applyFix(current, finding, "people who use drugs")).toBe(true);
    expect(current.getText()).toContain("Every day, We help people who use drugs and their families.");
    // Now the words are gone: nothing changes.
    const before = current.state.doc;
    expect(applyFix(current, finding, "people who use drugs")).toBe(false);
    expect(current.state.doc).toBe(before);
  });

  it("keeps the words' bold, changes nothing in a read-only editor, and offers only text findings with suggestions", () => {
    const current = collaborativeEditor(
      doc(section("s-1", "Help", [p("We help ", bold("addicts"), text(" here."))])) as Record<string, unknown>,
    );
    const at = locateFinding(current.state.doc, {
      target: "text",
      text: "addicts",
      sectionId: "s-1",
      range: { from: 0, to: 1 },
    })!;
    expect(current.state.doc.textBetween(at.from, at.to)).toBe("addicts");
    current.setEditable(false);
    expect(
      applyFix(current, { target: "text", text: "addicts", sectionId: "s-1", range: at }, "people who use drugs"),
    ).toBe(false);
    current.setEditable(true);
    expect(
      applyFix(current, { target: "text", text: "addicts", sectionId: "s-1", range: at }, "people who use drugs"),
    ).toBe(true);
    const replaced = current.state.doc.nodeAt(at.from)!;
    expect(replaced.text).toBe("people who use drugs");
    expect(replaced.marks.map((mark) => mark.type.name)).toEqual(["bold"]);

    expect(canReplace({ target: "node", text: "Picture", range: { from: 1, to: 3 }, suggestions: ["x"] })).toBe(false);
    expect(canReplace({ target: "text", text: "request", range: { from: 1, to: 3 } })).toBe(false);
    expect(canReplace({ target: "text", text: "#6f8fc7", range: null, suggestions: ["#1d4f91"] })).toBe(false);
  });
});
