/**
 * The section index and hand-overs. Every open room's top-level sections (title, owner, status, order) are copied
 * into `document_sections` whenever they change, so the "For you" view and the document list can ask "whose
 * sections, in which state?" across a workspace without opening every document. A change of a section's owner made
 * by a person is a hand-over: it is recorded with who made it and the note for the new owner, written to the audit
 * log, and the new owner is told (unless they took the section themself).
 */
import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import type { DocumentRepository } from "../db/documents";
import type { NotificationRepository } from "../db/notifications";
import type { IndexedSection, SectionRepository } from "../db/sections";
import type { WorkspaceRepository } from "../db/workspaces";
import type { Room, RoomConnection } from "../sync/room";
import type { SyncServer } from "../sync/sync-server";
import type { AuditLog } from "./audit";

interface LiveSection extends IndexedSection {
  handoverNote: string;
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

function isConnection(origin: unknown): origin is RoomConnection {
  return typeof origin === "object" && origin !== null && typeof (origin as RoomConnection).userId === "string";
}

/** The document's top-level sections in order (the first of any repeated id). */
export function readSections(doc: Y.Doc): LiveSection[] {
  const seen = new Set<string>();
  const result: LiveSection[] = [];
  for (const node of doc.getXmlFragment("content").toArray()) {
    if (!(node instanceof Y.XmlElement) || node.nodeName !== "section") continue;
    const id = text(node.getAttribute("id"));
    if (!id || seen.has(id)) continue;
    seen.add(id);
    result.push({
      sectionId: id,
      position: result.length,
      title: (text(node.getAttribute("title")) ?? "").slice(0, 200),
      owner: text(node.getAttribute("owner")) || null,
      status: text(node.getAttribute("status")) ?? "drafting",
      handoverNote: (text(node.getAttribute("handoverNote")) ?? "").slice(0, 300),
    });
  }
  return result;
}

const sameIndex = (a: IndexedSection[], b: IndexedSection[]) =>
  a.length === b.length &&
  a.every(
    (s, i) =>
      s.sectionId === b[i]!.sectionId &&
      s.title === b[i]!.title &&
      s.owner === b[i]!.owner &&
      s.status === b[i]!.status &&
      s.position === b[i]!.position,
  );

export function createSectionIndex(deps: {
  sections: SectionRepository;
  documentRows: DocumentRepository;
  workspaces: WorkspaceRepository;
  notifications: NotificationRepository;
  audit: AuditLog;
  sync: SyncServer;
  log: (message: string, fields?: Record<string, unknown>) => void;
}) {
  const { sections, documentRows, workspaces, notifications, audit, sync, log } = deps;

  /**
   * Each document's index work (storing its sections, recording hand-overs), run one after another in the order the
   * changes were made, so an older list of sections never overwrites a newer one. The last of it, while any runs.
   */
  const queues = new Map<string, Promise<void>>();
  function later(documentId: string, failure: string, work: () => Promise<void>): Promise<void> {
    const done = (queues.get(documentId) ?? Promise.resolve()).then(work).catch((error: unknown) => {
      log(failure, { documentId, error: String(error) });
    });
    queues.set(documentId, done);
    void done.then(() => {
      if (queues.get(documentId) === done) queues.delete(documentId);
    });
    return done;
  }

  async function store(documentId: string, live: LiveSection[]) {
    const rows = live.map(({ handoverNote: _note, ...row }) => row);
    if (!sameIndex(await sections.sectionsOf(documentId), rows)) await sections.replaceSections(documentId, rows);
  }

  async function handOver(documentId: string, section: LiveSection, from: string | null, by: RoomConnection) {
    const row = await documentRows.getDocumentRow(documentId);
    if (!row) return;
    const id = randomUUID();
    const note = section.handoverNote.trim();
    await sections.recordHandover({
      id,
      documentId,
      sectionId: section.sectionId,
      sectionTitle: section.title,
      fromUser: from,
      toUser: section.owner,
      byUser: by.userId,
      note,
    });
    await audit.record({
      workspaceId: row.workspace_id,
      documentId,
      type: "section.handed_over",
      actor: { id: by.userId, name: by.displayName },
      data: { sectionId: section.sectionId, title: section.title, from, to: section.owner, note },
    });
    const to = section.owner;
    if (!to && from === by.userId && section.status === "needs-someone") {
      // The owner stepped back (issue 15): the coordinators are told, kindly, and nobody asks why.
      const members = await workspaces.membersOfWorkspace(row.workspace_id);
      for (const coordinator of members.filter((m) => m.roles.includes("coordinator") && m.userId !== by.userId))
        await notifications.notify({
          id: randomUUID(),
          userId: coordinator.userId,
          workspaceId: row.workspace_id,
          documentId,
          kind: "stepped-back",
          message: `${by.displayName} stepped back from “${section.title || "Untitled section"}” in “${row.title}”. It needs someone now.`,
          link: `/documents/${documentId}`,
          dedupeKey: `stepped-back:${id}:${coordinator.userId}`,
        });
      return;
    }
    if (
      !to ||
      to === by.userId ||
      !(await workspaces.membersOfWorkspace(row.workspace_id)).some((m) => m.userId === to)
    )
      return;
    await notifications.notify({
      id: randomUUID(),
      userId: to,
      workspaceId: row.workspace_id,
      documentId,
      kind: "handover",
      message: `${by.displayName} handed “${section.title || "Untitled section"}” in “${row.title}” over to you${note ? `: “${note}”` : "."}`,
      link: `/documents/${documentId}`,
      dedupeKey: `handover:${id}`,
    });
  }

  function watch(room: Room) {
    let known = readSections(room.doc);
    const loaded = known;
    void later(room.documentId, "section_index.store_failed", () => store(room.documentId, loaded));
    const fragment = room.doc.getXmlFragment("content");
    fragment.observeDeep((events, transaction) => {
      if (transaction.origin === "load") return;
      // Typing changes text deep inside a section; only sections added, removed, moved or re-titled, re-owned or
      // re-statused matter here.
      const sectionsChanged = events.some(
        (event) =>
          event.target === fragment ||
          (event.target.parent === fragment && event instanceof Y.YXmlEvent && event.attributesChanged.size > 0),
      );
      if (!sectionsChanged) return;
      try {
        // What changed is worked out now, against the sections as they were just before this change; it is
        // written afterwards, in order.
        const now = readSections(room.doc);
        const handovers: Array<{ section: LiveSection; from: string | null; by: RoomConnection }> = [];
        const by = transaction.origin;
        if (isConnection(by)) {
          const before = new Map(known.map((s) => [s.sectionId, s.owner]));
          for (const section of now) {
            if (before.has(section.sectionId) && before.get(section.sectionId) !== section.owner)
              handovers.push({ section, from: before.get(section.sectionId) ?? null, by });
          }
        }
        known = now;
        // The edit is applied and will be stored; a lost index row must not break editing (failures are logged).
        void later(room.documentId, "section_index.update_failed", async () => {
          for (const { section, from, by } of handovers) await handOver(room.documentId, section, from, by);
          await store(room.documentId, now);
        });
      } catch (error) {
        log("section_index.update_failed", { documentId: room.documentId, error: String(error) });
      }
    });
  }

  return {
    /** The room hook (server/context.ts lists them). */
    watchRoom: watch,
    /** Indexes the workspace's documents that the index has not seen yet (opening each once). */
    async ensureIndexed(workspaceId: string): Promise<void> {
      for (const documentId of await sections.unindexedDocuments(workspaceId)) {
        const room = await sync.getRoom(documentId);
        // Stored after whatever the room's opening queued, and awaited, so the index has the document afterwards.
        const live = readSections(room.doc);
        await later(documentId, "section_index.store_failed", () => store(documentId, live));
      }
    },
  };
}
export type SectionIndex = ReturnType<typeof createSectionIndex>;
