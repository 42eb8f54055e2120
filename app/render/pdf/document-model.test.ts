import { describe, expect, it } from "vitest";
import { demoDocument, easyReadDocument, WOMENS_RIGHTS } from "../../../tests/fixtures/pdf/documents";
import { DocumentContentError, imageSources, readSections } from "./document-model";

const doc = (...blocks: unknown[]) => ({
  type: "doc",
  content: [{ type: "section", attrs: { id: "s-1", title: "A" }, content: blocks }],
});

describe("readSections", () => {
  it("reads the demo documents through the server's canonical JSON", () => {
    const sections = readSections(demoDocument(WOMENS_RIGHTS).content);
    expect(sections.map((section) => section.attrs.title)).toEqual([
      "Who this leaflet is for",
      "Your rights at work",
      "Your home",
      "Support if you are being abused",
      "Contact us",
    ]);
    expect(sections[3]!.attrs.contentNote).toBe(
      "This section talks about domestic abuse, including violence and control.",
    );
  });

  it("refuses a block or mark the PDF has no mapper for, naming it", () => {
    expect(() => readSections(doc({ type: "table", content: [] }))).toThrow(
      new DocumentContentError('The PDF does not know the block "table".'),
    );
    expect(() =>
      readSections(doc({ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "italic" }] }] })),
    ).toThrow('The PDF does not know the text style "italic".');
    expect(() => readSections({ type: "doc", content: [{ type: "paragraph" }] })).toThrow(
      "A document holds sections only.",
    );
  });

  it("in lenient mode (the live preview) leaves out only what it cannot read, and reads the rest as the PDF does", () => {
    const content = {
      type: "doc",
      content: [
        { type: "paragraph" },
        {
          type: "section",
          attrs: { id: "s-1", title: "A" },
          content: [
            { type: "table", content: [] },
            {
              type: "paragraph",
              content: [{ type: "text", text: "kept", marks: [{ type: "italic" }, { type: "bold" }] }],
            },
            {
              type: "bulletList",
              content: [{ type: "listItem", content: [{ type: "video" }, { type: "paragraph" }] }],
            },
            { type: "paragraph", content: [{ type: "emoji" }, { type: "text", text: "also kept" }] },
          ],
        },
      ],
    };
    expect(() => readSections(content)).toThrow(DocumentContentError);
    const [section, ...others] = readSections(content, "lenient");
    expect(others).toEqual([]);
    expect(section!.content).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "kept", marks: [{ type: "bold" }] }] },
      { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [] }] }] },
      { type: "paragraph", content: [{ type: "text", text: "also kept", marks: undefined }] },
    ]);
    expect(readSections({ type: "nonsense" }, "lenient")).toEqual([]);
    // Open suggestions read as turned down in both modes, as the PDF prints them.
    const suggested = doc({
      type: "paragraph",
      content: [
        { type: "text", text: "Call us" },
        { type: "text", text: " today", marks: [{ type: "insertion", attrs: { id: "sg-1", authorId: "abi" } }] },
      ],
    });
    expect(readSections(suggested, "lenient")).toEqual(readSections(suggested));
    expect(JSON.stringify(readSections(suggested, "lenient"))).not.toContain("today");
  });

  it("treats an empty picture source as no picture", () => {
    const [section] = readSections(
      doc({ type: "easyReadRow", attrs: { imageSrc: "", imageAlt: "" }, content: [{ type: "paragraph" }] }),
    );
    expect(section!.content[0]).toMatchObject({ type: "easyReadRow", attrs: { imageSrc: null } });
  });
});

describe("imageSources", () => {
  it("lists every picture once, from image blocks and Easy Read rows, inside lists too", () => {
    expect(imageSources(readSections(easyReadDocument().content)).sort()).toEqual([
      "picture-help",
      "picture-home",
      "picture-phone",
      "picture-work",
    ]);
    const nested = doc({
      type: "bulletList",
      content: [{ type: "listItem", content: [{ type: "image", attrs: { src: "in-list", alt: "x" } }] }],
    });
    expect(imageSources(readSections(nested))).toEqual(["in-list"]);
  });

  it("prints an open suggestion as if turned down: suggested words out, words marked for removal kept", () => {
    const mark = (type: string) => [{ type, attrs: { id: "sg-1", authorId: "abi", createdAt: null, reason: null } }];
    const [section] = readSections(
      doc({
        type: "paragraph",
        content: [
          { type: "text", text: "We help " },
          { type: "text", text: "addicts", marks: mark("deletion") },
          { type: "text", text: "people who use drugs", marks: mark("insertion") },
          { type: "text", text: " and families." },
        ],
      }),
    );
    const paragraph = section!.content[0] as { content: Array<{ text: string; marks?: unknown[] }> };
    expect(paragraph.content.map((node) => node.text).join("")).toBe("We help addicts and families.");
    expect(paragraph.content.every((node) => !node.marks?.length)).toBe(true);
  });
});
