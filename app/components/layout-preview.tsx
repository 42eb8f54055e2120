/**
 * The live preview: the document laid out page by page as it will print, with the PDF's own measurements
 * (`createTheme` and `trifoldPanels` from app/render/pdf, built on `pageGeometry`; in points, which CSS has too),
 * the design's colours and the bundled fonts. It follows the PDF's
 * layout (app/render/pdf): a cover or a title band, content flowing through the inside pages, the contact section
 * on the back page of folded leaflets, a contents page with numbered stages for guides, and smaller type
 * ("copy fitting", never below the template's minimum) when a fixed-size leaflet is too full.
 *
 * Pagination measures every block in a hidden copy of the flow at the page's width, then fills pages in order.
 * Blocks are kept whole (the PDF may split a long paragraph across a page break, so the preview can run a little
 * longer there); a heading always stays with what follows it. Template hints nobody filled in are not shown (they are
 * never printed), and a folded leaflet's spare pages are the notes pages or inside back cover the PDF prints
 * (spare-page-plan.ts), each captioned as added to fill the booklet.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from "react";
import { colourVisionFilterValues, COLOUR_VISION_TYPES, type ColourVisionType } from "~/domain/colour";
import type { Design } from "~/domain/design";
import { fontFaceCss } from "~/domain/fonts";
import { documentCredits } from "~/domain/picture-credits";
import { fitReport, type FitIssue } from "~/domain/checks/layout-rules";
import { insidePagesFor, planPages, type SparePageKind } from "~/render/page-plan";
import { pt, type RenderContext } from "./layout-preview/blocks";
import { readSections, type PreviewContent, type PreviewTemplate, type SectionJson } from "./layout-preview/document";
import { flowBoxes, unitsOfSection, type FlowUnit } from "./layout-preview/flow-units";
import {
  BackCoverPage,
  Colophon,
  Contents,
  Cover,
  NotesPage,
  sparePageWords,
  Unit,
  Units,
} from "./layout-preview/furniture";
import { paginate } from "./layout-preview/paginate";
import { seenBand } from "./seen-band";
import { stageNumbers } from "~/domain/stages";
import { minimumTypeScale, previewTheme, trifoldPanels, type PreviewPanel } from "./layout-preview/theme";

export type { PreviewContent, PreviewTemplate };

// The preview component -------------------------------------------------------------------------------------------------

type PageKind = "cover" | "contents" | "flow" | "back" | SparePageKind;

interface LaidOutPage {
  kind: PageKind;
  /** Reading-order number (1 = first page or panel). */
  number: number;
  name: string;
  units: FlowUnit[];
  widthPt: number;
  /** Tri-fold only: where the panel is printed. */
  panel?: PreviewPanel;
}

export interface LayoutPreviewProps {
  content: PreviewContent;
  title: string;
  workspaceName: string;
  design: Design;
  template: PreviewTemplate;
  logoUrl: string | null;
  colourVision: ColourVisionType | null;
  /** Screen size of the pages: fit the available width, or a fixed share of their printed size. */
  zoom: "fit" | number;
}

const PX_PER_PT = 96 / 72;
/** The gap drawn between tri-fold panels to show the folds (matches the CSS). */
const TRIFOLD_GAP_PX = 4;
/** Room around the pages for their shadow (matches the CSS). */
const PAGES_PADDING_PX = 6;
/** Copy fitting stops when the body size is known to within a quarter point, as the PDF's does. */
const QUARTER_POINT = 0.25;

/** An SVG filter per colour vision type, referenced by the preview's CSS `filter`. */
export function ColourVisionFilters() {
  return (
    <svg className="lp-filters" aria-hidden="true" focusable="false" width="0" height="0">
      <defs>
        {COLOUR_VISION_TYPES.map((type) => (
          <filter key={type} id={`lp-vision-${type}`} colorInterpolationFilters="linearRGB">
            <feColorMatrix type="matrix" values={colourVisionFilterValues(type)} />
          </filter>
        ))}
      </defs>
    </svg>
  );
}

/**
 * "Pages 6–7: notes pages (added to fill the booklet)." for each run of spare pages of one kind, so nobody is
 * surprised by pages they did not write.
 */
