import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { errors } from "~/domain/errors";
import { apiRoute, methodNotAllowed } from "~/session.server";
import { readUploadForm } from "~/upload-form.server";

/** GET: the workspace's uploaded pictures. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => ({
    uploads: await context.services.uploads.listUploads(viewer),
  }));
}

/** POST multipart {file, purpose: "logo" | "image"} → 201 the stored picture (re-encoded; SVG drawn as PNG). */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const { uploads } = context.services;
    const form = await readUploadForm(request, uploads.maxBytes);
    if (!form.file)
      throw errors.badRequest("Choose a picture to upload.", { fields: { file: ["Choose a picture to upload."] } });
    const purpose = form.fields.get("purpose");
    const stored = await uploads.storeUpload(viewer, {
      bytes: form.file.bytes,
      fileName: form.file.name,
      purpose: typeof purpose === "string" ? purpose : undefined,
    });
    return json({ upload: stored }, { status: 201, headers: { Location: stored.url } });
  });
}
