/**
 * GET /uploads/<id>: an uploaded picture, only for signed-in members of the workspace it belongs to (checked on
 * every request). Always a re-encoded PNG or JPEG, with a Content-Disposition naming a safe file name (and, like
 * every response, X-Content-Type-Options: nosniff from server/main.ts).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isAppError } from "~/domain/errors";
import { getViewer } from "~/session.server";

const plain = (message: string, status: number) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  if (!viewer) return plain("Please sign in first.", 401);
  try {
    const { row, bytes } = await context.services.uploads.readUpload(viewer, params.id ?? "");
    const extension = row.media_type === "image/png" ? "png" : "jpg";
    const baseName = row.original_name.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9 ._-]/g, "") || "picture";
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": row.media_type,
        "Content-Length": String(bytes.byteLength),
        "Content-Disposition": `inline; filename="${baseName}.${extension}"`,
        // Private: the picture belongs to one workspace; it never changes under its id.
        "Cache-Control": "private, max-age=86400",
      },
    });
  } catch (error) {
    if (isAppError(error)) return plain(error.message, error.status);
    throw error;
  }
}
