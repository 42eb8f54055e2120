/**
 * The laid-out document react-pdf's layout step produces (pages of positioned nodes) and the few pure operations
 * we make on it between layout and writing: where sections start, blank pages, and tri-fold imposition.
 * Only the fields we touch are typed; everything else is carried along untouched.
 */
import { mmToPt } from "../../domain/page-geometry";
import type { Template } from "../../domain/template";
import { trifoldPanels } from "./trifold";

export interface LayoutBox {
  top: number;
  left: number;
  width: number;
  height: number;
  [key: string]: unknown;
}

export interface LayoutNode {
  type: string;
  props?: Record<string, unknown>;
  style?: Record<string, unknown>;
  box?: LayoutBox;
  children?: LayoutNode[];
  [key: string]: unknown;
}

export interface LayoutDocument extends LayoutNode {
  children: LayoutNode[];
}

/** The page (1-based) on which each of `ids` first appears as a node `id` (section headings carry theirs). */
export function firstPagesOf(layout: LayoutDocument, ids: Iterable<string>): Map<string, number> {
  const wanted = new Set(ids);
  const found = new Map<string, number>();
  const visit = (node: LayoutNode, page: number) => {
    const id = node.props?.id;
    if (typeof id === "string" && wanted.has(id) && !found.has(id)) found.set(id, page);
    node.children?.forEach((child) => visit(child, page));
  };
  layout.children.forEach((page, index) => visit(page, index + 1));
  return found;
}

/** Every node carrying `prop` (a string), by its value, in page order. */
function nodesWith(layout: LayoutNode, prop: string): Map<string, LayoutNode> {
  const found = new Map<string, LayoutNode>();
  const visit = (node: LayoutNode) => {
    const value = node.props?.[prop];
    if (typeof value === "string" && !found.has(value)) found.set(value, node);
    node.children?.forEach(visit);
  };
  visit(layout);
  return found;
}

type TextLine = { box?: { height?: number }; string?: string };
const linesOf = (node: LayoutNode) => (Array.isArray(node.lines) ? (node.lines as TextLine[]) : null);
const heightOf = (lines: TextLine[]) => lines.reduce((sum, line) => sum + (line.box?.height ?? 0), 0);

/**
 * Fills a guide's contents page numbers into `layout` (laid out with placeholders) from `front` (its cover and
 * contents laid out alone with the numbers in). See `replaceLaidOutText`.
 */
export function fillContentsPageNumbers(layout: LayoutDocument, front: LayoutDocument): boolean {
  return replaceLaidOutText(layout, front, "data-contents-page");
}

/** The page numbers of the "Page N" footers drawn before the page count was known (to be "Page N of M"). */
export function pageNumbersToComplete(layout: LayoutDocument): number[] {
  return [...nodesWith(layout, "data-page-number").keys()].map(Number);
}

/**
 * Fills "Page N of M" into `layout`'s "Page N" footers from `totals` (mapPageTotals laid out). See
 * `replaceLaidOutText`.
 */
export function fillPageTotals(layout: LayoutDocument, totals: LayoutDocument): boolean {
  return replaceLaidOutText(layout, totals, "data-page-number");
}

/**
 * Replaces the laid-out lines and text of every Text node in `layout` carrying `prop` with those of the node with
 * the same value in `source` (the same text style laid out alone, at the same width): words known only after
 * layout (page numbers) are filled in without laying the document out again. Returns false, changing nothing,
 * unless every node is found in both, on one line of the same height, at the same width: the caller then lays the
 * document out again.
 */
export function replaceLaidOutText(layout: LayoutDocument, source: LayoutDocument, prop: string): boolean {
  const placeholders = nodesWith(layout, prop);
  const numbers = nodesWith(source, prop);
  if (placeholders.size === 0 || placeholders.size !== numbers.size) return false;
  const swaps: Array<[LayoutNode, LayoutNode]> = [];
  for (const [id, placeholder] of placeholders) {
    const number = numbers.get(id);
    const before = linesOf(placeholder);
    const after = number ? linesOf(number) : null;
    if (!number || !before || !after || before.length !== 1 || after.length !== 1) return false;
    if (Math.abs(heightOf(before) - heightOf(after)) > 0.001) return false;
    if (Math.abs((placeholder.box?.width ?? 0) - (number.box?.width ?? -1)) > 0.001) return false;
    swaps.push([placeholder, number]);
  }
  for (const [placeholder, number] of swaps) {
    placeholder.lines = number.lines;
    placeholder.children = number.children;
  }
  return true;
}

