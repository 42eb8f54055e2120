import type { Db } from "./database";

/** One row of the append-only audit log (SQLite triggers refuse UPDATE and DELETE). */
export interface AuditRow {
  seq: number;
  workspace_id: string;
  document_id: string | null;
  type: string;
  actor_id: string | null;
  actor_name: string;
  data: string;
  at: string;
  prev_hash: string;
  hash: string;
}

export function createAuditRepository(db: Db) {
  const last = db.prepare<[string], { hash: string }>(
    "SELECT hash FROM audit_events WHERE workspace_id = ? ORDER BY seq DESC LIMIT 1",
  );
  const insert = db.prepare(
    `INSERT INTO audit_events (workspace_id, document_id, type, actor_id, actor_name, data, at, prev_hash, hash)
     VALUES (@workspaceId, @documentId, @type, @actorId, @actorName, @data, @at, @prevHash, @hash)`,
  );
  const byWorkspace = db.prepare<[string, number], AuditRow>(
    "SELECT * FROM audit_events WHERE workspace_id = ? ORDER BY seq DESC LIMIT ?",
  );
  const byDocument = db.prepare<[string, string, number], AuditRow>(
    "SELECT * FROM audit_events WHERE workspace_id = ? AND document_id = ? ORDER BY seq DESC LIMIT ?",
  );
  const chainOf = db.prepare<[string], AuditRow>("SELECT * FROM audit_events WHERE workspace_id = ? ORDER BY seq");
  return {
    /** Runs `append` with the hash of the workspace's last event, in one transaction (two writers never fork the chain). */
    appendAfterLast(workspaceId: string, append: (lastHash: string | null) => Omit<AuditRow, "seq" | "workspace_id">) {
      db.transaction(() => {
        const row = append(last.get(workspaceId)?.hash ?? null);
        insert.run({
          workspaceId,
          documentId: row.document_id,
          type: row.type,
          actorId: row.actor_id,
          actorName: row.actor_name,
          data: row.data,
          at: row.at,
          prevHash: row.prev_hash,
          hash: row.hash,
        });
      })();
    },
    newest: (workspaceId: string, limit: number, documentId?: string) =>
      documentId ? byDocument.all(workspaceId, documentId, limit) : byWorkspace.all(workspaceId, limit),
    /** A workspace's whole chain, oldest first, read row by row. */
    chain: (workspaceId: string) => chainOf.iterate(workspaceId),
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
