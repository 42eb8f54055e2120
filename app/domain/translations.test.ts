import { describe, expect, it } from "vitest";
import type { SectionText } from "./document-diff";
import { sectionWords, translationStateLabel, translationStatus, type SectionRecord } from "./translations";

const section = (id: string, title: string, text: string): SectionText => ({ id, title, text });
const record = (from: SectionText, confirmedByName: string | null = null): SectionRecord => ({
  sectionId: from.id,
  sourceText: sectionWords(from),
  confirmedByName,
  confirmedAt: "2026-12-01T10:00:00.000Z",
});

describe("where each section of a translation stands", () => {
  const english = [
    section("a", "Who this is for", "This leaflet is for women."),
    section("b", "Your rights", "You have the right to be safe."),
  ];

  it("is 'not translated' while it still says the source's words, and up to date once translated", () => {
    const copy = english.map((s) => ({ ...s }));
    const records = english.map((s) => record(s));
    expect(translationStatus(english, copy, records).map((s) => s.state)).toEqual(["not-translated", "not-translated"]);
    const welsh = [section("a", "Ar gyfer pwy", "Mae'r daflen hon ar gyfer menywod."), copy[1]!];
    expect(translationStatus(english, welsh, records).map((s) => s.state)).toEqual(["up-to-date", "not-translated"]);
  });

  it("marks a section whose source changed since it was checked, with the words that changed", () => {
    const welsh = [
      section("a", "Ar gyfer pwy", "Mae'r daflen hon."),
      section("b", "Eich hawliau", "Mae gennych hawl."),
    ];
    const records = english.map((s) => record(s, "Wren"));
    const changed = [english[0]!, section("b", "Your rights", "You have the right to be safe at home.")];
    const [first, second] = translationStatus(changed, welsh, records);
    expect(first!.state).toBe("up-to-date");
    expect(second!.state).toBe("source-changed");
    const parts = (kind: string) =>
      second!.changes
        .filter((part) => part.kind === kind)
        .map((part) => part.text)
        .join("");
    expect(parts("added")).toMatch(/at home/);
    expect(parts("removed")).not.toMatch(/right|You/);
    expect(parts("same")).toMatch(/You have the right to be/);
    expect(second!.source).toEqual({ title: "Your rights", text: "You have the right to be safe at home." });
    // A title change counts too; a confirmed section that matches again is up to date.
    const retitled = [section("a", "Who it is for", english[0]!.text), english[1]!];
    expect(translationStatus(retitled, welsh, records)[0]!.state).toBe("source-changed");
    expect(translationStatus(english, welsh, records).map((s) => s.state)).toEqual(["up-to-date", "up-to-date"]);
  });

  it("lists sections the source gained, and sections it no longer has", () => {
    const welsh = [section("a", "Ar gyfer pwy", "Testun."), section("gone", "Hen adran", "Testun.")];
    const records = [record(english[0]!, "Wren"), record(section("gone", "Old", "Old words."), "Wren")];
    const states = translationStatus(english, welsh, records).map((s) => [s.id, s.state]);
    expect(states).toEqual([
      ["a", "up-to-date"],
      ["gone", "removed-from-source"],
      ["b", "new-in-source"],
    ]);
  });

  it("is 'partly translated' while a paragraph is still the source's own words, until someone confirms it", () => {
    const english = [section("a", "Who this is for", "This leaflet is for women.\nIt explains your rights at work.")];
    const half = [section("a", "Ar gyfer pwy", "Mae'r daflen hon ar gyfer menywod.\nIt explains your rights at work.")];
    expect(translationStatus(english, half, [record(english[0]!)])[0]!.state).toBe("partly-translated");
    // Someone who says it is right (an English name that stays) settles it.
    expect(translationStatus(english, half, [record(english[0]!, "Wren")])[0]!.state).toBe("up-to-date");
  });

  it("says each state in plain words, naming the source's language", () => {
    expect(translationStateLabel("source-changed", "English")).toBe("English changed — check this section");
    expect(translationStateLabel("not-translated", "English")).toBe("Not translated yet");
  });
});
