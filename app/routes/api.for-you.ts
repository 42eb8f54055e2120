import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: everything waiting for the signed-in person across their workspace (see docs/API.md, "For you"). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) => context.services.forYou.forYou(viewer));
}

export const action = methodNotAllowed;
