import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: the document's open suggestions in reading order (id, section, author, kind, text, reason, created). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => ({
    suggestions: await context.services.suggestions.list(viewer, params.id!),
  }));
}

export const action = methodNotAllowed;
