/**
 * How a folded leaflet's spare pages are filled (pure, no react-pdf: the browser's live preview uses it too, so it
 * shows exactly the pages the PDF prints). A booklet has a fixed number of pages (a tri-fold, of panels); when the
 * words take fewer, the rest are the pages the designer chose (`design.sparePages`), never blank pages.
 */
import type { Design } from "../../domain/design";

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
 * `contentPages`: the template's number, or more when the words need more; a booklet is also made up to whole sheets
 * (`pagesPerSheet` pages, counting the cover and the back page).
 */
export function insidePagesFor(
  imposition: "booklet" | "trifold",
  insidePages: number,
  pagesPerSheet: number,
  contentPages: number,
): number {
  const wanted = Math.max(insidePages, contentPages);
  return imposition === "booklet" ? Math.ceil((wanted + 2) / pagesPerSheet) * pagesPerSheet - 2 : wanted;
}
