import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: the workspace's brand kits. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => ({
    brandKits: await context.services.brandKits.listBrandKits(viewer),
  }));
}

/** POST {name, colours, headingFont, bodyFont, logoUploadId?, footerText?, lockedElements?} → 201 {brandKit}. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const brandKit = await context.services.brandKits.createBrandKit(viewer, await readJson(request));
    return json({ brandKit }, { status: 201, headers: { Location: `/api/brand-kits/${brandKit.id}` } });
  });
}
