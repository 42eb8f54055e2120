import { describe, expect, it } from "vitest";
import { stageNumbers } from "./stages";

const section = (...types: string[]) => ({ content: types.map((type) => ({ type })) });

describe("a guide's stage numbers", () => {
  it("numbers every section in order, but not the closing sections that hold contact details", () => {
    const sections = [
      section("paragraph"),
      section("paragraph", "contactBlock", "paragraph"), // a stage that names a helpline on the way
      section("bulletList"),
      section("paragraph", "contactBlock"),
      section("contactBlock"),
    ];
    expect(stageNumbers(sections, true)).toEqual([1, 2, 3, null, null]);
  });

  it("numbers nothing in a template without stages, and everything when no section holds contacts", () => {
    expect(stageNumbers([section("paragraph"), section("contactBlock")], false)).toEqual([null, null]);
    expect(stageNumbers([section("paragraph"), section("keyInfo")], true)).toEqual([1, 2]);
    expect(stageNumbers([{}, { content: null }], true)).toEqual([1, 2]);
  });
});
