// @vitest-environment jsdom
import { Editor } from "@tiptap/core";
import path from "node:path";
import { act, createElement } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadTemplates } from "../../server/services/templates";
import { addictsFixture, imageWithoutAltFixture } from "../../tests/fixtures/checks/documents";
import { checkDocument } from "../domain/checks/check-document";
import { DEFAULT_WORD_LIST } from "../domain/checks/lived-experience-words";
import {
  CheckHighlights,
  checkHighlightsKey,
  focusFinding,
  setCheckHighlights,
  mostSpecificFindingAt,
  underlineAt,
  UnderlineTaps,
  useLiveChecks,
  type LiveChecks,
} from "./check-highlights";
import { documentExtensions } from "./schema";
import { Spotlight } from "./spotlight";

// React's act() needs to know it runs in a test environment.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const templates = loadTemplates(path.resolve(import.meta.dirname, "../../templates"));
const guide = templates.get("a4-guide")!;
const editors: Editor[] = [];
const taps: Array<{ kind: string; id: string }> = [];

beforeEach(() => {
  taps.length = 0;
  // jsdom draws nothing, so it cannot scroll; "Show in the text" only asks for it.
  Element.prototype.scrollIntoView = vi.fn();
});

function editorWith(content: unknown) {
  const element = document.createElement("div");
  document.body.append(element);
  const editor = new Editor({
    element,
    extensions: [
      ...documentExtensions(),
      CheckHighlights,
      Spotlight,
      UnderlineTaps.configure({ onTap: (tap) => taps.push(tap) }),
    ],
    content: content as object,
  });
  editors.push(editor);
  return editor;
}

afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  document.body.innerHTML = "";
});

const options = (fixture: typeof addictsFixture) => ({
  template: guide,
  design: fixture.design,
  readingAge: fixture.readingAge,
  wordList: DEFAULT_WORD_LIST,
});

