import { randomUUID } from "node:crypto";
import * as z from "zod";
import * as Y from "yjs";
import { errors } from "../../app/domain/errors";
import { can } from "../../app/domain/permissions";
import { readOwnershipMode } from "../../app/domain/sections";
import { defaultDesign, readDesign, storedDesign } from "../../app/domain/design";
import { summariseTemplate, type Template } from "../../app/domain/template";
import type { DocumentRepository, DocumentRow } from "../db/documents";
import type { Room } from "../sync/room";
import type { SyncServer } from "../sync/sync-server";
import type { AuditLog } from "./audit";
import type { Viewer } from "./auth";
import type { ContributionLog } from "./contributions";
import { buildInitialState, hashCanonical, readCanonical, type StarterSection } from "./document-state";

export const documentTitle = z
  .string({ error: "Give the document a title." })
  .trim()
  .min(1, "Give the document a title.")
  .max(200, "Keep the title under 200 characters.");

export const createDocumentInput = z.object({
  title: documentTitle,
  templateId: z.string({ error: "Choose a template." }).min(1, "Choose a template."),
});

export interface DocumentSummary {
  id: string;
  title: string;
  templateId: string;
  templateName: string;
  language: string;
  ownershipMode: DocumentRow["ownership_mode"];
  updatedAt: string;
  createdAt: string;
}

