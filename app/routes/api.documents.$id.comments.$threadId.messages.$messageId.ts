import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** PATCH {text}: its author changes a message's words. DELETE: its author, or a coordinator (recorded), removes it. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { comments } = context.services;
  if (request.method === "PATCH") {
    return apiRoute(request, context, async (viewer) => {
      const body = await readJson(request);
      return { message: await comments.editMessage(viewer, params.id!, params.threadId!, params.messageId!, body) };
    });
  }
  if (request.method === "DELETE")
    return apiRoute(request, context, (viewer) =>
      comments.removeMessage(viewer, params.id!, params.threadId!, params.messageId!),
    );
  return methodNotAllowed();
}

export const loader = methodNotAllowed;
