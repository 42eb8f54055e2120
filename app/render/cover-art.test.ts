import { describe, expect, it } from "vitest";
import { mixColours } from "~/domain/colour";
import { DEFAULT_COLOURS } from "~/domain/design";
import { mmToPt } from "~/domain/page-geometry";
import { coverArt, type CoverArtInput } from "./cover-art";

const a5: CoverArtInput = {
  size: { width: mmToPt(148), height: mmToPt(210) },
  margin: { top: 42, right: 42, bottom: 42, left: 42 },
  body: 12,
  titleBottom: mmToPt(210) * 0.55,
  coverStyle: "band",
  colours: DEFAULT_COLOURS,
  direction: "ltr",
};
const panel: CoverArtInput = {
  ...a5,
  size: { width: mmToPt(99), height: mmToPt(210) },
  margin: { top: 28, right: 28, bottom: 28, left: 28 },
};

describe("shapes on a cover without a picture", () => {
  it.each([
    ["an A5 booklet", a5],
    ["a tri-fold's front panel", panel],
  ])("on %s: three circles between the title and the name at the foot, inside the margins", (_, input) => {
    const shapes = coverArt(input);
    expect(shapes.map((shape) => shape.kind)).toEqual(["disc", "disc", "ring"]);
    for (const shape of shapes) {
      expect(shape.left).toBeGreaterThanOrEqual(input.margin.left);
      expect(shape.left + shape.size).toBeLessThanOrEqual(input.size.width - input.margin.right + 0.01);
      // Clear of the title and of two lines of the organisation's name at the foot: never under words.
      expect(shape.top).toBeGreaterThanOrEqual(input.titleBottom + input.body);
      expect(shape.top + shape.size).toBeLessThanOrEqual(input.size.height - input.margin.bottom - input.body * 3);
    }
    // Large enough to read as a design: the big circle is over a quarter of the page's width.
    expect(shapes[0]!.size).toBeGreaterThan(input.size.width / 4);
  });

  it("takes its colours from the brand: a pale tint of the main colour, the accent, a line in the main colour", () => {
    const [pale, bright, ring] = coverArt(a5);
    expect(pale!.colour).toBe(mixColours(DEFAULT_COLOURS.primary, DEFAULT_COLOURS.background, 0.14));
    expect(bright!.colour).toBe(DEFAULT_COLOURS.accent);
    expect(ring!.colour).toBe(DEFAULT_COLOURS.primary);
    // On a cover all in the main colour, tints of the text on it instead.
    const onColour = coverArt({ ...a5, coverStyle: "full-colour" });
    expect(onColour.map((shape) => shape.colour)).toEqual([
      mixColours(DEFAULT_COLOURS.onPrimary, DEFAULT_COLOURS.primary, 0.14),
      mixColours(DEFAULT_COLOURS.onPrimary, DEFAULT_COLOURS.primary, 0.4),
      DEFAULT_COLOURS.onPrimary,
    ]);
  });

  it("mirrors for a right-to-left document, away from where its lines start", () => {
    const ltr = coverArt(a5);
    const rtl = coverArt({ ...a5, direction: "rtl" });
    const middle = (shape: { left: number; size: number }) => shape.left + shape.size / 2;
    for (const [index, shape] of rtl.entries()) {
      expect(middle(shape) - a5.margin.left).toBeCloseTo(a5.size.width - a5.margin.right - middle(ltr[index]!), 5);
      expect(shape.top).toBe(ltr[index]!.top);
    }
    expect(middle(rtl[0]!)).toBeLessThan(a5.size.width / 2);
  });

  it("leaves them out where the space under the title is too small to hold them", () => {
    expect(coverArt({ ...a5, titleBottom: a5.size.height * 0.85 })).toEqual([]);
  });
});
