import type { Db } from "./database";

export interface VersionRow {
  id: string;
  document_id: string;
  name: string;
  kind: "named" | "restore";
  restored_from: string | null;
  state: Buffer;
  canonical: string;
  hash: string;
  content_hash: string;
  design_hash: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
}

const select = `SELECT v.*, u.display_name AS created_by_name FROM versions v LEFT JOIN users u ON u.id = v.created_by`;

export function createVersionRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO versions (id, document_id, name, kind, restored_from, state, canonical, hash, content_hash, design_hash, created_by)
     VALUES (@id, @documentId, @name, @kind, @restoredFrom, @state, @canonical, @hash, @contentHash, @designHash, @createdBy)`,
  );
  const list = db.prepare<[string], Omit<VersionRow, "state" | "canonical">>(
    `SELECT v.id, v.document_id, v.name, v.kind, v.restored_from, v.hash, v.content_hash, v.design_hash, v.created_by, v.created_at,
            u.display_name AS created_by_name
     FROM versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.document_id = ? ORDER BY v.created_at DESC, v.rowid DESC`,
  );
  const byId = db.prepare<[string, string], VersionRow>(`${select} WHERE v.id = ? AND v.document_id = ?`);
  return {
    insertVersion(row: {
      id: string;
      documentId: string;
      name: string;
      kind: VersionRow["kind"];
      restoredFrom: string | null;
      state: Uint8Array;
      canonical: string;
      hash: string;
      contentHash: string;
      designHash: string;
      createdBy: string;
    }) {
      insert.run({ ...row, state: Buffer.from(row.state) });
    },
    listVersions: (documentId: string) => list.all(documentId),
    getVersion: (documentId: string, id: string) => byId.get(id, documentId),
  };
}
export type VersionRepository = ReturnType<typeof createVersionRepository>;
