/**
 * Canonical document → tagged PDF bytes. CPU-heavy: run it in a worker (server/workers/pdf-worker.ts), never on
 * the server's event loop. Steps:
 *   1. prepare pictures (PNG/JPEG as they are; anything else, or anything huge, re-encoded as PNG with sharp);
 *   2. map the document to react-pdf elements (document-pdf.tsx) and lay it out with react-pdf's layout engine;
 *   3. fix what only a layout can tell: a guide's contents page numbers (one more layout with the numbers in),
 *      a folded leaflet's page count (a tri-fold's words may carry on at the top of its back panel, docs/trifold.md;
 *      smaller type within the template's minimum, then one more layout with the spare pages the designer chose:
 *      notes pages or an inside back cover), the tri-fold's imposition onto two
 *      sheet sides; and what is printed on each page (`layout`), so the checks can refuse blank pages;
 *   4. write the laid-out pages with PDFKit in tagged mode (our patch of @react-pdf/render builds the structure tree).
 */
import layoutDocument from "@react-pdf/layout";
import renderDocument from "@react-pdf/render";
import { Font, pdf } from "@react-pdf/renderer";
import PDFDocument from "pdfkit";
import type { ReactElement } from "react";
import sharp from "sharp";
import {
  BLEED_MM,
  FOLD_DRIFT_MM,
  cmykPalette,
  colourShifts,
  coloursOf,
  normaliseHex,
  preparePrintDocument,
  SLUG_MM,
  type PrintPalette,
} from "./print.server";
import type { CanonicalDocument } from "../../domain/document-hash";
import { readDesign, type ColourRole } from "../../domain/design";
import type { PdfVariant } from "../../domain/pdf-variant";
import { accentTint, COLOUR_ROLE_LABELS } from "../../domain/colour";
import { coverArtColours } from "../cover-art";
import { mmToPt } from "../../domain/page-geometry";
import type { Template } from "../../domain/template";
import type { ResolvedImage } from "./blocks";
import { mapDocumentToPdf, type MappedPdfDocument, type PdfDocumentInput } from "./document-pdf";
import { mapPageTotals } from "./page-furniture";
import { readSections } from "./document-model";
import { registerFonts } from "./fonts.server";
import { documentCredits } from "../../domain/picture-credits";
import { trifoldFolds } from "./trifold";
import {
  fitReport,
  type FitIssue,
  type PrintedLayout,
  type PrintedPage,
  type PrintedPageKind,
} from "../../domain/checks/layout-rules";
import {
  fillContentsPageNumbers,
  fillPageTotals,
  firstPagesOf,
  imposeTrifold,
  sectionsDrawnOn,
  tailOnBackPanel,
  isBlankPage,
  padInsidePages,
  pageNumbersToComplete,
  withBleed,
  type LayoutDocument,
} from "./layout-tree";
import { insidePagesFor, sparePageKinds, type SparePageKind } from "../page-plan";
import { minimumTypeScale } from "./theme";

export interface RenderPdfInput {
  document: CanonicalDocument;
  /** The template the design names (`design.templateId`). */
  template: Template;
  workspaceName: string;
  draft: boolean;
  /** Bytes of every picture the document refers to, and of the logo, keyed by `src` / upload id. */
  images?: ReadonlyMap<string, Uint8Array>;
  /**
   * react-pdf's newer pagination engine (the default here): about four times faster on a long guide than the classic
   * one, which re-lays out the rest of the document for every page (bench/pdf.ts measures both). Both pass the same
   * PDF tests; false selects the classic engine.
   */
  experimentalPagination?: boolean;
  creationDate?: Date;
  onProgress?: (progress: PdfProgress) => void;
  /**
   * `screen` (the default): the file to read and share (a tri-fold as its imposed print sheet). `reader`: a tri-fold's
   * six panels as pages in reading order, for screens and screen readers. `print`: for a print shop: bleed, crop
   * marks, TrimBox and BleedBox, CMYK (print.server.ts); booklets in reading order.
   */
  variant?: PdfVariant;
}

export type { PdfVariant };

export type PdfStage = "preparing" | "layout" | "contents" | "fitting" | "writing" | "done";