const DRAWN_TYPES = new Set(["IMAGE", "SVG", "CANVAS", "NOTE", "LINK_ANNOTATION"]);
const BORDER_WIDTHS = ["borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth", "borderWidth"];

function drawsSomething(node: LayoutNode): boolean {
  if (node.type === "TEXT") {
    const lines = (node.lines as Array<{ string?: string }> | undefined) ?? [];
    if (lines.some((line) => typeof line.string === "string" && line.string.trim() !== "")) return true;
  }
  if (DRAWN_TYPES.has(node.type)) return true;
  const style = node.style ?? {};
  if (node.type !== "PAGE" && typeof style.backgroundColor === "string" && style.backgroundColor !== "transparent")
    return true;
  return BORDER_WIDTHS.some((key) => typeof style[key] === "number" && (style[key] as number) > 0);
}

/** The sections (`data-section` of their Sect views) that print something on a laid-out page. */
export function sectionsDrawnOn(page: LayoutNode): Set<string> {
  const found = new Set<string>();
  const draws = (node: LayoutNode): boolean => drawsSomething(node) || (node.children ?? []).some(draws);
  const visit = (node: LayoutNode) => {
    const id = node.props?.["data-section"];
    if (typeof id === "string") {
      if (draws(node)) found.add(id);
      return;
    }
    node.children?.forEach(visit);
  };
  visit(page);
  return found;
}

/**
 * Whether nothing is printed on a laid-out page but page furniture (Pagination artifacts: page numbers, the draft
 * watermark). A page coloured differently from `pageBackground` (an inside back cover) is not blank.
 */
export function isBlankPage(page: LayoutNode, pageBackground: string): boolean {
  const background = page.style?.backgroundColor;
  if (typeof background === "string" && background.toLowerCase() !== pageBackground.toLowerCase()) return false;
  const visit = (node: LayoutNode): boolean => {
    if (node.props?.artifact === "Pagination" || node.props?.fixed === true) return false;
    return drawsSomething(node) || (node.children ?? []).some(visit);
  };
  return !(page.children ?? []).some(visit);
}

/** A blank copy of `page` that keeps only its page furniture (the draft watermark): Pagination artifacts. */
export function blankPageLike(page: LayoutNode): LayoutNode {
  return {
    ...page,
    props: { ...page.props, bookmark: undefined },
    children: (page.children ?? []).filter((child) => child.props?.artifact === "Pagination"),
  };
}

/**
 * Puts blank pages before the last page until the pages between the first and the last number `insidePages`.
 * Returns the document unchanged when there are already that many or more.
 */
export function padInsidePages(layout: LayoutDocument, insidePages: number): LayoutDocument {
  const pages = layout.children;
  const inside = pages.length - 2;
  if (inside >= insidePages || pages.length < 2) return layout;
  // Copied from the last page, which repeats nothing but the watermark (inside pages also carry page numbers).
  const blank = blankPageLike(pages[pages.length - 1]!);
  const blanks = Array.from({ length: insidePages - inside }, () => blank);
  return { ...layout, children: [...pages.slice(0, -1), ...blanks, pages[pages.length - 1]!] };
}

/** Pages of a multiple of `perSheet`: pads with blank pages before the last page. */
export function padToMultiple(layout: LayoutDocument, perSheet: number): LayoutDocument {
  const remainder = layout.children.length % perSheet;
  return remainder === 0 ? layout : padInsidePages(layout, layout.children.length - 2 + (perSheet - remainder));
}

const isFurniture = (node: LayoutNode) => node.props?.artifact === "Pagination" || node.props?.fixed === true;

