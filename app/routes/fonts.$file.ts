/**
 * GET /fonts/<file>: the bundled open-licence font files (app/domain/fonts.ts), for the live preview. Only the exact
 * whitelisted names are served, read from their @fontsource package; no sign-in needed (they are public fonts).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fontPackagePath } from "~/domain/fonts";

const resolveFromProject = createRequire(import.meta.url);

export async function loader({ params }: LoaderFunctionArgs) {
  const specifier = fontPackagePath(params.file ?? "");
  if (!specifier)
    return new Response("There is no font with that name.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const bytes = await readFile(resolveFromProject.resolve(specifier));
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "font/woff",
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "public, max-age=86400",
    },
  });
}
