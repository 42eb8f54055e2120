import { sql } from "kysely";
import { nowIso, type Db } from "./database";

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
  return {
    async sectionsOf(documentId: string): Promise<IndexedSection[]> {
      const rows = await db
        .selectFrom("document_sections")
        .select(["section_id", "position", "title", "owner", "status"])
        .where("document_id", "=", documentId)
        .orderBy("position")
        .execute();
      return rows.map((row) => ({
        sectionId: row.section_id,
        position: row.position,
        title: row.title,
        owner: row.owner,
        status: row.status,
      }));
    },
    /** Replaces a document's indexed sections, in one transaction. */
    async replaceSections(documentId: string, sections: IndexedSection[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom("document_sections").where("document_id", "=", documentId).execute();
        if (sections.length === 0) return;
        await trx
          .insertInto("document_sections")
          .values(
            sections.map((s) => ({
              document_id: documentId,
              section_id: s.sectionId,
              position: s.position,
              title: s.title,
              owner: s.owner,
              status: s.status,
            })),
          )
          .execute();
      });
    },
    /** The person's sections, the most recently changed document first, each document's in order. */
    sectionsOwnedBy: (workspaceId: string, userId: string): Promise<OwnedSectionRow[]> =>
      db
        .selectFrom("document_sections as s")
        .innerJoin("documents as d", "d.id", "s.document_id")
        .select(["s.document_id", "d.title as document_title", "s.section_id", "s.position", "s.title", "s.status"])
        .where("d.workspace_id", "=", workspaceId)
        .where("s.owner", "=", userId)
        .orderBy("d.updated_at", "desc")
        .orderBy("s.document_id")
        .orderBy("s.position")
        .execute(),
    /** Documents of the workspace the index knows nothing about yet (made or last opened before it existed). */
    async unindexedDocuments(workspaceId: string): Promise<string[]> {
      const rows = await db
        .selectFrom("documents as d")
        .select("d.id")
        .where("d.workspace_id", "=", workspaceId)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("document_sections as s").select(sql.lit(1).as("one")).whereRef("s.document_id", "=", "d.id"),
            ),
          ),
        )
        .execute();
      return rows.map((row) => row.id);
    },
    /** Document id → section id → owner, for every document of the workspace. */
    async ownersInWorkspace(workspaceId: string): Promise<Map<string, Map<string, string | null>>> {
      const rows = await db
        .selectFrom("document_sections as s")
        .innerJoin("documents as d", "d.id", "s.document_id")
        .select(["s.document_id", "s.section_id", "s.owner"])
        .where("d.workspace_id", "=", workspaceId)
        .execute();
      const result = new Map<string, Map<string, string | null>>();
      for (const row of rows) {
        const owners = result.get(row.document_id) ?? new Map<string, string | null>();
        owners.set(row.section_id, row.owner);
        result.set(row.document_id, owners);
      }
      return result;
    },
    async recordHandover(row: {
      id: string;
      documentId: string;
      sectionId: string;
      sectionTitle: string;
      fromUser: string | null;
      toUser: string | null;
      byUser: string | null;
      note: string;
    }): Promise<void> {
      await db
        .insertInto("section_handovers")
        .values({
          id: row.id,
          document_id: row.documentId,
          section_id: row.sectionId,
          section_title: row.sectionTitle,
          from_user: row.fromUser,
          to_user: row.toUser,
          by_user: row.byUser,
          note: row.note,
        })
        .execute();
    },
    /** Hand-overs to the person not yet seen, newest first. */
    handoversTo: (workspaceId: string, userId: string, since: string): Promise<HandoverRow[]> =>
      db
        .selectFrom("section_handovers as h")
        .innerJoin("documents as d", "d.id", "h.document_id")
        .leftJoin("users as f", "f.id", "h.from_user")
        .leftJoin("users as b", "b.id", "h.by_user")
        .selectAll("h")
        .select(["d.title as document_title", "f.display_name as from_name", "b.display_name as by_name"])
        .where("d.workspace_id", "=", workspaceId)
        .where("h.to_user", "=", userId)
        .where("h.created_at", ">=", since)
        .where("h.seen_at", "is", null)
        .orderBy("h.created_at", "desc")
        .orderBy("h.id", "desc")
        .limit(50)
        .execute(),
    /** The person has opened the document: its hand-overs to them are no longer news. Returns how many were news. */
    async markHandoversSeen(documentId: string, userId: string): Promise<number> {
      const result = await db
        .updateTable("section_handovers")
        .set({ seen_at: nowIso() })
        .where("document_id", "=", documentId)
        .where("to_user", "=", userId)
        .where("seen_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    /** Document id → the display name of the person who started it. */
    async documentMakers(workspaceId: string): Promise<Map<string, string>> {
      const rows = await db
        .selectFrom("documents as d")
        .leftJoin("users as u", "u.id", "d.created_by")
        .select(["d.id", "u.display_name as name"])
        .where("d.workspace_id", "=", workspaceId)
        .execute();
      return new Map(rows.map((row) => [row.id, row.name ?? "A former member"]));
    },
  };
}
export type SectionRepository = ReturnType<typeof createSectionRepository>;
