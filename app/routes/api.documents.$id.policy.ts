import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: the sign-off policy that applies to this document, and where it comes from. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) => context.services.signoff.getPolicy(viewer, params.id!));
}

/** PUT {policy} sets this document's own policy; PUT {policy: null} goes back to the workspace's. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "PUT") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) =>
    context.services.signoff.setPolicy(viewer, params.id!, (await readJson(request)).policy),
  );
}
