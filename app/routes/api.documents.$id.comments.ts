import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: the document's comment threads, oldest first. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => ({
    threads: await context.services.comments.listThreads(viewer, params.id!),
  }));
}

/** POST {sectionId, anchor, head, quote, text} → 201 {id, messageId}: a new thread on the words between anchor and head. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) =>
    json(await context.services.comments.createThread(viewer, params.id!, await readJson(request)), { status: 201 }),
  );
}
