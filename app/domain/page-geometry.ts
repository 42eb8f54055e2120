/**
 * Page measurements shared by the live preview (CSS) and the PDF (react-pdf points), so the preview mirrors the
 * printed page. Pure: sizes in millimetres and points, derived from the template and the design.
 */
import type { Design } from "./design";
import type { Template } from "./template";

export const MM_PER_POINT = 25.4 / 72;
export const mmToPt = (mm: number) => mm / MM_PER_POINT;

const PAPER_MM: Record<Template["page"]["size"], { width: number; height: number }> = {
  A4: { width: 210, height: 297 },
  A5: { width: 148, height: 210 },
};

/** Large print never sets body text below this (RNIB: 16 pt at least, we use 18 pt). */
export const LARGE_PRINT_BODY_PT = 18;

export interface PageGeometry {
  /** One physical sheet side as printed (a tri-fold side holds three panels). */
  sheet: { widthMm: number; heightMm: number };
  /** One reading page (a tri-fold panel, or the page itself). */
  page: { widthMm: number; heightMm: number };
  margins: Template["margins"];
  /** Text sizes in points; large print scales every size so body ≥ 18 pt. */
  type: { body: number; h1: number; h2: number; h3: number; h4: number; small: number; lineHeight: number };
  panelsPerSheet: number;
}

export function pageGeometry(template: Template, design: Pick<Design, "largePrint">): PageGeometry {
  const paper = PAPER_MM[template.page.size];
  const landscape = template.page.orientation === "landscape";
  const sheet = landscape
    ? { widthMm: paper.height, heightMm: paper.width }
    : { widthMm: paper.width, heightMm: paper.height };
  const panelsPerSheet = template.imposition === "trifold" ? 3 : 1;
  const page = { widthMm: sheet.widthMm / panelsPerSheet, heightMm: sheet.heightMm };
  const base = template.typeScale;
  const scale = design.largePrint ? Math.max(1, LARGE_PRINT_BODY_PT / base.body) : 1;
  const round = (n: number) => Math.round(n * 2) / 2;
  return {
    sheet,
    page,
    margins: template.margins,
    panelsPerSheet,
    type: {
      body: round(base.body * scale),
      h1: round(base.h1 * scale),
      h2: round(base.h2 * scale),
      h3: round(base.h3 * scale),
      h4: round(Math.max(base.body * 1.1, base.h3 * 0.85) * scale),
      small: round(Math.max(12, base.small * scale)),
      lineHeight: base.lineHeight,
    },
  };
}
