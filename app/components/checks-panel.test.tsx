import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ReadabilityScores } from "~/domain/checks/types";
import { ReadingAgeBadge } from "./checks-panel";

const scores = (readingAge: number | null): ReadabilityScores =>
  ({
    words: 40,
    sentences: 4,
    syllables: 50,
    averageSentenceWords: 10,
    fleschReadingEase: 80,
    fleschKincaidGrade: 3,
    readingAge,
  }) as ReadabilityScores;
const badge = (readingAge: number | null, status: "within" | "above" | "no-text") =>
  renderToStaticMarkup(createElement(ReadingAgeBadge, { scores: scores(readingAge), status, target: "9–11" })).replace(
    /<[^>]+>/g,
    "",
  );

describe("the reading age badge", () => {
  it("says on target, easier than the target, or above it", () => {
    expect(badge(10, "within")).toBe("Reading age 10 (on target: 9–11)");
    expect(badge(7, "within")).toBe("Reading age 7 (easier than the target: 9–11)");
    expect(badge(13, "above")).toBe("Reading age 13 (above target: 9–11)");
    expect(badge(null, "no-text")).toBe("Reading age – (no text yet)");
  });
});
