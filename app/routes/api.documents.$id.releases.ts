import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { isAppError } from "~/domain/errors";
import { apiRoute, errorResponse, getViewer, methodNotAllowed, readJson } from "~/session.server";

/** GET: the document's releases, newest first. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => ({
    releases: await context.services.signoff.listReleases(viewer, params.id!),
  }));
}

/** POST {shareLink?} → 201 {id, number}; 409 {unmet: [...]} when the approval policy is not met. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  const viewer = await getViewer(request, context);
  try {
    if (!viewer) return await apiRoute(request, context, () => null);
    const body = request.headers.get("content-type")?.includes("json") ? await readJson(request) : {};
    const release = await context.services.signoff.publish(viewer, params.id!, { shareLink: body.shareLink === true });
    return json(release, { status: 201, headers: { Location: `/api/releases/${release.id}` } });
  } catch (error) {
    if (isAppError(error) && error.code === "policy_unmet")
      return json({ ...error.toJSON(), unmet: error.details?.unmet ?? [] }, { status: 409 });
    return errorResponse(error);
  }
}
