import { describe, expect, it } from "vitest";
import { diffDocuments, sectionTexts } from "./document-diff";

const section = (id: string, title: string, ...paragraphs: string[]) => ({
  type: "section",
  attrs: { id, title },
  content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })),
});
const doc = (...sections: unknown[]) => ({ type: "doc", content: sections });

describe("diffDocuments", () => {
  it("shows words added and removed within a section, matched by id", () => {
    const before = doc(section("a", "Your rights", "You can ask for help."));
    const after = doc(section("a", "Your rights", "You can always ask for free help."));
    const [diff] = diffDocuments(before, after);
    expect(diff!.change).toBe("changed");
    expect(diff!.parts.filter((p) => p.added).map((p) => p.value.trim())).toEqual(["always", "free"]);
    expect(diff!.parts.filter((p) => p.removed)).toEqual([]);
  });

  it("reports added, removed, renamed and unchanged sections", () => {
    const before = doc(section("a", "One", "Same."), section("b", "Two", "Gone soon."), section("c", "Three", "Text."));
    const after = doc(
      section("a", "One", "Same."),
      section("c", "Three, renamed", "Text."),
      section("d", "Four", "New."),
    );
    const diffs = diffDocuments(before, after);
    expect(diffs.map((d) => [d.sectionId, d.change])).toEqual([
      ["a", "unchanged"],
      ["c", "changed"],
      ["d", "added"],
      ["b", "removed"],
    ]);
    expect(diffs[1]!.previousTitle).toBe("Three");
  });

  it("reads lists, key information and picture descriptions as text", () => {
    const texts = sectionTexts(
      doc({
        type: "section",
        attrs: { id: "x", title: "T" },
        content: [
          {
            type: "bulletList",
            content: [
              { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "first" }] }] },
            ],
          },
          { type: "keyInfo", content: [{ type: "paragraph", content: [{ type: "text", text: "Call 999" }] }] },
          { type: "image", attrs: { src: "/x.png", alt: "A phone", decorative: false } },
        ],
      }),
    );
    expect(texts[0]!.text).toBe("• first\nCall 999\n[Picture: A phone]");
  });

  it("shows a paragraph made a heading, and words made a list, as changes", () => {
    const para = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });
    const before = doc({
      type: "section",
      attrs: { id: "x", title: "T" },
      content: [para("At work"), para("Keep letters.")],
    });
    const after = doc({
      type: "section",
      attrs: { id: "x", title: "T" },
      content: [
        { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: "At work" }] },
        { type: "orderedList", content: [{ type: "listItem", content: [para("Keep letters.")] }] },
      ],
    });
    const [diff] = diffDocuments(before, after);
    expect(diff!.change).toBe("changed");
    expect(sectionTexts(after)[0]!.text).toBe("Heading: At work\n1. Keep letters.");
  });
});
