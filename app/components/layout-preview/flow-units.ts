/**
 * What the preview's pages are filled with: each section's title, blocks and list items as units measured one by one
 * (a list flows across pages item by item, as the PDF's does), plus the title band and the colophon.
 */
import { isLeadIn } from "~/domain/lead-in";
import { listFitsAThird } from "~/domain/list-keeps";
import type { FlowUnitBox } from "./paginate";
import { textOf, type BlockJson, type InlineJson, type SectionJson } from "./document";

export type FlowUnit =
  | { kind: "titleBand"; key: string }
  | { kind: "sectionTitle"; key: string; section: SectionJson; stage: number | null; last: boolean }
  | { kind: "block"; key: string; block: BlockJson; last: boolean; leadIn: boolean }
  | {
      kind: "listItem";
      key: string;
      /** Which list the item belongs to: a page's items of one list are read out as one list. */
      list: string;
      item: BlockJson;
      label: string;
      numbered: boolean;
      lastInList: boolean;
      last: boolean;
    }
  | { kind: "colophon"; key: string };

/** A section's units; `stages` holds each section's stage number in a guide (app/domain/stages.ts). */
export function unitsOfSection(section: SectionJson, index: number, stages: ReadonlyArray<number | null>): FlowUnit[] {
  const id = section.attrs?.id ?? `section-${index}`;
  const units: FlowUnit[] = [];
  if ((section.attrs?.title ?? "").trim() || section.attrs?.contentNote) {
    units.push({
      kind: "sectionTitle",
      key: `${id}:title`,
      section,
      stage: stages[index] ?? null,
      last: false,
    });
  }
  const blocks = (section.content ?? []).filter(
    (block) => block.type !== "paragraph" || textOf(block as { content?: InlineJson[] }).trim() !== "",
  );
  blocks.forEach((block, blockIndex) => {
    if (block.type === "bulletList" || block.type === "orderedList") {
      const start = typeof block.attrs?.start === "number" ? block.attrs.start : 1;
      const items = block.content ?? [];
      items.forEach((item, itemIndex) =>
        units.push({
          kind: "listItem",
          key: `${id}:${blockIndex}:${itemIndex}`,
          list: `${id}:${blockIndex}`,
          item,
          label: block.type === "orderedList" ? String(start + itemIndex) : "•",
          numbered: block.type === "orderedList",
          lastInList: itemIndex === items.length - 1,
          last: false,
        }),
      );
    } else {
      const leadIn =
        block.type === "paragraph" &&
        isLeadIn(textOf(block as { content?: InlineJson[] }), blocks[blockIndex + 1]?.type);
      units.push({ kind: "block", key: `${id}:${blockIndex}`, block, last: false, leadIn });
    }
  });
  const lastUnit = units[units.length - 1];
  if (lastUnit && lastUnit.kind !== "titleBand" && lastUnit.kind !== "colophon") lastUnit.last = true;
  return units;
}

/** A paragraph's characters as the PDF counts them (app/render/pdf/document-model.ts `inlineText`: a line break is one). */
const characterCount = (node: { content?: InlineJson[] }) =>
  (node.content ?? []).reduce((count, inline) => count + (inline.type === "text" ? (inline.text ?? "").length : 1), 0);

/** The list a list item belongs to (its key is `section:block:item`). */
const listOf = (unit: FlowUnit | undefined) =>
  unit?.kind === "listItem" ? unit.key.slice(0, unit.key.lastIndexOf(":")) : null;

/**
 * Each unit's measured height (points) and whether it must stay with the next, by the PDF's rules: a section title,
 * a heading and a lead-in line ("The court can decide that:") go with what follows, and so does a short paragraph
 * introducing a contact box; a section's short closing line (two lines at most) goes over with the block before it,
 * or with the whole list before it when that list takes at most a third of the page (`lists`); and a list's last item
 * never starts a page alone, nor its first ends one — when the last (first) two items of a list of three or more are
 * short (three lines at most), they move together; on a folded leaflet's panels a short list stays whole
 * (`lists.whole`).
 */
