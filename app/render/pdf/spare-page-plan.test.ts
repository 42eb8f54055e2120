import { describe, expect, it } from "vitest";
import { insidePagesFor, sparePageKinds, splitBackSection } from "./spare-page-plan";

const section = (id: string, ...types: string[]) => ({ id, content: types.map((type) => ({ type })) });

describe("a folded leaflet's page plan (shared by the PDF and the live preview)", () => {
  it("puts the last section on the back page only when it holds the contact details", () => {
    const withContact = [section("a", "paragraph"), section("b", "paragraph", "contactBlock")];
    expect(splitBackSection(withContact)).toEqual({ inside: [withContact[0]], back: withContact[1] });
    const without = [section("a", "paragraph"), section("b", "paragraph")];
    expect(splitBackSection(without)).toEqual({ inside: without, back: null });
    // A leaflet of one section keeps it inside, contact box or not; the preview's lenient reading may lack content.
    expect(splitBackSection([section("a", "contactBlock")]).back).toBeNull();
    const unread: Array<{ id: string; content?: Array<{ type: string }> }> = [{ id: "a" }, { id: "b" }];
    expect(splitBackSection(unread).back).toBeNull();
  });

  it("fills spare pages as the designer chose, never with blank pages, and makes booklets up to whole sheets", () => {
    expect(sparePageKinds(3, "notes")).toEqual(["notes", "notes", "notes"]);
    expect(sparePageKinds(2, "back-cover")).toEqual(["notes", "back-cover"]);
    expect(sparePageKinds(0, "back-cover")).toEqual([]);
    expect(insidePagesFor("booklet", 6, 4, 7)).toBe(10); // 7 inside + cover + back = 9 → three sheets of four
    expect(insidePagesFor("trifold", 4, 1, 5)).toBe(5);
  });
});
