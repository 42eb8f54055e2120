/**
 * PDF exports as jobs people can watch: the page starts one, shows its progress, then previews and offers the
 * file. Rendering itself happens in the PDF worker pool (server/services/pdf.ts); this keeps each job's progress
 * and result for a few minutes, for the person who asked.
 */
import { fitReport } from "../../app/domain/checks/layout-rules";
import { randomUUID } from "node:crypto";
import { errors } from "../../app/domain/errors";
import type { Viewer } from "./auth";
import type { DocumentPdf, PdfService } from "./pdf";
import type { PdfVariant } from "../../app/domain/pdf-variant";

const KEEP_MS = 10 * 60_000;
const MAX_JOBS_PER_PERSON = 5;

interface Job {
  id: string;
  userId: string;
  documentId: string;
  stage: string;
  fraction: number;
  result: DocumentPdf | null;
  error: string | null;
  startedAt: number;
}

export function createPdfJobService(pdf: PdfService) {
  const jobs = new Map<string, Job>();

  const sweep = () => {
    for (const [id, job] of jobs) if (Date.now() - job.startedAt > KEEP_MS) jobs.delete(id);
  };

  function own(viewer: Viewer, jobId: string): Job {
    const job = jobs.get(jobId);
    if (!job || job.userId !== viewer.userId) throw errors.notFound("That PDF");
    return job;
  }

  return {
    start(viewer: Viewer, documentId: string, options: { draft?: boolean; variant?: PdfVariant } = {}) {
      sweep();
      const running = [...jobs.values()].filter((j) => j.userId === viewer.userId && !j.result && !j.error);
      if (running.length >= MAX_JOBS_PER_PERSON)
        throw errors.conflict(
          "too_many_exports",
          "You already have several PDFs being made. Please wait for them to finish.",
        );
      const job: Job = {
        id: randomUUID(),
        userId: viewer.userId,
        documentId,
        stage: "queued",
        fraction: 0,
        result: null,
        error: null,
        startedAt: Date.now(),
      };
      jobs.set(job.id, job);
      pdf
        .renderDocumentPdf(viewer, documentId, {
          draft: options.draft,
          variant: options.variant,
          onProgress: (progress) => {
            job.stage = progress.stage;
            job.fraction = progress.fraction;
          },
        })
        .then((result) => {
          job.result = result;
          job.stage = "done";
          job.fraction = 1;
        })
        .catch((error: unknown) => {
          job.error =
            error instanceof Error && "status" in error
              ? error.message
              : "Sorry, the PDF could not be made. Please try again.";
          job.stage = "failed";
        });
      return { id: job.id };
    },

    status(viewer: Viewer, jobId: string) {
      const job = own(viewer, jobId);
      return {
        id: job.id,
        documentId: job.documentId,
        stage: job.stage,
        fraction: job.fraction,
        done: Boolean(job.result),
        error: job.error,
        ...(job.result
          ? {
              draft: job.result.draft,
              variant: job.result.variant,
              pages: job.result.pageCount,
              hash: job.result.hash,
              fileUrl: `/api/pdf-exports/${job.id}/file`,
              // Everything worth telling whoever made it, in words; the fit report also item by item.
              warnings: job.result.warnings,
              fit: fitReport(job.result.layout),
            }
          : {}),
      };
    },

    file(viewer: Viewer, jobId: string): DocumentPdf {
      const job = own(viewer, jobId);
      if (!job.result) throw errors.conflict("not_ready", "The PDF isn't ready yet.");
      return job.result;
    },
  };
}
export type PdfJobService = ReturnType<typeof createPdfJobService>;
