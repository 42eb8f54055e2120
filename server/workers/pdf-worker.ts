/**
 * A worker thread (piscina) that renders one PDF per task: layout and PDF writing are CPU-heavy (hundreds of
 * milliseconds for a long guide), so they never run on the server's event loop. Fonts are registered once per
 * worker and react-pdf's font cache stays warm between tasks.
 *
 * Progress goes back over the MessagePort in the task (if any) as `PdfProgress` messages.
 */
import type { MessagePort } from "node:worker_threads";
import { hashDocument, type CanonicalDocument } from "../../app/domain/document-hash";
import type { PrintedLayout } from "../../app/domain/checks/layout-rules";
import type { Template } from "../../app/domain/template";
import { renderPdf } from "../../app/render/pdf/render-pdf.server";
import type { PdfVariant } from "../../app/domain/pdf-variant";
import { sha256Hex } from "../services/secrets";

export interface PdfTask {
  document: CanonicalDocument;
  template: Template;
  workspaceName: string;
  draft: boolean;
  /** Picture bytes by the `src` / upload id the document uses. */
  images: Array<[string, Uint8Array]>;
  experimentalPagination?: boolean;
  /** `screen` (default), `reader` (a tri-fold's panels as pages in reading order) or `print` (for a print shop). */
  variant?: PdfVariant;
  /** ISO date for the PDF's creation date (so a re-render of a release can keep it). */
  creationDate?: string;
  progress?: MessagePort;
}

export interface PdfTaskResult {
  pdf: Uint8Array;
  pageCount: number;
  typeScale: number;
  warnings: string[];
  /** The print variant's notes for whoever prints it (see RenderedPdf). */
  printNotes: string[];
  timings: Record<string, number>;
  /** The document hash of what this task rendered, worked out here from the document it was given. */
  documentHash: string;
  /** What is printed on each page, for the checks (blank pages). */
  layout: PrintedLayout;
}

export default async function renderPdfTask(task: PdfTask): Promise<PdfTaskResult> {
  try {
    const result = await renderPdf({
      document: task.document,
      template: task.template,
      workspaceName: task.workspaceName,
      draft: task.draft,
      images: new Map(task.images),
      experimentalPagination: task.experimentalPagination,
      variant: task.variant,
      creationDate: task.creationDate ? new Date(task.creationDate) : undefined,
      onProgress: (progress) => task.progress?.postMessage(progress),
    });
    // From the very document the pages were made of, so a caller can check the PDF shows the version it means to.
    const documentHash = hashDocument(
      { content: task.document.content, meta: task.document.meta, design: task.document.design },
      sha256Hex,
    ).hash;
    return {
      pdf: result.pdf,
      pageCount: result.pageCount,
      typeScale: result.typeScale,
      warnings: result.warnings,
      printNotes: result.printNotes,
      timings: result.timings,
      documentHash,
      layout: result.layout,
    };
  } finally {
    task.progress?.close();
  }
}
