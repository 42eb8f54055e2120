import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: the document's requests for changes (newest first), each with its answers. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => ({
    changeRequests: await context.services.signoff.listChangeRequests(viewer, params.id!),
  }));
}

export const action = methodNotAllowed;
