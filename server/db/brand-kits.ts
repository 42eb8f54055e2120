import type { Db } from "./database";

export interface BrandKitRow {
  id: string;
  workspace_id: string;
  name: string;
  colours: string;
  heading_font: string;
  body_font: string;
  logo_upload_id: string | null;
  footer_text: string;
  locked_elements: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface BrandKitValues {
  name: string;
  colours: string;
  headingFont: string;
  bodyFont: string;
  logoUploadId: string | null;
  footerText: string;
  lockedElements: string;
}

export function createBrandKitRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO brand_kits (id, workspace_id, name, colours, heading_font, body_font, logo_upload_id, footer_text, locked_elements, created_by)
     VALUES (@id, @workspaceId, @name, @colours, @headingFont, @bodyFont, @logoUploadId, @footerText, @lockedElements, @createdBy)`,
  );
  const update = db.prepare(
    `UPDATE brand_kits SET name = @name, colours = @colours, heading_font = @headingFont, body_font = @bodyFont,
       logo_upload_id = @logoUploadId, footer_text = @footerText, locked_elements = @lockedElements,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
     WHERE id = @id AND workspace_id = @workspaceId`,
  );
  const byId = db.prepare<[string], BrandKitRow>("SELECT * FROM brand_kits WHERE id = ?");
  const byName = db.prepare<[string, string], BrandKitRow>(
    "SELECT * FROM brand_kits WHERE workspace_id = ? AND name = ?",
  );
  const byWorkspace = db.prepare<[string], BrandKitRow>(
    "SELECT * FROM brand_kits WHERE workspace_id = ? ORDER BY name",
  );
  const remove = db.prepare("DELETE FROM brand_kits WHERE id = ? AND workspace_id = ?");
  return {
    insertBrandKit: (row: BrandKitValues & { id: string; workspaceId: string; createdBy: string }) =>
      void insert.run(row),
    updateBrandKit: (row: BrandKitValues & { id: string; workspaceId: string }) => update.run(row).changes > 0,
    getBrandKit: (id: string) => byId.get(id),
    /** Names are unique per workspace, whatever their case. */
    findBrandKitByName: (workspaceId: string, name: string) => byName.get(workspaceId, name),
    listBrandKits: (workspaceId: string) => byWorkspace.all(workspaceId),
    deleteBrandKit: (id: string, workspaceId: string) => remove.run(id, workspaceId).changes > 0,
  };
}
export type BrandKitRepository = ReturnType<typeof createBrandKitRepository>;