/**
 * A tri-fold whose words run one panel past the fold-in flap: the back panel (laid out with its section at the top
 * and the back matter at its foot) takes those words at its top when they fit above its own contents moved down to
 * its foot, `gap` apart. Returns the panels with that last inside panel merged into the back panel (the words read
 * first, then the back section), or null when they do not fit (or the words are not exactly one panel over), or when
 * they belong to a section in `keptOff` (one with a content note: the back panel is the outside of the folded
 * leaflet, seen by anyone who sees it carried or left on a table, so a section about abuse never goes there).
 */
export function tailOnBackPanel(
  layout: LayoutDocument,
  insidePanels: number,
  gap: number,
  keptOff: ReadonlySet<string> = new Set(),
): LayoutDocument | null {
  const pages = layout.children;
  if (pages.length - 2 !== insidePanels + 1) return null;
  const tail = pages[pages.length - 2]!;
  const back = pages[pages.length - 1]!;
  if ([...sectionsDrawnOn(tail)].some((id) => keptOff.has(id))) return null;
  const words = (tail.children ?? []).filter((node) => !isFurniture(node) && node.box);
  if (words.length === 0) return null;
  const wordsBottom = Math.max(...words.map((node) => node.box!.top + node.box!.height));
  // The back page's full-height body: its sections, then (when there is any) the back matter at its foot.
  const body = (back.children ?? []).find((node) => !isFurniture(node) && node.box && node.children);
  if (!body?.box) return null;
  const contents = body.children ?? [];
  const matter = contents.find((node) => node.props?.["data-back-matter"] !== undefined);
  const sections = contents.filter((node) => node !== matter && node.box);
  const foot = matter?.box ? matter.box.top - (sections.length > 0 ? gap : 0) : body.box.height;
  const top = sections.length > 0 ? Math.min(...sections.map((node) => node.box!.top)) : foot;
  const bottom = sections.length > 0 ? Math.max(...sections.map((node) => node.box!.top + node.box!.height)) : foot;
  const shift = Math.max(0, foot - bottom);
  if (wordsBottom + gap > body.box.top + top + shift) return null;
  const pinned: LayoutNode = {
    ...body,
    children: contents.map((node) =>
      sections.includes(node) ? { ...node, box: { ...node.box!, top: node.box!.top + shift } } : node,
    ),
  };
  const merged: LayoutNode = {
    ...back,
    children: [...words, ...(back.children ?? []).map((node) => (node === body ? pinned : node))],
  };
  return { ...layout, children: [...pages.slice(0, -2), merged] };
}

function panelView(page: LayoutNode, left: number, readingOrder: number): LayoutNode {
  // A laid-out page becomes a positioned view: its children keep their positions relative to it.
  return {
    ...page,
    type: "VIEW",
    box: { ...page.box!, left, top: 0 },
    props: { ...page.props, readingOrder, bookmark: undefined, size: undefined },
  };
}

/**
 * A side of the printed sheet holding `panels`. Its own colour is the paper's (`paper`: a plain page's), never the
 * cover's: under a full-colour cover's sheet, every panel's edge would show a hairline of the cover colour on screen
 * where two panels meet, and in the bleed.
 */
function sheetSide(
  like: LayoutNode,
  width: number,
  height: number,
  panels: LayoutNode[],
  paper: string | undefined,
): LayoutNode {
  return {
    ...like,
    type: "PAGE",
    box: { ...like.box!, left: 0, top: 0, width, height },
    style: { ...like.style, width, height, backgroundColor: paper },
    props: { ...like.props, size: [width, height], bookmark: undefined },
    children: panels,
  };
}

/**
 * Tri-fold imposition: laid-out panels in reading order [front, inside…, back] → the two sides of an A4 landscape
 * sheet, each panel at its side and position (docs/trifold.md). Panels are drawn in reading order within a side and
 * carry `readingOrder`, so the structure tree reads 1…6 although print order is 5 6 1 | 2 3 4. Inside panels beyond
 * the four the sheet holds continue on extra sheet sides, three to a side, before the back panel in reading order.
 */
