import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** POST {option: number | null, note}: the caller's view on an open decision (replaces theirs). → 200 the decision. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const body = await readJson(request);
    return context.services.decisions.setView(viewer, params.id!, params.decisionId!, body);
  });
}

export const loader = methodNotAllowed;
