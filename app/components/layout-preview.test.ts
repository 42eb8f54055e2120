import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultDesign } from "~/domain/design";
import { templateSchema, type Template } from "~/domain/template";
import { mmToPt } from "~/domain/page-geometry";
import { previewSummary, sparePageNotes } from "./layout-preview";
import { flowBoxes, unitsOfSection } from "./layout-preview/flow-units";
import { paginate } from "./layout-preview/paginate";
import { minimumTypeScale, previewTheme, trifoldPanels } from "./layout-preview/theme";

const template = (id: string): Template =>
  templateSchema.parse(JSON.parse(readFileSync(new URL(`../../templates/${id}.json`, import.meta.url), "utf8")));

describe("paginate", () => {
  const box = (height: number, keepWithNext = false) => ({ height, keepWithNext });

  it("fills pages in order and starts a new page when a block does not fit", () => {
    expect(paginate([box(40), box(40), box(40), box(10)], 100).pages).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it("keeps a heading with the block after it", () => {
    // The heading (index 1) fits on page 1, but the paragraph after it does not: both move.
    expect(paginate([box(70), box(10, true), box(30)], 100).pages).toEqual([[0], [1, 2]]);
    // A unit asked to start a new page does (a tri-fold section moved onto the flap).
    expect(paginate([box(10), box(10), box(10)], 100, new Set([1])).pages).toEqual([[0], [1, 2]]);
  });

  it("keeps a chain of units kept with the next together, as the PDF's unbreakable groups", () => {
    // A section title, a lead-in line and a list's first item: all three move when the item does not fit.
    expect(paginate([box(50), box(10, true), box(10, true), box(40)], 100).pages).toEqual([[0], [1, 2, 3]]);
  });

  it("never leaves an empty page before a block taller than a page, and reports it", () => {
    const result = paginate([box(30), box(250), box(30)], 100);
    expect(result.pages).toEqual([[0], [1], [2]]);
    expect(result.tooTall).toEqual([1]);
  });

  it("counts the gap after a section for what follows it, not at the foot of a page", () => {
    // A section of 60 ending with a 30-point gap: it fits a page of 60; the next unit (10) does not fit after the gap.
    const sectionEnd = { height: 60, keepWithNext: false, after: 30 };
    expect(paginate([sectionEnd], 60).pages).toEqual([[0]]);
    expect(paginate([sectionEnd, box(10)], 95).pages).toEqual([[0], [1]]);
    expect(paginate([sectionEnd, box(10)], 100).pages).toEqual([[0, 1]]);
  });

  it("gives one empty page for no content", () => {
    expect(paginate([], 100).pages).toEqual([[]]);
  });
});

describe("keeping things together, as the PDF does (flowBoxes)", () => {
  const page = { available: 500, lineHeight: 20, paragraphSpace: 10 };
  const item = (text: string) => ({
    type: "listItem",
    content: [{ type: "paragraph", content: [{ type: "text", text }] }],
  });
  const section = (...blocks: unknown[]) =>
    ({ type: "section" as const, attrs: { id: "s", title: "Help" }, content: blocks }) as Parameters<
      typeof unitsOfSection
    >[0];

  it("moves a list's first two and last two short items together, so neither end is ever alone on a page", () => {
    const units = unitsOfSection(
      section({ type: "bulletList", content: [item("One"), item("Two"), item("Three"), item("Four")] }),
      0,
      [],
    );
    // Title, four items: the first keeps with the second, the third with the fourth; the second with neither.
    const keeps = flowBoxes(units, [40, 30, 30, 30, 30], [], page).map((box) => box.keepWithNext);
    expect(keeps).toEqual([true, true, false, true, false]);
    // On a page with room for the title and one item, the title and the first two go over together.
    expect(
      paginate([{ height: 60, keepWithNext: false }, ...flowBoxes(units, [40, 30, 30, 30, 30], [], page)], 135).pages,
    ).toEqual([[0], [1, 2, 3], [4, 5]]);
    // On a page with room for the title and three items, the last two go over together.
    expect(paginate(flowBoxes(units, [40, 30, 30, 30, 30], [], page), 135).pages).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    // Long items (more than three lines) break as they come; so does a list of two.
    expect(flowBoxes(units, [40, 30, 30, 90, 30], [], page)[3]!.keepWithNext).toBe(false);
    const pair = unitsOfSection(section({ type: "bulletList", content: [item("One"), item("Two")] }), 0, []);
    expect(flowBoxes(pair, [40, 30, 30], [], page).map((box) => box.keepWithNext)).toEqual([true, false, false]);
    // When the words fit no other way, that keep goes (as the PDF's relaxKeeps); the title's stays.
    expect(
      flowBoxes(units, [40, 30, 30, 30, 30], [], { ...page, relaxKeeps: true }).map((box) => box.keepWithNext),
    ).toEqual([true, false, false, false, false]);
  });

  it("moves a short paragraph introducing a contact box over with the box, unless keeps are given up", () => {
    const units = unitsOfSection(
      section(
        { type: "paragraph", content: [{ type: "text", text: "Talk to us in confidence." }] },
        { type: "contactBlock", content: [{ type: "paragraph", content: [{ type: "text", text: "Demo Charity" }] }] },
        { type: "paragraph", content: [{ type: "text", text: "Thank you." }] },
      ),
      0,
      [],
    );
    // Title, introduction, box, closing line: the title and the introduction go with what follows.
    expect(flowBoxes(units, [40, 30, 90, 30], [], page).map((box) => box.keepWithNext)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    // After 300 points of other text, on a page of 450: the title and the introduction would fit, the box would not;
    // they go over with it, rather than ending the page above a box overleaf.
    const filler = { height: 300, keepWithNext: false };
    expect(paginate([filler, ...flowBoxes(units, [40, 30, 90, 30], [], page)], 450).pages).toEqual([[0], [1, 2, 3, 4]]);
    // A long paragraph before a box is ordinary text; and the keep goes when the words must fit.
    expect(flowBoxes(units, [40, 120, 90, 30], [], page)[1]!.keepWithNext).toBe(false);
    expect(flowBoxes(units, [40, 30, 90, 30], [], { ...page, relaxKeeps: true })[1]!.keepWithNext).toBe(false);
  });

  it("keeps a short list whole on a folded leaflet's panel, until lists must break for the words to fit", () => {
    const units = unitsOfSection(
      section({ type: "bulletList", content: [item("One"), item("Two"), item("Three"), item("Four")] }),
      0,
      [],
    );
    const lists = { body: 12, lineHeight: 1.5, contentWidth: 200, whole: true };
    // Four one-line items take far less than a third of the panel: each item goes with the next.
    expect(flowBoxes(units, [40, 30, 30, 30, 30], [], { ...page, lists }).map((box) => box.keepWithNext)).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    // A list taking more than a third of the panel (here the panel is small) breaks between items as usual.
    expect(
      flowBoxes(units, [40, 30, 30, 30, 30], [], { ...page, available: 150, lists }).map((box) => box.keepWithNext),
    ).toEqual([true, true, false, true, false]);
  });

  it("moves a short list over whole with the section's closing line, as the PDF does; a long list stays free", () => {
    const closingLine = { type: "paragraph", content: [{ type: "text", text: "We can help." }] };
    const units = unitsOfSection(
      section({ type: "bulletList", content: [item("One"), item("Two"), item("Three")] }, closingLine),
      0,
      [],
    );
    const lists = { body: 12, lineHeight: 1.5, contentWidth: 200 };
    const heights = [40, 30, 30, 30, 30];
    // Title, three short items, the closing line: every item goes with the next, the last with the line.
    expect(flowBoxes(units, heights, [], { ...page, lists }).map((box) => box.keepWithNext)).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    // On a page with room for the title and all but the line, the list goes over with it (and the title with them).
    expect(
      paginate([{ height: 300, keepWithNext: false }, ...flowBoxes(units, heights, [], { ...page, lists })], 440).pages,
    ).toEqual([[0], [1, 2, 3, 4, 5]]);
    // A list of more than a third of the page cannot be tied: its ends keep together, as always (three short items:
    // the first two, and the last two).
    expect(flowBoxes(units, heights, [], { ...page, available: 150, lists }).map((box) => box.keepWithNext)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    // Nor when lists must break, or keeps are given up, for the words to fit.
    expect(flowBoxes(units, heights, [], { ...page, lists: { ...lists, broken: true } })[3]!.keepWithNext).toBe(false);
    expect(flowBoxes(units, heights, [], { ...page, lists, relaxKeeps: true })[3]!.keepWithNext).toBe(false);
  });

  it("lets a list item's bottom margin run past the foot of a page, as the PDF cuts it off there", () => {
    const units = unitsOfSection(section({ type: "bulletList", content: [item("One"), item("Two")] }), 0, []);
    // Title 40, two items of 30 with their margins (5, then 15 for the last: the list's own margin too).
    const boxes = flowBoxes(units, [40, 35, 45], [0, 5, 15], page);
    expect(boxes.map((box) => [box.height, box.after])).toEqual([
      [40, 0],
      [30, 5],
      [30, 15],
    ]);
    // A page of 105: the title and both items' words fit (40 + 35 + 30); only the last margin would not.
    expect(paginate(boxes, 105).pages).toEqual([[0, 1, 2]]);
    expect(paginate(flowBoxes(units, [40, 35, 45], [], page), 105).pages).toEqual([[0, 1], [2]]);
  });

  it("puts the gap after a section after its last unit", () => {
    const units = [
      ...unitsOfSection(section({ type: "paragraph", content: [{ type: "text", text: "One." }] }), 0, []),
      ...unitsOfSection(section({ type: "paragraph", content: [{ type: "text", text: "Two." }] }), 1, []),
    ];
    expect(flowBoxes(units, [40, 30, 40, 30], [], { ...page, sectionSpace: 24 }).map((box) => box.after)).toEqual([
      0, 24, 0, 24,
    ]);
  });
});

describe("preview measurements", () => {
  it("uses the page geometry's sizes in points (A5 booklet: 148 × 210 mm, 14 pt body)", () => {
    const theme = previewTheme(template("a5-booklet"), defaultDesign("a5-booklet"));
    expect(theme.page.width).toBeCloseTo(mmToPt(148), 5);
    expect(theme.page.height).toBeCloseTo(mmToPt(210), 5);
    expect(theme.margin.bottom).toBeCloseTo(mmToPt(18), 5);
    expect(theme.type.body).toBe(14);
  });

  it("copy fitting never goes below the template's minimum, and large print never shrinks", () => {
    const booklet = template("a5-booklet");
    const design = defaultDesign("a5-booklet");
    expect(previewTheme(booklet, design, 0.1).type.body).toBe(booklet.rules.minBodyPt);
    expect(minimumTypeScale(booklet, { largePrint: true })).toBe(1);
    expect(previewTheme(booklet, { ...design, largePrint: true }, 0.5).type.body).toBeGreaterThanOrEqual(18);
  });

  it("draws the tri-fold panels at their printed widths: the two that fold in are 97 mm, the rest 100 mm", () => {
    const panels = trifoldPanels(template("a4-trifold"));
    const widthsMm = panels.map((panel) => Math.round((panel.widthPt / mmToPt(1)) * 10) / 10);
    expect(panels.map((panel) => panel.name)).toEqual([
      "Front cover",
      "Inside left",
      "Inside middle",
      "Inside right (folds in)",
      "Fold-in flap",
      "Back cover",
    ]);
    expect(widthsMm).toEqual([100, 100, 100, 97, 97, 100]);
    for (const side of [1, 2]) {
      const total = panels.filter((panel) => panel.side === side).reduce((sum, panel) => sum + panel.widthPt, 0);
      expect(total).toBeCloseTo(mmToPt(297), 5);
    }
  });
});

describe("spare pages in the preview", () => {
  it("says which pages were added to fill the booklet, run by run", () => {
    const pages = ["cover", "flow", "flow", "notes", "notes", "notes", "back-cover", "back"].map((kind, index) => ({
      kind,
      number: index + 1,
    }));
    expect(sparePageNotes(pages, "page", "booklet")).toEqual([
      "Pages 4–6: notes pages (added to fill the booklet).",
      "Page 7: inside back cover (added to fill the booklet).",
    ]);
    expect(
      sparePageNotes(
        [
          { kind: "flow", number: 2 },
          { kind: "notes", number: 5 },
        ],
        "panel",
        "leaflet",
      ),
    ).toEqual(["Panel 5: notes panel (added to fill the leaflet)."]);
    expect(
      sparePageNotes(
        [
          { kind: "cover", number: 1 },
          { kind: "flow", number: 2 },
        ],
        "page",
        "booklet",
      ),
    ).toEqual([]);
  });
});

describe("what a screen reader is told of the preview", () => {
  it("counts pages and panels in plain words, one without an s", () => {
    expect(previewSummary(1, "pages", 16)).toBe("1 page, body text 16 pt.");
    expect(previewSummary(8, "booklet", 14)).toBe("8 pages, body text 14 pt.");
    expect(previewSummary(6, "trifold", 12)).toBe("6 panels, body text 12 pt.");
  });
});
