import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, hashDocument } from "./document-hash";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const meta = { title: "Women's Rights", language: "en-GB", readingAge: "9–11" };
const content = {
  type: "doc",
  content: [
    {
      type: "section",
      attrs: { id: "s-1", title: "Intro" },
      content: [{ type: "paragraph", content: [{ type: "text", text: "Hello" }] }],
    },
  ],
};

describe("document hashes", () => {
  it("are the same for the same document, whatever the key order", () => {
    const a = hashDocument({ content, meta, design: { primary: "#1d4f91", templateId: "a5-booklet" } }, sha256);
    const b = hashDocument(
      {
        content: JSON.parse(JSON.stringify(content)),
        meta: { readingAge: "9–11", language: "en-GB", title: "Women's Rights" },
        design: { templateId: "a5-booklet", primary: "#1d4f91" },
      },
      sha256,
    );
    expect(a).toEqual(b);
  });

  it("change the content hash only with a text edit, and the design hash only with a design edit", () => {
    const base = hashDocument({ content, meta, design: { primary: "#1d4f91" } }, sha256);
    const edited = JSON.parse(JSON.stringify(content));
    edited.content[0].content[0].content[0].text = "Hello!";
    const textEdit = hashDocument({ content: edited, meta, design: { primary: "#1d4f91" } }, sha256);
    const colourEdit = hashDocument({ content, meta, design: { primary: "#000000" } }, sha256);
    expect(textEdit.contentHash).not.toBe(base.contentHash);
    expect(textEdit.designHash).toBe(base.designHash);
    expect(colourEdit.contentHash).toBe(base.contentHash);
    expect(colourEdit.designHash).not.toBe(base.designHash);
    expect(new Set([base.hash, textEdit.hash, colourEdit.hash]).size).toBe(3);
  });

  it("writes canonical JSON with sorted keys (RFC 8785)", () => {
    expect(canonicalJson({ b: 1, a: [{ d: "x", c: 2 }] })).toBe('{"a":[{"c":2,"d":"x"}],"b":1}');
  });
});
