/**
 * Shapes in the brand's colours for a cover without a picture (Design, "Add circles in your colours to the cover"):
 * three overlapping circles in the space between the title and the organisation's name at the foot, on the side away
 * from where lines of text start. They are decoration (an artifact in the PDF, hidden from screen readers in the
 * preview), never touch the trim (so a print shop's bleed needs nothing for them) and never lie under words. One
 * geometry for the PDF and the live preview, so both show the same cover.
 */
import { mixColours } from "../domain/colour";
import type { ColourSet, Design } from "../domain/design";

type CoverShapeRole = "pale" | "bright" | "line";

export interface CoverShape {
  /** A filled circle, or a ring drawn with a line `stroke` points wide. */
  kind: "disc" | "ring";
  /** Top left of the circle's square, and its diameter, in points from the cover's top left corner. */
  left: number;
  top: number;
  size: number;
  colour: string;
  stroke: number;
}

export interface CoverArtInput {
  size: { width: number; height: number };
  margin: { top: number; right: number; bottom: number; left: number };
  /** Body text size (points): the space kept for the name at the foot is counted in lines of it. */
  body: number;
  /** Where the title area ends (the bottom of the colour band on a band cover). */
  titleBottom: number;
  coverStyle: Design["coverStyle"];
  colours: ColourSet;
  direction: "ltr" | "rtl";
}

/**
 * Each circle within the motif's square (0–1 across and down, for left-to-right documents): a large pale disc, a
 * smaller one overlapping it above, and a ring beside it below.
 */
const MOTIF: ReadonlyArray<{
  kind: CoverShape["kind"];
  x: number;
  y: number;
  r: number;
  role: CoverShapeRole;
}> = [
  { kind: "disc", x: 0.57, y: 0.56, r: 0.4, role: "pale" },
  { kind: "disc", x: 0.8, y: 0.21, r: 0.17, role: "bright" },
  { kind: "ring", x: 0.19, y: 0.8, r: 0.12, role: "line" },
];

/** The circles' colours: tints of the brand's own (also named by the print PDF's colour warnings). */
export function coverArtColours(colours: ColourSet, coverStyle: Design["coverStyle"]): Record<CoverShapeRole, string> {
  const onColour = coverStyle === "full-colour";
  return {
    pale: onColour
      ? mixColours(colours.onPrimary, colours.primary, 0.14)
      : mixColours(colours.primary, colours.background, 0.14),
    bright: onColour ? mixColours(colours.onPrimary, colours.primary, 0.4) : colours.accent,
    line: onColour ? colours.onPrimary : colours.primary,
  };
}

/** The shapes for a cover, or none when the space left is too small for them to read as a design. */
export function coverArt(input: CoverArtInput): CoverShape[] {
  const { size, margin, body, colours } = input;
  const top = input.titleBottom + body * 1.5;
  // The organisation's name stands at the foot: room for two lines of it, and a gap.
  const bottom = size.height - margin.bottom - body * 4;
  const left = margin.left;
  const right = size.width - margin.right;
  const square = Math.min((right - left) * 0.72, bottom - top);
  if (square < body * 7) return [];
  const x0 = input.direction === "rtl" ? left : right - square;
  const y0 = top + (bottom - top - square) / 2;
  const colour = coverArtColours(colours, input.coverStyle);
  return MOTIF.map(({ kind, x, y, r, role }) => {
    const across = input.direction === "rtl" ? 1 - x : x;
    return {
      kind,
      left: x0 + (across - r) * square,
      top: y0 + (y - r) * square,
      size: 2 * r * square,
      colour: colour[role],
      stroke: kind === "ring" ? Math.max(2, square * 0.035) : 0,
    };
  });
}
