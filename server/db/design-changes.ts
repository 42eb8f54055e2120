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
  const insert = db.prepare(
    `INSERT INTO design_changes (document_id, user_id, origin, key, old_value, new_value, changed_at)
     VALUES (@documentId, @userId, @origin, @key, @oldValue, @newValue, @changedAt)`,
  );
  const since = db.prepare<[string, string], DesignChangeRow>(
    `SELECT c.*, u.display_name FROM design_changes c LEFT JOIN users u ON u.id = c.user_id AND u.deleted_at IS NULL
     WHERE c.document_id = ? AND c.changed_at > ? ORDER BY c.changed_at, c.id`,
  );
  return {
    /** Several keys changed in one transaction are stored together. */
    recordDesignChanges(
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
      db.transaction(() => {
        for (const change of changes) insert.run(change);
      })();
    },
    /** Changes strictly after `after` (ISO time), oldest first. */
    listDesignChangesSince: (documentId: string, after: string) => since.all(documentId, after),
  };
}
export type DesignChangeRepository = ReturnType<typeof createDesignChangeRepository>;
