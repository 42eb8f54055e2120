import { describe, expect, it } from "vitest";
import { documentSchema } from "../../editor/schema.server";
import { loadTemplates } from "../../../server/services/templates";
import { doc, p, section } from "../../../tests/fixtures/checks/documents";
import { defaultDesign } from "../design";
import { checkDocument, type PureCheckOptions } from "./check-document";
import { DEFAULT_WORD_LIST } from "./lived-experience-words";
import { checksRunFor } from "./other-languages";

const templates = loadTemplates(new URL("../../../templates", import.meta.url).pathname);
const booklet = templates.get("a5-booklet")!;
const options = (language: string): PureCheckOptions => ({
  template: booklet,
  design: defaultDesign(booklet.id),
  readingAge: "9–11",
  wordList: DEFAULT_WORD_LIST,
  language,
});

const LONG_ARABIC =
  "هذه جملة طويلة جدا كتبناها لكي نرى إن كان الفحص يعد الكلمات في اللغة العربية كما يجب وأن يقول للكاتب إن الجملة أطول مما يسمح به القالب في هذه النشرة.";

describe("checks for a document in another language", () => {
  it("counts sentences and words in Arabic, and flags a sentence longer than the template allows", () => {
    const node = documentSchema.nodeFromJSON(
      doc(section("s-1", "حقوقك", [p("هذه النشرة للنساء. نحن هنا لمساعدتك."), p(LONG_ARABIC)])),
    );
    const report = checkDocument(node, options("ar"));
    expect(report.document.sentences).toBe(3);
    expect(report.document.longestSentenceWords).toBeGreaterThan(booklet.rules.maxSentenceWords);
    const long = report.findings.filter((finding) => finding.rule === "long-sentence");
    expect(long).toHaveLength(1);
    expect(long[0]!.text).toBe(LONG_ARABIC);
  });

  it("runs no English-only rule, gives no reading age, and says which checks ran and which did not", () => {
    // "utilise" is an English simpler-words finding, "color" an American spelling: neither is flagged in Welsh.
    const node = documentSchema.nodeFromJSON(
      doc(section("s-1", "Eich hawliau", [p("Please utilise the color chart.")])),
    );
    const welsh = checkDocument(node, options("cy"));
    expect(welsh.findings.map((finding) => finding.rule)).not.toContain("simpler-words");
    expect(welsh.findings.map((finding) => finding.rule)).not.toContain("uk-spelling");
    expect(welsh.document.readingAge).toBeNull();
    expect(welsh.document.fleschReadingEase).toBeNull();
    expect(welsh.readingAgeStatus).toBe("not-measured");
    expect(welsh.checksRun.ran).toContain("Sentence length");
    expect(welsh.checksRun.notRun.map((entry) => entry.check)).toContain("Reading age (Flesch–Kincaid)");
    expect(welsh.checksRun.notRun[0]!.reason).toMatch(/Welsh/);
    const english = checkDocument(node, options("en-GB"));
    expect(english.findings.map((finding) => finding.rule)).toEqual(
      expect.arrayContaining(["simpler-words", "uk-spelling"]),
    );
    expect(english.readingAgeStatus).not.toBe("not-measured");
    expect(checksRunFor("en-GB").notRun).toEqual([]);
  });
});