export function flowBoxes(
  units: readonly FlowUnit[],
  heights: readonly number[],
  /**
   * Each unit's own bottom margin (points, part of its height): a list item's. A page break cuts it off at the foot of
   * a page, as the PDF's engine cuts a breakable box's bottom edge, unless the item is tied to others (a list kept
   * whole, or its first or last two items).
   */
  margins: readonly number[],
  page: {
    available: number;
    lineHeight: number;
    paragraphSpace: number;
    /** Leave out the keeps that only look better (a closing line, a list's last two items), as the PDF's `relaxKeeps`. */
    relaxKeeps?: boolean;
    /** The gap after a section (`space.section`), after its last unit. */
    sectionSpace?: number;
    /**
     * How long lists are (`listFitsAThird`, as the PDF's): body size (points), its line height as a ratio, and the
     * column's width. `whole`: a folded leaflet's panels, where a short list stays whole on one panel (the PDF's
     * `keepBlocksWhole`). `broken`: lists break anywhere, for the words to fit (the PDF's `breakLists`).
     */
    lists?: { body: number; lineHeight: number; contentWidth: number; whole?: boolean; broken?: boolean };
  },
): FlowUnitBox[] {
  const shortLine = 2 * page.lineHeight + page.paragraphSpace;
  const shortItem = 3 * page.lineHeight + page.paragraphSpace;
  const height = (index: number) => heights[index] ?? 0;
  // Lists of at most a third of the page, unless lists must break.
  const shortLists = new Set<string>();
  if (page.lists && !page.lists.broken && !page.relaxKeeps) {
    const items = new Map<string, Array<Array<number | null>>>();
    for (const unit of units) {
      if (unit.kind !== "listItem") continue;
      const blocks = (unit.item.content ?? []).map((block) =>
        block.type === "paragraph" ? characterCount(block as { content?: InlineJson[] }) : null,
      );
      items.set(unit.list, [...(items.get(unit.list) ?? []), blocks]);
    }
    for (const [list, blocks] of items)
      if (listFitsAThird(blocks, { ...page.lists, contentHeight: page.available })) shortLists.add(list);
  }
  // A section's short closing line goes over with the unit before it: a block of at most a third of the page, or
  // the last item of a short list (the whole list goes: see `wholeLists`).
  const closesSection = (index: number) => {
    const unit = units[index];
    const next = units[index + 1];
    return (
      next?.kind === "block" &&
      next.last &&
      next.block.type === "paragraph" &&
      height(index + 1) <= shortLine &&
      (unit?.kind === "listItem" ? shortLists.has(unit.list) : height(index) <= page.available / 3)
    );
  };
  const opensListEnd = (index: number) => {
    const unit = units[index];
    const next = units[index + 1];
    const list = listOf(unit);
    return (
      list !== null &&
      next?.kind === "listItem" &&
      next.lastInList &&
      listOf(next) === list &&
      listOf(units[index - 1]) === list &&
      height(index) <= shortItem &&
      height(index + 1) <= shortItem
    );
  };
  // A list's first item never ends a page alone: when the first two of three or more are short, they go together.
  const closesListStart = (index: number) => {
    const unit = units[index];
    const list = listOf(unit);
    return (
      list !== null &&
      listOf(units[index - 1]) !== list &&
      listOf(units[index + 1]) === list &&
      listOf(units[index + 2]) === list &&
      height(index) <= shortItem &&
      height(index + 1) <= shortItem
    );
  };
  // Lists kept whole — every item but the last goes with the next: short ones on a folded leaflet's panels, and a
  // short list that a section's closing line goes over with.
  const wholeLists = new Set(page.lists?.whole ? shortLists : []);
  units.forEach((unit, index) => {
    if (unit.kind === "listItem" && closesSection(index)) wholeLists.add(unit.list);
  });
  // A short paragraph right before a contact box introduces it: it goes over with the box (the PDF's mapBlocks).
  const introducesContact = (index: number) => {
    const unit = units[index];
    const next = units[index + 1];
    return (
      unit?.kind === "block" &&
      unit.block.type === "paragraph" &&
      next?.kind === "block" &&
      next.block.type === "contactBlock" &&
      height(index) <= shortLine
    );
  };
  const tiedAtAnEnd = (index: number) =>
    !page.relaxKeeps &&
    (opensListEnd(index) ||
      closesListStart(index) ||
      (units[index]?.kind === "listItem" && (opensListEnd(index - 1) || closesListStart(index - 1))));
  const cutAtFoot = (index: number) => {
    const unit = units[index];
    return unit?.kind === "listItem" && !wholeLists.has(unit.list) && !tiedAtAnEnd(index) ? (margins[index] ?? 0) : 0;
  };
  return units.map((unit, index) => ({
    height: height(index) - cutAtFoot(index),
    after: ("last" in unit && unit.last ? (page.sectionSpace ?? 0) : 0) + cutAtFoot(index),
    keepWithNext:
      unit.kind === "sectionTitle" ||
      (unit.kind === "block" &&
        (unit.block.type === "heading" ||
          unit.leadIn ||
          (!page.relaxKeeps && (closesSection(index) || introducesContact(index))))) ||
      (!page.relaxKeeps && (opensListEnd(index) || closesListStart(index))) ||
      (unit.kind === "listItem" && wholeLists.has(unit.list) && (!unit.lastInList || closesSection(index))),
  }));
}
