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
import { fitReplacement } from "../domain/checks/fixes";
import { applyFix, canReplace, locateFinding, removeHint } from "./apply-fix";
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
    expect(finding).toMatchObject({ text: "addicts", suggestions: ["people with an addiction"] });
    expect(canReplace(finding)).toBe(true);

    // Typing elsewhere just before: the fix must still be its own step.
    current.commands.insertContentAt(current.state.doc.content.size - 3, " Thank you.");
    expect(applyFix(current, finding, finding.suggestions![0]!)).toBe(true);
    expect(current.getText()).toContain("We help people with an addiction and their families.");
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

  it("reads right afterwards: 'an addict' becomes 'a person with an addiction', and a capital stays at a sentence's start", () => {
    const current = collaborativeEditor(
      doc(section("s-1", "Help", [p("Addicts are welcome. Ask an addict or an offender what helped.")])) as Record<
        string,
        unknown
      >,
    );
    const fix = (words: string, replacement: string) =>
      applyFix(current, { target: "text", text: words, sectionId: "s-1", range: { from: 0, to: 1 } }, replacement);
    expect(fix("Addicts", "people with an addiction")).toBe(true);
    expect(fix("addict", "person with an addiction")).toBe(true);
    expect(fix("offender", "person with a criminal record")).toBe(true);
    expect(current.getText().trim()).toBe(
      "People with an addiction are welcome. Ask a person with an addiction or a person with a criminal record what helped.",
    );
    // Each is still one undoable step, the article with it.
    current.commands.undo();
    expect(current.getText().trim()).toBe(
      "People with an addiction are welcome. Ask a person with an addiction or an offender what helped.",
    );
  });
});

describe("fitReplacement", () => {
  it("changes only what the new words need", () => {
    expect(fitReplacement("We help ", "addicts", "people who use drugs")).toEqual({
      text: "people who use drugs",
      from: 0,
    });
    expect(fitReplacement("", "Junkies", "people who use drugs")).toEqual({ text: "People who use drugs", from: 0 });
    expect(fitReplacement("He is an ", "addict", "person who uses drugs")).toEqual({
      text: "a person who uses drugs",
      from: 3,
    });
    expect(fitReplacement("An ", "offender", "person with a criminal record")).toEqual({
      text: "A person with a criminal record",
      from: 3,
    });
    expect(fitReplacement("a ", "junkie", "ex-user")).toEqual({ text: "an ex-user", from: 2 });
    // "a" that is not a word of its own, and a right article, stay as they are; capitals in an abbreviation too.
    expect(fitReplacement("Canada ", "addicts", "people who use drugs")).toEqual({
      text: "people who use drugs",
      from: 0,
    });
    expect(fitReplacement("a ", "addict", "person who uses drugs")).toEqual({ text: "person who uses drugs", from: 0 });
    expect(fitReplacement("the ", "BME", "Black and minority ethnic")).toEqual({
      text: "Black and minority ethnic",
      from: 0,
    });
  });
});

describe("removeHint", () => {
  const hinted = (placeholder: string) => ({ type: "paragraph", attrs: { placeholder } });
  const words = (value: string) => ({ type: "paragraph", content: [{ type: "text", text: value }] });
  const content = {
    type: "doc",
    content: [
      {
        type: "section",
        attrs: { id: "s-1", title: "Rights" },
        content: [words("You have rights."), hinted("Add a phone number")],
      },
      { type: "section", attrs: { id: "s-2", title: "Help" }, content: [hinted("Say who can help")] },
    ],
  };
  const hints = (current: Editor) => {
    const found: Array<{ range: { from: number; to: number }; target: "node"; rule: string; text: string }> = [];
    current.state.doc.descendants((node, pos) => {
      if (node.isTextblock && node.attrs.placeholder && node.content.size === 0)
        found.push({
          range: { from: pos, to: pos + node.nodeSize },
          target: "node",
          rule: "template-text",
          text: String(node.attrs.placeholder),
        });
    });
    return found;
  };

  it("takes away a hint's empty line in one undoable step, but never a section's only line nor a line written in", () => {
    const current = collaborativeEditor(content);
    const [phone, help] = hints(current);
    expect(removeHint(current, help!)).toBe(false); // the section's only line
    expect(removeHint(current, phone!)).toBe(true);
    expect(hints(current).map((hint) => hint.text)).toEqual(["Say who can help"]);
    expect(current.getText()).toContain("You have rights.");
    current.commands.undo();
    expect(hints(current).map((hint) => hint.text)).toEqual(["Add a phone number", "Say who can help"]);

    // Written in since the check: the words stay.
    const [again] = hints(current);
    current.commands.insertContentAt(again!.range.from + 1, "0800 123 4567");
    expect(removeHint(current, again!)).toBe(false);
    expect(current.getText()).toContain("0800 123 4567");
  });
});
