/**
 * In-app notifications: what concerns a person, with the words the other person wrote. Services that know about an
 * event write it; this reads and marks them. Stored once per `dedupe_key`. No email. The kinds
 * (`NotificationKind` in server/db/notifications.ts):
 *  - `comment`, `mention`: a comment on your section, a reply in your thread, `@you` (comments.ts);
 *  - `review-request`, `approval-stale`: someone asks you to sign off; something you signed off changed (signoff.ts);
 *  - `change-request`: an approver asks for changes that concern you (you asked for sign-off, own a section it names,
 *    or can make that kind of change when it names none); `change-request-answer`: someone answered it (signoff.ts);
 *  - `handover`: someone handed a section over to you, with their note (section-index.ts);
 *  - `shared`: someone asks you to look at a document, with their note (Share; members.ts).
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
