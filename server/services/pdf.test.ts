/**
 * The PDF service's own decisions (draft or final, pictures, file names, sharing renders) with the real renderer in
 * real worker threads. The documents service is stood in for by a plain object: the PDF service needs only its
 * `getCanonical`, and the route test (tests/integration/pdf.test.ts) covers the whole path through the server.
 */
import { afterAll, describe, expect, it } from "vitest";
import { demoDocument, longGuide, template, WOMENS_RIGHTS } from "../../tests/fixtures/pdf/documents";
import { inspectPdf } from "../../tests/fixtures/pdf/inspect-pdf";
import type { CanonicalDocument } from "../../app/domain/document-hash";
import { WATERMARK_TEXT } from "../../app/render/pdf/page-furniture";
import type { Viewer } from "./auth";
import { hashCanonical } from "./document-state";
import { createPdfService, dataUrlImage, pdfFileName, uploadImageResolver, type PdfProgress } from "./pdf";

const viewer = {
  userId: "u1",
  member: { workspaceId: "w1", workspaceName: "Demo Charity", roles: ["viewer"] },
} as unknown as Viewer;

function documentsHolding(documents: Record<string, CanonicalDocument>) {
  const find = (id: string) => {
    const document = documents[id];
    if (!document) throw new Error(`no document ${id}`);
    return document;
  };
  return {
    getCanonical: async (_viewer: Viewer, id: string) => ({
      id,
      templateId: "a5-booklet",
      ...find(id),
      ...hashCanonical(find(id)),
    }),
    getSummary: async (_viewer: Viewer, id: string) => ({
      id,
      templateId: "a5-booklet",
      title: find(id).meta.title,
      templateName: "",
      language: "en-GB",
      ownershipMode: "collective" as const,
      updatedAt: "",
      createdAt: "",
    }),
  };
}

const templates = new Map([
  ["a5-booklet", template("a5-booklet")],
  ["a4-guide", template("a4-guide")],
]);

const services: Array<ReturnType<typeof createPdfService>> = [];
afterAll(async () => {
  await Promise.all(services.map((service) => service.close()));
});

describe("pdfFileName", () => {
  it("makes a plain ASCII name from the title, marking drafts", () => {
    expect(pdfFileName("Women's Rights", true)).toBe("womens-rights-draft.pdf");
    expect(pdfFileName("Guía: «Derechos» de la mujer", false)).toBe("guia-derechos-de-la-mujer.pdf");
    expect(pdfFileName("!!!", false)).toBe("document.pdf");
  });
});

describe("pictures", () => {
  it("reads PNG and JPEG data URLs, and nothing else", () => {
    expect(dataUrlImage("data:image/png;base64,iVBORw0KGgo=")).toEqual(Buffer.from("iVBORw0KGgo=", "base64"));
    expect(dataUrlImage("data:image/svg+xml;base64,PHN2Zz4=")).toBeNull();
    expect(dataUrlImage("https://example.org/picture.png")).toBeNull();
  });

  it("finds uploads by id or URL in the document's own workspace only", async () => {
    const asked: string[] = [];
    const resolve = uploadImageResolver({
      readWorkspaceUpload: async (workspaceId, id) => {
        asked.push(`${workspaceId}/${id}`);
        return workspaceId === "w1" && id === "abc-123" ? { bytes: Buffer.from("png") } : null;
      },
    });
    expect(await resolve("w1", "/uploads/abc-123")).toEqual(Buffer.from("png"));
    expect(await resolve("w1", "abc-123")).toEqual(Buffer.from("png"));
    expect(await resolve("w2", "abc-123")).toBeNull();
    expect(await resolve("w1", "../../etc/passwd")).toBeNull();
    expect(asked).toEqual(["w1/abc-123", "w1/abc-123", "w2/abc-123"]);
  });
});