export interface PdfProgress {
  stage: PdfStage;
  /** Rough share of the work done, 0–1, for a progress bar. */
  fraction: number;
}

export interface RenderedPdf {
  pdf: Buffer;
  pageCount: number;
  /** 1 = the template's type sizes; below 1 when a folded leaflet's text was set smaller to fit. */
  typeScale: number;
  /** Things the person exporting should know, in plain words. */
  warnings: string[];
  /**
   * The print variant's notes for whoever prints it (how to print and fold, colours that shift in CMYK): also among
   * `warnings`, and kept with a release beside its print PDF. Empty for the other variants.
   */
  printNotes: string[];
  /** Milliseconds per step, for the benchmark. */
  timings: Record<string, number>;
  /** What is printed on each page (tri-fold: panel) in reading order, for the checks (blank pages). */
  layout: PrintedLayout;
}

/**
 * What each laid-out page (in reading order, before a tri-fold's imposition) is, from where it sits: a booklet is
 * cover, content pages, the spare pages in `spare` order, back page; a tri-fold the same in panels; a guide cover,
 * contents, content; other documents content pages only.
 */
/** A folded leaflet's laid-out panels without its `spare` filling panels (those just before the back panel). */
function withoutSparePanels(layout: LayoutDocument, spare: number): LayoutDocument {
  if (spare <= 0) return layout;
  const pages = layout.children;
  return { ...layout, children: [...pages.slice(0, pages.length - 1 - spare), pages[pages.length - 1]!] };
}

export function printedLayoutOf(
  layout: LayoutDocument,
  shape: "booklet" | "trifold" | "guide" | "pages",
  spare: readonly SparePageKind[],
  pageBackground: string,
  template: Template,
): PrintedLayout {
  const count = layout.children.length;
  const panelNames = shape === "trifold" ? (template.panels ?? []).map((panel) => panel.name) : [];
  const kindAt = (index: number): PrintedPageKind => {
    if (shape === "pages") return "content";
    if (shape === "guide") return index === 0 ? "cover" : index === 1 ? "contents" : "content";
    if (index === 0) return "cover";
    if (index === count - 1) return "back";
    const spareIndex = index - (count - 1 - spare.length);
    return spareIndex >= 0 ? spare[spareIndex]! : "content";
  };
  const pages: PrintedPage[] = layout.children.map((page, index) => {
    const kind = kindAt(index);
    // Panels past the sheet's six (text that does not fit) have no name of their own.
    const name =
      shape === "trifold"
        ? index === count - 1
          ? panelNames[panelNames.length - 1]
          : index < panelNames.length - 1
            ? panelNames[index]
            : undefined
        : undefined;
    return { number: index + 1, kind, blank: isBlankPage(page, pageBackground), ...(name ? { name } : {}) };
  });
  return { unit: shape === "trifold" ? "panel" : "page", pages };
}

const MAX_IMAGE_PIXELS = 2400;

function formatOf(bytes: Uint8Array): "png" | "jpg" | null {
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return "png";
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpg";
  return null;
}

/** Pictures react-pdf can embed as they are, with their pixel size; anything else becomes a PNG. */
export async function prepareImages(
  images: ReadonlyMap<string, Uint8Array>,
  warnings: string[],
): Promise<Map<string, ResolvedImage>> {
  const prepared = new Map<string, ResolvedImage>();
  for (const [src, bytes] of images) {
    try {
      const format = formatOf(bytes);
      // density: an SVG logo rasterised at 300 dpi stays sharp in print.
      const metadata = await sharp(bytes, { density: 300 }).metadata();
      const width = metadata.autoOrient?.width ?? metadata.width;
      const height = metadata.autoOrient?.height ?? metadata.height;
      if (!width || !height) throw new Error("no size");
      const fits =
        width <= MAX_IMAGE_PIXELS && height <= MAX_IMAGE_PIXELS && metadata.depth === "uchar" && !metadata.orientation;
      if (format && fits) {
        prepared.set(src, { data: Buffer.from(bytes), format, width, height });
        continue;
      }
      const { data, info } = await sharp(bytes, { density: 300 })
        .rotate()
        .resize({ width: MAX_IMAGE_PIXELS, height: MAX_IMAGE_PIXELS, fit: "inside", withoutEnlargement: true })
        .png()
        .toBuffer({ resolveWithObject: true });
      prepared.set(src, { data, format: "png", width: info.width, height: info.height });
    } catch {
      warnings.push("A picture could not be read, so it is left out.");
    }
  }
  return prepared;
}

