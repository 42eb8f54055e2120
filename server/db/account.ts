import { nowIso, type Db } from "./database";

/** What Copress holds about one person, outside the documents' own words (for "Download your data"). */
export interface PersonalRecords {
  approvals: Array<Record<string, unknown>>;
  reviewRequests: Array<Record<string, unknown>>;
  versionsSaved: Array<Record<string, unknown>>;
  notifications: Array<Record<string, unknown>>;
  history: Array<{ type: string; data: string; at: string }>;
}

export function createAccountRepository(db: Db) {
  return {
    profile: (userId: string) =>
      db
        .selectFrom("users")
        .select(["username", "display_name", "created_at", "password_hash"])
        .where("id", "=", userId)
        .executeTakeFirst(),
    async personalRecords(userId: string): Promise<PersonalRecords> {
      const [approvals, reviewRequests, versionsSaved, notifications, history] = await Promise.all([
        db
          .selectFrom("approvals as a")
          .innerJoin("documents as d", "d.id", "a.document_id")
          .select(["a.scope", "a.decision", "a.comment", "a.created_at as at", "d.title as document"])
          .where("a.user_id", "=", userId)
          .orderBy("a.created_at")
          .orderBy("a.id")
          .execute(),
        db
          .selectFrom("review_requests as r")
          .innerJoin("documents as d", "d.id", "r.document_id")
          .select(["r.message", "r.created_at as at", "d.title as document"])
          .where("r.requested_by", "=", userId)
          .orderBy("r.created_at")
          .orderBy("r.id")
          .execute(),
        db
          .selectFrom("versions as v")
          .innerJoin("documents as d", "d.id", "v.document_id")
          .select(["v.name", "v.created_at as at", "d.title as document"])
          .where("v.created_by", "=", userId)
          .orderBy("v.created_at")
          .orderBy("v.id")
          .execute(),
        db
          .selectFrom("notifications")
          .select(["message", "created_at as at", "read_at as readAt"])
          .where("user_id", "=", userId)
          .orderBy("created_at")
          .orderBy("id")
          .execute(),
        db
          .selectFrom("audit_events")
          .select(["type", "data", "at"])
          .where("actor_id", "=", userId)
          .orderBy("seq")
          .execute(),
      ]);
      return { approvals, reviewRequests, versionsSaved, notifications, history };
    },
    /** Deletes an account in one transaction: the person becomes `formerName`, with no memberships or notifications. */
    async anonymise(userId: string, formerName: string) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("users")
          .set({ username: `former-${userId}`, display_name: formerName, password_hash: "!", deleted_at: nowIso() })
          .where("id", "=", userId)
          .execute();
        await trx.deleteFrom("members").where("user_id", "=", userId).execute();
        await trx.deleteFrom("notifications").where("user_id", "=", userId).execute();
        await trx.updateTable("approvals").set({ member_name: formerName }).where("user_id", "=", userId).execute();
      });
    },
  };
}
export type AccountRepository = ReturnType<typeof createAccountRepository>;
