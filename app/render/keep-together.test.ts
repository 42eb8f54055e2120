import { describe, expect, it } from "vitest";
import { keepTogether } from "./keep-together";

const NBSP = "\u00a0";

describe("keepTogether", () => {
  it("joins a postcode's two halves and a phone number's groups with no-break spaces", () => {
    expect(keepTogether("Address: 1 Example Street, Anytown AN1 2XY")).toBe(
      `Address: 1 Example Street, Anytown AN1${NBSP}2XY`,
    );
    expect(keepTogether("Freephone: 0808 157 0123 (Monday to Friday)")).toBe(
      `Freephone: 0808${NBSP}157${NBSP}0123 (Monday to Friday)`,
    );
    expect(keepTogether("Call +44 20 7946 0000 or SW1A 1AA")).toBe(
      `Call +44${NBSP}20${NBSP}7946${NBSP}0000 or SW1A${NBSP}1AA`,
    );
  });

  it("leaves other numbers and words as they are, and the length the same", () => {
    for (const text of [
      "Open 9 to 5, Monday to Friday.",
      "In 2024 2025 and 2026.",
      "Within 15 working days, section 47 enquiry.",
      "Your child is 18 or older.",
      "No digits at all.",
    ])
      expect(keepTogether(text)).toBe(text);
    const text = "Ring 0808 157 0123 about AN1 2XY.";
    expect(keepTogether(text)).toHaveLength(text.length);
  });
});
