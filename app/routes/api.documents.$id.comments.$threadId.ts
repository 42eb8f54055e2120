import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** PATCH {resolved: boolean}: resolve or reopen a thread (recorded with who did it). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "PATCH") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => ({
    thread: await context.services.comments.setResolved(viewer, params.id!, params.threadId!, await readJson(request)),
  }));
}

export const loader = methodNotAllowed;
