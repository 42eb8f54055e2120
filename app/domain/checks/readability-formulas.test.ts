import { describe, expect, it } from "vitest";
import {
  addCounts,
  fleschKincaidGrade,
  fleschReadingEase,
  parseReadingAge,
  readingAgeFromGrade,
  readingAgeStatus,
  scoresFromCounts,
} from "./readability-formulas";

describe("Flesch reading ease", () => {
  it("matches the published formula on fixed counts", () => {
    expect(fleschReadingEase({ sentences: 1, words: 6, syllables: 6 })).toBeCloseTo(116.145, 3);
    expect(fleschReadingEase({ sentences: 1, words: 16, syllables: 22 })).toBeCloseTo(74.27, 2);
    expect(fleschReadingEase({ sentences: 1, words: 13, syllables: 26 })).toBeCloseTo(24.44, 2);
  });
});

describe("Flesch–Kincaid grade", () => {
  it("matches the published formula on fixed counts", () => {
    expect(fleschKincaidGrade({ sentences: 1, words: 13, syllables: 26 })).toBeCloseTo(13.08, 2);
    expect(fleschKincaidGrade({ sentences: 2, words: 20, syllables: 24 })).toBeCloseTo(
      0.39 * 10 + 11.8 * 1.2 - 15.59,
      10,
    );
  });
});

describe("reading age and scores", () => {
  it("turns a US grade into an age, never below 5", () => {
    expect(readingAgeFromGrade(13.08)).toBe(18);
    expect(readingAgeFromGrade(4.4)).toBe(9);
    expect(readingAgeFromGrade(-3)).toBe(5);
  });

  it("scores counts, and scores nothing when there is no text", () => {
    const scores = scoresFromCounts({ sentences: 1, words: 13, syllables: 26, longestSentenceWords: 13 });
    expect(scores).toMatchObject({
      fleschReadingEase: 24.4,
      fleschKincaidGrade: 13.1,
      readingAge: 18,
      averageSentenceWords: 13,
    });
    expect(scoresFromCounts({ sentences: 0, words: 0, syllables: 0, longestSentenceWords: 0 }).readingAge).toBeNull();
  });

  it("adds section counts into document counts", () => {
    const total = addCounts(
      { words: 10, sentences: 2, syllables: 14, longestSentenceWords: 6 },
      { words: 30, sentences: 1, syllables: 40, longestSentenceWords: 30 },
    );
    expect(total).toEqual({ words: 40, sentences: 3, syllables: 54, longestSentenceWords: 30 });
  });

  it("reads targets like 9–11 and says whether a score is within them", () => {
    expect(parseReadingAge("9–11")).toEqual({ min: 9, max: 11 });
    expect(parseReadingAge("7-9")).toEqual({ min: 7, max: 9 });
    expect(parseReadingAge("12")).toEqual({ min: 12, max: 12 });
    expect(parseReadingAge("nonsense")).toEqual({ min: 9, max: 11 });
    const easy = scoresFromCounts({ sentences: 2, words: 12, syllables: 14, longestSentenceWords: 6 });
    const hard = scoresFromCounts({ sentences: 1, words: 13, syllables: 26, longestSentenceWords: 13 });
    expect(readingAgeStatus(easy, "9–11")).toBe("within");
    expect(readingAgeStatus(hard, "9–11")).toBe("above");
    expect(
      readingAgeStatus(scoresFromCounts({ sentences: 0, words: 0, syllables: 0, longestSentenceWords: 0 }), "9–11"),
    ).toBe("no-text");
  });
});
