import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: the caller's recent notifications and how many are unread. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => {
    const { notifications } = context.services;
    const [unread, recent] = await Promise.all([
      notifications.unreadCount(viewer.userId, viewer.member.workspaceId),
      notifications.recent(viewer.userId, viewer.member.workspaceId),
    ]);
    return {
      unread,
      notifications: recent.map((n) => ({
        id: n.id,
        kind: n.kind,
        message: n.message,
        link: n.link,
        createdAt: n.created_at,
        read: Boolean(n.read_at),
      })),
    };
  });
}

export const action = methodNotAllowed;