async function layout(element: ReactElement): Promise<LayoutDocument> {
  // pdf() runs React's reconciler over the element (stamping structure keys); the layout engine does the rest.
  const container = pdf(element as Parameters<typeof pdf>[0]).container as { document: unknown };
  const run = layoutDocument as unknown as (root: unknown, fontStore: unknown) => Promise<LayoutDocument>;
  return run(container.document, Font);
}

function write(laidOut: LayoutDocument, palette?: PrintPalette): Promise<Buffer> {
  const props = (laidOut.props ?? {}) as Record<string, unknown>;
  const info: Record<string, string | Date> = {};
  for (const [key, name] of [
    ["title", "Title"],
    ["author", "Author"],
    ["subject", "Subject"],
    ["keywords", "Keywords"],
    ["creator", "Creator"],
    ["producer", "Producer"],
  ] as const) {
    if (typeof props[key] === "string" && props[key]) info[name] = props[key] as string;
  }
  info.CreationDate = props.creationDate instanceof Date ? props.creationDate : new Date();
  // The same options react-pdf's own renderer passes for <Document tagged> (see our patch of @react-pdf/renderer).
  const ctx = new PDFDocument({
    compress: true,
    tagged: true,
    subset: "PDF/UA",
    pdfVersion: "1.7",
    lang: typeof props.language === "string" ? props.language : undefined,
    displayTitle: true,
    autoFirstPage: false,
    info,
  });
  if (props.pageMode === "useOutlines") ctx._root.data.PageMode = "UseOutlines";
  if (palette) preparePrintDocument(ctx as unknown as Parameters<typeof preparePrintDocument>[0], palette);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    ctx.on("data", (chunk: Buffer) => chunks.push(chunk));
    ctx.on("end", () => resolve(Buffer.concat(chunks)));
    ctx.on("error", reject);
    try {
      (renderDocument as unknown as (context: unknown, document: LayoutDocument) => unknown)(ctx, laidOut);
    } catch (error) {
      reject(error);
    }
  });
}