export function createDocumentService(deps: {
  documents: DocumentRepository;
  templates: Map<string, Template>;
  sync: SyncServer;
  contributions: ContributionLog;
  audit: AuditLog;
  log: (message: string, fields?: Record<string, unknown>) => void;
}) {
  const { documents, templates, sync, contributions, audit, log } = deps;
  const lastTouched = new Map<string, number>();

  // Keep the list's title, template and "last changed" in step with the live document. Most batches are typing:
  // only "last changed" moves then (at most every 5 s); the row is read only when the title, the settings or the
  // design (a template switch) may have changed.
  function watchRoom(room: Room) {
    // One room's row updates run one after another, in the order the changes were stored.
    let queue = Promise.resolve();
    const later = (work: () => Promise<void>) => {
      queue = queue.then(work).catch((error: unknown) => {
        log("documents.row_update_failed", { documentId: room.documentId, error: String(error) });
      });
    };
    // The row's template follows the design's (an older document's large print tick counts), from the first load.
    const followTemplate = async (row: DocumentRow) => {
      const templateId = readDesign(room.doc.getMap("design").toJSON(), row.template_id).templateId;
      if (templateId !== row.template_id && templates.has(templateId))
        await documents.setDocumentTemplate(row.id, templateId);
    };
    later(async () => {
      const loaded = await documents.getDocumentRow(room.documentId);
      if (loaded) await followTemplate(loaded);
    });
    // "Last changed" moves at most every 5 s; a change inside that window moves it at the window's end, so the time
    // is never older than the last change (the list's "changed since release 2" compares it with a release's).
    // The time written is when the last change was made, not when it is written: a release published within those
    // 5 s is not "changed since" by the edits it includes.
    let trailing: NodeJS.Timeout | null = null;
    let changedAt = new Date().toISOString();
    const touchSoon = (at: string) => {
      changedAt = at > changedAt ? at : changedAt;
      const wait = (lastTouched.get(room.documentId) ?? 0) + 5000 - Date.now();
      if (wait <= 0) {
        lastTouched.set(room.documentId, Date.now());
        const when = changedAt;
        later(() => documents.touchDocument(room.documentId, when));
      } else
        trailing ??= setTimeout(() => {
          trailing = null;
          touchSoon(changedAt);
        }, wait).unref();
    };
    room.onChange((origins, roots) => {
      const at = new Date().toISOString();
      const serverChange = [...origins].some((origin) => typeof origin === "string");
      const metaChanged =
        serverChange ||
        [...roots.values()].some((touched) => touched.has("meta") || touched.has("settings") || touched.has("design"));
      // Comments are talk about the document, not a change to it ("Last changed", "changed since release 2"): the
      // comments API writes them (origin `comments:<person>`); a client's own change to them is refused anyway.
      const onlyComments =
        origins.size > 0 &&
        [...origins].every((origin) => {
          if (typeof origin === "string") return origin.startsWith("comments:");
          const touched = roots.get(origin);
          return touched !== undefined && touched.size > 0 && [...touched].every((root) => root === "comments");
        });
      if (onlyComments) return;
      if (!metaChanged) {
        touchSoon(at);
        return;
      }
      later(async () => {
        const title = room.doc.getMap("meta").get("title");
        const row = await documents.getDocumentRow(room.documentId);
        if (!row) return;
        const mode = readOwnershipMode(room.doc.getMap("settings").get("ownershipMode"));
        if (mode !== row.ownership_mode) await documents.setOwnershipMode(row.id, mode);
        await followTemplate(row);
        if (typeof title === "string" && title.trim() && title !== row.title) {
          await documents.setDocumentTitle(row.id, title.slice(0, 200)); // "last changed" too
          lastTouched.set(row.id, Date.now());
        } else touchSoon(at);
      });
    });
  }

  function summarise(row: DocumentRow): DocumentSummary {
    return {
      id: row.id,
      title: row.title,
      templateId: row.template_id,
      templateName: templates.get(row.template_id)?.name ?? row.template_id,
      language: row.language,
      ownershipMode: row.ownership_mode,
      updatedAt: row.updated_at,
      createdAt: row.created_at,
    };
  }

  /** The document row, if the viewer may read it. Another workspace's document is "not found", never "forbidden". */
  async function requireReadable(viewer: Viewer, id: string): Promise<DocumentRow> {
    const row = await documents.getDocumentRow(id);
    if (!row || !can(viewer.member, "document:read", { workspaceId: row.workspace_id }))
      throw errors.notFound("That document");
    return row;
  }

  async function insertDocument(
    workspaceId: string,
    createdBy: string,
    title: string,
    template: Template,
    sections: StarterSection[],
    store: DocumentRepository = documents,
  ): Promise<string> {
    const id = randomUUID();
    const meta = { title, language: "en-GB", readingAge: template.rules.readingAge };
    const state = buildInitialState(meta, storedDesign(defaultDesign(template.id)), sections);
    await store.createDocumentRow(
      {
        id,
        workspaceId,
        title,
        templateId: template.id,
        language: meta.language,
        readingAge: meta.readingAge,
        createdBy,
      },
      state,
    );
    return id;
  }

  return {
    /** Room hooks (server/context.ts lists them): the row follows the live document; forgotten when it unloads. */
    watchRoom,
    forgetRoom: (documentId: string) => void lastTouched.delete(documentId),
    listTemplates: () => [...templates.values()].map(summariseTemplate),

    listDocuments: async (viewer: Viewer): Promise<DocumentSummary[]> =>
      (await documents.listDocumentRows(viewer.member.workspaceId)).map(summarise),

    async createDocument(viewer: Viewer, input: unknown): Promise<{ id: string }> {
      if (!can(viewer.member, "manage"))
        throw errors.forbidden("Only coordinators can start new documents. Ask a coordinator to make one for you.");
      const parsed = createDocumentInput.safeParse(input);
      if (!parsed.success)
        throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
      const template = templates.get(parsed.data.templateId);
      if (!template)
        throw errors.badRequest("That template doesn't exist. Choose one from the list.", {
          fields: { templateId: ["Unknown template"] },
        });
      const sections = template.starterSections.map((section) => ({ title: section.title, blocks: section.blocks }));
      const id = await insertDocument(viewer.member.workspaceId, viewer.userId, parsed.data.title, template, sections);
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId: id,
        type: "document.created",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { title: parsed.data.title, templateId: template.id },
      });
      return { id };
    },

    /** Used by the demo seed: a document with prepared sections (through `store`, e.g. one on a transaction). */
    insertDocument,

    getSummary: async (viewer: Viewer, id: string) => summarise(await requireReadable(viewer, id)),

    /**
     * The live document as one Yjs update, for a page to start from before its sync connection is open (the same
     * state the sync server sends anyone who may read the document; the connection then only adds what is newer).
     */
    async openingState(viewer: Viewer, id: string): Promise<Uint8Array> {
      const row = await requireReadable(viewer, id);
      return Y.encodeStateAsUpdate((await sync.getRoom(row.id)).doc);
    },

    /** Canonical JSON of the live document and its hashes (docs/ARCHITECTURE.md, "Sign-off"). */
    async getCanonical(viewer: Viewer, id: string) {
      const row = await requireReadable(viewer, id);
      const room = await sync.getRoom(row.id);
      await room.flush();
      const canonical = readCanonical(room.doc);
      return { id: row.id, templateId: row.template_id, ...canonical, ...hashCanonical(canonical) };
    },

    async renameDocument(viewer: Viewer, id: string, title: unknown) {
      const row = await requireReadable(viewer, id);
      if (!can(viewer.member, "content:edit", { workspaceId: row.workspace_id })) throw errors.forbidden();
      const parsed = documentTitle.safeParse(title);
      if (!parsed.success)
        throw errors.badRequest(parsed.error.issues[0]!.message, {
          fields: { title: [parsed.error.issues[0]!.message] },
        });
      // The title is part of the words an approver signs off: renaming makes the person a contributor, like typing.
      await contributions.record(row.id, viewer.userId, ["content"]);
      await (await sync.getRoom(row.id)).change("server", (doc) => doc.getMap("meta").set("title", parsed.data));
      await documents.setDocumentTitle(row.id, parsed.data);
    },
  };
}
export type DocumentService = ReturnType<typeof createDocumentService>;
