import { describe, expect, it } from "vitest";
import { DOMParser as ProseMirrorDOMParser } from "@tiptap/pm/model";
import { JSDOM } from "jsdom";
import { documentSchema } from "./schema.server";

describe("the language mark", () => {
  it("is part of the one schema, and reads pasted words in a known language only", () => {
    expect(documentSchema.marks.language).toBeDefined();
    const { window } = new JSDOM(
      `<section data-type="section"><p>Ffoniwch <span lang="en-GB">Women's Aid</span> or <span lang="xx-evil">this</span></p></section>`,
    );
    const parsed = ProseMirrorDOMParser.fromSchema(documentSchema).parse(window.document.body);
    const marks: Array<[string, string]> = [];
    parsed.descendants((node) => {
      if (node.isText)
        for (const mark of node.marks) if (mark.type.name === "language") marks.push([node.text!, mark.attrs.lang]);
    });
    expect(marks).toEqual([["Women's Aid", "en-GB"]]);
  });
});
