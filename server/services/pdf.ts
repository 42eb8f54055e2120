/**
 * PDF export: takes the document the viewer may read (the live one, or a snapshot the caller took), decides whether
 * it is a draft, fetches its pictures and renders it in a pool of worker threads (server/workers/pdf-worker.ts),
 * never on the event loop.
 *
 * Draft or final: every PDF carries the "DRAFT — not approved" watermark unless `isApproved(documentId, document)`
 * says that very document (not whatever the live one is by then) meets the sign-off rules; server/context.ts passes
 * the sign-off service's check in here (without one, every PDF is a draft). A caller may ask for a draft
 * (`draft: true`) but can never switch the watermark off for an unapproved version.
 *
 * Identical requests share one render (same hash, same draft state), and the last few results are kept, so an
 * in-browser preview that asks again costs nothing.
 */
import type { PdfVariant } from "../../app/domain/pdf-variant";
import { availableParallelism } from "node:os";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import type { PrintedLayout } from "../../app/domain/checks/layout-rules";
import { readDesign } from "../../app/domain/design";
import type { CanonicalDocument } from "../../app/domain/document-hash";
import { AppError, errors } from "../../app/domain/errors";
import type { Template } from "../../app/domain/template";
import { imageSources, readSections } from "../../app/render/pdf/document-model";
import type { PdfProgress } from "../../app/render/pdf/render-pdf.server";
import type { PdfTask, PdfTaskResult } from "../workers/pdf-worker";
import { warmUpDocument } from "../workers/warm-up";
import { workerFile } from "../workers/worker-files";
import type { Viewer } from "./auth";
import { hashCanonical } from "./document-state";
import type { DocumentService } from "./documents";

export type { PdfProgress };

/** Bytes of a picture the document refers to (`src` of an image, an Easy Read picture, or the logo's upload id). */
export type ImageResolver = (workspaceId: string, src: string) => Promise<Uint8Array | null>;

/** Does this version of the document (content, meta and design as given) meet the sign-off rules? */
export type ApprovalCheck = (documentId: string, document: CanonicalDocument) => boolean | Promise<boolean>;

export interface DocumentPdf {
  pdf: Buffer;
  /** A safe file name, e.g. "womens-rights-draft.pdf". */
  filename: string;
  draft: boolean;
  variant: PdfVariant;
  /** The document version (hash) this PDF shows, worked out by the worker from the document it rendered. */
  hash: string;
  pageCount: number;
  warnings: string[];
  /** The print variant's notes for whoever prints it (how to print and fold; colours that shift), also in warnings. */
  printNotes: string[];
  /** What is printed on each page (tri-fold: panel), in reading order. */
  layout: PrintedLayout;
}

export interface PdfServiceOptions {
  documents: Pick<DocumentService, "getCanonical" | "getSummary">;
  templates: Map<string, Template>;
  /** Defaults to "not approved": every PDF is a draft until the sign-off work says otherwise. */
  isApproved?: ApprovalCheck;
  /** Defaults to `data:` URLs only (no uploads, never the network). */
  resolveImage?: ImageResolver;
  /** Worker threads; defaults to one fewer than the cores (at least one, at most four). */
  threads?: number;
  /** Keep the threads running from the start (`warm()` readies them), rather than starting them on demand. */
  keepWarm?: boolean;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

const notApproved: ApprovalCheck = () => false;

const DATA_URL = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)$/;

/** Pictures embedded in the document itself as `data:` URLs (PNG or JPEG only). */
export function dataUrlImage(src: string): Uint8Array | null {
  const match = DATA_URL.exec(src);
  return match ? Buffer.from(match[2]!, "base64") : null;
}

/**
 * A resolver over the upload store: `src` may be an upload id or its URL (`/uploads/<id>`); only uploads of the
 * document's own workspace are found.
 */
