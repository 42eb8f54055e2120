import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: the release's PDF, byte for byte as published. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) => {
    const { title, number, pdf } = context.services.signoff.releasePdf(viewer, params.id!);
    const filename = `${
      title
        .replace(/[^\w\- ]+/g, "")
        .trim()
        .replace(/\s+/g, "-") || "document"
    }-release-${number}.pdf`;
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${filename}"`,
        "Cache-Control": "private, max-age=31536000, immutable",
      },
    });
  });
}

export const action = methodNotAllowed;