export function imposeTrifold(
  layout: LayoutDocument,
  template: Template,
): { layout: LayoutDocument; extraPanels: number } {
  const slots = trifoldPanels(template);
  const pages = layout.children;
  const front = pages[0]!;
  const back = pages[pages.length - 1]!;
  const inside = pages.slice(1, -1);
  const insideSlots = slots.length - 2;
  const sheet = { width: mmToPt(template.page.size === "A4" ? 297 : 210), height: front.box!.height };
  const onSheet = [front, ...inside.slice(0, insideSlots), back];
  const extra = inside.slice(insideSlots);
  const paper = (inside[0] ?? back).style?.backgroundColor as string | undefined;
  const readingOrderOf = (panelIndex: number) =>
    panelIndex === onSheet.length - 1 ? onSheet.length + extra.length : panelIndex + 1;

  const sides = ([1, 2] as const).map((side) => {
    const panels = slots
      .map((slot, index) => ({ slot, index }))
      .filter(({ slot }) => slot.side === side)
      .map(({ slot, index }) => {
        const page = onSheet[index]!;
        const slack = mmToPt(slot.widthMm) - page.box!.width;
        return panelView(page, mmToPt(slot.xMm) + slack / 2, readingOrderOf(index));
      })
      .sort((a, b) => (a.props!.readingOrder as number) - (b.props!.readingOrder as number));
    return sheetSide(front, sheet.width, sheet.height, panels, paper);
  });

  const extraSides: LayoutNode[] = [];
  for (let start = 0; start < extra.length; start += 3) {
    const panels = extra
      .slice(start, start + 3)
      .map((page, offset) => panelView(page, offset * (sheet.width / 3), insideSlots + 2 + start + offset));
    extraSides.push(sheetSide(front, sheet.width, sheet.height, panels, paper));
  }
  return { layout: { ...layout, children: [...sides, ...extraSides] }, extraPanels: extra.length };
}

const isPaint = (colour: unknown): colour is string =>
  typeof colour === "string" && colour !== "transparent" && colour !== "";

/**
 * The print-shop copy of a laid-out document: each page grows by `bleed` and then `slug` on every side, its content
 * moved in by both (children are positioned relative to their parent, so one wrapping view moves everything), and
 * every colour that reaches the page's edge (the page colour, a cover band, a coloured panel) runs on into the bleed,
 * so trimming a little off never shows a white edge. The slug stays white for the crop marks.
 */
