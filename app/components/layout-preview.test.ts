import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultDesign } from "~/domain/design";
import { templateSchema, type Template } from "~/domain/template";
import { mmToPt } from "~/domain/page-geometry";
import { sparePageNotes } from "./layout-preview";
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

  it("never leaves an empty page before a block taller than a page, and reports it", () => {
    const result = paginate([box(30), box(250), box(30)], 100);
    expect(result.pages).toEqual([[0], [1], [2]]);
    expect(result.tooTall).toEqual([1]);
  });

  it("gives one empty page for no content", () => {
    expect(paginate([], 100).pages).toEqual([[]]);
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
