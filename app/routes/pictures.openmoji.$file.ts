/**
 * GET /pictures/openmoji/<CODE>.svg: an OpenMoji picture (open licence, public), for choosing in the picture library.
 * Only codes in the library's index are served, read from the package; the file is served as an image that can run
 * nothing (a Content Security Policy of its own).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const match = /^([0-9A-F-]{2,40})\.svg$/.exec(params.file ?? "");
  const svg = match ? context.services.pictures.svg(match[1]!) : null;
  if (!svg)
    return new Response("There is no picture with that name.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  return new Response(new Uint8Array(svg), {
    headers: {
      "Content-Type": "image/svg+xml",
      "Content-Length": String(svg.byteLength),
      "Cache-Control": "public, max-age=86400",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
