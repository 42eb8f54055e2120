/**
 * Rules about the printed pages, from the PDF's own layout (app/render/pdf: the same measurements, pagination,
 * copy fitting and padding as the file people download): a blank page is a blocker, with its page number. Only a
 * layout knows where pages end, so the server's checks ask the PDF renderer for `PrintedLayout` and run these rules
 * over it; the editor's live checks do not have them.
 */
import type { Finding } from "./types";

/** What is printed on a page (or, for a tri-fold, a panel), in reading order. */
export type PrintedPageKind = "cover" | "contents" | "content" | "notes" | "back-cover" | "back";

export interface PrintedPage {
  /** 1-based, in reading order. */
  number: number;
  kind: PrintedPageKind;
  /** Nothing is printed on it but page furniture (a page number, the draft watermark). */
  blank: boolean;
  /** A tri-fold panel's name from the template ("Fold-in flap"). */
  name?: string;
}

export interface PrintedLayout {
  /** Tri-folds are counted in panels; everything else in pages. */
  unit: "page" | "panel";
  pages: PrintedPage[];
}

type LayoutFinding = Omit<Finding, "id">;

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function helpFor(page: PrintedPage, unit: PrintedLayout["unit"]): string {
  if (page.kind === "back") {
    return (
      `The back ${unit} prints the last section when it has a contact box, and the footer text. Put a contact box in the last section, ` +
      "or ask a designer to add footer text."
    );
  }
  if (page.kind === "cover") return `Give the document a title, so the cover has something on it.`;
  return `Add more words, or ask a designer to fill spare ${unit}s with notes ${unit}s (Design, “Spare pages”).`;
}

/** "Page 7 of 8 is blank." for every blank page, as blockers (nothing unfinished is published). */
export function checkPrintedPages(layout: PrintedLayout): LayoutFinding[] {
  const total = layout.pages.length;
  return layout.pages
    .filter((page) => page.blank)
    .map((page) => {
      const where = `${capitalise(layout.unit)} ${page.number} of ${total}`;
      const named = page.name ? ` (${page.name})` : page.kind === "back" ? ` (the back ${layout.unit})` : "";
      return {
        rule: "blank-page",
        source: "template",
        severity: "blocker",
        sectionId: null,
        range: null,
        target: "node",
        text: where,
        message: `${where}${named} is blank. A blank ${layout.unit} makes the leaflet look unfinished.`,
        help: helpFor(page, layout.unit),
      } satisfies LayoutFinding;
    });
}

/** When the pages could not be laid out just now: a blocker until they are, so a blank page never slips through. */
export function pagesNotChecked(): LayoutFinding {
  return {
    rule: "pages-not-checked",
    source: "template",
    severity: "blocker",
    sectionId: null,
    range: null,
    target: "node",
    text: "Pages",
    message: "Copress could not lay out the pages just now, so it has not looked for blank pages yet.",
    help: "Check again in a minute. If this keeps happening, ask a coordinator to look at the PDF export.",
  };
}
