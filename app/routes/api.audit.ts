import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/**
 * GET: the audit log, newest first (?documentId= for one document's history; the whole workspace needs a
 * coordinator). GET ?verify: checks the whole chain and says where it breaks, if it does.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => {
    const url = new URL(request.url);
    if (url.searchParams.has("verify")) return context.services.signoff.verifyAuditLog(viewer);
    return { events: await context.services.signoff.auditLog(viewer, url.searchParams.get("documentId") ?? undefined) };
  });
}

export const action = methodNotAllowed;
