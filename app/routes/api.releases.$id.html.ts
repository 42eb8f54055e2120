import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, signInFirstWhenOpenedAsPage } from "~/session.server";

/** GET: the release's accessible web version (a complete HTML page). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await signInFirstWhenOpenedAsPage(request, context);
  return apiRoute(
    request,
    context,
    async (viewer) =>
      new Response(await context.services.signoff.releaseHtml(viewer, params.id!), {
        headers: { "Content-Type": "text/html; charset=utf-8" },
      }),
  );
}

export const action = methodNotAllowed;
