import { describe, expect, it } from "vitest";
import { loadTemplates } from "../../server/services/templates";
import { checkDocument } from "../domain/checks/check-document";
import { DEFAULT_WORD_LIST } from "../domain/checks/lived-experience-words";
import { defaultDesign } from "../domain/design";
import { documentSchema } from "../editor/schema.server";
import { flowRows, toneWords } from "./flow-table";

const templates = loadTemplates(new URL("../../templates", import.meta.url).pathname);
const guide = templates.get("a4-guide")!;

const section = (id: string, title: string, ...sentences: string[]) => ({
  type: "section",
  attrs: { id, title },
  content: sentences.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })),
});

describe("how the sections compare", () => {
  it("shows each section's reading age, sentence length and tone, and points at the one unlike the rest", () => {
    const doc = documentSchema.nodeFromJSON({
      type: "doc",
      content: [
        section("s-1", "Who this is for", "This guide is for you. You can ask us anything. We will help you."),
        section("s-2", "Your home", "You have the right to a safe home. Your landlord must fix things."),
        section("s-3", "At work", "You can ask for time off. Your boss must listen to you."),
        section(
          "s-4",
          "The law",
          "The legislation that governs the relationship between landlords and tenants in England sets out a series of obligations that apply to the maintenance of the property and the conduct of both parties throughout the tenancy.",
        ),
      ],
    });
    const report = checkDocument(doc, {
      template: guide,
      design: defaultDesign(guide.id),
      readingAge: "9–11",
      wordList: DEFAULT_WORD_LIST,
    });
    const rows = flowRows(doc, report.sections, report.findings);
    expect(rows.map((row) => row.title)).toEqual(["Who this is for", "Your home", "At work", "The law"]);
    expect(rows.map((row) => row.longerThanTheRest)).toEqual([false, false, false, true]);
    expect(rows.map((row) => row.toneUnlikeTheRest)).toEqual([false, false, false, true]);
    expect(toneWords(rows[0]!)).toBe("Speaks to the reader");
    expect(toneWords(rows[3]!)).toMatch(/^Does not say “you”/);
    expect(rows[3]!.readingAge).toBeGreaterThan(rows[0]!.readingAge!);
  });
});
