import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: everything Copress holds about you, as a JSON file to keep (UK GDPR right of access). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => {
    const data = await context.services.account.exportData(viewer);
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="copress-data-${viewer.username.replace(/[^\w.-]/g, "")}.json"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}

export const action = methodNotAllowed;
