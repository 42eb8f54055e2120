/**
 * Brand kits: coordinators and designers make and change them; everyone in the workspace can see them (the design
 * page shows which kit a document uses). A kit whose colours would print unreadable text is refused, with the
 * nearest passing shade in the message, exactly as the design panel refuses it.
 */
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { brandKitInput, type BrandKit, type LockableElement } from "../../app/domain/brand-kit";
import { colourSetProblems } from "../../app/domain/colour";
import { colourSet, type FontId } from "../../app/domain/design";
import { errors } from "../../app/domain/errors";
import { can } from "../../app/domain/permissions";
import type { BrandKitRepository, BrandKitRow } from "../db/brand-kits";
import { isUniqueViolation } from "../db/database";
import type { Viewer } from "./auth";
import type { UploadService } from "./uploads";

function toBrandKit(row: BrandKitRow): BrandKit {
  return {
    id: row.id,
    name: row.name,
    colours: colourSet.parse(JSON.parse(row.colours)),
    headingFont: row.heading_font as FontId,
    bodyFont: row.body_font as FontId,
    logoUploadId: row.logo_upload_id,
    logoUrl: row.logo_upload_id ? `/uploads/${row.logo_upload_id}` : null,
    footerText: row.footer_text,
    lockedElements: JSON.parse(row.locked_elements) as LockableElement[],
    updatedAt: row.updated_at,
  };
}

export function createBrandKitService(deps: { brandKits: BrandKitRepository; uploads: UploadService }) {
  const { brandKits, uploads } = deps;

  function requireDesigner(viewer: Viewer) {
    if (!can(viewer.member, "design:edit"))
      throw errors.forbidden("Only designers and coordinators can change brand kits.");
  }

  const nameTaken = () =>
    errors.conflict("name_taken", "There is already a brand kit with that name. Choose another name.", {
      fields: { name: ["That name is taken."] },
    });

  /** Writes a kit; a kit given the same name since `validate` looked (another request) is refused the same way. */
  async function writeKit(write: () => Promise<unknown>) {
    try {
      await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
  }

  async function requireKit(viewer: Viewer, id: string): Promise<BrandKitRow> {
    const row = await brandKits.getBrandKit(id);
    if (!row || !can(viewer.member, "document:read", { workspaceId: row.workspace_id }))
      throw errors.notFound("That brand kit");
    return row;
  }

  /** Parses and checks a kit; every problem is a field error with a message for a person. */
  async function validate(viewer: Viewer, input: unknown, exceptId?: string) {
    const parsed = brandKitInput.safeParse(input);
    if (!parsed.success) {
      const fields: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.join(".") || "form";
        (fields[key] ??= []).push(issue.message);
      }
      throw errors.badRequest(parsed.error.issues[0]!.message, { fields });
    }
    const kit = parsed.data;
    const problems = colourSetProblems(kit.colours);
    const problemFields = Object.entries(problems);
    if (problemFields.length > 0) {
      throw errors.badRequest(problemFields[0]![1]!, {
        fields: Object.fromEntries(problemFields.map(([role, message]) => [`colours.${role}`, [message!]])),
      });
    }
    const sameName = await brandKits.findBrandKitByName(viewer.member.workspaceId, kit.name);
    if (sameName && sameName.id !== exceptId) throw nameTaken();
    if (kit.logoUploadId) {
      try {
        await uploads.requireUpload(viewer, kit.logoUploadId);
      } catch {
        throw errors.badRequest("That logo could not be found. Upload it again.", {
          fields: { logo: ["Upload the logo again."] },
        });
      }
    }
    if (kit.lockedElements.includes("logo") && !kit.logoUploadId) {
      throw errors.badRequest("You locked the logo, but the kit has no logo. Upload one, or untick the lock.", {
        fields: { lockedElements: ["Upload a logo first."] },
      });
    }
    if (kit.lockedElements.includes("footerText") && !kit.footerText) {
      throw errors.badRequest("You locked the footer text, but it is empty. Write it, or untick the lock.", {
        fields: { lockedElements: ["Write the footer text first."] },
      });
    }
    return kit;
  }

  function values(kit: z.infer<typeof brandKitInput>) {
    return {
      name: kit.name,
      colours: JSON.stringify(kit.colours),
      headingFont: kit.headingFont,
      bodyFont: kit.bodyFont,
      logoUploadId: kit.logoUploadId,
      footerText: kit.footerText,
      lockedElements: JSON.stringify(kit.lockedElements),
    };
  }

  return {
    listBrandKits: async (viewer: Viewer): Promise<BrandKit[]> =>
      (await brandKits.listBrandKits(viewer.member.workspaceId)).map(toBrandKit),

    getBrandKit: async (viewer: Viewer, id: string): Promise<BrandKit> => toBrandKit(await requireKit(viewer, id)),

    async createBrandKit(viewer: Viewer, input: unknown): Promise<BrandKit> {
      requireDesigner(viewer);
      const kit = await validate(viewer, input);
      const id = randomUUID();
      await writeKit(() =>
        brandKits.insertBrandKit({
          id,
          workspaceId: viewer.member.workspaceId,
          createdBy: viewer.userId,
          ...values(kit),
        }),
      );
      return toBrandKit((await brandKits.getBrandKit(id))!);
    },

    async updateBrandKit(viewer: Viewer, id: string, input: unknown): Promise<BrandKit> {
      requireDesigner(viewer);
      const row = await requireKit(viewer, id);
      const kit = await validate(viewer, input, row.id);
      await writeKit(() => brandKits.updateBrandKit({ id: row.id, workspaceId: row.workspace_id, ...values(kit) }));
      return toBrandKit((await brandKits.getBrandKit(row.id))!);
    },

    /** Documents keep the colours, fonts and logo they copied from the kit; only the kit itself goes. */
    async deleteBrandKit(viewer: Viewer, id: string) {
      requireDesigner(viewer);
      const row = await requireKit(viewer, id);
      await brandKits.deleteBrandKit(row.id, row.workspace_id);
    },
  };
}
export type BrandKitService = ReturnType<typeof createBrandKitService>;
