import { json, type ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** POST {kind: "reply" | "done", note}: answers a request for changes in place. → 201 {id, changeRequestId, kind, status}. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const body = await readJson(request);
    const answer = await context.services.signoff.answerChangeRequest(viewer, params.id!, params.requestId!, body);
    return json(answer, { status: 201 });
  });
}

export const loader = methodNotAllowed;