export function sparePageNotes(
  pages: ReadonlyArray<{ kind: string; number: number }>,
  unit: "page" | "panel",
  whole: "booklet" | "leaflet",
): string[] {
  const notes: string[] = [];
  let index = 0;
  while (index < pages.length) {
    const kind = pages[index]!.kind;
    if (kind !== "notes" && kind !== "back-cover") {
      index += 1;
      continue;
    }
    let end = index;
    while (end + 1 < pages.length && pages[end + 1]!.kind === kind) end += 1;
    const first = pages[index]!.number;
    const last = pages[end]!.number;
    const where =
      first === last
        ? `${unit === "page" ? "Page" : "Panel"} ${first}`
        : `${unit === "page" ? "Pages" : "Panels"} ${first}–${last}`;
    notes.push(
      `${where}: ${sparePageWords(kind as SparePageKind, unit, first !== last)} (added to fill the ${whole}).`,
    );
    index = end + 1;
  }
  return notes;
}

/** What a screen reader is told of the laid-out preview: "1 page, body text 16 pt.", "6 panels, body text 12 pt." */
export function previewSummary(count: number, imposition: string, bodyPt: number): string {
  const unit = imposition === "trifold" ? "panel" : "page";
  return `${count} ${unit}${count === 1 ? "" : "s"}, body text ${bodyPt} pt.`;
}

/**
 * A caption whose short asides in brackets ("Inside right (folds in)") never break inside: in a narrow panel the aside
 * goes to the next line whole rather than as "(folds" and "in)". Longer asides wrap as usual.
 */