describe("CheckHighlights", () => {
  it("underlines the words of a finding, and the marks move with typing until new results arrive", () => {
    const editor = editorWith(addictsFixture.content);
    const report = checkDocument(editor.state.doc, options(addictsFixture));
    setCheckHighlights(editor, report.findings);
    const marked = () =>
      [...editor.view.dom.querySelectorAll(".check-mark--warning")].map((element) => element.textContent);
    expect(marked()).toEqual(["addicts"]);
    // Screen readers are told what the underline means, not just shown a line.
    const description = editor.view.dom.querySelector(".check-mark--warning")!.getAttribute("aria-description");
    expect(description).toMatch(/^Should fix: .*addicts/i);

    editor.commands.insertContentAt(2, "Hello there. ");
    expect(marked()).toEqual(["addicts"]);
    const state = checkHighlightsKey.getState(editor.state)!;
    expect(
      state.decorations.find().map((decoration) => editor.state.doc.textBetween(decoration.from, decoration.to)),
    ).toEqual(["addicts"]);
  });

  it("outlines a whole block (a picture without alt text), and skips findings that no longer fit", () => {
    const editor = editorWith(imageWithoutAltFixture.content);
    const report = checkDocument(editor.state.doc, options(imageWithoutAltFixture));
    setCheckHighlights(editor, [
      ...report.findings,
      { id: "stale", severity: "tip", target: "text", range: { from: 5, to: 99_999 } },
    ]);
    expect(editor.view.dom.querySelectorAll("img.check-node--blocker")).toHaveLength(1);
    expect(editor.view.dom.querySelectorAll("[data-finding-id='stale']")).toHaveLength(0);
  });

  it("draws no red outline round a grey template hint, but still says what it is waiting for", () => {
    const editor = editorWith({
      type: "doc",
      content: [
        {
          type: "section",
          attrs: { id: "s-1", title: "Your rights", owner: null, status: "drafting" },
          content: [{ type: "paragraph", attrs: { placeholder: "Put the one thing people must remember here" } }],
        },
      ],
    });
    const report = checkDocument(editor.state.doc, options(addictsFixture));
    const hint = report.findings.find((finding) => finding.rule === "template-text")!;
    expect(hint.severity).toBe("blocker");
    setCheckHighlights(editor, [hint]);
    const paragraph = editor.view.dom.querySelector(`[data-finding-id="${hint.id}"]`)!;
    expect(paragraph.className).toContain("check-node--hint");
    expect(paragraph.className).not.toContain("check-node--blocker");
    expect(paragraph.getAttribute("aria-description")).toMatch(/^Must fix: Nothing is written here yet/);
    // Found from the Checks panel, it is lit up like any other finding.
    expect(focusFinding(editor, hint)).toBe(true);
    expect(editor.view.dom.querySelector(".check-node--hint.check-node--current")).not.toBeNull();
  });

  it("jumps to a finding: selects its words, lights them up, centres them and marks it as the current one", () => {
    const editor = editorWith(addictsFixture.content);
    const [finding] = checkDocument(editor.state.doc, options(addictsFixture)).findings;
    setCheckHighlights(editor, [finding!]);
    expect(focusFinding(editor, finding!)).toBe(true);
    const { from, to } = editor.state.selection;
    expect(editor.state.doc.textBetween(from, to)).toBe("addicts");
    expect(editor.view.dom.querySelector(".check-mark--current")!.textContent).toBe("addicts");
    expect(editor.view.dom.querySelector(".spotlight")!.textContent).toBe("addicts");
    expect(Element.prototype.scrollIntoView).toHaveBeenCalledWith({ block: "center", inline: "nearest" });
    expect(focusFinding(editor, { ...finding!, range: { from: 1, to: 1_000_000 } })).toBe(false);
  });

  it("tells which finding or comment an underline belongs to when it is clicked or tapped", async () => {
    const editor = editorWith(addictsFixture.content);
    const [finding] = checkDocument(editor.state.doc, options(addictsFixture)).findings;
    setCheckHighlights(editor, [finding!]);
    const mark = editor.view.dom.querySelector<HTMLElement>(`[data-finding-id="${finding!.id}"]`)!;
    expect(underlineAt(mark.firstChild, editor.view.dom)).toBeNull(); // a text node is not an element
    expect(underlineAt(mark, editor.view.dom)).toEqual({ kind: "finding", id: finding!.id });
    const thread = document.createElement("span");
    thread.dataset.threadId = "c-1";
    const inner = document.createElement("span");
    thread.append(inner);
    editor.view.dom.append(thread);
    expect(underlineAt(inner, editor.view.dom)).toEqual({ kind: "comment", id: "c-1" });
    expect(underlineAt(document.body, editor.view.dom)).toBeNull();
    // A greyed template hint with a finding on it is a place to write: tapping it opens nothing.
    const hint = document.createElement("p");
    hint.className = "template-hint";
    hint.dataset.findingId = "template-text-1";
    editor.view.dom.append(hint);
    expect(underlineAt(hint, editor.view.dom)).toBeNull();
    // Through the editor: a click on the underlined words.
    const handled = editor.view.someProp("handleClick", (handle) =>
      handle(editor.view, finding!.range!.from + 1, { target: mark } as unknown as MouseEvent),
    );
    expect(handled).toBeFalsy(); // the caret still goes where the person clicked
    // The page hears of it once the click is over, so nothing it does can move the caret back.
    expect(taps).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(taps).toEqual([{ kind: "finding", id: finding!.id }]);
  });

  it("a tap on a word inside an underlined sentence means the word's finding, not the sentence's", async () => {
    const editor = editorWith(addictsFixture.content);
    const [word] = checkDocument(editor.state.doc, options(addictsFixture)).findings;
    const { from, to } = word!.range!;
    // The whole paragraph as a sentence finding, drawn after the word's (overlapping underlines share elements).
    const sentence = {
      id: "long-sentence",
      severity: "warning" as const,
      target: "text" as const,
      range: { from: from - 8, to: to + 10 },
    };
    setCheckHighlights(editor, [word!, sentence]);
    const mark = editor.view.dom.querySelector<HTMLElement>(".check-mark")!;
    taps.length = 0;
    editor.view.someProp("handleClick", (handle) =>
      handle(editor.view, from + 2, { target: mark } as unknown as MouseEvent),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(taps).toEqual([{ kind: "finding", id: word!.id }]);
    expect(mostSpecificFindingAt(editor.state, from - 4)).toBe("long-sentence");
  });
});

describe("useLiveChecks", () => {
  it("checks after typing stops, re-checks only the changed section, and draws the underlines", async () => {
    const editor = editorWith(addictsFixture.content);
    let latest: LiveChecks | null = null;
    const Probe = () => {
      latest = useLiveChecks(editor, {
        template: guide,
        design: addictsFixture.design,
        readingAge: "9–11",
        delayMs: 10,
      });
      return null;
    };
    const host = document.createElement("div");
    const root = createRoot(host);
    await act(async () => root.render(createElement(Probe)));
    await waitFor(() => latest?.report !== null && latest?.checking === false);
    expect(latest!.report!.findings.map((finding) => finding.rule)).toEqual(["lived-experience"]);
    expect(latest!.sectionsChecked).toBe(3);

    // Type in the first section only.
    await act(async () => void editor.commands.insertContentAt(2, "We help junkies. "));
    await waitFor(() => latest!.checking === false && latest!.report!.findings.length === 2);
    expect(latest!.sectionsChecked).toBe(1);
    expect([...editor.view.dom.querySelectorAll(".check-mark--warning")].map((element) => element.textContent)).toEqual(
      ["junkies", "addicts"],
    );
    await act(async () => root.unmount());
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("Timed out waiting for the live checks");
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
  }
}
