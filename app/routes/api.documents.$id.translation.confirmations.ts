import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** POST {sectionId}: this translation's section was checked against its source as the source is now. → the state. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => ({
    section: await context.services.translations.confirmSection(viewer, params.id!, await readJson(request)),
  }));
}

export const loader = methodNotAllowed;
