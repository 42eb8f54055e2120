import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: one brand kit. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => ({
    brandKit: await context.services.brandKits.getBrandKit(viewer, params.id!),
  }));
}

/** PUT (the whole kit, as for POST /api/brand-kits) → 200 {brandKit}; DELETE → 204. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { brandKits } = context.services;
  if (request.method === "PUT") {
    return apiRoute(request, context, async (viewer) => ({
      brandKit: await brandKits.updateBrandKit(viewer, params.id!, await readJson(request)),
    }));
  }
  if (request.method === "DELETE") {
    return apiRoute(request, context, async (viewer) => {
      await brandKits.deleteBrandKit(viewer, params.id!);
      return new Response(null, { status: 204 });
    });
  }
  return methodNotAllowed();
}
