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
  /** What it shows, as last described by someone who used it (for finding and reusing it). */
  description: string | null;
  /** The credit its licence asks for (pictures from the open-licence library), else null. */
  credit: string | null;
  /** Which library picture it is ("openmoji:1F3E0"), else null. */
  library_id: string | null;
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
      description?: string | null;
      credit?: string | null;
      libraryId?: string | null;
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
          description: row.description ?? null,
          credit: row.credit ?? null,
          library_id: row.libraryId ?? null,
        })
        .execute();
    },
    /** The workspace's stored copy of a library picture, if it has one. */
    libraryUpload: (workspaceId: string, libraryId: string) =>
      selectUploads().where("workspace_id", "=", workspaceId).where("library_id", "=", libraryId).executeTakeFirst(),
    /** Remembers what a picture shows, for finding it again. */
    async describe(id: string, description: string): Promise<void> {
      await db.updateTable("uploads").set({ description }).where("id", "=", id).execute();
    },
    /** The workspace's described pictures (not logos), newest first. */
    describedPictures: (workspaceId: string) =>
      selectUploads()
        .where("workspace_id", "=", workspaceId)
        .where("purpose", "=", "image")
        .where("description", "is not", null)
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .execute(),
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
