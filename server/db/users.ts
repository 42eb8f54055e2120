import type { Db } from "./database";

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  created_at: string;
  deleted_at: string | null;
}

export function createUserRepository(db: Db) {
  const insert = db.prepare(
    "INSERT INTO users (id, username, display_name, password_hash) VALUES (@id, @username, @displayName, @passwordHash)",
  );
  const byUsername = db.prepare<[string], UserRow>("SELECT * FROM users WHERE username = ? AND deleted_at IS NULL");
  const byId = db.prepare<[string], UserRow>("SELECT * FROM users WHERE id = ?");
  const updatePassword = db.prepare("UPDATE users SET password_hash = ? WHERE id = ?");
  const count = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users");
  return {
    createUser(user: { id: string; username: string; displayName: string; passwordHash: string }) {
      insert.run(user);
    },
    findUserByUsername: (username: string) => byUsername.get(username),
    getUser: (id: string) => byId.get(id),
    setPasswordHash: (id: string, hash: string) => void updatePassword.run(hash, id),
    countUsers: () => count.get()!.n,
  };
}
export type UserRepository = ReturnType<typeof createUserRepository>;
