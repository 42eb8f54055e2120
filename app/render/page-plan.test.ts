import { describe, expect, it } from "vitest";
import { insidePagesFor, planPages, sparePageKinds, splitBackSection } from "./page-plan";

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
    expect(insidePagesFor("booklet", 6, 4, 6)).toBe(6);
    expect(insidePagesFor("booklet", 6, 4, 3)).toBe(6); // three spare pages finish the second sheet
    // A whole sheet of spare pages is never printed: an 8-page booklet with two pages of words is 4 pages.
    expect(insidePagesFor("booklet", 6, 4, 2)).toBe(2);
    expect(insidePagesFor("booklet", 6, 4, 1)).toBe(2);
    expect(insidePagesFor("booklet", 6, 4, 0)).toBe(2);
    expect(insidePagesFor("trifold", 4, 1, 5)).toBe(5);
  });
});

describe("the pages a document prints, in reading order (planPages)", () => {
  const sections = [section("a", "paragraph"), section("b", "paragraph", "contactBlock")];
  const kinds = (plan: ReturnType<typeof planPages>) => plan.pages.map((page) => page.kind);

  it("gives a guide a cover, a contents page and its words; other page-by-page documents open with a title band", () => {
    const guide = planPages({ imposition: "pages", contentsPage: true, sections, spare: 3, sparePages: "notes" });
    expect(kinds(guide)).toEqual(["cover", "contents", "flow"]);
    expect(guide).toMatchObject({ inside: sections, titleBand: false });
    const leaflet = planPages({ imposition: "pages", contentsPage: false, sections, spare: 0, sparePages: "notes" });
    expect(kinds(leaflet)).toEqual(["flow"]);
    expect(leaflet.titleBand).toBe(true);
  });

  it("gives a folded leaflet a cover, its words, the spare pages chosen and the contact section on the back", () => {
    const booklet = planPages({
      imposition: "booklet",
      contentsPage: false,
      sections,
      spare: 2,
      sparePages: "back-cover",
    });
    expect(kinds(booklet)).toEqual(["cover", "flow", "notes", "back-cover", "back"]);
    expect(booklet.inside).toEqual([sections[0]]);
    expect(booklet.pages.at(-1)).toEqual({ kind: "back", section: sections[1] });
    // Everything on the back page: no flow page, which would print blank.
    const onlyContact = [section("a", "paragraph"), section("b", "contactBlock")].slice(1);
    const trifold = planPages({
      imposition: "trifold",
      contentsPage: false,
      sections: onlyContact,
      spare: 0,
      sparePages: "notes",
    });
    expect(kinds(trifold)).toEqual(["cover", "flow", "back"]);
    const empty = planPages({
      imposition: "trifold",
      contentsPage: false,
      sections: [],
      spare: 4,
      sparePages: "notes",
    });
    expect(kinds(empty)).toEqual(["cover", "notes", "notes", "notes", "notes", "back"]);
  });
});
