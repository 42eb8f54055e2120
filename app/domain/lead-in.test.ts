import { describe, expect, it } from "vitest";
import { isLeadIn } from "./lead-in";

describe("isLeadIn", () => {
  it("is a line ending in a colon before a list, and nothing else", () => {
    expect(isLeadIn("The court can also decide that:", "bulletList")).toBe(true);
    expect(isLeadIn("You can ask for: ", "orderedList")).toBe(true);
    expect(isLeadIn("The court can also decide that:", "paragraph")).toBe(false);
    expect(isLeadIn("The court can also decide that:", undefined)).toBe(false);
    expect(isLeadIn("Ring us at 10:30.", "bulletList")).toBe(false);
  });
});
