import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SECTION_STATUSES } from "../../app/editor/schema";
import { documentSchema } from "../../app/editor/schema.server";
import { demoDocuments, type DemoDocument } from "./demo-content";

const templatesDir = join(dirname(fileURLToPath(import.meta.url)), "../../templates");

function sectionDoc(index: number, section: DemoDocument["sections"][number]) {
  return {
    type: "doc",
    content: [
      {
        type: "section",
        attrs: {
          id: `s-${index + 1}`,
          title: section.title,
          owner: section.ownerUsername,
          status: section.status,
          contentNote: section.contentNote,
        },
        content: section.blocks,
      },
    ],
  };
}

function plainText(document: DemoDocument): string {
  return document.sections
    .map((section, index) => {
      const node = documentSchema.nodeFromJSON(sectionDoc(index, section));
      return node.textBetween(0, node.content.size, "\n", "\n");
    })
    .join("\n");
}

describe("demo documents", () => {
  it("are the Women's Rights leaflet and the child protection guide", () => {
    expect(demoDocuments.map((d) => [d.title, d.templateId])).toEqual([
      ["Women's Rights", "a5-booklet"],
      ["Guide to Child Protection and Care Proceedings", "a4-guide"],
    ]);
    for (const document of demoDocuments)
      expect(existsSync(join(templatesDir, `${document.templateId}.json`))).toBe(true);
  });

  describe.each(demoDocuments.map((d) => [d.title, d] as const))("%s", (_title, document) => {
    it.each(document.sections.map((section, index) => [section.title, index] as const))(
      "section %s is valid against the document schema",
      (_sectionTitle, index) => {
        const node = documentSchema.nodeFromJSON(sectionDoc(index, document.sections[index]!));
        expect(() => node.check()).not.toThrow();
      },
    );

    it("has owners among the demo writers and known statuses", () => {
      for (const section of document.sections) {
        expect([null, "wren", "will"]).toContain(section.ownerUsername);
        expect(SECTION_STATUSES).toContain(section.status);
        expect(section.blocks.length).toBeGreaterThan(0);
      }
    });

    it("has a contact block with fictional details only", () => {
      const text = plainText(document);
      expect(JSON.stringify(document.sections)).toContain('"contactBlock"');
      expect(text).toContain("Demo Charity");
      // Ofcom's drama range (0808 157 0000–0999) and the reserved .example domain.
      for (const phone of text.match(/\b0[0-9]{3} ?[0-9]{3} ?[0-9]{4}\b/g) ?? [])
        expect(phone).toMatch(/^0808 157 0\d{3}$/);
      for (const email of text.match(/[\w.-]+@[\w.-]+/g) ?? []) expect(email).toMatch(/\.example$/);
    });
  });

  it("marks the domestic abuse section with a content note", () => {
    const section = demoDocuments[0]!.sections.find((s) => /abuse/i.test(s.title));
    expect(section?.contentNote).toMatch(/domestic abuse/);
  });

  it("keeps the deliberate imperfections in the guide for the checks to find", () => {
    const text = plainText(demoDocuments[1]!);
    expect(text.match(/service users/g)).toHaveLength(1);
    const longest = Math.max(...text.split(/(?<=[.!?])\s+|\n/).map((s) => s.split(/\s+/).filter(Boolean).length));
    expect(longest).toBeGreaterThanOrEqual(28);
  });
});
