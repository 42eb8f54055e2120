import type { Db } from "./database";

export interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export function createSessionRepository(db: Db) {
  return {
    async createSession(tokenHash: string, userId: string, expiresAt: Date) {
      await db
        .insertInto("sessions")
        .values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt.toISOString() })
        .execute();
    },
    findLiveSession: (tokenHash: string, now = new Date()): Promise<SessionRow | undefined> =>
      db
        .selectFrom("sessions")
        .selectAll()
        .where("token_hash", "=", tokenHash)
        .where("expires_at", ">", now.toISOString())
        .executeTakeFirst(),
    async deleteSession(tokenHash: string) {
      await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
    },
    async deleteSessionsOfUser(userId: string) {
      await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
    },
  };
}
export type SessionRepository = ReturnType<typeof createSessionRepository>;
