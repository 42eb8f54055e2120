import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ReadabilityScores } from "~/domain/checks/types";
import { ChecksPanel, ReadingAgeBadge } from "./checks-panel";

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

describe("the checks list for a writer", () => {
  const section = (sectionId: string, title: string) => ({
    sectionId,
    title,
    scores: scores(10),
    readingAgeStatus: "within" as const,
    counts: { blocker: 0, warning: 0, tip: 0 },
  });
  const finding = (id: string, sectionId: string, severity: "blocker" | "warning") => ({
    id,
    rule: "template-hint",
    source: "template" as const,
    severity,
    sectionId,
    range: null,
    target: { kind: "text" },
    text: "words",
    message: `Problem ${id}`,
    help: "Fix it.",
  });
  const panel = (yours?: Set<string>) =>
    renderToStaticMarkup(
      createElement(ChecksPanel, {
        findings: [finding("a", "s-1", "blocker"), finding("b", "s-1", "blocker"), finding("c", "s-2", "warning")],
        sections: [section("s-1", "Their section"), section("s-2", "Mine")],
        readingAge: "9–11",
        yours,
      } as unknown as Parameters<typeof ChecksPanel>[0]),
    ).replace(/<[^>]+>/g, "\n");

  it("lists the person's own sections first and counts what is theirs to fix", () => {
    const text = panel(new Set(["s-2"]));
    expect(text).toContain("2 must fix, 1 should fix. In your sections: 1 should fix.");
    expect(text.indexOf("Mine")).toBeLessThan(text.indexOf("Their section"));
    expect(text).toContain("(yours)");
    // Without owners (the checks page), the document's order and the plain count.
    const plain = panel();
    expect(plain).toContain("2 must fix, 1 should fix");
    expect(plain).not.toContain("In your sections");
    expect(plain.indexOf("Their section")).toBeLessThan(plain.indexOf("Mine"));
  });
});
