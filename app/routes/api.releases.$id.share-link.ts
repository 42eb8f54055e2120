import { json, type ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** POST → 201 {shareUrl} (a link for readers made now) or 200 {shareUrl} (the release had one already). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const { shareUrl, made } = await context.services.signoff.shareRelease(viewer, params.id!);
    return json({ shareUrl }, { status: made ? 201 : 200 });
  });
}

export const loader = methodNotAllowed;
