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
  const insert = db.prepare(
    `INSERT INTO uploads (id, workspace_id, purpose, media_type, original_type, original_name, storage_name, byte_size, width, height, sha256, created_by)
     VALUES (@id, @workspaceId, @purpose, @mediaType, @originalType, @originalName, @storageName, @byteSize, @width, @height, @sha256, @createdBy)`,
  );
  const byId = db.prepare<[string], UploadRow>("SELECT * FROM uploads WHERE id = ?");
  const byWorkspace = db.prepare<[string], UploadRow>(
    "SELECT * FROM uploads WHERE workspace_id = ? ORDER BY created_at DESC",
  );
  return {
    insertUpload(row: {
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
      insert.run(row);
    },
    getUpload: (id: string) => byId.get(id),
    listUploads: (workspaceId: string) => byWorkspace.all(workspaceId),
  };
}
export type UploadRepository = ReturnType<typeof createUploadRepository>;
