import { describe, expect, it } from "vitest";
import { BREAK_WITHOUT_HYPHEN, splitOverlongWord } from "./fonts.server";

describe("splitOverlongWord", () => {
  it("keeps ordinary words whole and splits a long web address after its slashes and dashes", () => {
    expect(splitOverlongWord("safeguarding")).toEqual(["safeguarding"]);
    const address = "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2";
    const parts = splitOverlongWord(address);
    expect(parts.join("").replaceAll(BREAK_WITHOUT_HYPHEN, "")).toBe(address);
    expect(parts.length).toBeGreaterThan(4);
    // Every break but the last is marked as one the PDF engine draws no hyphen at.
    expect(parts.slice(0, -1).every((part) => part.endsWith(BREAK_WITHOUT_HYPHEN))).toBe(true);
    expect(parts.at(-1)!.endsWith(BREAK_WITHOUT_HYPHEN)).toBe(false);
    expect(Math.max(...parts.map((p) => p.replace(BREAK_WITHOUT_HYPHEN, "").length))).toBeLessThanOrEqual(16);
  });

  it("breaks an address before its dots, dashes, single slashes and @, so no line ends in what looks like a hyphen", () => {
    const plain = (word: string) => splitOverlongWord(word).map((part) => part.replace(BREAK_WITHOUT_HYPHEN, ""));
    expect(plain("help@demo-charity.example")).toEqual(["help", "@demo", "-charity", ".example"]);
    expect(plain("https://www.demo-charity.example/families")).toEqual([
      "https://",
      "www.demo",
      "-charity",
      ".example",
      "/families",
    ]);
    expect(plain("https://example.org/search?q=care&page=2")).toEqual([
      "https://",
      "example",
      ".org",
      "/search",
      "?q=care&",
      "page=2",
    ]);
    // No part but the last ends in a dash, dot, slash or @ (a reader would take a line-end dash for hyphenation).
    for (const word of ["www.demo-charity.example/-families", "first.last-name@long-domain.example.org"])
      for (const part of plain(word).slice(0, -1)) expect(part).not.toMatch(/[-./@]$/);
  });
});
