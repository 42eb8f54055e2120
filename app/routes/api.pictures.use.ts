import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/**
 * POST {id, description?}: a picture from the library for the document — a library picture becomes the workspace's
 * own (stored once), a workspace picture remembers its new description. → {url, description, credit}.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => context.services.pictures.use(viewer, await readJson(request)));
}

export const loader = methodNotAllowed;
