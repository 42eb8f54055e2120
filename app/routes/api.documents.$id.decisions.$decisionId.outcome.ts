import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/**
 * POST {option, reason}: decides. → 200 the decision. 403 for someone the rules don't name (and no coordinator
 * override); 409 once decided.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const body = await readJson(request);
    return context.services.decisions.decide(viewer, params.id!, params.decisionId!, body);
  });
}

export const loader = methodNotAllowed;
