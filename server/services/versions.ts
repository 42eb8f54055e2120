/**
 * Named versions of a document: a full stored state with its canonical JSON and hash. Viewing and comparing read
 * stored rows; restoring applies the old content as a NEW edit on top of the live document, so nothing is lost
 * and everyone editing sees the change at once.
 */
import { randomUUID } from "node:crypto";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import * as z from "zod";
import { diffDocuments } from "../../app/domain/document-diff";
import { canonicalJson, type CanonicalDocument } from "../../app/domain/document-hash";
import { errors } from "../../app/domain/errors";
import { can } from "../../app/domain/permissions";
import { documentSchema } from "../../app/editor/schema.server";
import type { VersionRepository } from "../db/versions";
import type { SyncServer } from "../sync/sync-server";
import type { AuditLog } from "./audit";
import type { Viewer } from "./auth";
import type { ContributionLog } from "./contributions";
import { hashCanonical, readCanonical } from "./document-state";
import type { DocumentService } from "./documents";

export const versionName = z
  .string({ error: "Give the version a name." })
  .trim()
  .min(1, "Give the version a name, for example “Sent to staff for review”.")
  .max(120, "Keep the name under 120 characters.");

export function createVersionService(deps: {
  versions: VersionRepository;
  documents: DocumentService;
  sync: SyncServer;
  contributions: ContributionLog;
  audit: AuditLog;
}) {
  const { versions, documents, sync, contributions, audit } = deps;

  async function requireEditor(viewer: Viewer, documentId: string) {
    const summary = await documents.getSummary(viewer, documentId); // 404 for other workspaces
    if (!can(viewer.member, "content:edit", { workspaceId: viewer.member.workspaceId })) {
      throw errors.forbidden("Only people who write or coordinate can save or restore versions.");
    }
    return summary;
  }

  /**
   * Why this person may not restore a version of the document now, or null when they may. A restore rewrites every
   * section: in owned mode that is for coordinators, who may change any section.
   */
  async function restoreRefusal(viewer: Viewer, documentId: string): Promise<string | null> {
    if (!can(viewer.member, "content:edit", { workspaceId: viewer.member.workspaceId }))
      return "Only people who write or coordinate can save or restore versions.";
    const mode = (await sync.getRoom(documentId)).doc.getMap("settings").get("ownershipMode");
    if (mode === "owned" && !can(viewer.member, "manage"))
      return "While each section can only be changed by its owner, only a coordinator can restore a version, because it changes everyone's sections.";
    return null;
  }

  async function snapshot(documentId: string) {
    const room = await sync.getRoom(documentId);
    await room.flush();
    const canonical = readCanonical(room.doc);
    return { state: Y.encodeStateAsUpdate(room.doc), canonical, hashes: hashCanonical(canonical) };
  }

  async function store(
    viewer: Viewer,
    documentId: string,
    name: string,
    kind: "named" | "restore",
    restoredFrom: string | null,
  ) {
    const { state, canonical, hashes } = await snapshot(documentId);
    const id = randomUUID();
    await versions.insertVersion({
      id,
      documentId,
      name,
      kind,
      restoredFrom,
      state,
      canonical: canonicalJson(canonical),
      hash: hashes.hash,
      contentHash: hashes.contentHash,
      designHash: hashes.designHash,
      createdBy: viewer.userId,
    });
    return { id, ...hashes };
  }

  async function loadVersion(viewer: Viewer, documentId: string, versionId: string) {
    await documents.getSummary(viewer, documentId);
    const row = await versions.getVersion(documentId, versionId);
    if (!row) throw errors.notFound("That version");
    return row;
  }

  return {
    async saveVersion(viewer: Viewer, documentId: string, name: unknown) {
      await requireEditor(viewer, documentId);
      const parsed = versionName.safeParse(name);
      if (!parsed.success)
        throw errors.badRequest(parsed.error.issues[0]!.message, {
          fields: { name: [parsed.error.issues[0]!.message] },
        });
      return store(viewer, documentId, parsed.data, "named", null);
    },

    async listVersions(viewer: Viewer, documentId: string) {
      await documents.getSummary(viewer, documentId);
      return (await versions.listVersions(documentId)).map((row) => ({
        id: row.id,
        name: row.name,
        kind: row.kind,
        restoredFrom: row.restored_from,
        hash: row.hash,
        createdBy: row.created_by_name ?? "A former member",
        createdAt: row.created_at,
      }));
    },

    async getVersion(viewer: Viewer, documentId: string, versionId: string) {
      const row = await loadVersion(viewer, documentId, versionId);
      return {
        id: row.id,
        name: row.name,
        kind: row.kind,
        hash: row.hash,
        createdBy: row.created_by_name ?? "A former member",
        createdAt: row.created_at,
        document: JSON.parse(row.canonical) as CanonicalDocument,
      };
    },

    /** Per-section differences from version `fromId` to version `toId` ("current" = the live document). */
    async compare(viewer: Viewer, documentId: string, fromId: string, toId: string) {
      const read = async (id: string) =>
        id === "current"
          ? (await snapshot(documentId)).canonical
          : (JSON.parse((await loadVersion(viewer, documentId, id)).canonical) as CanonicalDocument);
      await documents.getSummary(viewer, documentId);
      const [from, to] = [await read(fromId), await read(toId)];
      return diffDocuments(from.content, to.content);
    },

    /** Why this person can't restore a version now (so pages offer it only to those who can), or null. */
    async restoreRefusal(viewer: Viewer, documentId: string): Promise<string | null> {
      await documents.getSummary(viewer, documentId); // 404 for other workspaces
      return restoreRefusal(viewer, documentId);
    },

    /** Makes the live document's text and title match the version, as a new edit; records a "restored" version. */
    async restoreVersion(viewer: Viewer, documentId: string, versionId: string) {
      await requireEditor(viewer, documentId);
      const refusal = await restoreRefusal(viewer, documentId);
      if (refusal) throw errors.forbidden(refusal);
      const row = await loadVersion(viewer, documentId, versionId);
      const old = JSON.parse(row.canonical) as CanonicalDocument;
      const room = await sync.getRoom(documentId);
      // A restore rewrites the words and title (never the design): the person who asked for it helped make them.
      await contributions.record(documentId, viewer.userId, ["content"]);
      await room.change(`restore:${viewer.userId}`, (doc) => {
        prosemirrorJSONToYXmlFragment(
          documentSchema,
          old.content as Record<string, unknown>,
          doc.getXmlFragment("content"),
        );
        const meta = doc.getMap("meta");
        for (const [key, value] of Object.entries(old.meta)) if (meta.get(key) !== value) meta.set(key, value);
      });
      const restored = await store(viewer, documentId, `Restored “${row.name}”`, "restore", row.id);
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: "version.restored",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { versionId: row.id, name: row.name, hash: restored.hash },
      });
      return restored;
    },
  };
}
export type VersionService = ReturnType<typeof createVersionService>;
