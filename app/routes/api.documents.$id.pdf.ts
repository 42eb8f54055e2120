/**
 * GET /api/documents/:id/pdf — the document as a tagged PDF, shown in the browser (inline). It carries the
 * "DRAFT — not approved" watermark unless the current version is approved (server/services/pdf.ts); `?draft=1`
 * asks for the watermark anyway. Headers say which version it shows and whether it is a draft.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readPdfVariant } from "~/domain/pdf-variant";
import { apiRoute, methodNotAllowed } from "~/session.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => {
    const search = new URL(request.url).searchParams;
    const draft = search.get("draft") === "1";
    const variant = readPdfVariant(search.get("variant"));
    const result = await context.services.pdf.renderDocumentPdf(viewer, params.id!, { draft, variant });
    // The file name is ASCII by construction (pdfFileName); the header stays valid whatever the title.
    return new Response(new Uint8Array(result.pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Length": String(result.pdf.byteLength),
        "Content-Disposition": `inline; filename="${result.filename}"`,
        // A private document that changes with every edit: never stored by shared caches, always asked again.
        "Cache-Control": "private, no-store",
        "X-Copress-Document-Hash": result.hash,
        "X-Copress-Draft": result.draft ? "true" : "false",
        "X-Copress-Variant": result.variant,
        "X-Copress-Pages": String(result.pageCount),
        // What the person should know about the file (text set smaller, content that does not fit, a missing
        // picture): a JSON array of sentences, URI-encoded so any words stay a valid header.
        "X-Copress-Warnings": encodeURIComponent(JSON.stringify(result.warnings)),
      },
    });
  });
}

export const action = methodNotAllowed;
