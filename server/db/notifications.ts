import type { Db } from "./database";

export type NotificationKind =
  "comment" | "mention" | "review-request" | "approval-stale" | "change-request" | "change-request-answer" | "handover";

export interface NotificationRow {
  id: string;
  user_id: string;
  workspace_id: string;
  document_id: string | null;
  kind: string;
  message: string;
  link: string;
  created_at: string;
  read_at: string | null;
}

export function createNotificationRepository(db: Db) {
  // A repeated event (same dedupe key) is stored once.
  const insert = db.prepare(
    `INSERT OR IGNORE INTO notifications (id, user_id, workspace_id, document_id, kind, message, link, dedupe_key)
     VALUES (@id, @userId, @workspaceId, @documentId, @kind, @message, @link, @dedupeKey)`,
  );
  const unreadCount = db.prepare<[string, string], { n: number }>(
    "SELECT count(*) AS n FROM notifications WHERE user_id = ? AND workspace_id = ? AND read_at IS NULL",
  );
  const recent = db.prepare<[string, string], NotificationRow>(
    "SELECT * FROM notifications WHERE user_id = ? AND workspace_id = ? ORDER BY created_at DESC LIMIT 100",
  );
  const markRead = db.prepare("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL");
  const markOneRead = db.prepare(
    "UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL",
  );
  return {
    notify(row: {
      id: string;
      userId: string;
      workspaceId: string;
      documentId: string | null;
      kind: string;
      message: string;
      link: string;
      dedupeKey: string | null;
    }) {
      insert.run(row);
    },
    unreadCount: (userId: string, workspaceId: string) => unreadCount.get(userId, workspaceId)!.n,
    recentNotifications: (userId: string, workspaceId: string) => recent.all(userId, workspaceId),
    markAllRead: (userId: string) => void markRead.run(new Date().toISOString(), userId),
    markRead: (userId: string, id: string) => void markOneRead.run(new Date().toISOString(), userId, id),
  };
}
export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
