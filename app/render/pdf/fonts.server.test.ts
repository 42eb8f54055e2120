import { describe, expect, it } from "vitest";
import { splitOverlongWord } from "./fonts.server";

describe("splitOverlongWord", () => {
  it("keeps ordinary words whole and splits a long web address after its slashes and dashes", () => {
    expect(splitOverlongWord("safeguarding")).toEqual(["safeguarding"]);
    const address = "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2";
    const parts = splitOverlongWord(address);
    expect(parts.join("")).toBe(address);
    expect(parts.length).toBeGreaterThan(4);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(16);
  });
});
