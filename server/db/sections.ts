import type { Db } from "./database";

/** One section of a document as the section index keeps it (see server/services/section-index.ts). */
export interface IndexedSection {
  sectionId: string;
  position: number;
  title: string;
  owner: string | null;
  status: string;
}

export interface OwnedSectionRow {
  document_id: string;
  document_title: string;
  section_id: string;
  position: number;
  title: string;
  status: string;
}

export interface HandoverRow {
  id: string;
  document_id: string;
  document_title: string;
  section_id: string;
  section_title: string;
  from_user: string | null;
  from_name: string | null;
  to_user: string | null;
  by_user: string | null;
  by_name: string | null;
  note: string;
  created_at: string;
}

/** The section index (each document's sections: title, owner, status, order) and the record of hand-overs. */
export function createSectionRepository(db: Db) {
  const sectionsOf = db.prepare<
    [string],
    { section_id: string; position: number; title: string; owner: string | null; status: string }
  >("SELECT section_id, position, title, owner, status FROM document_sections WHERE document_id = ? ORDER BY position");
  const deleteSections = db.prepare("DELETE FROM document_sections WHERE document_id = ?");
  const insertSection = db.prepare(
    "INSERT INTO document_sections (document_id, section_id, position, title, owner, status) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const ownedBy = db.prepare<[string, string], OwnedSectionRow>(
    `SELECT s.document_id, d.title AS document_title, s.section_id, s.position, s.title, s.status
     FROM document_sections s JOIN documents d ON d.id = s.document_id
     WHERE d.workspace_id = ? AND s.owner = ? ORDER BY d.updated_at DESC, s.position`,
  );
  const unindexed = db.prepare<[string], { id: string }>(
    "SELECT id FROM documents d WHERE d.workspace_id = ? AND NOT EXISTS (SELECT 1 FROM document_sections s WHERE s.document_id = d.id)",
  );
  const ownersInWorkspace = db.prepare<[string], { document_id: string; section_id: string; owner: string | null }>(
    "SELECT s.document_id, s.section_id, s.owner FROM document_sections s JOIN documents d ON d.id = s.document_id WHERE d.workspace_id = ?",
  );
  const insertHandover = db.prepare(
    `INSERT INTO section_handovers (id, document_id, section_id, section_title, from_user, to_user, by_user, note)
     VALUES (@id, @documentId, @sectionId, @sectionTitle, @fromUser, @toUser, @byUser, @note)`,
  );
  const handoversTo = db.prepare<[string, string, string], HandoverRow>(
    `SELECT h.*, d.title AS document_title, f.display_name AS from_name, b.display_name AS by_name
     FROM section_handovers h JOIN documents d ON d.id = h.document_id
     LEFT JOIN users f ON f.id = h.from_user LEFT JOIN users b ON b.id = h.by_user
     WHERE d.workspace_id = ? AND h.to_user = ? AND h.created_at >= ? AND h.seen_at IS NULL ORDER BY h.created_at DESC, h.rowid DESC LIMIT 50`,
  );
  const markSeen = db.prepare<[string, string]>(
    "UPDATE section_handovers SET seen_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE document_id = ? AND to_user = ? AND seen_at IS NULL",
  );
  const makers = db.prepare<[string], { id: string; name: string | null }>(
    "SELECT d.id, u.display_name AS name FROM documents d LEFT JOIN users u ON u.id = d.created_by WHERE d.workspace_id = ?",
  );

  return {
    sectionsOf: (documentId: string): IndexedSection[] =>
      sectionsOf.all(documentId).map((row) => ({
        sectionId: row.section_id,
        position: row.position,
        title: row.title,
        owner: row.owner,
        status: row.status,
      })),
    /** Replaces a document's indexed sections, in one transaction. */
    replaceSections(documentId: string, sections: IndexedSection[]) {
      db.transaction(() => {
        deleteSections.run(documentId);
        for (const s of sections) insertSection.run(documentId, s.sectionId, s.position, s.title, s.owner, s.status);
      })();
    },
    sectionsOwnedBy: (workspaceId: string, userId: string) => ownedBy.all(workspaceId, userId),
    /** Documents of the workspace the index knows nothing about yet (made or last opened before it existed). */
    unindexedDocuments: (workspaceId: string) => unindexed.all(workspaceId).map((row) => row.id),
    /** Document id → section id → owner, for every document of the workspace. */
    ownersInWorkspace(workspaceId: string): Map<string, Map<string, string | null>> {
      const result = new Map<string, Map<string, string | null>>();
      for (const row of ownersInWorkspace.all(workspaceId)) {
        const owners = result.get(row.document_id) ?? new Map<string, string | null>();
        owners.set(row.section_id, row.owner);
        result.set(row.document_id, owners);
      }
      return result;
    },
    recordHandover(row: {
      id: string;
      documentId: string;
      sectionId: string;
      sectionTitle: string;
      fromUser: string | null;
      toUser: string | null;
      byUser: string | null;
      note: string;
    }) {
      insertHandover.run(row);
    },
    /** Hand-overs to the person not yet seen, newest first. */
    handoversTo: (workspaceId: string, userId: string, since: string) => handoversTo.all(workspaceId, userId, since),
    /** The person has opened the document: its hand-overs to them are no longer news. */
    markHandoversSeen: (documentId: string, userId: string) => markSeen.run(documentId, userId).changes,
    /** Document id → the display name of the person who started it. */
    documentMakers: (workspaceId: string) =>
      new Map(makers.all(workspaceId).map((row) => [row.id, row.name ?? "A former member"])),
  };
}
export type SectionRepository = ReturnType<typeof createSectionRepository>;
