// @vitest-environment jsdom
import { getSchema } from "@tiptap/core";
import { Editor } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { loadTemplates } from "../../server/services/templates";
import { projectRoot } from "../../tests/fixtures/pdf/documents";
import path from "node:path";
import {
  isUnfilledPlaceholder,
  normaliseStarterText,
  printsNothing,
  starterTextsOf,
  withoutPlaceholders,
} from "../domain/placeholders";
import { documentExtensions, TEMPLATE_HINT_CLASS } from "./schema";

const hinted = (hint: string, text?: string) => ({
  type: "paragraph",
  attrs: { placeholder: hint },
  ...(text === undefined ? {} : { content: [{ type: "text", text }] }),
});

describe("template hints", () => {
  it("a hinted block is unfilled until someone writes in it (spaces are not words)", () => {
    expect(isUnfilledPlaceholder(hinted("Say who this is for."))).toBe(true);
    expect(isUnfilledPlaceholder(hinted("Say who this is for.", "   "))).toBe(true);
    expect(isUnfilledPlaceholder(hinted("Say who this is for.", "For women in the UK."))).toBe(false);
    expect(isUnfilledPlaceholder({ type: "paragraph" })).toBe(false);
    expect(isUnfilledPlaceholder({ type: "heading", attrs: { level: 3, placeholder: "Add a short heading" } })).toBe(
      true,
    );
  });

  it("lists, boxes and Easy Read rows holding only unfilled hints print nothing; a picture or a word keeps them", () => {
    const list = {
      type: "bulletList",
      content: [
        { type: "listItem", content: [hinted("One")] },
        { type: "listItem", content: [hinted("Two")] },
      ],
    };
    expect(printsNothing(list)).toBe(true);
    expect(
      printsNothing({
        ...list,
        content: [...list.content, { type: "listItem", content: [hinted("Three", "Written")] }],
      }),
    ).toBe(false);
    expect(
      printsNothing({
        type: "contactBlock",
        content: [hinted("Your organisation's name"), hinted("Phone: add your phone number")],
      }),
    ).toBe(true);
    expect(printsNothing({ type: "easyReadRow", attrs: { imageSrc: null }, content: [hinted("One idea")] })).toBe(true);
    expect(
      printsNothing({ type: "easyReadRow", attrs: { imageSrc: "/uploads/x" }, content: [hinted("One idea")] }),
    ).toBe(false);
    expect(printsNothing({ type: "paragraph" })).toBe(false);
  });

  it("withoutPlaceholders leaves sections, drops what prints nothing, and does not change its input", () => {
    const doc = {
      type: "doc",
      content: [
        {
          type: "section",
          attrs: { id: "s-1", title: "Only hints" },
          content: [hinted("A"), { type: "keyInfo", content: [hinted("B")] }],
        },
        { type: "section", attrs: { id: "s-2", title: "Mixed" }, content: [hinted("C", "Real words"), hinted("D")] },
      ],
    };
    const before = JSON.stringify(doc);
    expect(withoutPlaceholders(doc)).toEqual({
      type: "doc",
      content: [
        { type: "section", attrs: { id: "s-1", title: "Only hints" }, content: [] },
        { type: "section", attrs: { id: "s-2", title: "Mixed" }, content: [hinted("C", "Real words")] },
      ],
    });
    expect(JSON.stringify(doc)).toBe(before);
  });

  it("every bundled template starts with hints only: no starter words that could be printed", () => {
    const templates = loadTemplates(path.join(projectRoot, "templates"));
    const texts: string[] = [];
    const visit = (node: { type?: string; text?: string; content?: unknown[] }) => {
      if (node.type === "text") texts.push(node.text ?? "");
      (node.content ?? []).forEach((child) => visit(child as typeof node));
    };
    for (const template of templates.values())
      for (const section of template.starterSections) section.blocks.forEach((block) => visit(block as never));
    expect(texts).toEqual([]);
    // …and their hints are the words documents made before hints held as text, so those are still found.
    const starter = starterTextsOf(templates.values());
    expect(starter.has(normaliseStarterText("Phone: add your phone number and when you are open"))).toBe(true);
    expect(starter.has(normaliseStarterText("Put the one thing people must remember here."))).toBe(true);
    expect(starter.has(normaliseStarterText("Add a short heading for each new idea"))).toBe(true);
  });

  it("compares starter text loosely: case, spaces and a closing full stop or ellipsis", () => {
    expect(normaliseStarterText("  Put the one   thing people must remember here. ")).toBe(
      "put the one thing people must remember here",
    );
    expect(normaliseStarterText("You have the right to…")).toBe("you have the right to");
  });
});

