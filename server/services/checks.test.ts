import { describe, expect, it } from "vitest";
import { splitSections } from "./checks";

describe("splitSections", () => {
  it("splits sections into contiguous parts of about equal size, covering every section once", () => {
    expect(splitSections([10, 10, 10, 10], 2)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
    expect(splitSections([100, 1, 1, 1], 2)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 4 },
    ]);
    expect(splitSections([5, 5, 5], 1)).toEqual([{ start: 0, end: 3 }]);
    expect(splitSections([5], 4)).toEqual([{ start: 0, end: 1 }]);
    expect(splitSections([], 2)).toEqual([]);
    const parts = splitSections([3, 8, 2, 7, 9, 1, 4, 6], 3);
    expect(parts).toHaveLength(3);
    expect(parts.map((part) => part.end - part.start).reduce((a, b) => a + b, 0)).toBe(8);
    parts.forEach((part, index) => index > 0 && expect(part.start).toBe(parts[index - 1]!.end));
  });
});
