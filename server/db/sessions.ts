import type { Db } from "./database";

export interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export function createSessionRepository(db: Db) {
  const insert = db.prepare("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)");
  const byHash = db.prepare<[string, string], SessionRow>(
    "SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?",
  );
  const remove = db.prepare("DELETE FROM sessions WHERE token_hash = ?");
  const removeForUser = db.prepare("DELETE FROM sessions WHERE user_id = ?");
  return {
    createSession: (tokenHash: string, userId: string, expiresAt: Date) =>
      void insert.run(tokenHash, userId, expiresAt.toISOString()),
    findLiveSession: (tokenHash: string, now = new Date()) => byHash.get(tokenHash, now.toISOString()),
    deleteSession: (tokenHash: string) => void remove.run(tokenHash),
    deleteSessionsOfUser: (userId: string) => void removeForUser.run(userId),
  };
}
export type SessionRepository = ReturnType<typeof createSessionRepository>;
