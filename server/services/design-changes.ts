/**
 * Who changed what in each document's `design` map, so a design approver can see what changed since they last
 * approved. Every open room's design map is observed; a change is attributed to the person whose connection sent
 * it (or to whoever the server acted for, e.g. a restore), and stored with the value before and after.
 *
 * It also keeps the promise the design panel makes: a change to the colours that would make printed text
 * unreadable (sent by a client that skipped the panel's check) is put back, and the putting back is recorded too.
 */
import * as Y from "yjs";
import { checkColourPairs } from "../../app/domain/colour";
import { colourSet } from "../../app/domain/design";
import { errors } from "../../app/domain/errors";
import type { DesignChangeOrigin, DesignChangeRepository, DesignChangeRow } from "../db/design-changes";
import type { Room, RoomConnection } from "../sync/room";
import type { Viewer } from "./auth";
import type { DocumentService } from "./documents";

/** The transaction origin the server uses when it puts back an unreadable colour change. */
export const DESIGN_GUARD_ORIGIN = "design-guard";

export interface DesignChange {
  at: string;
  key: string;
  from: unknown;
  to: unknown;
  origin: DesignChangeOrigin;
  /** Null when Copress itself made the change. */
  by: { userId: string; name: string } | null;
}

export interface DesignChangeSummary {
  key: string;
  /** The value before the first change in the period, and after the last. */
  from: unknown;
  to: unknown;
  changes: number;
  people: string[];
}

function isConnection(origin: unknown): origin is RoomConnection {
  return typeof origin === "object" && origin !== null && typeof (origin as RoomConnection).userId === "string";
}

/** Who a transaction origin stands for; null for changes not worth recording (loading the stored state). */
function attribute(origin: unknown): { userId: string | null; origin: DesignChangeOrigin } | null {
  if (isConnection(origin)) return { userId: origin.userId, origin: "person" };
  if (origin === "load") return null;
  if (origin === DESIGN_GUARD_ORIGIN) return { userId: null, origin: "guard" };
  if (typeof origin === "string" && origin.startsWith("restore:"))
    return { userId: origin.slice("restore:".length) || null, origin: "restore" };
  return { userId: null, origin: "server" };
}

function readableColours(value: unknown): boolean {
  const parsed = colourSet.safeParse(value);
  return parsed.success && checkColourPairs(parsed.data).every((check) => check.passes);
}

const parseJson = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

function toChange(row: DesignChangeRow): DesignChange {
  return {
    at: row.changed_at,
    key: row.key,
    from: parseJson(row.old_value),
    to: parseJson(row.new_value),
    origin: row.origin,
    by: row.user_id ? { userId: row.user_id, name: row.display_name ?? "A former member" } : null,
  };
}

export function createDesignChangeService(deps: {
  designChanges: DesignChangeRepository;
  documents: DocumentService;
  log: (message: string, fields?: Record<string, unknown>) => void;
}) {
  const { designChanges, documents, log } = deps;

  function watch(room: Room) {
    const design = room.doc.getMap("design");
    design.observe((event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
      const who = attribute(transaction.origin);
      if (!who) return;
      const changedAt = new Date().toISOString();
      const rows = [...event.changes.keys].map(([key, change]) => ({
        documentId: room.documentId,
        userId: who.userId,
        origin: who.origin,
        key,
        oldValue: change.action === "add" ? null : JSON.stringify(change.oldValue ?? null),
        newValue: change.action === "delete" ? null : JSON.stringify(design.get(key) ?? null),
        changedAt,
      }));
      // The edit itself is already applied and will be stored; a lost history row must not break editing.
      void designChanges
        .recordDesignChanges(rows)
        .catch((error: unknown) =>
          log("design_changes.record_failed", { documentId: room.documentId, error: String(error) }),
        );

      const colours = event.changes.keys.get("colours");
      if (
        who.origin === "person" &&
        colours?.action === "update" &&
        readableColours(colours.oldValue) &&
        !readableColours(design.get("colours"))
      ) {
        const previous = colours.oldValue as unknown;
        log("design.unreadable_colours_undone", { documentId: room.documentId, userId: who.userId });
        // After this transaction has been stored and sent, so everyone sees the change and then the putting back.
        const putBack = async () =>
          room.change(DESIGN_GUARD_ORIGIN, (doc) => doc.getMap("design").set("colours", previous));
        setImmediate(() => {
          putBack().catch((error: unknown) =>
            log("design.undo_failed", { documentId: room.documentId, error: String(error) }),
          );
        });
      }
    });
  }

  return {
    /** The room hook (server/context.ts lists them). */
    watchRoom: watch,
    /** Design changes of a document after `since` (ISO time; all when omitted), oldest first, with a per-key summary. */
    async listChanges(
      viewer: Viewer,
      documentId: string,
      since?: string | null,
    ): Promise<{ since: string | null; changes: DesignChange[]; summary: DesignChangeSummary[] }> {
      const document = await documents.getSummary(viewer, documentId); // not found unless the viewer may read it
      const after = since ? new Date(since) : null;
      if (after && Number.isNaN(after.getTime())) {
        throw errors.badRequest("Give `since` as a date and time, like 2026-05-01T09:30:00Z.", {
          fields: { since: ["Not a date and time."] },
        });
      }
      const rows = await designChanges.listDesignChangesSince(document.id, after ? after.toISOString() : "");
      const changes = rows.map(toChange);
      const byKey = new Map<string, DesignChangeSummary>();
      for (const change of changes) {
        const entry = byKey.get(change.key) ?? {
          key: change.key,
          from: change.from,
          to: change.to,
          changes: 0,
          people: [],
        };
        entry.to = change.to;
        entry.changes += 1;
        const name = change.by?.name ?? "Copress";
        if (!entry.people.includes(name)) entry.people.push(name);
        byKey.set(change.key, entry);
      }
      // A key changed and changed back is no change at all for the approver.
      const summary = [...byKey.values()].filter((entry) => JSON.stringify(entry.from) !== JSON.stringify(entry.to));
      return { since: after ? after.toISOString() : null, changes, summary };
    },
  };
}
export type DesignChangeService = ReturnType<typeof createDesignChangeService>;
