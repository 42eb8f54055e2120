/**
 * A4 tri-fold panels (docs/trifold.md): six panels in reading order, each printed at a side and position of one
 * A4 landscape sheet. The two panels that fold in (inside right, and the fold-in flap on its back) are 3 mm
 * narrower than the others so they do not buckle against the fold: 97 + 100 + 100 = 297 mm on each side.
 */
import type { Template } from "../../domain/template";
import { mmToPt } from "../../domain/page-geometry";

export const FOLD_IN_ALLOWANCE_MM = 3;

export interface PlacedPanel {
  /** 1..6 in reading order. */
  readingIndex: number;
  name: string;
  side: 1 | 2;
  position: number;
  widthMm: number;
  /** Distance of the panel's left edge from the sheet's left edge on its side. */
  xMm: number;
}

const isFoldIn = (side: 1 | 2, position: number) => (side === 2 && position === 3) || (side === 1 && position === 1);

export function trifoldPanels(template: Template): PlacedPanel[] {
  if (template.imposition !== "trifold" || !template.panels)
    throw new Error(`${template.id} is not a tri-fold template.`);
  const sheetWidthMm = template.page.size === "A4" ? 297 : 210;
  const normalWidth = (sheetWidthMm + FOLD_IN_ALLOWANCE_MM) / 3;
  const widthAt = (side: 1 | 2, position: number) =>
    isFoldIn(side, position) ? normalWidth - FOLD_IN_ALLOWANCE_MM : normalWidth;
  return template.panels.map((panel, index) => {
    let xMm = 0;
    for (let position = 1; position < panel.position; position += 1) xMm += widthAt(panel.side, position);
    return {
      readingIndex: index + 1,
      name: panel.name,
      side: panel.side,
      position: panel.position,
      widthMm: widthAt(panel.side, panel.position),
      xMm,
    };
  });
}

/** Panel sizes in points for the three kinds of page the tri-fold is laid out as before imposition. */
export function trifoldPageWidths(template: Template): { front: number; inside: number; back: number } {
  const panels = trifoldPanels(template);
  const inside = panels.slice(1, -1);
  return {
    front: mmToPt(panels[0]!.widthMm),
    // Content flows through the inside panels at the narrowest one's width, so it fits whichever panel it lands on.
    inside: mmToPt(Math.min(...inside.map((panel) => panel.widthMm))),
    back: mmToPt(panels[panels.length - 1]!.widthMm),
  };
}

/**
 * Where side `sideIndex` of the printed sheets folds, in points from its left edge: the two folds between its
 * panels (sides 0 and 1 are the sheet's two sides; extra sheets of text that did not fit are cut in thirds).
 */
export function trifoldFolds(template: Template, sideIndex: number): number[] {
  const panels = trifoldPanels(template);
  if (sideIndex > 1) {
    const width = template.page.size === "A4" ? 297 : 210;
    return [mmToPt(width / 3), mmToPt((2 * width) / 3)];
  }
  return panels
    .filter((panel) => panel.side === sideIndex + 1 && panel.position > 1)
    .map((panel) => mmToPt(panel.xMm))
    .sort((a, b) => a - b);
}
