import type { LoaderFunctionArgs } from "@remix-run/node";
import { readPdfVariant, releasePdfFilename } from "~/domain/pdf-variant";
import { apiRoute, methodNotAllowed, signInFirstWhenOpenedAsPage } from "~/session.server";

/**
 * GET: the release's PDF, byte for byte as published; `?variant=print` its print-shop PDF; `?variant=reader` a
 * tri-fold's panels in reading order, made from the release's JSON and checked against its hash.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await signInFirstWhenOpenedAsPage(request, context);
  return apiRoute(request, context, async (viewer) => {
    const variant = readPdfVariant(new URL(request.url).searchParams.get("variant"));
    const { title, number, pdf } =
      variant === "reader"
        ? await context.services.signoff.releaseReaderPdf(viewer, params.id!)
        : await context.services.signoff.releasePdf(viewer, params.id!, variant);
    const filename = releasePdfFilename(title, number, variant);
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
