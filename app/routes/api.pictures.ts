import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/**
 * GET ?q=house&language=pl: pictures for a word — the workspace's own described pictures, then the open-licence
 * library (OpenMoji), named in the document's language where the library has it. → {pictures, language}.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return apiRoute(request, context, (viewer) =>
    context.services.pictures.search(viewer, {
      q: url.searchParams.get("q") ?? "",
      language: url.searchParams.get("language") ?? undefined,
    }),
  );
}

export const action = methodNotAllowed;
