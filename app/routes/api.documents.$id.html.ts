/**
 * GET /api/documents/:id/html — the live document as its accessible web page (the same renderer as releases). It is
 * marked "Draft — not signed off" unless the current version meets the sign-off rules.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { logoAlt, readDesign } from "~/domain/design";
import { renderDocumentHtml } from "~/render/html";
import { apiRoute, methodNotAllowed } from "~/session.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => {
    const canonical = await context.services.documents.getCanonical(viewer, params.id!);
    const design = readDesign(canonical.design, canonical.templateId);
    const template =
      context.services.templates.get(design.templateId) ?? context.services.templates.get(canonical.templateId)!;
    // Approval of exactly the version this page shows, not of whatever the live one is after the await.
    const approved = await context.services.signoff.isApproved(canonical.id, {
      content: canonical.content,
      meta: canonical.meta,
      design: canonical.design,
    });
    const logo = design.logoUploadId
      ? { src: `/uploads/${design.logoUploadId}`, alt: logoAlt(viewer.member.workspaceName) }
      : undefined;
    const html = renderDocumentHtml(canonical, {
      template,
      design,
      standalone: true,
      includeFontFaces: true,
      draftWatermark: !approved,
      logo,
      publisher: viewer.member.workspaceName,
    });
    return new Response(html, {
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "private, no-store",
        "X-Copress-Document-Hash": canonical.hash,
        "X-Copress-Draft": String(!approved),
      },
    });
  });
}

export const action = methodNotAllowed;
