import type { Db } from "./database";

export interface DocumentRow {
  id: string;
  workspace_id: string;
  title: string;
  template_id: string;
  language: string;
  reading_age: string;
  ownership_mode: "collective" | "owned";
  created_by: string;
  created_at: string;
  updated_at: string;
}

export function createDocumentRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO documents (id, workspace_id, title, template_id, language, reading_age, created_by)
     VALUES (@id, @workspaceId, @title, @templateId, @language, @readingAge, @createdBy)`,
  );
  const byId = db.prepare<[string], DocumentRow>("SELECT * FROM documents WHERE id = ?");
  const byWorkspace = db.prepare<[string], DocumentRow>(
    "SELECT * FROM documents WHERE workspace_id = ? ORDER BY updated_at DESC",
  );
  const setTitle = db.prepare(
    "UPDATE documents SET title = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
  );
  const setMode = db.prepare("UPDATE documents SET ownership_mode = ? WHERE id = ?");
  const setTemplate = db.prepare("UPDATE documents SET template_id = ? WHERE id = ?");
  const touch = db.prepare("UPDATE documents SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?");
  const stateOf = db.prepare<[string], { state: Buffer }>("SELECT state FROM document_states WHERE document_id = ?");
  const updatesOf = db.prepare<[string], { seq: number; data: Buffer }>(
    "SELECT seq, data FROM document_updates WHERE document_id = ? ORDER BY seq",
  );
  const appendUpdate = db.prepare("INSERT INTO document_updates (document_id, data) VALUES (?, ?)");
  const upsertState = db.prepare(
    `INSERT INTO document_states (document_id, state) VALUES (?, ?)
     ON CONFLICT(document_id) DO UPDATE SET state = excluded.state, compacted_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
  );
  const deleteUpdatesUpTo = db.prepare("DELETE FROM document_updates WHERE document_id = ? AND seq <= ?");
  const clientOwners = db.prepare<[string], { client_id: number; user_id: string }>(
    "SELECT client_id, user_id FROM document_client_ids WHERE document_id = ?",
  );
  const claimClient = db.prepare(
    "INSERT OR IGNORE INTO document_client_ids (document_id, client_id, user_id) VALUES (?, ?, ?)",
  );

  return {
    createDocumentRow(
      row: {
        id: string;
        workspaceId: string;
        title: string;
        templateId: string;
        language: string;
        readingAge: string;
        createdBy: string;
      },
      state: Uint8Array,
    ) {
      db.transaction(() => {
        insert.run(row);
        upsertState.run(row.id, Buffer.from(state));
      })();
    },
    getDocumentRow: (id: string) => byId.get(id),
    listDocumentRows: (workspaceId: string) => byWorkspace.all(workspaceId),
    setDocumentTitle: (id: string, title: string) => void setTitle.run(title, id),
    touchDocument: (id: string) => void touch.run(id),
    setOwnershipMode: (id: string, mode: "collective" | "owned") => void setMode.run(mode, id),
    /** The template the design uses now (the list and every document page's header show it). */
    setDocumentTemplate: (id: string, templateId: string) => void setTemplate.run(templateId, id),
    /** The compacted state and every update logged after it, in order. */
    loadDocumentState(id: string): { state: Uint8Array | null; updates: Uint8Array[]; lastSeq: number } {
      const state = stateOf.get(id)?.state ?? null;
      const rows = updatesOf.all(id);
      return { state, updates: rows.map((row) => row.data), lastSeq: rows.at(-1)?.seq ?? 0 };
    },
    /** Appends updates in one transaction; returns the last sequence number written. */
    appendUpdates(id: string, updates: Uint8Array[]): number {
      return db.transaction(() => {
        let last = 0;
        for (const update of updates) last = Number(appendUpdate.run(id, Buffer.from(update)).lastInsertRowid);
        return last;
      })();
    },
    loadClientOwners: (id: string) => new Map(clientOwners.all(id).map((row) => [row.client_id, row.user_id])),
    claimClient: (id: string, clientId: number, userId: string) => void claimClient.run(id, clientId, userId),
    /** Replaces the logged updates up to `upToSeq` with one compacted state, atomically. */
    compact(id: string, state: Uint8Array, upToSeq: number) {
      db.transaction(() => {
        upsertState.run(id, Buffer.from(state));
        deleteUpdatesUpTo.run(id, upToSeq);
      })();
    },
  };
}
export type DocumentRepository = ReturnType<typeof createDocumentRepository>;
