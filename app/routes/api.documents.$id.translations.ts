import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: the document's family — its source and every translation, each section's state against the source. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) => context.services.translations.family(viewer, params.id!));
}

/** POST {language}: makes a translation linked to this document (or to its source). → 201 {id}. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const body = await readJson(request);
    return json(await context.services.translations.create(viewer, params.id!, body), { status: 201 });
  });
}
