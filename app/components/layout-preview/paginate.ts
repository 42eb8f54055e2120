/** Filling pages with measured units (pure, tested): the preview measures in the browser, then fills pages here. */
export interface FlowUnitBox {
  /** Height in any unit, the same as `available`. */
  height: number;
  /** A heading: never the last thing on a page. */
  keepWithNext: boolean;
  /**
   * Space after the unit that pushes the next one down but needs no room at the foot of a page (the gap after a
   * section: the PDF's section margin, outside the section's box).
   */
  after?: number;
}

export interface Pagination {
  /** Indexes of the units on each page. */
  pages: number[][];
  /** Units taller than a whole page (shown clipped). */
  tooTall: number[];
}

/**
 * The room a unit needs on the page it starts: itself and every unit it is kept with (a chain of `keepWithNext`,
 * as the PDF's unbreakable groups: a section title, a heading, a lead-in line and the first item of its list), up to
 * and including the first unit not kept with the next. A chain taller than a page cannot stay together: then the
 * unit needs itself and as much of the next as a page can take.
 */
function roomNeeded(units: readonly FlowUnitBox[], index: number, available: number): number {
  let total = 0;
  for (let at = index; at < units.length; at += 1) {
    total += units[at]!.height;
    if (!units[at]!.keepWithNext) break;
    total += units[at]!.after ?? 0;
  }
  if (total <= available) return total;
  const unit = units[index]!;
  const next = units[index + 1];
  return unit.keepWithNext && next ? unit.height + Math.min(next.height, available - unit.height) : unit.height;
}

/**
 * Fills pages in order: a unit that does not fit starts a new page (the space after it counts only for what follows
 * on its page), a unit kept with the next moves with it (see `roomNeeded`), and a unit in `breakBefore` starts a new
 * page (a tri-fold section moved to start on the flap).
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
    const needed = roomNeeded(units, index, available);
    const current = pages[pages.length - 1]!;
    if (current.length > 0 && (used + needed > available || breakBefore.has(index))) {
      pages.push([index]);
      used = unit.height + (unit.after ?? 0);
    } else {
      current.push(index);
      used += unit.height + (unit.after ?? 0);
    }
  }
  if (pages.length === 1 && pages[0]!.length === 0) return { pages: [[]], tooTall };
  return { pages, tooTall };
}
