import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: one version with its canonical document. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) =>
    context.services.versions.getVersion(viewer, params.id!, params.versionId!),
  );
}

/** POST ?restore: makes the live document's text match this version, as a new edit. → 201 with the new hashes. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST" || !new URL(request.url).searchParams.has("restore")) return methodNotAllowed();
  return apiRoute(request, context, async (viewer) =>
    json(await context.services.versions.restoreVersion(viewer, params.id!, params.versionId!), { status: 201 }),
  );
}