export async function renderPdf(input: RenderPdfInput): Promise<RenderedPdf> {
  const timings: Record<string, number> = {};
  const progress = (stage: PdfStage, fraction: number) => input.onProgress?.({ stage, fraction });
  const time = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await step();
    } finally {
      timings[name] = (timings[name] ?? 0) + performance.now() - started;
      timings[`${name}Passes`] = (timings[`${name}Passes`] ?? 0) + 1;
    }
  };

  const variant = input.variant ?? "screen";
  progress("preparing", 0);
  registerFonts();
  const warnings: string[] = [];
  const fit: FitIssue[] = [];
  const sections = readSections(input.document.content);
  const design = readDesign(input.document.design, input.template.id);
  const images = await time("images", () => prepareImages(input.images ?? new Map(), warnings));
  const base: PdfDocumentInput = {
    sections,
    meta: input.document.meta,
    design,
    template: input.template,
    workspaceName: input.workspaceName,
    draft: input.draft,
    images,
    // A cover picture that could not be found is left out, and so is its credit.
    credits: documentCredits(
      input.document.content,
      design.coverPicture && images.has(design.coverPicture.src) ? design.coverPicture : null,
    ),
    experimentalPagination: input.experimentalPagination ?? true,
    creationDate: input.creationDate,
  };
  // Sections moved to start on a new panel (a tri-fold's flap), kept for every later layout pass.
  let startOnNewPage: ReadonlySet<string> | undefined;
  // Set when a folded leaflet fits only without the keeps that merely look better (kept for every later pass).
  let relaxKeeps = false;
  // Before that, a tri-fold gives up only keeping short lists whole on one panel (kept for every later pass).
  let breakLists = false;
  const mapAndLayout = async (overrides: Partial<PdfDocumentInput>) => {
    const mapped = mapDocumentToPdf({ ...base, startOnNewPage, relaxKeeps, breakLists, ...overrides });
    return { mapped, laidOut: await time("layout", () => layout(mapped.element)) };
  };

  progress("layout", 0.1);
  let typeScale = 1;
  let result: { mapped: MappedPdfDocument; laidOut: LayoutDocument } = await mapAndLayout({});
  const { plan } = result.mapped;
  const templateBody = result.mapped.theme.geometry.type.body;

  // The contents page's numbers, once known (kept for any later layout pass).
  let filledSectionPages: ReadonlyMap<string, number> | undefined;
  if (plan.imposition === "pages" && plan.contentsPage) {
    // The contents page has a fixed-width column for page numbers, so filling them in moves nothing: the cover and
    // contents are laid out again alone with the numbers in, and their numbers replace the placeholders. Should a
    // number not fit its placeholder's box, the whole document is laid out again with the numbers in.
    progress("contents", 0.45);
    const ids = sections.map((section) => section.attrs.id);
    const sectionPages = firstPagesOf(result.laidOut, ids);
    filledSectionPages = sectionPages;
    const numbered = mapDocumentToPdf({ ...base, startOnNewPage, relaxKeeps, breakLists, sectionPages });
    const front = numbered.frontElement ? await time("layout", () => layout(numbered.frontElement!)) : null;
    if (front && fillContentsPageNumbers(result.laidOut, front)) {
      timings.contentsFilledIn = 1;
      result = { mapped: numbered, laidOut: result.laidOut };
    } else {
      result = await mapAndLayout({ sectionPages });
      const check = firstPagesOf(result.laidOut, ids);
      if ([...check].some(([id, page]) => sectionPages.get(id) !== page)) {
        result = await mapAndLayout({ sectionPages: check });
        filledSectionPages = check;
      }
    }
  }

  if (input.experimentalPagination ?? true) {
    // "Page N of M": the footers were drawn as "Page N" (no second layout round to learn M); their lines are now
    // replaced by "Page N of M" laid out alone. Should that not fit, the document is laid out again with react-pdf
    // counting the pages itself.
    const pageNumbers = pageNumbersToComplete(result.laidOut);
    if (pageNumbers.length > 0) {
      const totals = await time("layout", () =>
        layout(
          mapPageTotals(result.mapped.theme, result.mapped.theme.page, pageNumbers, result.laidOut.children.length),
        ),
      );
      if (fillPageTotals(result.laidOut, totals)) timings.pageTotalsFilledIn = 1;
      else result = await mapAndLayout({ sectionPages: filledSectionPages, totalsRound: true });
    }
  }

  let printed: PrintedLayout;
  if (plan.imposition !== "pages") {
    const inside = (layoutResult: LayoutDocument) => layoutResult.children.length - 2;
    // A tri-fold's words may run one panel past the flap when that panel's words fit at the top of the back panel,
    // unless they belong to a section with a content note (the back panel is seen from outside).
    const withContentNotes = new Set(
      sections.filter((section) => section.attrs.contentNote).map((section) => section.attrs.id),
    );
    const onBack = (attempt: typeof result) =>
      plan.imposition === "trifold"
        ? tailOnBackPanel(attempt.laidOut, plan.insidePages, attempt.mapped.theme.space.section, withContentNotes)
        : null;
    const fits = (attempt: typeof result) => inside(attempt.laidOut) <= plan.insidePages || onBack(attempt) !== null;
    const minimum = minimumTypeScale(input.template, design);
    /**
     * Copy fitting: the largest type scale (in quarter-point steps of body text) at which `first` (laid out at the
     * template's size) fits, never below the template's minimum.
     */
    const fitted = async (first: typeof result): Promise<{ result: typeof result; typeScale: number }> => {
      if (fits(first) || minimum >= 1) return { result: first, typeScale: 1 };
      progress("fitting", 0.4);
      const atMinimum = await mapAndLayout({ typeScale: minimum });
      if (!fits(atMinimum)) {
        // An extra sheet is far worse than a short list split between panels: try once with lists free to break
        // (the other keeps stay); then, as worse than a list's last item alone on a panel, without those keeps.
        if (!breakLists && !relaxKeeps && plan.imposition === "trifold") {
          breakLists = true;
          const listsBroken = await fitted(await mapAndLayout({}));
          if (fits(listsBroken.result)) return listsBroken;
          breakLists = false;
        } else if (!relaxKeeps) {
          relaxKeeps = true;
          const relaxed = await fitted(await mapAndLayout({}));
          if (fits(relaxed.result)) return relaxed;
          relaxKeeps = false;
        }
        return { result: atMinimum, typeScale: minimum };
      }
      let low = minimum;
      let high = 1;
      let best = atMinimum;
      // Binary search between the minimum (fits) and 1 (does not), to a quarter point of body size.
      while ((high - low) * templateBody > 0.25) {
        const middle = (low + high) / 2;
        const attempt = await mapAndLayout({ typeScale: middle });
        if (fits(attempt)) {
          best = attempt;
          low = middle;
        } else high = middle;
      }
      return { result: best, typeScale: low };
    };
    ({ result, typeScale } = await fitted(result));
    if (plan.imposition === "trifold") {
      // The fold-in flap (panel 5) is seen early, beside panel 2, when the leaflet is opened: a section must not
      // start on panel 4 and carry on there, or readers meet its middle out of context. It starts on the flap
      // instead, fitted again, as long as the whole leaflet still fits its sheet.
      const pages = result.laidOut.children;
      const onPanel4 = pages[3] ? sectionsDrawnOn(pages[3]) : new Set<string>();
      const onFlap = pages[4] ? sectionsDrawnOn(pages[4]) : new Set<string>();
      const starts = firstPagesOf(result.laidOut, [...onPanel4]);
      const running = [...onPanel4].filter((id) => onFlap.has(id) && starts.get(id) === 4);
      if (running.length > 0 && fits(result)) {
        startOnNewPage = new Set(running);
        const moved = await fitted(await mapAndLayout({}));
        if (fits(moved.result)) ({ result, typeScale } = moved);
        else {
          startOnNewPage = undefined;
          // No room to move it: the designer is told which section, and what would help.
          for (const id of running) {
            const title = sections.find((section) => section.attrs.id === id)?.attrs.title.trim();
            if (title) fit.push({ kind: "section-over-flap", title });
          }
        }
      }
    }
    const merged = onBack(result);
    if (merged) result = { ...result, laidOut: merged };
    if (typeScale < 1)
      fit.push({ kind: "text-shrunk", bodyPt: templateBody * typeScale, templateBodyPt: templateBody });
    const laid = result.laidOut;
    // Spare pages (a booklet is also made up to whole sheets) get the pages the designer chose, laid out with the
    // content at the same type size, so their page numbers and the structure tree are right.
    const wanted = insidePagesFor(plan.imposition, plan.insidePages, plan.pagesPerSheet, inside(laid));
    if (inside(laid) > plan.insidePages) {
      fit.push(
        plan.imposition === "booklet"
          ? { kind: "extra-pages", needed: wanted + 2, available: plan.insidePages + 2 }
          : { kind: "extra-panels", extra: inside(laid) - plan.insidePages },
      );
    }
    if (plan.imposition === "booklet" && wanted < plan.insidePages)
      fit.push({ kind: "fewer-pages", pages: wanted + 2, templatePages: plan.insidePages + 2 });
    const spare = wanted - inside(laid);
    if (plan.imposition === "trifold" && spare > 0)
      fit.push({
        kind: "spare-panels",
        spare,
        insidePanels: plan.insidePages,
        flap: sparePageKinds(spare, design.sparePages).at(-1)!,
      });
    if (spare > 0) {
      const filled = await mapAndLayout({ typeScale, spare });
      // Should the content lay out differently a second time, the first layout is kept and padded with blank
      // pages, which the checks then report page by page: a blank page is never printed unnoticed.
      if (inside(filled.laidOut) === wanted) result = filled;
    }
    const padded = padInsidePages(result.laidOut, wanted);
    const mapped = result.mapped;
    const spareKinds = mapped.plan.imposition === "pages" ? [] : mapped.plan.spare;
    printed = printedLayoutOf(padded, plan.imposition, spareKinds, mapped.theme.colours.background, input.template);
    result = {
      ...result,
      // A tri-fold is printed imposed on its sheet; read on a screen (`reader`), its panels are pages in order, without
      // the panels that only fill the sheet (lines to write on, a panel in the main colour): nothing to read there.
      laidOut:
        plan.imposition !== "trifold"
          ? padded
          : variant === "reader"
            ? withoutSparePanels(padded, spareKinds.length)
            : imposeTrifold(padded, input.template).layout,
    };
  } else {
    printed = printedLayoutOf(
      result.laidOut,
      plan.contentsPage ? "guide" : "pages",
      [],
      result.mapped.theme.colours.background,
      input.template,
    );
  }

  printed = {
    ...printed,
    template: {
      name: input.template.name,
      imposition: plan.imposition,
    },
    fit,
  };

  progress("writing", 0.8);
  let palette: PrintPalette | undefined;
  let laidOut = result.laidOut;
  const printNotes: string[] = [];
  if (variant === "print") {
    laidOut = withBleed(
      laidOut,
      mmToPt(BLEED_MM),
      mmToPt(SLUG_MM),
      plan.imposition === "trifold" ? (index) => trifoldFolds(input.template, index) : undefined,
      mmToPt(FOLD_DRIFT_MM),
      result.mapped.theme.colours.background,
    );
    const printedColours = coloursOf(laidOut);
    palette = await cmykPalette(printedColours);
    // The brand's colours, and the tints made from them that this PDF prints (a pale tint shifts in CMYK as visibly
    // as a strong colour: paler and greyer); a tint that is one of the brand's colours is named as that.
    const roles = (Object.entries(design.colours) as Array<[ColourRole, string]>).map(([role, colour]) => ({
      name: COLOUR_ROLE_LABELS[role].toLowerCase(),
      colour,
      plural: false,
    }));
    const art = coverArtColours(design.colours, design.coverStyle);
    const tints = [
      { name: "pale background of the key information boxes", colour: accentTint(design.colours), plural: false },
      { name: "pale circles on the cover", colour: art.pale, plural: true },
      { name: "circles on the cover", colour: art.bright, plural: true },
    ].filter(
      ({ colour }, index, all) =>
        printedColours.includes(normaliseHex(colour)) &&
        !roles.some((role) => normaliseHex(role.colour) === normaliseHex(colour)) &&
        all.findIndex((other) => normaliseHex(other.colour) === normaliseHex(colour)) === index,
    );
    const shifts = await colourShifts([...roles, ...tints]);
    if (plan.imposition === "booklet") {
      const page = input.template.page.size;
      const sheet = page === "A5" ? "A4" : "A3";
      printNotes.push(
        `For the printer: the ${laidOut.children.length} pages are in reading order. Print them as a booklet, ${laidOut.children.length / 4} sheets folded and stapled in the middle (saddle-stitched).`,
        `This is the file to give the print shop: ${page} pages with ${BLEED_MM} mm bleed and crop marks, to be printed on ${sheet} sheets, both sides.`,
      );
    } else if (plan.imposition === "trifold" && laidOut.children.length === 2)
      printNotes.push(
        "For the printer: page 1 is the outside of the leaflet and page 2 the inside. Print them on the two sides of one sheet, flipping on the short edge, then fold it in three: the right-hand inside panel (the narrower one) folds in first, then the left-hand one over it.",
        `This is the file to give the print shop: one A4 sheet with ${BLEED_MM} mm bleed and crop marks, printed on both sides.`,
      );
    for (const shift of shifts) {
      const it = [...roles, ...tints].find((named) => named.name === shift.name)?.plural ? "they look" : "it looks";
      printNotes.push(
        `In print, the ${shift.name} (${shift.colour}) will look a little different from how ${it} on screen. Ask the printer for a proof if the colour must match exactly.`,
      );
    }
  }
  const bytes = await time("write", () => write(laidOut, palette));
  progress("done", 1);
  return {
    pdf: bytes,
    pageCount: laidOut.children.length,
    typeScale,
    warnings: [
      ...fitReport(printed).map((item) => `${item.message} ${item.help}`),
      ...warnings,
      ...printNotes,
      ...result.mapped.warnings,
    ],
    printNotes,
    timings,
    layout: printed,
  };
}
