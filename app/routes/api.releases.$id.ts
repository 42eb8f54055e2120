import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: a release: number, hash, who published it and the approvals that allowed it. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) => context.services.signoff.getRelease(viewer, params.id!));
}

export const action = methodNotAllowed;
