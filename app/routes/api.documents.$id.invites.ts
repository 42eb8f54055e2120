import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: the open invites to this document (coordinators). → {invites: [{id, roles, note, expiresAt, document}]} */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => ({
    invites: await context.services.members.openDocumentInvites(viewer, params.id!),
  }));
}

/**
 * POST {role, note?}: an invite link to this document (coordinators). `role` is writer, approver, designer or
 * viewer. → 201 {url, expiresAt, role, document: {id, title}}. Single use, 7 days; the person lands on the document.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const body = await readJson(request);
    const invite = await context.services.members.createDocumentInvite(viewer, params.id!, body);
    return json(
      {
        url: `${context.publicUrl}${invite.path}`,
        expiresAt: invite.expiresAt,
        role: invite.role,
        document: invite.document,
      },
      { status: 201 },
    );
  });
}