export function uploadImageResolver(uploads: {
  readWorkspaceUpload(workspaceId: string, id: string): Promise<{ bytes: Buffer } | null>;
}): ImageResolver {
  return async (workspaceId, src) => {
    const fromData = dataUrlImage(src);
    if (fromData) return fromData;
    const id = src.startsWith("/uploads/") ? src.slice("/uploads/".length) : src;
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) return null;
    return (await uploads.readWorkspaceUpload(workspaceId, id))?.bytes ?? null;
  };
}

/** "Women's Rights" → "womens-rights.pdf"; "-draft", and "-print" or "-reader" for those variants, before ".pdf". */
export function pdfFileName(title: string, draft: boolean, variant: PdfVariant = "screen"): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
  return `${slug || "document"}${variant === "screen" ? "" : `-${variant}`}${draft ? "-draft" : ""}.pdf`;
}

const CACHE_SIZE = 8;

export function createPdfService(options: PdfServiceOptions) {
  const { documents, templates } = options;
  const isApproved = options.isApproved ?? notApproved;
  const resolveImage = options.resolveImage ?? (async (_workspaceId: string, src: string) => dataUrlImage(src));
  const threads = options.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  const pool = new Piscina({
    filename: workerFile("pdf-worker").href,
    minThreads: options.keepWarm ? threads : 0,
    maxThreads: threads,
    // A warm worker renders several times faster than a cold one (fonts loaded, code compiled): keep it a while.
    idleTimeout: 10 * 60_000,
    maxQueue: threads * 8,
    // Laying out a long guide makes many short-lived objects: a larger young generation collects them less often
    // (a few per cent of a big guide's render, measured by hand on 2026-12-06; bench/pdf.ts runs with the same size).
    resourceLimits: { maxYoungGenerationSizeMb: 96 },
  });
  // A worker that fails to start must not take the server down with it (piscina emits "error" for that).
  pool.on("error", (error: unknown) =>
    console.error(JSON.stringify({ at: new Date().toISOString(), message: "pdf.worker_error", error: String(error) })),
  );

  const inFlight = new Map<string, Promise<PdfTaskResult>>();
  const recent = new Map<string, PdfTaskResult>();

  async function render(
    key: string,
    task: Omit<PdfTask, "progress">,
    onProgress?: (progress: PdfProgress) => void,
  ): Promise<PdfTaskResult> {
    const cached = recent.get(key);
    if (cached) {
      onProgress?.({ stage: "done", fraction: 1 });
      return cached;
    }
    const running = inFlight.get(key);
    if (running) return running;
    const channel = onProgress ? new MessageChannel() : null;
    channel?.port1.on("message", (message: PdfProgress) => onProgress!(message));
    const promise = pool
      .run(channel ? { ...task, progress: channel.port2 } : task, channel ? { transferList: [channel.port2] } : {})
      .then((result: PdfTaskResult) => {
        recent.set(key, result);
        if (recent.size > CACHE_SIZE) recent.delete(recent.keys().next().value!);
        return result;
      })
      .catch((error: unknown) => {
        if (error instanceof Error && /queue is at limit/i.test(error.message)) {
          throw new AppError(503, "busy", "Lots of PDFs are being made right now. Please try again in a minute.");
        }
        throw error;
      })
      .finally(() => {
        inFlight.delete(key);
        channel?.port1.close();
      });
    inFlight.set(key, promise);
    return promise;
  }

  type PdfRequest = { draft?: boolean; variant?: PdfVariant; onProgress?: (progress: PdfProgress) => void };

  /** Renders exactly `document`; `templateId` is the one the document was made with (a fallback for the design's). */
  async function renderVersion(
    viewer: Viewer,
    documentId: string,
    templateId: string,
    document: CanonicalDocument,
    request: PdfRequest,
  ): Promise<DocumentPdf> {
    const canonical: CanonicalDocument = { content: document.content, meta: document.meta, design: document.design };
    const hash = hashCanonical(canonical).hash;
    const design = readDesign(canonical.design, templateId);
    const template = templates.get(design.templateId) ?? templates.get(templateId);
    if (!template)
      throw errors.badRequest("This document's template no longer exists. Choose another template in Design.");
    const draft = request.draft === true || !(await isApproved(documentId, canonical));

    const sources = new Set(imageSources(readSections(canonical.content)));
    if (design.logoUploadId) sources.add(design.logoUploadId);
    if (design.coverPicture) sources.add(design.coverPicture.src);
    const images: Array<[string, Uint8Array]> = [];
    for (const src of sources) {
      const bytes = await resolveImage(viewer.member.workspaceId, src);
      if (bytes) images.push([src, bytes]);
    }

    const workspaceName = viewer.member.workspaceName;
    const variant = request.variant ?? "screen";
    const key = `${hash}:${draft ? "draft" : "final"}:${variant}:${template.id}:${workspaceName}`;
    const result = await render(
      key,
      { document: canonical, template, workspaceName, draft, images, variant },
      request.onProgress,
    );
    return {
      pdf: Buffer.from(result.pdf.buffer, result.pdf.byteOffset, result.pdf.byteLength),
      filename: pdfFileName(canonical.meta.title, draft, variant),
      draft,
      variant,
      hash: result.documentHash,
      pageCount: result.pageCount,
      warnings: result.warnings,
      printNotes: result.printNotes,
      layout: result.layout,
    };
  }

  return {
    /**
     * Has every thread render the demo guide twice, so fonts are loaded and the layout code compiled before the first
     * person asks for a PDF. A failure is logged, never thrown: renders start threads again.
     */
    async warm(): Promise<void> {
      const template = templates.values().next().value;
      if (!template) return;
      const started = performance.now();
      const task: PdfTask = {
        document: warmUpDocument(template),
        template,
        workspaceName: "Copress",
        draft: true,
        images: [],
      };
      const rounds = async () => {
        for (let round = 0; round < 2; round++)
          await Promise.all(Array.from({ length: threads }, () => pool.run(task)));
      };
      await rounds().then(
        () => options.log?.("pdf.warm", { threads, ms: Math.round(performance.now() - started) }),
        (error: unknown) => options.log?.("pdf.warm_failed", { error: String(error) }),
      );
    },

    /**
     * The document as a PDF: a draft (watermarked) unless its current version is approved, or when `draft` is asked
     * for. Refuses documents the viewer may not read (404, as for every document route).
     */
    async renderDocumentPdf(viewer: Viewer, documentId: string, request: PdfRequest = {}): Promise<DocumentPdf> {
      const { id, templateId, content, meta, design } = await documents.getCanonical(viewer, documentId);
      return renderVersion(viewer, id, templateId, { content, meta, design }, request);
    },

    /**
     * A snapshot of the document (e.g. the version being published) as a PDF, never re-reading the live document:
     * final only when that very version is approved. Refuses documents the viewer may not read.
     */
    async renderSnapshotPdf(
      viewer: Viewer,
      documentId: string,
      document: CanonicalDocument,
      request: PdfRequest = {},
    ): Promise<DocumentPdf> {
      const { id, templateId } = await documents.getSummary(viewer, documentId);
      return renderVersion(viewer, id, templateId, document, request);
    },

    /**
     * What `document` prints on each page, from its PDF layout (for the checks: blank pages). A draft render, so it
     * never asks whether the version is signed off (sign-off itself asks the checks); the watermark moves nothing.
     * It shares renders with draft exports of the same version.
     */
    async printedLayout(viewer: Viewer, documentId: string, document: CanonicalDocument): Promise<PrintedLayout> {
      const { id, templateId } = await documents.getSummary(viewer, documentId);
      return (await renderVersion(viewer, id, templateId, document, { draft: true })).layout;
    },

    /** Waits for running renders and stops the worker threads. */
    close: () => pool.destroy(),
  };
}

export type PdfService = ReturnType<typeof createPdfService>;
