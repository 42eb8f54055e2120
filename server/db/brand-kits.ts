import { sql } from "kysely";
import { nowIso, type Db } from "./database";

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

function columns(row: BrandKitValues) {
  return {
    name: row.name,
    colours: row.colours,
    heading_font: row.headingFont,
    body_font: row.bodyFont,
    logo_upload_id: row.logoUploadId,
    footer_text: row.footerText,
    locked_elements: row.lockedElements,
  };
}

export function createBrandKitRepository(db: Db) {
  return {
    async insertBrandKit(row: BrandKitValues & { id: string; workspaceId: string; createdBy: string }) {
      await db
        .insertInto("brand_kits")
        .values({ id: row.id, workspace_id: row.workspaceId, created_by: row.createdBy, ...columns(row) })
        .execute();
    },
    async updateBrandKit(row: BrandKitValues & { id: string; workspaceId: string }) {
      const result = await db
        .updateTable("brand_kits")
        .set({ ...columns(row), updated_at: nowIso() })
        .where("id", "=", row.id)
        .where("workspace_id", "=", row.workspaceId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    getBrandKit: (id: string): Promise<BrandKitRow | undefined> =>
      db.selectFrom("brand_kits").selectAll().where("id", "=", id).executeTakeFirst(),
    /** Names are unique per workspace, whatever their case (the column is case-insensitive in both databases). */
    findBrandKitByName: (workspaceId: string, name: string): Promise<BrandKitRow | undefined> =>
      db
        .selectFrom("brand_kits")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .where("name", "=", name)
        .executeTakeFirst(),
    listBrandKits: (workspaceId: string): Promise<BrandKitRow[]> =>
      db
        .selectFrom("brand_kits")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .orderBy(sql`lower(name)`)
        .execute(),
    async deleteBrandKit(id: string, workspaceId: string) {
      const result = await db
        .deleteFrom("brand_kits")
        .where("id", "=", id)
        .where("workspace_id", "=", workspaceId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
export type BrandKitRepository = ReturnType<typeof createBrandKitRepository>;
