import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: the document's versions, newest first. With ?from=&to= (a version id or "current"): a per-section diff. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => {
    const url = new URL(request.url);
    const from = url.searchParams.get("from");
    const to = url.searchParams.get("to");
    if (from && to) return { sections: await context.services.versions.compare(viewer, params.id!, from, to) };
    return { versions: await context.services.versions.listVersions(viewer, params.id!) };
  });
}

/** POST {name} → 201 {id, hash, contentHash, designHash}. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const body = await readJson(request);
    return json(await context.services.versions.saveVersion(viewer, params.id!, body.name), { status: 201 });
  });
}
