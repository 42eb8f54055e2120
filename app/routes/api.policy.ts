import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: the workspace's sign-off policy. PUT {policy}: change it (coordinators). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) => context.services.signoff.getPolicy(viewer, null));
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "PUT") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) =>
    context.services.signoff.setPolicy(viewer, null, (await readJson(request)).policy),
  );
}
