/**
 * PDF exports as jobs people can watch: the page starts one, shows its progress, then previews and offers the
 * file. Rendering itself happens in the PDF worker pool (server/services/pdf.ts) of the process that was asked; this
 * keeps each job's progress and result for ten minutes, for the person who asked — in memory, or in a cluster in
 * Redis (`redisJobStore`), so the page's next request may land on any process.
 */
import { fitReport } from "../../app/domain/checks/layout-rules";
import { randomUUID } from "node:crypto";
import { errors } from "../../app/domain/errors";
import type { Viewer } from "./auth";
import type { DocumentPdf, PdfService } from "./pdf";
import type { PdfVariant } from "../../app/domain/pdf-variant";
import type { Redis } from "ioredis";

const KEEP_MS = 10 * 60_000;
const MAX_JOBS_PER_PERSON = 5;

export interface Job {
  id: string;
  userId: string;
  documentId: string;
  stage: string;
  fraction: number;
  result: DocumentPdf | null;
  error: string | null;
  startedAt: number;
}

/** Where jobs are kept. `save` is called as a job moves on; a job is gone after KEEP_MS. */
export interface JobStore {
  save(job: Job): Promise<void>;
  get(id: string): Promise<Job | undefined>;
  /** The person's jobs still being made. */
  running(userId: string): Promise<number>;
}

export function memoryJobStore(): JobStore {
  const jobs = new Map<string, Job>();
  const sweep = () => {
    for (const [id, job] of jobs) if (Date.now() - job.startedAt > KEEP_MS) jobs.delete(id);
  };
  return {
    async save(job) {
      sweep();
      jobs.set(job.id, job);
    },
    async get(id) {
      sweep();
      return jobs.get(id);
    },
    async running(userId) {
      sweep();
      return [...jobs.values()].filter((j) => j.userId === userId && !j.result && !j.error).length;
    },
  };
}

/** Jobs in Redis (a cluster): the job as JSON, its file beside it, both expiring; a set per person of running jobs. */
export function redisJobStore(redis: Redis): JobStore {
  const seconds = Math.ceil(KEEP_MS / 1000);
  const key = (id: string) => `copress:pdf-job:${id}`;
  const runningKey = (userId: string) => `copress:pdf-jobs-running:${userId}`;
  return {
    async save(job) {
      const { result, ...rest } = job;
      const meta = JSON.stringify({ ...rest, result: result ? { ...result, pdf: undefined } : null });
      const multi = redis.multi().set(key(job.id), meta, "EX", seconds);
      if (result) multi.set(`${key(job.id)}:file`, result.pdf, "EX", seconds);
      if (result || job.error) multi.srem(runningKey(job.userId), job.id);
      else multi.sadd(runningKey(job.userId), job.id).expire(runningKey(job.userId), seconds);
      await multi.exec();
    },
    async get(id) {
      const [meta, file] = await Promise.all([redis.get(key(id)), redis.getBuffer(`${key(id)}:file`)]);
      if (!meta) return undefined;
      const job = JSON.parse(meta) as Job;
      if (job.result) job.result = { ...job.result, pdf: file ?? Buffer.alloc(0) };
      return job;
    },
    async running(userId) {
      const ids = await redis.smembers(runningKey(userId));
      const alive = await Promise.all(ids.map((id) => redis.exists(key(id))));
      return alive.filter((exists) => exists === 1).length;
    },
  };
}

export function createPdfJobService(pdf: PdfService, store: JobStore = memoryJobStore()) {
  async function own(viewer: Viewer, jobId: string): Promise<Job> {
    const job = await store.get(jobId);
    if (!job || job.userId !== viewer.userId) throw errors.notFound("That PDF");
    return job;
  }

  return {
    async start(viewer: Viewer, documentId: string, options: { draft?: boolean; variant?: PdfVariant } = {}) {
      if ((await store.running(viewer.userId)) >= MAX_JOBS_PER_PERSON)
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
      await store.save(job);
      // Progress is saved as it comes, one save after another (never an older stage over a newer one).
      let saving = Promise.resolve();
      const save = () => {
        const snapshot = { ...job };
        saving = saving.then(() => store.save(snapshot)).catch(() => undefined);
        return saving;
      };
      pdf
        .renderDocumentPdf(viewer, documentId, {
          draft: options.draft,
          variant: options.variant,
          onProgress: (progress) => {
            job.stage = progress.stage;
            job.fraction = progress.fraction;
            void save();
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
        })
        .then(save)
        .catch(() => undefined);
      return { id: job.id };
    },

    async status(viewer: Viewer, jobId: string) {
      const job = await own(viewer, jobId);
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

    async file(viewer: Viewer, jobId: string): Promise<DocumentPdf> {
      const job = await own(viewer, jobId);
      if (!job.result) throw errors.conflict("not_ready", "The PDF isn't ready yet.");
      return job.result;
    },
  };
}
export type PdfJobService = ReturnType<typeof createPdfJobService>;
