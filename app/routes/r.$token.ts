import type { LoaderFunctionArgs } from "@remix-run/node";
import { isAppError } from "~/domain/errors";

/** The public web version of a release, behind its unguessable share link. No sign-in needed. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    return new Response(await context.services.signoff.sharedReleaseHtml(params.token!), {
      headers: {
        "Content-Type": "text/html; charset=utf-8",
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
