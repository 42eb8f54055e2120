import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: the caller's documents. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => ({
    documents: await context.services.documents.listDocuments(viewer),
  }));
}

/** POST {title, templateId} → 201 {id}. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const created = await context.services.documents.createDocument(viewer, await readJson(request));
    return json(created, { status: 201, headers: { Location: `/api/documents/${created.id}` } });
  });
}
