/**
 * In-app notifications: what concerns a person (a comment on their section, a reply in their thread, a mention,
 * a review request, an approval gone stale). Services that know about an event write it (comments.ts,
 * signoff.ts); this reads and marks them. Stored once per `dedupe_key`. No email.
 */
import type { NotificationRepository } from "../db/notifications";

export function createNotificationService(deps: { notifications: NotificationRepository }) {
  const { notifications } = deps;
  return {
    unreadCount: (userId: string, workspaceId: string) => notifications.unreadCount(userId, workspaceId),
    recent: (userId: string, workspaceId: string) => notifications.recentNotifications(userId, workspaceId),
    markAllRead: (userId: string) => notifications.markAllRead(userId),
    markRead: (userId: string, id: string) => notifications.markRead(userId, id),
  };
}
export type NotificationService = ReturnType<typeof createNotificationService>;
