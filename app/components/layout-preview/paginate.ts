/** Filling pages with measured units (pure, tested): the preview measures in the browser, then fills pages here. */
export interface FlowUnitBox {
  /** Height in any unit, the same as `available`. */
  height: number;
  /** A heading: never the last thing on a page. */
  keepWithNext: boolean;
}

export interface Pagination {
  /** Indexes of the units on each page. */
  pages: number[][];
  /** Units taller than a whole page (shown clipped). */
  tooTall: number[];
}

/**
 * Fills pages in order: a unit that does not fit starts a new page, a heading moves with the unit after it, and a
 * unit in `breakBefore` starts a new page (a tri-fold section moved to start on the flap).
 */
export function paginate(
  units: readonly FlowUnitBox[],
  available: number,
  breakBefore: ReadonlySet<number> = new Set(),
): Pagination {
  const pages: number[][] = [[]];
  const tooTall: number[] = [];
  let used = 0;
  for (let index = 0; index < units.length; index += 1) {
    const unit = units[index]!;
    if (unit.height > available) tooTall.push(index);
    // A heading needs room for itself and the next unit (or as much of it as a page can take).
    const next = units[index + 1];
    const needed =
      unit.keepWithNext && next ? unit.height + Math.min(next.height, available - unit.height) : unit.height;
    const current = pages[pages.length - 1]!;
    if (current.length > 0 && (used + needed > available || breakBefore.has(index))) {
      pages.push([index]);
      used = unit.height;
    } else {
      current.push(index);
      used += unit.height;
    }
  }
  if (pages.length === 1 && pages[0]!.length === 0) return { pages: [[]], tooTall };
  return { pages, tooTall };
}
