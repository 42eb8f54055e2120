/**
 * The pages a document prints, in reading order (pure, no react-pdf: the PDF and the browser's live preview both
 * follow this plan, so the preview shows exactly the pages the PDF prints). A guide has a cover, a contents page and
 * its words; other page-by-page documents open with a title band; a folded leaflet (booklet, tri-fold) has a cover,
 * its words, the spare pages the designer chose to fill its fixed number of pages (`design.sparePages`, never blank
 * pages) and a back page with the contact section.
 */
import type { Design } from "../domain/design";

export type SparePageKind = "notes" | "back-cover";

/**
 * A folded leaflet's back page: the last section, when it holds the contact details (as the templates' starter
 * sections do), goes there; the rest flow inside. One rule for the PDF and the live preview (each passes its own
 * reading of the sections).
 */
export function splitBackSection<Section extends { content?: ReadonlyArray<{ type?: unknown }> }>(
  sections: readonly Section[],
): { inside: Section[]; back: Section | null } {
  const last = sections[sections.length - 1];
  if (sections.length > 1 && last?.content?.some((block) => block.type === "contactBlock"))
    return { inside: sections.slice(0, -1), back: last };
  return { inside: [...sections], back: null };
}

/** Which spare pages get which design: all notes pages, or notes pages and then one inside back cover. */
export function sparePageKinds(count: number, choice: Design["sparePages"]): SparePageKind[] {
  const kinds: SparePageKind[] = Array.from({ length: Math.max(0, count) }, () => "notes");
  if (choice === "back-cover" && kinds.length > 0) kinds[kinds.length - 1] = "back-cover";
  return kinds;
}

/**
 * The inside pages (between the cover and the back page) a folded leaflet prints when its words take
 * `contentPages`. A tri-fold has its template's panels (more when the words need more: they go on another sheet). A
 * booklet has the fewest whole sheets (`pagesPerSheet` pages, counting the cover and the back page) that hold its
 * words: more than the template's when they need more, and fewer when a whole sheet would hold nothing but spare
 * pages (an 8-page booklet whose words fill two pages is printed as 4 pages, not with four notes pages in a row).
 */
export function insidePagesFor(
  imposition: "booklet" | "trifold",
  insidePages: number,
  pagesPerSheet: number,
  contentPages: number,
): number {
  if (imposition === "trifold") return Math.max(insidePages, contentPages);
  return Math.max(1, Math.ceil((contentPages + 2) / pagesPerSheet)) * pagesPerSheet - 2;
}

/** One page (a tri-fold: one panel) of the plan. */
export type PlannedPage<Section> =
  | { kind: "cover" }
  | { kind: "contents" }
  /** The words: as many pages as they take (the PDF's engine splits them; the preview measures them). */
  | { kind: "flow" }
  | { kind: SparePageKind }
  | { kind: "back"; section: Section | null };

export interface PagePlanInput<Section> {
  imposition: "pages" | "booklet" | "trifold";
  /** The template's contents page (guides). */
  contentsPage: boolean;
  sections: readonly Section[];
  /** Spare pages (panels) after the words: known once the words are laid out (see `insidePagesFor`). */
  spare: number;
  sparePages: Design["sparePages"];
}

export interface PlannedPages<Section> {
  pages: PlannedPage<Section>[];
  /** The sections the flow pages hold (a folded leaflet's contact section goes on its back page). */
  inside: Section[];
  /** Whether the flow opens with the title band (page-by-page documents without a cover). */
  titleBand: boolean;
}

/** The pages of a document, in reading order. */
export function planPages<Section extends { content?: ReadonlyArray<{ type?: unknown }> }>(
  input: PagePlanInput<Section>,
): PlannedPages<Section> {
  if (input.imposition === "pages") {
    return input.contentsPage
      ? {
          pages: [{ kind: "cover" }, { kind: "contents" }, { kind: "flow" }],
          inside: [...input.sections],
          titleBand: false,
        }
      : { pages: [{ kind: "flow" }], inside: [...input.sections], titleBand: true };
  }
  const { inside, back } = splitBackSection(input.sections);
  return {
    pages: [
      { kind: "cover" },
      // With nothing inside (only the back page's section), no flow page: it would print blank.
      ...(inside.length > 0 ? [{ kind: "flow" as const }] : []),
      ...sparePageKinds(input.spare, input.sparePages).map((kind) => ({ kind })),
      { kind: "back", section: back },
    ],
    inside,
    titleBand: false,
  };
}
