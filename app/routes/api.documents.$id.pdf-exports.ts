import { json, type ActionFunctionArgs } from "@remix-run/node";
import { readPdfVariant } from "~/domain/pdf-variant";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** POST (?draft=1 for a watermarked copy, ?variant=screen|reader|print): starts making the PDF → 202 {id}; follow it at /api/pdf-exports/:id. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const search = new URL(request.url).searchParams;
    const variant = readPdfVariant(search.get("variant"));
    await context.services.documents.getSummary(viewer, params.id!);
    const draft = search.get("draft") === "1";
    return json(await context.services.pdfJobs.start(viewer, params.id!, { draft, variant }), { status: 202 });
  });
}

export const loader = methodNotAllowed;
