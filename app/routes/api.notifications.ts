import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: the caller's recent notifications and how many are unread. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) => ({
    unread: context.services.notifications.unreadCount(viewer.userId, viewer.member.workspaceId),
    notifications: context.services.notifications.recent(viewer.userId, viewer.member.workspaceId).map((n) => ({
      id: n.id,
      kind: n.kind,
      message: n.message,
      link: n.link,
      createdAt: n.created_at,
      read: Boolean(n.read_at),
    })),
  }));
}

export const action = methodNotAllowed;
