import { serializeOn, type Db } from "./database";

/** One row of the append-only audit log (triggers in both databases refuse UPDATE and DELETE). */
export interface AuditRow {
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

/** Rows read at a time when walking a whole chain. */
const CHAIN_PAGE = 500;

export function createAuditRepository(db: Db) {
  return {
    /**
     * Runs `append` with the hash of the workspace's last event, in one transaction that holds the workspace's chain
     * (across processes too), so two writers never fork the chain.
     */
    async appendAfterLast(
      workspaceId: string,
      append: (lastHash: string | null) => Omit<AuditRow, "seq" | "workspace_id">,
    ) {
      await db.transaction().execute(async (trx) => {
        await serializeOn(trx, "audit:" + workspaceId);
        const last = await trx
          .selectFrom("audit_events")
          .select("hash")
          .where("workspace_id", "=", workspaceId)
          .orderBy("seq", "desc")
          .limit(1)
          .executeTakeFirst();
        const row = append(last?.hash ?? null);
        await trx
          .insertInto("audit_events")
          .values({
            workspace_id: workspaceId,
            document_id: row.document_id,
            type: row.type,
            actor_id: row.actor_id,
            actor_name: row.actor_name,
            data: row.data,
            at: row.at,
            prev_hash: row.prev_hash,
            hash: row.hash,
          })
          .execute();
      });
    },
    newest(workspaceId: string, limit: number, documentId?: string): Promise<AuditRow[]> {
      let query = db.selectFrom("audit_events").selectAll().where("workspace_id", "=", workspaceId);
      if (documentId) query = query.where("document_id", "=", documentId);
      return query.orderBy("seq", "desc").limit(limit).execute();
    },
    /** A workspace's whole chain, oldest first, read a page at a time. */
    async *chain(workspaceId: string): AsyncGenerator<AuditRow> {
      let after = 0;
      for (;;) {
        const page = await db
          .selectFrom("audit_events")
          .selectAll()
          .where("workspace_id", "=", workspaceId)
          .where("seq", ">", after)
          .orderBy("seq")
          .limit(CHAIN_PAGE)
          .execute();
        yield* page;
        if (page.length < CHAIN_PAGE) return;
        after = page[page.length - 1]!.seq;
      }
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
