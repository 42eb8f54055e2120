import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/**
 * POST {decision: "accept" | "reject"}: takes or turns down one suggestion. → 200 {id, decision, sectionId};
 * 404 unknown id, 403 for someone who may not change that section's words, 409 when it is decided already.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const body = await readJson(request);
    return context.services.suggestions.decide(viewer, params.id!, params.suggestionId!, body);
  });
}

export const loader = methodNotAllowed;
