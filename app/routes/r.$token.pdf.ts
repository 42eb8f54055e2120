import type { LoaderFunctionArgs } from "@remix-run/node";
import { releasePdfFilename } from "~/domain/pdf-variant";
import { sharedReleaseResponse } from "~/share-link.server";

/** A release's PDF behind the same unguessable share link as its web version (which links it). No sign-in needed. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  return sharedReleaseResponse(async () => {
    const { title, number, pdf } = await context.services.signoff.sharedReleasePdf(params.token!);
    return {
      body: new Uint8Array(pdf),
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${releasePdfFilename(title, number)}"`,
      },
    };
  });
}
