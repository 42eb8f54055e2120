import type { Db } from "./database";

export type UploadPurpose = "logo" | "image";
export type StoredMediaType = "image/png" | "image/jpeg";

export interface UploadRow {
  id: string;
  workspace_id: string;
  purpose: UploadPurpose;
  media_type: StoredMediaType;
  original_type: string;
  original_name: string;
  storage_name: string;
  byte_size: number;
  width: number;
  height: number;
  sha256: string;
  created_by: string | null;
  created_at: string;
}

export function createUploadRepository(db: Db) {
  const selectUploads = () => db.selectFrom("uploads").selectAll().$castTo<UploadRow>();
  return {
    async insertUpload(row: {
      id: string;
      workspaceId: string;
      purpose: UploadPurpose;
      mediaType: StoredMediaType;
      originalType: string;
      originalName: string;
      storageName: string;
      byteSize: number;
      width: number;
      height: number;
      sha256: string;
      createdBy: string;
    }) {
      await db
        .insertInto("uploads")
        .values({
          id: row.id,
          workspace_id: row.workspaceId,
          purpose: row.purpose,
          media_type: row.mediaType,
          original_type: row.originalType,
          original_name: row.originalName,
          storage_name: row.storageName,
          byte_size: row.byteSize,
          width: row.width,
          height: row.height,
          sha256: row.sha256,
          created_by: row.createdBy,
        })
        .execute();
    },
    getUpload: (id: string) => selectUploads().where("id", "=", id).executeTakeFirst(),
    listUploads: (workspaceId: string) =>
      selectUploads()
        .where("workspace_id", "=", workspaceId)
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .execute(),
  };
}
export type UploadRepository = ReturnType<typeof createUploadRepository>;
