import { json, type ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** POST {message}: asks the approvers to review the current version. → 201 {id, hash}. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) =>
    json(await context.services.signoff.requestReview(viewer, params.id!, (await readJson(request)).message), {
      status: 201,
    }),
  );
}

export const loader = methodNotAllowed;
