import type { LoaderFunctionArgs } from "@remix-run/node";
import { sharedReleaseResponse } from "~/share-link.server";

/** The public web version of a release, behind its unguessable share link. No sign-in needed. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  return sharedReleaseResponse(async () => ({
    body: await context.services.signoff.sharedReleaseHtml(params.token!),
    headers: { "Content-Type": "text/html; charset=utf-8" },
  }));
}
