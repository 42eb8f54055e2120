import type { LoaderFunctionArgs } from "@remix-run/node";
import { isAppError } from "~/domain/errors";
import { releasePdfFilename } from "~/domain/pdf-variant";

/** A release's PDF behind the same unguessable share link as its web version (which links it). No sign-in needed. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    const { title, number, pdf } = await context.services.signoff.sharedReleasePdf(params.token!);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${releasePdfFilename(title, number)}"`,
        "Cache-Control": "public, max-age=300",
        "X-Robots-Tag": "noindex",
      },
    });
  } catch (error) {
    if (isAppError(error))
      return new Response("This link doesn't work. Ask the charity for a new one.", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    throw error;
  }
}
