import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: the document's decisions (open first), with each member's view and the outcome. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => ({
    decisions: await context.services.decisions.list(viewer, params.id!),
  }));
}

/** POST {question, area, options, source?}: raises a decision. → 201 the decision. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const body = await readJson(request);
    return json(await context.services.decisions.raise(viewer, params.id!, body), { status: 201 });
  });
}
