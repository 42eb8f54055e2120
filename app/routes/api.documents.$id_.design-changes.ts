import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/**
 * GET ?since=<ISO time>: who changed what in the document's design after that time (all changes without it),
 * oldest first, and a per-setting summary (value before → value now, who) for "what changed since you approved".
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) =>
    context.services.designChanges.listChanges(viewer, params.id!, new URL(request.url).searchParams.get("since")),
  );
}

export const action = methodNotAllowed;