describe("renderDocumentPdf", () => {
  it(
    "makes a draft unless the current version is approved, and a draft whenever one is asked for",
    { timeout: 120_000 },
    async () => {
      const approved = new Set<string>();
      const checked: Array<[string, string]> = [];
      const document = demoDocument(WOMENS_RIGHTS);
      const { hash } = hashCanonical(document);
      const service = createPdfService({
        documents: documentsHolding({ d1: document }),
        templates,
        isApproved: (documentId, version) => {
          checked.push([documentId, hashCanonical(version).hash]);
          return approved.has(hashCanonical(version).hash);
        },
        threads: 1,
      });
      services.push(service);

      const draft = await service.renderDocumentPdf(viewer, "d1");
      expect(draft).toMatchObject({ draft: true, hash, filename: "womens-rights-draft.pdf", pageCount: 8 });
      expect((await inspectPdf(draft.pdf)).pagesItems[1]).toContain(WATERMARK_TEXT);
      expect(checked).toEqual([["d1", hash]]);

      approved.add(hash);
      const final = await service.renderDocumentPdf(viewer, "d1");
      expect(final).toMatchObject({ draft: false, filename: "womens-rights.pdf" });
      const finalFile = await inspectPdf(final.pdf);
      expect(finalFile.info.Tagged).toBe("yes");
      for (const page of finalFile.pagesItems) expect(page).not.toContain("DRAFT");

      expect((await service.renderDocumentPdf(viewer, "d1", { draft: true })).draft).toBe(true);
    },
  );

  it(
    "renders in a worker thread: the event loop stays responsive while a long guide is made",
    { timeout: 120_000 },
    async () => {
      const service = createPdfService({ documents: documentsHolding({ g: longGuide(4) }), templates, threads: 1 });
      services.push(service);
      const progress: PdfProgress[] = [];
      let longestGap = 0;
      let last = performance.now();
      const ticker = setInterval(() => {
        const now = performance.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
      }, 10);
      const started = performance.now();
      const result = await service.renderDocumentPdf(viewer, "g", { onProgress: (update) => progress.push(update) });
      const took = performance.now() - started;
      clearInterval(ticker);
      expect(result.pageCount).toBeGreaterThan(15);
      // Rendering takes seconds; had it run on this thread, no timer could fire until it finished.
      expect(took).toBeGreaterThan(500);
      expect(longestGap).toBeLessThan(took / 3);
      expect(progress.map((update) => update.stage)).toEqual(
        expect.arrayContaining(["preparing", "layout", "contents", "writing", "done"]),
      );
      expect(progress.at(-1)).toEqual({ stage: "done", fraction: 1 });
    },
  );

  it("shares one render between identical requests and keeps recent results", { timeout: 120_000 }, async () => {
    let reads = 0;
    const documents = documentsHolding({ d1: demoDocument(WOMENS_RIGHTS) });
    const service = createPdfService({
      documents: {
        ...documents,
        getCanonical: (...args: Parameters<typeof documents.getCanonical>) => (
          reads++,
          documents.getCanonical(...args)
        ),
      },
      templates,
      threads: 1,
    });
    services.push(service);
    const [first, second] = await Promise.all([
      service.renderDocumentPdf(viewer, "d1"),
      service.renderDocumentPdf(viewer, "d1"),
    ]);
    expect(first.pdf.equals(second.pdf)).toBe(true);
    const started = performance.now();
    const third = await service.renderDocumentPdf(viewer, "d1");
    expect(performance.now() - started).toBeLessThan(100);
    expect(third.pdf.equals(first.pdf)).toBe(true);
    // Each request still reads the live document (and its permission check) before using the cache.
    expect(reads).toBe(3);
  });

  it(
    "renders a snapshot exactly as given, never the live document, and reports the hash of what it rendered",
    { timeout: 120_000 },
    async () => {
      const live = demoDocument(WOMENS_RIGHTS);
      const snapshot: CanonicalDocument = { ...live, meta: { ...live.meta, title: "Release copy" } };
      const approved = hashCanonical(snapshot).hash;
      const service = createPdfService({
        documents: documentsHolding({ d1: live }),
        templates,
        isApproved: (_id, version) => hashCanonical(version).hash === approved,
        threads: 1,
      });
      services.push(service);
      const result = await service.renderSnapshotPdf(viewer, "d1", snapshot);
      expect(result).toMatchObject({ draft: false, hash: approved, filename: "release-copy.pdf" });
      expect((await inspectPdf(result.pdf)).pagesText.join("\n")).toContain("Release copy");
      // The live document is not approved, so it is still a draft: one decision per version, never mixed up.
      expect((await service.renderDocumentPdf(viewer, "d1")).draft).toBe(true);
    },
  );
});
