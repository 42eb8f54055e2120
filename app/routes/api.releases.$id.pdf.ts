import type { LoaderFunctionArgs } from "@remix-run/node";
import { errors } from "~/domain/errors";
import { readPdfVariant } from "~/domain/pdf-variant";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: the release's PDF, byte for byte as published; `?variant=print` its print-shop PDF. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) => {
    const variant = readPdfVariant(new URL(request.url).searchParams.get("variant"));
    if (variant === "reader")
      throw errors.badRequest("A release keeps the PDF as published and the print-shop PDF: ask for screen or print.");
    const { title, number, pdf } = context.services.signoff.releasePdf(viewer, params.id!, variant);
    const filename = `${
      title
        .replace(/[^\w\- ]+/g, "")
        .trim()
        .replace(/\s+/g, "-") || "document"
    }-release-${number}${variant === "print" ? "-print" : ""}.pdf`;
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