describe("TemplateHints in the schema", () => {
  const schema = getSchema(documentExtensions());

  it("keeps the hint as an attribute of paragraphs and headings, never as text", () => {
    const node = schema.nodeFromJSON({
      type: "doc",
      content: [
        {
          type: "section",
          attrs: { id: "s-1", title: "One" },
          content: [hinted("Say who this is for."), { type: "heading", attrs: { level: 3, placeholder: "A heading" } }],
        },
      ],
    });
    node.check();
    expect(node.textContent).toBe("");
    expect(node.toJSON().content[0].content[0]).toEqual({
      type: "paragraph",
      attrs: { placeholder: "Say who this is for." },
    });
  });

  it("names an empty hinted heading by its hint, so it is never announced as an empty heading", () => {
    const editor = new Editor({
      extensions: documentExtensions(),
      content: {
        type: "doc",
        content: [
          {
            type: "section",
            attrs: { id: "s-1", title: "One" },
            content: [{ type: "heading", attrs: { level: 3, placeholder: "Add a short heading" } }],
          },
        ],
      },
    });
    const heading = editor.view.dom.querySelector("h3")!;
    expect(heading.getAttribute("aria-label")).toBe("Hint: Add a short heading");
    editor.commands.setTextSelection(2);
    editor.commands.insertContent("Your rights");
    expect(editor.view.dom.querySelector("h3")!.hasAttribute("aria-label")).toBe(false);
    editor.destroy();
  });

  it("in an editor: shows the hint greyed on an empty hinted block, hides it once someone types, and a split line has no hint", () => {
    const editor = new Editor({
      extensions: documentExtensions(),
      content: {
        type: "doc",
        content: [{ type: "section", attrs: { id: "s-1", title: "One" }, content: [hinted("Say who this is for.")] }],
      },
    });
    const hint = () => editor.view.dom.querySelector(`.${TEMPLATE_HINT_CLASS}`);
    expect(hint()?.getAttribute("data-placeholder")).toBe("Say who this is for.");
    expect(hint()?.hasAttribute("aria-label")).toBe(false); // a paragraph may not be named
    editor.commands.setTextSelection(2); // inside the paragraph: doc > section (1) > paragraph (2)
    // A space is not a word, so the block is still unfilled for the checks, but the hint goes: it would hide the space.
    editor.commands.insertContent(" ");
    expect(hint()).toBeNull();
    expect(isUnfilledPlaceholder(editor.getJSON().content![0]!.content![0])).toBe(true);
    editor.commands.deleteRange({ from: 2, to: 3 });
    expect(hint()).not.toBeNull();
    editor.commands.insertContent("For women");
    expect(hint()).toBeNull();
    expect(editor.getText()).toContain("For women");
    editor.commands.splitBlock();
    const paragraphs = editor.getJSON().content![0]!.content! as Array<{ attrs?: Record<string, unknown> }>;
    expect(paragraphs[0]!.attrs!.placeholder).toBe("Say who this is for.");
    expect(paragraphs[1]!.attrs!.placeholder ?? null).toBeNull();
    // Rubbing the words out again (as Backspace does, a character at a time) brings the hint back.
    editor.commands.setContent({
      type: "doc",
      content: [
        { type: "section", attrs: { id: "s-1", title: "One" }, content: [hinted("Say who this is for.", "x")] },
      ],
    });
    expect(hint()).toBeNull();
    editor.commands.deleteRange({ from: 2, to: 3 });
    expect(hint()).not.toBeNull();
    editor.destroy();
  });
});
