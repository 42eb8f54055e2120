import { json, type ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** POST {text} → 201 {id}: a reply in the thread, signed with the sender's name and the server's time. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) =>
    json(await context.services.comments.reply(viewer, params.id!, params.threadId!, await readJson(request)), {
      status: 201,
    }),
  );
}

export const loader = methodNotAllowed;
