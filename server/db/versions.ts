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

export function createVersionRepository(db: Db) {
  const selectVersions = () => db.selectFrom("versions as v").leftJoin("users as u", "u.id", "v.created_by");
  return {
    async insertVersion(row: {
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
      await db
        .insertInto("versions")
        .values({
          id: row.id,
          document_id: row.documentId,
          name: row.name,
          kind: row.kind,
          restored_from: row.restoredFrom,
          state: Buffer.from(row.state),
          canonical: row.canonical,
          hash: row.hash,
          content_hash: row.contentHash,
          design_hash: row.designHash,
          created_by: row.createdBy,
        })
        .execute();
    },
    /** Newest first, without the stored states. */
    listVersions: (documentId: string) =>
      selectVersions()
        .select([
          "v.id",
          "v.document_id",
          "v.name",
          "v.kind",
          "v.restored_from",
          "v.hash",
          "v.content_hash",
          "v.design_hash",
          "v.created_by",
          "v.created_at",
          "u.display_name as created_by_name",
        ])
        .where("v.document_id", "=", documentId)
        .orderBy("v.created_at", "desc")
        .orderBy("v.id", "desc")
        .$castTo<Omit<VersionRow, "state" | "canonical">>()
        .execute(),
    getVersion: (documentId: string, id: string) =>
      selectVersions()
        .selectAll("v")
        .select("u.display_name as created_by_name")
        .where("v.id", "=", id)
        .where("v.document_id", "=", documentId)
        .$castTo<VersionRow>()
        .executeTakeFirst(),
  };
}
export type VersionRepository = ReturnType<typeof createVersionRepository>;
