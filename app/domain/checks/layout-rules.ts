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

/**
 * How the content fitted the template, from the PDF's copy fitting: text set smaller than the template's size, or
 * content that needs more pages (a booklet) or panels (a tri-fold: a sheet that cannot be folded) than it has.
 */
export type FitIssue =
  | { kind: "text-shrunk"; bodyPt: number; templateBodyPt: number }
  | { kind: "extra-pages"; needed: number; available: number }
  | { kind: "extra-panels"; extra: number }
  /** A tri-fold section that starts on panel 4 and carries on to the fold-in flap (there was no room to move it). */
  | { kind: "section-over-flap"; title: string }
  /** A booklet printed with fewer pages than its template, its words filling less than a sheet more (page-plan.ts). */
  | { kind: "fewer-pages"; pages: number; templatePages: number }
  /**
   * A tri-fold whose words fill fewer inside panels than it has (`spare` of `insidePanels`): the rest print as notes
   * panels, or the last as a panel in the main colour; `flap` is what the fold-in flap (panel 5) prints.
   */
  | { kind: "spare-panels"; spare: number; insidePanels: number; flap: "notes" | "back-cover" };

export interface PrintedLayout {
  /** Tri-folds are counted in panels; everything else in pages. */
  unit: "page" | "panel";
  pages: PrintedPage[];
  /** The template's name ("A4 tri-fold leaflet") and how it folds, for the fit report's words. */
  template?: { name: string; imposition: "pages" | "booklet" | "trifold" };
  /** Nothing is said when the content fits at the template's own size. */
  fit?: FitIssue[];
}

/** One line of the fit report: a rule id, how much it matters, and what happened and what to do, in plain words. */
export interface FitReportItem {
  rule: "text-shrunk" | "does-not-fit" | "section-over-flap" | "fewer-pages" | "spare-panels";
  severity: "blocker" | "warning" | "tip";
  message: string;
  help: string;
}

/** 12.5, 14, 11.75: a point size as people read it (to a quarter point, no trailing zeros). */
function formatPt(size: number): string {
  return String(Math.round(size * 4) / 4);
}

/** A template with more room, named for each way of folding that can run out of it. */
const ROOMIER: Record<"booklet" | "trifold", string> = {
  trifold: "the A5 booklet (8 pages), or the A4 guide, which has as many pages as it needs",
  booklet: "the A4 guide, which has as many pages as it needs",
};

/**
 * The fit report of a PDF layout, shown with the PDF (export page, API `warnings`) and as check findings (the
 * design page, the checks and the sign-off page), so the same words are seen wherever the PDF is.
 */
export function fitReport(layout: PrintedLayout): FitReportItem[] {
  const template = layout.template ?? { name: "template", imposition: "pages" as const };
  const roomier = template.imposition === "pages" ? null : ROOMIER[template.imposition];
  const otherTemplate = roomier ? `, or choose a template with more room: ${roomier}` : "";
  return (layout.fit ?? []).map((issue): FitReportItem => {
    switch (issue.kind) {
      case "text-shrunk":
        return {
          rule: "text-shrunk",
          severity: "warning",
          message:
            `To fit the ${template.name}, the text is set at ${formatPt(issue.bodyPt)} pt instead of ` +
            `${formatPt(issue.templateBodyPt)} pt. That is still within the template's rules.`,
          help: `To print it at full size, shorten the text${otherTemplate}.`,
        };
      case "extra-panels":
        return {
          rule: "does-not-fit",
          severity: "blocker",
          message:
            `The content does not fit the six panels of the ${template.name}: ${issue.extra} more ` +
            `${issue.extra === 1 ? "panel is" : "panels are"} printed on another sheet, which cannot be folded with it.`,
          help: `Shorten the text until it fits${otherTemplate}.`,
        };
      case "section-over-flap":
        return {
          rule: "section-over-flap",
          severity: "warning",
          message:
            `The section “${issue.title}” starts on panel 4 and carries on to the fold-in flap, which readers see ` +
            `first when they open the leaflet, so they meet its middle out of context.`,
          help: `Shorten it, or the sections before it, so that it fits on panel 4 or starts on the flap${otherTemplate}.`,
        };
      case "fewer-pages":
        return {
          rule: "fewer-pages",
          severity: "tip",
          message:
            `The words fill less than the ${template.name}'s ${issue.templatePages} pages, so it is printed as ` +
            `${issue.pages} pages (${issue.pages / 4 === 1 ? "one sheet" : `${issue.pages / 4} sheets`} folded) ` +
            `rather than with a sheet of empty notes pages.`,
          help: `To print all ${issue.templatePages} pages, add more words; nothing else needs doing.`,
        };
      case "spare-panels": {
        const filled = issue.insidePanels - issue.spare;
        const others = issue.spare === 1 ? "the other one" : `the other ${issue.spare}`;
        const notes = issue.spare - 1;
        const printed =
          issue.flap === "notes"
            ? issue.spare === 1
              ? `${others}, the fold-in flap, is printed as a notes panel`
              : `${others} are printed as notes panels`
            : issue.spare === 1
              ? `${others}, the fold-in flap, is printed in your main colour`
              : `${others} are printed as ${notes === 1 ? "a notes panel" : `${notes} notes panels`} and, on the ` +
                `fold-in flap, a panel in your main colour`;
        return {
          rule: "spare-panels",
          severity: "tip",
          message:
            `The words fill ${filled} of the ${template.name}'s ${issue.insidePanels} inside panels: ${printed}.` +
            (issue.flap === "notes"
              ? " The flap is the first panel readers see when they open the leaflet, so a notes panel there can look unfinished."
              : ""),
          help:
            `Add more words to fill ${issue.spare === 1 ? "it" : "them"}` +
            (issue.flap === "notes"
              ? `, or put the flap in your colours (Design, “Spare panels”, “Inside back cover”).`
              : "; nothing else needs doing."),
        };
      }
      case "extra-pages":
        return {
          rule: "does-not-fit",
          severity: "warning",
          message:
            `The content needs ${issue.needed} pages but the ${template.name} has ${issue.available}: ` +
            `${issue.needed - issue.available} ${issue.needed - issue.available === 1 ? "page was" : "pages were"} added.`,
          help:
            `A printer can still make it as a booklet. To keep it to ${issue.available} pages, shorten the text` +
            `${otherTemplate}.`,
        };
    }
  });
}

/** The fit report as check findings (no section: it is about the whole document as printed). */
export function checkFit(layout: PrintedLayout): LayoutFinding[] {
  return fitReport(layout).map((item) => ({
    rule: item.rule,
    source: "template",
    severity: item.severity,
    sectionId: null,
    range: null,
    target: "node",
    text: layout.unit === "panel" ? "Panels" : "Pages",
    message: item.message,
    help: item.help,
  }));
}

type LayoutFinding = Omit<Finding, "id">;

/** The rules that come from the printed layout: shown as "How it prints" on the design and sign-off pages. */
export const PRINTED_LAYOUT_RULES: ReadonlySet<string> = new Set([
  "does-not-fit",
  "text-shrunk",
  "section-over-flap",
  "fewer-pages",
  "spare-panels",
  "blank-page",
  "pages-not-checked",
]);

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