export function withBleed(
  layout: LayoutDocument,
  bleed: number,
  slug: number,
  /** Where each page folds (points from its left trim edge): fold marks go in the slug above and below. */
  foldsOf: (pageIndex: number) => number[] = () => [],
  /**
   * How far a colour that ends at a fold runs on past it, over the neighbouring panel's edge (inside its margin), so
   * a fold a little off never shows a sliver of paper on a coloured panel. `plainColour` (the paper colour) never does.
   */
  foldDrift = 0,
  plainColour = "#ffffff",
): LayoutDocument {
  const offset = bleed + slug;
  const near = (a: number, b: number) => Math.abs(a - b) < 0.5;
  return {
    ...layout,
    children: layout.children.map((page, pageIndex) => {
      const width = page.box!.width;
      const height = page.box!.height;
      const background = (x: number, y: number, w: number, h: number, colour: string): LayoutNode => ({
        type: "VIEW",
        props: { artifact: "Background" },
        style: { backgroundColor: colour },
        box: { left: x + offset, top: y + offset, width: w, height: h },
        children: [],
      });
      // Under the page: colours run on into the bleed.
      const runOn: LayoutNode[] = [];
      const paint = (x: number, y: number, w: number, h: number, colour: string) =>
        runOn.push(background(x, y, w, h, colour));
      // Over the page, past a fold only: the neighbouring panel paints its own background first.
      const drifts: LayoutNode[] = [];
      const drift = (x: number, y: number, w: number, h: number, colour: string) =>
        drifts.push(background(x, y, w, h, colour));
      if (isPaint(page.style?.backgroundColor))
        paint(-bleed, -bleed, width + 2 * bleed, height + 2 * bleed, page.style.backgroundColor);
      const folds = foldsOf(pageIndex);
      const atFold = (edge: number) => folds.some((fold) => near(edge, fold));
      const visit = (node: LayoutNode, originX: number, originY: number) => {
        if (!node.box) return;
        const x = originX + node.box.left;
        const y = originY + node.box.top;
        const colour = node.style?.backgroundColor;
        if (isPaint(colour) && !node.props?.fixed) {
          const left = near(x, 0) ? bleed : 0;
          const top = near(y, 0) ? bleed : 0;
          const right = near(x + node.box.width, width) ? bleed : 0;
          const bottom = near(y + node.box.height, height) ? bleed : 0;
          if (left || top || right || bottom)
            paint(x - left, y - top, node.box.width + left + right, node.box.height + top + bottom, colour);
          // The run-on lies under the page, where a lighter panel drawn over it meets the colour's own edge exactly at
          // the trim, and the two edges show a pale seam on screen. So the bleed is painted again over the page, half a
          // point into the trim (never near any words). The paper colour needs none, and would cut into a neighbour's
          // colour run on past a fold.
          if (colour.toLowerCase() !== plainColour.toLowerCase()) {
            const { width: w, height: h } = node.box;
            const overlap = 0.5;
            if (top) drift(x - left, y - top, w + left + right, top + overlap, colour);
            if (bottom) drift(x - left, y + h - overlap, w + left + right, bottom + overlap, colour);
            if (left) drift(x - left, y - top, left + overlap, h + top + bottom, colour);
            if (right) drift(x + w - overlap, y - top, right + overlap, h + top + bottom, colour);
          }
          if (foldDrift > 0 && colour.toLowerCase() !== plainColour.toLowerCase()) {
            const [from, to] = [y - top, node.box.height + top + bottom];
            // Overlapping the panel by half a point: two fills that only touch show a pale seam on screen.
            const overlap = 0.5;
            if (atFold(x)) drift(x - foldDrift, from, foldDrift + overlap, to, colour);
            if (atFold(x + node.box.width)) drift(x + node.box.width - overlap, from, foldDrift + overlap, to, colour);
          }
        }
        node.children?.forEach((child) => visit(child, x, y));
      };
      page.children?.forEach((child) => visit(child, 0, 0));
      const content: LayoutNode = {
        type: "VIEW",
        props: {},
        style: {},
        box: { left: offset, top: offset, width, height },
        children: page.children ?? [],
      };
      // Crop marks: a hairline in line with each trim edge at every corner, in the slug, clear of the bleed.
      const marks: LayoutNode[] = [];
      const mark = (x: number, y: number, w: number, h: number) =>
        marks.push({
          type: "VIEW",
          props: { artifact: "Layout" },
          style: { backgroundColor: "#000000" },
          box: { left: x, top: y, width: w, height: h },
          children: [],
        });
      const gap = Math.min(2.83, slug / 4);
      const line = 0.25;
      const [trimLeft, trimTop, trimRight, trimBottom] = [offset, offset, offset + width, offset + height];
      const outerEnd = width + 2 * offset;
      const outerBottom = height + 2 * offset;
      if (slug > 0)
        for (const x of [trimLeft, trimRight])
          for (const y of [trimTop, trimBottom]) {
            const up = y === trimTop;
            const leftSide = x === trimLeft;
            // Vertical, above or below the corner.
            mark(x - line / 2, up ? gap : outerBottom - slug + gap, line, slug - 2 * gap);
            // Horizontal, beside the corner.
            mark(leftSide ? gap : outerEnd - slug + gap, y - line / 2, slug - 2 * gap, line);
          }
      // Fold marks: two short dashes in line with each fold, above and below the sheet (crop marks are solid).
      if (slug > 0)
        for (const fold of foldsOf(pageIndex)) {
          const x = trimLeft + fold - line / 2;
          const dash = (slug - 2 * gap) / 3;
          for (const top of [gap, gap + 2 * dash, outerBottom - slug + gap, outerBottom - slug + gap + 2 * dash])
            mark(x, top, line, dash);
        }
      return {
        ...page,
        box: { ...page.box!, width: width + 2 * offset, height: height + 2 * offset },
        style: { ...page.style, width: width + 2 * offset, height: height + 2 * offset, backgroundColor: "#ffffff" },
        props: { ...page.props, size: [width + 2 * offset, height + 2 * offset] },
        children: [...runOn, content, ...drifts, ...marks],
      };
    }),
  };
}
