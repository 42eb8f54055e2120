import { nowIso, type Db } from "./database";

export type NotificationKind =
  | "comment"
  | "mention"
  | "review-request"
  | "approval-stale"
  | "change-request"
  | "change-request-answer"
  | "handover"
  | "stepped-back"
  | "decision"
  | "decision-decided"
  | "suggestion-decided"
  | "suggestion"
  | "shared";

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
  return {
    /**
     * A repeated event (same dedupe key) is stored once. Someone taking a break (members.away_until) is not told
     * anything until they are back: nobody is chased.
     */
    async notify(row: {
      id: string;
      userId: string;
      workspaceId: string;
      documentId: string | null;
      kind: string;
      message: string;
      link: string;
      dedupeKey: string | null;
    }) {
      const away = await db
        .selectFrom("members")
        .select("away_until")
        .where("user_id", "=", row.userId)
        .where("workspace_id", "=", row.workspaceId)
        .executeTakeFirst();
      if (away?.away_until && away.away_until > nowIso()) return;
      await db
        .insertInto("notifications")
        .values({
          id: row.id,
          user_id: row.userId,
          workspace_id: row.workspaceId,
          document_id: row.documentId,
          kind: row.kind,
          message: row.message,
          link: row.link,
          dedupe_key: row.dedupeKey,
        })
        .onConflict((oc) => oc.column("dedupe_key").doNothing())
        .execute();
    },
    async unreadCount(userId: string, workspaceId: string) {
      const row = await db
        .selectFrom("notifications")
        .select(db.fn.countAll<number>().as("n"))
        .where("user_id", "=", userId)
        .where("workspace_id", "=", workspaceId)
        .where("read_at", "is", null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    recentNotifications: (userId: string, workspaceId: string): Promise<NotificationRow[]> =>
      db
        .selectFrom("notifications")
        .selectAll()
        .where("user_id", "=", userId)
        .where("workspace_id", "=", workspaceId)
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(100)
        .execute(),
    /** News that is no longer news (a decision someone else made): read for everyone it was for. */
    async markReadByDedupePrefix(prefix: string) {
      await db
        .updateTable("notifications")
        .set({ read_at: nowIso() })
        .where("dedupe_key", "like", `${prefix.replace(/[%_\\]/g, "")}%`)
        .where("read_at", "is", null)
        .execute();
    },
    /** The same, for one piece of news by its exact key (a suggestion decided: the owners need not look at it). */
    async markReadByDedupeKey(key: string) {
      await db
        .updateTable("notifications")
        .set({ read_at: nowIso() })
        .where("dedupe_key", "=", key)
        .where("read_at", "is", null)
        .execute();
    },
    async markAllRead(userId: string) {
      await db
        .updateTable("notifications")
        .set({ read_at: nowIso() })
        .where("user_id", "=", userId)
        .where("read_at", "is", null)
        .execute();
    },
    async markRead(userId: string, id: string) {
      await db
        .updateTable("notifications")
        .set({ read_at: nowIso() })
        .where("user_id", "=", userId)
        .where("id", "=", id)
        .where("read_at", "is", null)
        .execute();
    },
  };
}
export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
