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
  return {
    async createUser(user: { id: string; username: string; displayName: string; passwordHash: string }) {
      await db
        .insertInto("users")
        .values({
          id: user.id,
          username: user.username,
          display_name: user.displayName,
          password_hash: user.passwordHash,
        })
        .execute();
    },
    /** Usernames match whatever their case (the column is case-insensitive in both databases). */
    findUserByUsername: (username: string): Promise<UserRow | undefined> =>
      db
        .selectFrom("users")
        .selectAll()
        .where("username", "=", username)
        .where("deleted_at", "is", null)
        .executeTakeFirst(),
    getUser: (id: string): Promise<UserRow | undefined> =>
      db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst(),
    async setPasswordHash(id: string, hash: string) {
      await db.updateTable("users").set({ password_hash: hash }).where("id", "=", id).execute();
    },
    async countUsers() {
      const row = await db.selectFrom("users").select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
export type UserRepository = ReturnType<typeof createUserRepository>;
