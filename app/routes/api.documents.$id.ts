import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: canonical JSON of the document with `hash`, `contentHash` and `designHash`. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) => context.services.documents.getCanonical(viewer, params.id!));
}

/** PATCH {title}: rename. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "PATCH") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const body = await readJson(request);
    await context.services.documents.renameDocument(viewer, params.id!, body.title);
    return context.services.documents.getSummary(viewer, params.id!);
  });
}
