import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: the finished PDF (server/main.ts lets our own pages frame it, for the preview). ?download=1 saves it. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => {
    const result = await context.services.pdfJobs.file(viewer, params.id!);
    const download = new URL(request.url).searchParams.get("download") === "1";
    return new Response(new Uint8Array(result.pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `${download ? "attachment" : "inline"}; filename="${result.filename}"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}

export const action = methodNotAllowed;
