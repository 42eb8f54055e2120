/**
 * The kinds of PDF Copress makes of a document (`?variant=` on the PDF routes):
 * - `screen` (the default): to read and share; a tri-fold as its imposed print sheet;
 * - `reader`: a tri-fold's six panels as pages in reading order, for screens and screen readers (other templates:
 *   the same as `screen`);
 * - `print`: for a print shop: 3 mm bleed, crop marks, TrimBox and BleedBox, CMYK colours; booklets in reading order.
 */
import { errors } from "./errors";

export const PDF_VARIANTS = ["screen", "reader", "print"] as const;
export type PdfVariant = (typeof PDF_VARIANTS)[number];

/** The file name a release's PDF is downloaded under: "Womens-Rights-release-2.pdf", "…-release-2-print.pdf". */
export function releasePdfFilename(title: string, number: number, variant: PdfVariant = "screen"): string {
  const name =
    title
      .replace(/[^\w\- ]+/g, "")
      .trim()
      .replace(/\s+/g, "-") || "document";
  return `${name}-release-${number}${variant === "screen" ? "" : `-${variant}`}.pdf`;
}

/** The variant a request names (none: `screen`); anything else is a clear 400 that changes nothing. */
export function readPdfVariant(value: string | null): PdfVariant {
  if (value === null || value === "") return "screen";
  if ((PDF_VARIANTS as readonly string[]).includes(value)) return value as PdfVariant;
  throw errors.badRequest(`There is no PDF of the kind “${value}”. Choose screen, reader or print.`);
}