function ShortAsidesTogether({ text }: { text: string }) {
  const parts = text.split(/(\([^()]{1,16}\))/);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <span key={index} className="lp-caption__aside">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

/**
 * Reached by the keyboard, the pages (far taller than the window at 200 % zoom) are shown from their top: the browser
 * brings a focused box that does not fit into view by its middle, and the reader would start halfway down page 4.
 * Once, after the browser's own scroll (which comes after the focus event), and only if the top is out of sight: where
 * the person scrolls next is theirs. A click inside the pages is not keyboard focus, so it never moves them.
 */
function showTopOnKeyboardFocus(pages: HTMLElement) {
  if (!pages.matches(":focus-visible")) return;
  requestAnimationFrame(() => {
    const seen = seenBand(pages);
    const { top } = pages.getBoundingClientRect();
    if (top >= seen.top - 1 && top < seen.bottom) return;
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    pages.scrollIntoView({ block: "start", behavior: still ? "instant" : "smooth" });
  });
}

export function LayoutPreview({
  content,
  title,
  workspaceName,
  design,
  template,
  logoUrl,
  colourVision,
  zoom,
}: LayoutPreviewProps) {
  const [typeScale, setTypeScale] = useState(1);
  const [fontsVersion, setFontsVersion] = useState(0);
  // Bumped when the measured copy changes size by itself: a picture's file arriving, or the preview shown after it
  // was hidden (nothing has a height then).
  const [measuredVersion, setMeasuredVersion] = useState(0);
  const [pagination, setPagination] = useState<{
    signature: string;
    pages: number[][];
    tooTall: number[];
    scale: number;
    /** Tri-fold sections that carry on from panel 4 onto the flap (no room to move them). */
    overFlap: string[];
    /** A tri-fold's last flow panel printed at the top of the back panel, above its contents moved to the foot. */
    tailOnBack: boolean;
  } | null>(null);
  const [availableWidth, setAvailableWidth] = useState(600);
  const [overfullFixedPages, setOverfullFixedPages] = useState<string[]>([]);
  const measureRef = useRef<HTMLDivElement>(null);
  const backMeasureRef = useRef<HTMLDivElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const pagesRef = useRef<HTMLOListElement>(null);
  const lastSignature = useRef<string | null>(null);
  /** Copy fitting under way: the largest scale known to fit, the smallest known not to, and whether this is the first. */
  const fitSearch = useRef<{ low: number; high: number; atMinimum: boolean } | null>(null);
  /**
   * As the PDF: keeps given up, in turn, when the words fit no other way — 1: a tri-fold's short lists whole on one
   * panel; 2: also the keeps that only make pages look better (`relaxKeeps`).
   */
  const [keepsGivenUp, setKeepsGivenUp] = useState<0 | 1 | 2>(0);
  const givenUpTried = useRef<0 | 1 | 2>(0);

  const theme = useMemo(() => previewTheme(template, design, typeScale), [template, design, typeScale]);
  const minScale = minimumTypeScale(template, design);
  const baseBody = useMemo(() => previewTheme(template, design, 1).type.body, [template, design]);
  const imposition = template.imposition;
  const sections = useMemo(() => readSections(content), [content]);
  const credits = useMemo(() => documentCredits(content, design.coverPicture), [content, design.coverPicture]);
  // The pages the PDF prints (app/render/page-plan.ts): which sections flow inside, and which goes on the back page.
  const {
    inside,
    back,
    titleBand: withTitleBand,
  } = useMemo(() => {
    const planned = planPages({
      imposition,
      contentsPage: template.rules.contentsPage,
      sections,
      spare: 0,
      sparePages: "notes",
    });
    const backSlot = planned.pages.find((page) => page.kind === "back");
    return { ...planned, back: backSlot?.kind === "back" ? backSlot.section : null };
  }, [imposition, template.rules.contentsPage, sections]);
  const panels = useMemo(() => (imposition === "trifold" ? trifoldPanels(template) : []), [imposition, template]);
  const flowWidthPt =
    imposition === "trifold" ? Math.min(...panels.slice(1, -1).map((panel) => panel.widthPt)) : theme.page.width;
  const contentWidth = flowWidthPt - theme.margin.left - theme.margin.right;
  const backWidthPt = imposition === "trifold" ? (panels[panels.length - 1]?.widthPt ?? flowWidthPt) : theme.page.width;

  const stages = useMemo(
    () => stageNumbers(sections, template.rules.numberedStages),
    [sections, template.rules.numberedStages],
  );
  const units = useMemo<FlowUnit[]>(() => {
    const list: FlowUnit[] = [];
    if (withTitleBand) list.push({ kind: "titleBand", key: "title-band" });
    inside.forEach((section) => list.push(...unitsOfSection(section, sections.indexOf(section), stages)));
    if (imposition === "pages") list.push({ kind: "colophon", key: "colophon" });
    return list;
  }, [withTitleBand, inside, sections, imposition, stages]);

  // The units of sections with a content note (a tri-fold never prints them on its outside back panel).
  const privateUnits = useMemo(() => {
    const ids = new Set(inside.filter((section) => section.attrs?.contentNote?.trim()).map((s) => s.attrs?.id));
    return new Set(units.flatMap((unit, index) => (ids.has(unit.key.split(":")[0]) ? [index] : [])));
  }, [inside, units]);

  const context: RenderContext = {
    theme,
    design,
    title: title.trim() || "Untitled document",
    workspaceName,
    logoUrl,
    numberedStages: template.rules.numberedStages,
    stages,
    contentWidth,
    headingBase: 3,
    credits,
  };
  const signature = useMemo(
    () => JSON.stringify([content, title, design, template.id, logoUrl, fontsVersion]),
    [content, title, design, template.id, logoUrl, fontsVersion],
  );

  // Fonts change line breaks: measure again whenever a font file arrives.
  useEffect(() => {
    const fonts = document.fonts;
    const bump = () => setFontsVersion((version) => version + 1);
    void fonts.ready.then(bump);
    fonts.addEventListener("loadingdone", bump);
    return () => fonts.removeEventListener("loadingdone", bump);
  }, []);

  // A picture drawn before its file arrived measured nothing; a preview measured while hidden measured nothing at all.
  // Either way the pages would be filled with blocks that do not fit: measure again when the copy's size changes.
  useEffect(() => {
    const roots = [measureRef.current, backMeasureRef.current].filter((root): root is HTMLDivElement => root !== null);
    const heights = new Map<Element, number>();
    const observer = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const height = Math.round(entry.contentRect.height);
        if (heights.has(entry.target) && heights.get(entry.target) !== height) changed = true;
        heights.set(entry.target, height);
      }
      if (changed) setMeasuredVersion((version) => version + 1);
    });
    for (const root of roots) observer.observe(root);
    return () => observer.disconnect();
  }, [imposition]);

  // The width the pages may use on screen.
  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setAvailableWidth(Math.max(200, entry!.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const fixedFlowPages =
    imposition === "booklet"
      ? (template.page.count ?? 8) - 2
      : imposition === "trifold"
        ? Math.max(1, panels.length - 2)
        : null;

  // Measure every unit, fill pages; for fixed-size leaflets find the largest type that fits (never below the minimum).
  useLayoutEffect(() => {
    if (lastSignature.current !== signature) {
      lastSignature.current = signature;
      fitSearch.current = null;
      givenUpTried.current = 0;
      if (keepsGivenUp) setKeepsGivenUp(0);
      if (typeScale !== 1 || keepsGivenUp) {
        setTypeScale(1);
        return;
      }
    }
    const root = measureRef.current;
    if (!root) return;
    const heights = Array.from(root.children).map((element) => element.getBoundingClientRect().height / PX_PER_PT);
    // A list item's bottom margin, which the PDF cuts off at the foot of a page (see flowBoxes).
    const margins = Array.from(root.children).map((element) => {
      const item = element.querySelector(":scope > .lp-list-item");
      return item ? parseFloat(getComputedStyle(item).marginBottom) / PX_PER_PT : 0;
    });
    const available = theme.page.height - theme.margin.top - theme.margin.bottom;
    const boxes = flowBoxes(units, heights, margins, {
      available,
      lineHeight: theme.type.body * theme.type.lineHeight,
      paragraphSpace: theme.space.paragraph,
      relaxKeeps: keepsGivenUp === 2,
      sectionSpace: theme.space.section,
      lists: {
        body: theme.type.body,
        lineHeight: theme.type.lineHeight,
        contentWidth,
        whole: imposition === "trifold",
        broken: keepsGivenUp >= 1,
      },
    });
    // As the PDF (tailOnBackPanel): a tri-fold's words may run one panel past the flap when that panel's words fit at
    // the top of the back panel, above its contents moved down to the foot.
    const backHeight = (() => {
      const group = backMeasureRef.current?.firstElementChild;
      const last = group?.lastElementChild;
      return group && last ? (last.getBoundingClientRect().bottom - group.getBoundingClientRect().top) / PX_PER_PT : 0;
    })();
    const fitsSheet = (attempt: { pages: number[][] }) => {
      if (fixedFlowPages === null || attempt.pages.length <= fixedFlowPages) return true;
      if (imposition !== "trifold" || attempt.pages.length !== fixedFlowPages + 1) return false;
      const tail = attempt.pages[attempt.pages.length - 1]!;
      // Never a section with a content note: the back panel is the outside of the folded leaflet.
      if (tail.some((index) => privateUnits.has(index))) return false;
      const used = tail.reduce(
        (sum, index, at) => sum + boxes[index]!.height + (at < tail.length - 1 ? (boxes[index]!.after ?? 0) : 0),
        0,
      );
      return used + theme.space.section + backHeight <= available;
    };
    let result = paginate(boxes, available);
    // Copy fitting as the PDF does it (render-pdf.server.ts, `fitted`): at the template's size if it fits; else at the
    // minimum if even that does not fit; else the largest size between them that fits, found by halving to a quarter
    // point of body text. Each try is a drawing of the measured copy at that size, so the search runs over renders.
    if (fixedFlowPages !== null) {
      const fits = fitsSheet(result);
      const search = fitSearch.current;
      if (!search) {
        if (!fits && typeScale === 1 && minScale < 1) {
          fitSearch.current = { low: minScale, high: 1, atMinimum: true };
          setTypeScale(minScale);
          return;
        }
      } else {
        if (search.atMinimum) {
          search.atMinimum = false;
          if (!fits) {
            fitSearch.current = null;
            // An extra sheet is far worse than a short list split between panels, or a list's last item alone on
            // one: once more with the next keep given up (render-pdf.server.ts gives them up in the same order).
            const next = keepsGivenUp === 0 && imposition === "trifold" ? 1 : keepsGivenUp < 2 ? 2 : null;
            if (next !== null && givenUpTried.current < next) {
              givenUpTried.current = next;
              setKeepsGivenUp(next);
              setTypeScale(1);
              return;
            }
            // Still too much at the smallest type allowed: the keeps come back, and the overflow is said below.
            if (keepsGivenUp !== 0) {
              setKeepsGivenUp(0);
              return;
            }
          }
        } else if (fits) search.low = typeScale;
        else search.high = typeScale;
        if (fitSearch.current) {
          if ((search.high - search.low) * baseBody > QUARTER_POINT) {
            setTypeScale((search.low + search.high) / 2);
            return;
          }
          fitSearch.current = null;
          if (typeScale !== search.low) {
            setTypeScale(search.low);
            return;
          }
        }
      }
    }
    // As the PDF: a tri-fold section never carries on from panel 4 (the third flow panel) onto the flap (the fourth);
    // it starts on the flap when everything still fits, and is named otherwise. When the words do not fit the sheet
    // at all, that is what the designer is told, as the PDF tells it: the flap is looked at only on a sheet that fits.
    const overFlap: string[] = [];
    if (imposition === "trifold" && result.pages.length > 3 && fitsSheet(result)) {
      const pageOf = new Map(result.pages.flatMap((indexes, page) => indexes.map((index) => [index, page] as const)));
      const moves = new Set<number>();
      units.forEach((unit, index) => {
        if (unit.kind !== "sectionTitle" || pageOf.get(index) !== 2) return;
        let end = index;
        while (units[end + 1] && units[end + 1]!.kind !== "sectionTitle" && units[end + 1]!.kind !== "colophon")
          end += 1;
        if (pageOf.get(end) === 3) moves.add(index);
      });
      if (moves.size > 0) {
        const moved = paginate(boxes, available, moves);
        if (fitsSheet(moved)) result = moved;
        else
          for (const index of moves) {
            const unit = units[index];
            if (unit?.kind === "sectionTitle" && unit.section.attrs?.title?.trim())
              overFlap.push(unit.section.attrs.title.trim());
          }
      }
    }
    const tailOnBack =
      imposition === "trifold" && result.pages.length === (fixedFlowPages ?? 0) + 1 && fitsSheet(result);
    setPagination({ signature, pages: result.pages, tooTall: result.tooTall, scale: typeScale, overFlap, tailOnBack });
  }, [
    signature,
    typeScale,
    units,
    theme,
    fixedFlowPages,
    minScale,
    baseBody,
    imposition,
    privateUnits,
    measuredVersion,
    keepsGivenUp,
    contentWidth,
  ]);

  const laidOut = useMemo<LaidOutPage[]>(() => {
    const flowPages = (pagination?.pages ?? [[]]).map((indexes) =>
      indexes.map((index) => units[index]!).filter(Boolean),
    );
    const onBack = pagination?.tailOnBack ? (flowPages.pop() ?? []) : [];
    // Pages the words fill (a folded leaflet's: none when everything is on the back page), then the spare pages that
    // make up its fixed number, in the one page plan the PDF follows.
    const contentPages = imposition === "pages" || units.length > 0 ? flowPages : [];
    const insideCount =
      imposition === "pages"
        ? contentPages.length
        : insidePagesFor(imposition, fixedFlowPages ?? 0, imposition === "booklet" ? 4 : 6, contentPages.length);
    const planned = planPages({
      imposition,
      contentsPage: template.rules.contentsPage,
      sections,
      spare: insideCount - contentPages.length,
      sparePages: design.sparePages,
    });
    const trifold = imposition === "trifold";
    const insidePanels = panels.slice(1, -1);
    const list: LaidOutPage[] = [];
    const push = (page: Omit<LaidOutPage, "number">) => list.push({ ...page, number: list.length + 1 });
    // Inside pages (flow, then spare) in order: a tri-fold's take its inside panels one by one.
    let insideIndex = 0;
    const insidePage = (kind: PageKind, name: string, pageUnits: FlowUnit[]) => {
      const panel = trifold ? insidePanels[insideIndex] : undefined;
      insideIndex += 1;
      push({
        kind,
        name: trifold ? (panel?.name ?? "Does not fit") : name,
        units: pageUnits,
        widthPt: trifold ? (panel?.widthPt ?? flowWidthPt) : theme.page.width,
        panel,
      });
    };
    // The cover and back page: a tri-fold's first and last panels, by their names and widths.
    const outerPage = (
      kind: "cover" | "back",
      panel: PreviewPanel | undefined,
      names: [string, string],
      pageUnits: FlowUnit[] = [],
    ) =>
      push(
        trifold
          ? {
              kind,
              name: panel?.name ?? names[0],
              units: pageUnits,
              widthPt: panel?.widthPt ?? theme.page.width,
              panel,
            }
          : { kind, name: names[1], units: pageUnits, widthPt: theme.page.width },
      );
    for (const slot of planned.pages) {
      switch (slot.kind) {
        case "cover":
          outerPage("cover", panels[0], ["Front cover", "Cover"]);
          break;
        case "contents":
          push({ kind: "contents", name: "Contents", units: [], widthPt: theme.page.width });
          break;
        case "flow":
          contentPages.forEach((pageUnits) =>
            insidePage("flow", imposition === "booklet" ? "Inside page" : "Page", pageUnits),
          );
          break;
        case "notes":
        case "back-cover":
          insidePage(slot.kind, sparePageWords(slot.kind, "page"), []);
          break;
        case "back":
          outerPage("back", panels[panels.length - 1], ["Back cover", "Back page"], onBack);
          break;
      }
    }
    return list;
  }, [
    pagination,
    units,
    imposition,
    fixedFlowPages,
    panels,
    theme.page.width,
    flowWidthPt,
    template.rules.contentsPage,
    design.sparePages,
    sections,
  ]);

  // Where each section starts, for the guide's contents page.
  const startPages = useMemo(() => {
    const map = new Map<SectionJson, number>();
    for (const page of laidOut) {
      for (const unit of page.units)
        if (unit.kind === "sectionTitle" && !map.has(unit.section)) map.set(unit.section, page.number);
    }
    return map;
  }, [laidOut]);

  // Fixed pages (covers, back pages, contents) that hold more than fits are flagged, as the PDF would clip them.
  // Measured after every drawing (what overflows depends on everything drawn); the state changes only when the list does.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately without dependencies
  useLayoutEffect(() => {
    const overfull = Array.from(pagesRef.current?.querySelectorAll<HTMLElement>("[data-fixed-page]") ?? [])
      .filter((element) => element.scrollHeight > element.clientHeight + 2)
      .map((element) => element.dataset.fixedPage!);
    setOverfullFixedPages((current) => (current.join("|") === overfull.join("|") ? current : overfull));
  });

  const totalPages = laidOut.length;
  // A tri-fold is drawn as a grid of three columns, each as wide as its widest panel (front and back sides differ).
  const sheetWidthPt =
    imposition === "trifold"
      ? [1, 2, 3].reduce(
          (sum, position) =>
            sum + Math.max(...panels.filter((panel) => panel.position === position).map((panel) => panel.widthPt)),
          0,
        )
      : theme.page.width;
  const gapsPx = imposition === "trifold" ? 2 * TRIFOLD_GAP_PX : 0;
  // Less the preview's own padding (PAGES_PADDING_PX each side), so the fitted pages never need a scroll bar.
  const screenScale =
    zoom === "fit" ? Math.min(1, (availableWidth - gapsPx - 2 * PAGES_PADDING_PX) / (sheetWidthPt * PX_PER_PT)) : zoom;
  const extraFlowPages =
    fixedFlowPages !== null && pagination
      ? Math.max(0, pagination.pages.length - (pagination.tailOnBack ? 1 : 0) - fixedFlowPages)
      : 0;

  // The same fit report, in the same words, as the PDF's (text set smaller to fit, content that does not fit).
  const fit: FitIssue[] = [];
  if (pagination && pagination.scale < 1)
    fit.push({ kind: "text-shrunk", bodyPt: theme.type.body, templateBodyPt: baseBody });
  for (const title of pagination?.overFlap ?? []) fit.push({ kind: "section-over-flap", title });
  if (extraFlowPages > 0 && fixedFlowPages !== null)
    fit.push(
      imposition === "trifold"
        ? { kind: "extra-panels", extra: extraFlowPages }
        : {
            kind: "extra-pages",
            needed: insidePagesFor("booklet", fixedFlowPages, 4, fixedFlowPages + extraFlowPages) + 2,
            available: fixedFlowPages + 2,
          },
    );
  if (imposition === "booklet" && fixedFlowPages !== null && pagination && totalPages < fixedFlowPages + 2)
    fit.push({ kind: "fewer-pages", pages: totalPages, templatePages: fixedFlowPages + 2 });
  const sparePanels = laidOut.filter((page) => page.kind === "notes" || page.kind === "back-cover");
  if (imposition === "trifold" && fixedFlowPages !== null && pagination && sparePanels.length > 0)
    fit.push({
      kind: "spare-panels",
      spare: sparePanels.length,
      insidePanels: fixedFlowPages,
      flap: sparePanels.at(-1)!.kind === "back-cover" ? "back-cover" : "notes",
    });
  const notes: string[] =
    imposition === "pages"
      ? []
      : fitReport({
          unit: imposition === "trifold" ? "panel" : "page",
          pages: [],
          template: { name: template.name, imposition },
          fit,
        }).map((item) => `${item.message} ${item.help}`);
  if (pagination && pagination.tooTall.length > 0)
    notes.push("Some blocks are taller than a whole page, so part of them is cut off. Split them into shorter parts.");
  if (pagination)
    notes.push(
      ...sparePageNotes(
        laidOut,
        imposition === "trifold" ? "panel" : "page",
        imposition === "trifold" ? "leaflet" : "booklet",
      ),
    );
  if (
    pagination &&
    imposition !== "pages" &&
    !back &&
    !design.footerText.trim() &&
    !(design.logoPlacement === "back-page" && logoUrl)
  ) {
    notes.push(
      `The back ${imposition === "trifold" ? "panel" : "page"} has nothing on it yet, so it would print blank. Put a contact box in the last section, or add footer text.`,
    );
  }
  for (const name of overfullFixedPages)
    notes.push(`The ${name.toLowerCase()} holds more than fits, so the end is cut off. Shorten what is on it.`);

  // The back page's section and back matter, as a group pinned to its foot when words from inside run onto it.
  const backUnits = back ? (
    <Units units={unitsOfSection(back, sections.indexOf(back), stages)} context={context} />
  ) : null;
  const backContents = (
    <div className="lp-back-pinned">
      {backUnits}
      <Colophon context={context} />
    </div>
  );

  const renderPage = (page: LaidOutPage) => {
    const fixed = page.kind === "cover" || page.kind === "back" || page.kind === "contents";
    const spare = page.kind === "notes" || page.kind === "back-cover";
    const background =
      (page.kind === "cover" && design.coverStyle === "full-colour") || page.kind === "back-cover"
        ? theme.colours.primary
        : theme.colours.background;
    // A tri-fold's inside panels hold words laid out at the narrowest one's width, centred on wider panels, as the PDF
    // lays them out and places them (trifoldPageWidths, imposeTrifold): so lines break where they were measured.
    const slack =
      imposition === "trifold" && page.kind !== "cover" && page.kind !== "back" ? page.widthPt - flowWidthPt : 0;
    const pageStyle: CSSProperties = {
      width: pt(page.widthPt),
      height: pt(theme.page.height),
      padding: `${pt(theme.margin.top)} ${pt(theme.margin.right + slack / 2)} ${pt(theme.margin.bottom)} ${pt(theme.margin.left + slack / 2)}`,
      background,
      color: theme.colours.text,
      fontFamily: theme.fonts.body,
    };
    let body: ReactNode;
    if (page.kind === "cover")
      body = <Cover context={context} size={{ width: page.widthPt, height: theme.page.height }} />;
    else if (page.kind === "contents")
      body = <Contents sections={sections} startPages={startPages} context={context} />;
    else if (page.kind === "back")
      body =
        page.units.length > 0 ? (
          // The words that ran past the flap, then the back page's own contents at its foot.
          <div className="lp-back">
            <Units units={page.units} context={context} />
            <div style={{ marginTop: "auto" }}>{backContents}</div>
          </div>
        ) : (
          <div className="lp-back">
            {backUnits}
            <div style={{ marginTop: "auto" }}>
              <Colophon context={context} />
            </div>
          </div>
        );
    else if (page.kind === "notes") body = <NotesPage context={context} heightPt={theme.page.height} />;
    else if (page.kind === "back-cover") body = <BackCoverPage context={context} />;
    else body = <Units units={page.units} context={context} />;
    const pageNumber =
      imposition === "booklet" && (page.kind === "flow" || page.kind === "notes")
        ? String(page.number)
        : imposition === "pages" && page.kind !== "cover"
          ? `Page ${page.number} of ${totalPages}`
          : null;
    return (
      <div
        className="lp-page-frame"
        style={{
          width: `${page.widthPt * PX_PER_PT * screenScale}px`,
          height: `${theme.page.height * PX_PER_PT * screenScale}px`,
        }}
      >
        <div
          className="lp-page"
          style={{ ...pageStyle, transform: `scale(${screenScale})` }}
          data-fixed-page={fixed ? page.name : undefined}
          data-spare-page={spare ? page.kind : undefined}
        >
          {body}
          {pageNumber ? (
            <p
              className="lp-page-number"
              style={{
                fontSize: pt(theme.type.small),
                color: theme.colours.muted,
                fontFamily: theme.fonts.body,
                left: pt(theme.margin.left),
                right: pt(theme.margin.right),
                bottom: pt(Math.max(8, theme.margin.bottom / 2 - theme.type.small)),
                textAlign: imposition === "booklet" ? "center" : "right",
              }}
            >
              {pageNumber}
            </p>
          ) : null}
        </div>
      </div>
    );
  };

  const addedWords = imposition === "trifold" ? "added to fill the leaflet" : "added to fill the booklet";
  const pageLabel = (page: LaidOutPage) => {
    const spare =
      page.kind === "notes" || page.kind === "back-cover"
        ? `${sparePageWords(page.kind, imposition === "trifold" ? "panel" : "page")} (${addedWords})`
        : null;
    if (imposition === "trifold")
      return `Panel ${page.number} of ${totalPages}: ${page.name}${spare ? `, ${spare}` : ""}`;
    return `Page ${page.number} of ${totalPages}: ${spare ?? page.name.toLowerCase()}`;
  };

  return (
    <div className="lp" ref={containerRef}>
      {/* The bundled fonts, wherever the preview is shown (the design page and the sign-off page): without them the
          browser's fallback font breaks lines, and so pages, where the PDF does not. */}
      <style>{fontFaceCss()}</style>
      {notes.length > 0 ? (
        <div className="notice lp-notes" role="status">
          {notes.map((note) => (
            <p key={note}>{note}</p>
          ))}
        </div>
      ) : (
        <div role="status" className="visually-hidden">
          {pagination ? previewSummary(totalPages, imposition, theme.type.body) : ""}
        </div>
      )}

      <div className="lp-measure-clip" aria-hidden="true">
        <div className="lp-measure" ref={measureRef} style={{ width: pt(contentWidth) }}>
          {units.map((unit) => (
            <Unit key={unit.key} unit={unit} context={context} />
          ))}
        </div>
        {imposition === "trifold" ? (
          <div
            className="lp-measure"
            ref={backMeasureRef}
            style={{ width: pt(backWidthPt - theme.margin.left - theme.margin.right) }}
          >
            {backContents}
          </div>
        ) : null}
      </div>

      {/* Focusable so that people using a keyboard can scroll pages shown larger than the space. */}
      <div
        className="lp-pages-wrap"
        role="region"
        aria-label="Preview pages"
        tabIndex={0}
        onFocus={(event) => {
          if (event.target === event.currentTarget) showTopOnKeyboardFocus(event.currentTarget);
        }}
        style={colourVision ? { filter: `url(#lp-vision-${colourVision})` } : undefined}
      >
        {imposition === "trifold" ? (
          // Panels stay in reading order for screen readers; the grid puts each where it is printed on the sheet.
          <ol className="lp-trifold" ref={pagesRef} aria-label="Panels in reading order">
            <li className="lp-sheet-label" aria-hidden="true" style={{ gridRow: 1 }}>
              Outside of the sheet (side 1)
            </li>
            <li className="lp-sheet-label" aria-hidden="true" style={{ gridRow: 3 }}>
              Inside of the sheet (side 2)
            </li>
            {laidOut.some((page) => !page.panel) ? (
              <li className="lp-sheet-label" aria-hidden="true" style={{ gridRow: 5 }}>
                Text that does not fit on the sheet
              </li>
            ) : null}
            {laidOut.map((page, index) => {
              const overflowIndex = laidOut.filter((other) => !other.panel).indexOf(page);
              const place = page.panel
                ? { gridRow: page.panel.side === 1 ? 2 : 4, gridColumn: page.panel.position }
                : { gridRow: 6 + Math.floor(overflowIndex / 3), gridColumn: (overflowIndex % 3) + 1 };
              return (
                <li key={index} className={`lp-panel${page.panel ? "" : " lp-panel--overflow"}`} style={place}>
                  {renderPage(page)}
                  <p className="lp-caption">
                    <ShortAsidesTogether text={pageLabel(page)} />
                    {page.panel ? (
                      <span className="visually-hidden">
                        {` (${page.panel.side === 1 ? "outside" : "inside"} of the sheet, ${["left", "middle", "right"][page.panel.position - 1]})`}
                      </span>
                    ) : null}
                  </p>
                </li>
              );
            })}
          </ol>
        ) : (
          <ol className="lp-pages" ref={pagesRef} aria-label="Pages">
            {laidOut.map((page) => (
              <li
                key={page.number}
                className={`lp-page-item${fixedFlowPages !== null && page.kind === "flow" && page.number > fixedFlowPages + 1 ? " lp-page-item--overflow" : ""}`}
              >
                {renderPage(page)}
                <p className="lp-caption">{pageLabel(page)}</p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
