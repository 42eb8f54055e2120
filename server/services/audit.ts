/**
 * The audit log: append-only (database triggers refuse UPDATE and DELETE, and on PostgreSQL TRUNCATE) and
 * tamper-evident — each event carries the SHA-256 of the one before it in the same workspace, so changing or removing
 * any row breaks that workspace's chain from there on, which `verify` finds and names. One chain per workspace:
 * checking it shows nothing of another's.
 */
import { canonicalJson } from "../../app/domain/document-hash";
import type { AuditRepository, AuditRow } from "../db/audit";
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

export function createAuditLog(repository: AuditRepository) {
  return {
    /** Appends an event to the chain (one transaction, so two writers, even in two processes, can never fork it). */
    async record(event: {
      workspaceId: string;
      documentId?: string | null;
      type: string;
      actor: { id: string | null; name: string };
      data?: Record<string, unknown>;
    }) {
      await repository.appendAfterLast(event.workspaceId, (lastHash) => {
        const prevHash = lastHash ?? GENESIS_HASH;
        const full = {
          workspaceId: event.workspaceId,
          documentId: event.documentId ?? null,
          type: event.type,
          actorId: event.actor.id,
          actorName: event.actor.name,
          data: event.data ?? {},
          at: new Date().toISOString(),
        };
        return {
          document_id: full.documentId,
          type: full.type,
          actor_id: full.actorId,
          actor_name: full.actorName,
          data: JSON.stringify(full.data),
          at: full.at,
          prev_hash: prevHash,
          hash: eventHash(prevHash, full),
        };
      });
    },

    async list(workspaceId: string, options: { documentId?: string; limit?: number } = {}): Promise<AuditEvent[]> {
      const limit = Math.min(options.limit ?? 200, 1000);
      return (await repository.newest(workspaceId, limit, options.documentId)).map(toEvent);
    },

    /** Walks a workspace's whole chain: intact, or the first event that does not match and why. */
    async verify(
      workspaceId: string,
    ): Promise<{ ok: true; events: number } | { ok: false; seq: number; problem: string }> {
      let prevHash = GENESIS_HASH;
      let count = 0;
      for await (const row of repository.chain(workspaceId)) {
        const event = toEvent(row);
        if (event.prevHash !== prevHash)
          return { ok: false, seq: event.seq, problem: "An event before this one was changed or removed." };
        if (eventHash(prevHash, event) !== event.hash)
          return { ok: false, seq: event.seq, problem: "This event was changed after it was written." };
        prevHash = event.hash;
        count += 1;
      }
      return { ok: true, events: count };
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
