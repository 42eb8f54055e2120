/**
 * The part of PDFKit 0.20.1 (pinned by @react-pdf/renderer 4.9.0) that render-pdf.server.ts uses directly.
 * PDFKit ships no types and @types/pdfkit describes an older version, so we declare only what we call.
 */
declare module "pdfkit" {
  import type { Readable } from "node:stream";

  export interface PDFDocumentOptions {
    compress?: boolean;
    /** Writes MarkInfo and a StructTreeRoot so content can be tagged. */
    tagged?: boolean;
    /** "PDF/UA" adds the pdfuaid XMP metadata. */
    subset?: string;
    pdfVersion?: "1.3" | "1.4" | "1.5" | "1.6" | "1.7" | "1.7ext3";
    lang?: string;
    displayTitle?: boolean;
    autoFirstPage?: boolean;
    info?: Record<string, string | Date>;
  }

  export default class PDFDocument extends Readable {
    constructor(options?: PDFDocumentOptions);
    _root: { data: Record<string, unknown> };
  }
}
