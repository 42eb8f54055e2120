/**
 * The audit log: append-only (SQLite triggers refuse UPDATE and DELETE) and tamper-evident — each event carries the
 * SHA-256 of the one before it in the same workspace, so changing or removing any row breaks that workspace's chain
 * from there on, which `verify` finds and names. One chain per workspace: checking it shows nothing of another's.
 */
import { canonicalJson } from "../../app/domain/document-hash";
import type { Db } from "../db/database";
import { sha256Hex } from "./secrets";

export interface AuditEvent {
  seq: number;
  workspaceId: string;
  documentId: string | null;
  type: string;
  actorId: string | null;
  actorName: string;
  data: Record<string, unknown>;
  at: string;
  prevHash: string;
  hash: string;
}

interface AuditRow {
  seq: number;
  workspace_id: string;
  document_id: string | null;
  type: string;
  actor_id: string | null;
  actor_name: string;
  data: string;
  at: string;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = "0".repeat(64);

function eventHash(prevHash: string, event: Omit<AuditEvent, "seq" | "prevHash" | "hash">): string {
  return sha256Hex(
    prevHash +
      canonicalJson({
        workspaceId: event.workspaceId,
        documentId: event.documentId,
        type: event.type,
        actorId: event.actorId,
        actorName: event.actorName,
        data: event.data,
        at: event.at,
      }),
  );
}

function toEvent(row: AuditRow): AuditEvent {
  return {
    seq: row.seq,
    workspaceId: row.workspace_id,
    documentId: row.document_id,
    type: row.type,
    actorId: row.actor_id,
    actorName: row.actor_name,
    data: JSON.parse(row.data) as Record<string, unknown>,
    at: row.at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function createAuditLog(db: Db) {
  const last = db.prepare<[string], { hash: string }>("SELECT hash FROM audit_events WHERE workspace_id = ? ORDER BY seq DESC LIMIT 1");
  const insert = db.prepare(
    `INSERT INTO audit_events (workspace_id, document_id, type, actor_id, actor_name, data, at, prev_hash, hash)
     VALUES (@workspaceId, @documentId, @type, @actorId, @actorName, @data, @at, @prevHash, @hash)`,
  );
  const byWorkspace = db.prepare<[string, number], AuditRow>("SELECT * FROM audit_events WHERE workspace_id = ? ORDER BY seq DESC LIMIT ?");
  const byDocument = db.prepare<[string, string, number], AuditRow>("SELECT * FROM audit_events WHERE workspace_id = ? AND document_id = ? ORDER BY seq DESC LIMIT ?");
  const chainOf = db.prepare<[string], AuditRow>("SELECT * FROM audit_events WHERE workspace_id = ? ORDER BY seq");

  return {
    /** Appends an event to the chain (one transaction, so two writers can never fork it). */
    record(event: { workspaceId: string; documentId?: string | null; type: string; actor: { id: string | null; name: string }; data?: Record<string, unknown> }) {
      db.transaction(() => {
        const prevHash = last.get(event.workspaceId)?.hash ?? GENESIS_HASH;
        const full = {
          workspaceId: event.workspaceId,
          documentId: event.documentId ?? null,
          type: event.type,
          actorId: event.actor.id,
          actorName: event.actor.name,
          data: event.data ?? {},
          at: new Date().toISOString(),
        };
        insert.run({ ...full, data: JSON.stringify(full.data), prevHash, hash: eventHash(prevHash, full) });
      })();
    },

    list(workspaceId: string, options: { documentId?: string; limit?: number } = {}): AuditEvent[] {
      const limit = Math.min(options.limit ?? 200, 1000);
      const rows = options.documentId ? byDocument.all(workspaceId, options.documentId, limit) : byWorkspace.all(workspaceId, limit);
      return rows.map(toEvent);
    },

    /** Walks a workspace's whole chain: intact, or the first event that does not match and why. */
    verify(workspaceId: string): { ok: true; events: number } | { ok: false; seq: number; problem: string } {
      let prevHash = GENESIS_HASH;
      let count = 0;
      for (const row of chainOf.iterate(workspaceId)) {
        const event = toEvent(row);
        if (event.prevHash !== prevHash) return { ok: false, seq: event.seq, problem: "An event before this one was changed or removed." };
        if (eventHash(prevHash, event) !== event.hash) return { ok: false, seq: event.seq, problem: "This event was changed after it was written." };
        prevHash = event.hash;
        count += 1;
      }
      return { ok: true, events: count };
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
