import type { Db } from "./database";

export type DesignChangeOrigin = "person" | "restore" | "server" | "guard";

export interface DesignChangeRow {
  id: number;
  document_id: string;
  user_id: string | null;
  display_name: string | null;
  origin: DesignChangeOrigin;
  key: string;
  old_value: string | null;
  new_value: string | null;
  changed_at: string;
}

export function createDesignChangeRepository(db: Db) {
  return {
    /** Several keys changed in one transaction are stored together (one statement). */
    async recordDesignChanges(
      changes: Array<{
        documentId: string;
        userId: string | null;
        origin: DesignChangeOrigin;
        key: string;
        oldValue: string | null;
        newValue: string | null;
        changedAt: string;
      }>,
    ) {
      if (changes.length === 0) return;
      await db
        .insertInto("design_changes")
        .values(
          changes.map((change) => ({
            document_id: change.documentId,
            user_id: change.userId,
            origin: change.origin,
            key: change.key,
            old_value: change.oldValue,
            new_value: change.newValue,
            changed_at: change.changedAt,
          })),
        )
        .execute();
    },
    /** Changes strictly after `after` (ISO time), oldest first. */
    listDesignChangesSince: (documentId: string, after: string) =>
      db
        .selectFrom("design_changes as c")
        .leftJoin("users as u", (join) => join.onRef("u.id", "=", "c.user_id").on("u.deleted_at", "is", null))
        .selectAll("c")
        .select("u.display_name")
        .where("c.document_id", "=", documentId)
        .where("c.changed_at", ">", after)
        .orderBy("c.changed_at")
        .orderBy("c.id")
        .$castTo<DesignChangeRow>()
        .execute(),
  };
}
export type DesignChangeRepository = ReturnType<typeof createDesignChangeRepository>;
