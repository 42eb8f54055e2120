import { PostgresAdapter, sql } from "kysely";
import { atomically, nowIso, type Db } from "./database";

export interface DocumentRow {
  id: string;
  workspace_id: string;
  title: string;
  template_id: string;
  language: string;
  reading_age: string;
  ownership_mode: "collective" | "owned";
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** What a room loads: the compacted state and every update logged after it, in order. */
export interface StoredDocument {
  state: Uint8Array | null;
  updates: Uint8Array[];
  lastSeq: number;
}

export function createDocumentRepository(db: Db) {
  const documentRow = (row: object) => row as DocumentRow;
  return {
    async createDocumentRow(
      row: {
        id: string;
        workspaceId: string;
        title: string;
        templateId: string;
        language: string;
        readingAge: string;
        createdBy: string;
      },
      state: Uint8Array,
    ): Promise<void> {
      await atomically(db, async (trx) => {
        await trx
          .insertInto("documents")
          .values({
            id: row.id,
            workspace_id: row.workspaceId,
            title: row.title,
            template_id: row.templateId,
            language: row.language,
            reading_age: row.readingAge,
            created_by: row.createdBy,
          })
          .execute();
        await trx
          .insertInto("document_states")
          .values({ document_id: row.id, state: Buffer.from(state) })
          .execute();
      });
    },
    async getDocumentRow(id: string): Promise<DocumentRow | undefined> {
      const row = await db.selectFrom("documents").selectAll().where("id", "=", id).executeTakeFirst();
      return row && documentRow(row);
    },
    async listDocumentRows(workspaceId: string): Promise<DocumentRow[]> {
      const rows = await db
        .selectFrom("documents")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .orderBy("updated_at", "desc")
        .orderBy("id")
        .execute();
      return rows.map(documentRow);
    },
    async setDocumentTitle(id: string, title: string): Promise<void> {
      await db.updateTable("documents").set({ title, updated_at: nowIso() }).where("id", "=", id).execute();
    },
    /** "Last changed" is `at` (when the change was made; now by default), never moved back. */
    async touchDocument(id: string, at: string = nowIso()): Promise<void> {
      await db
        .updateTable("documents")
        .set({ updated_at: at })
        .where("id", "=", id)
        .where("updated_at", "<", at)
        .execute();
    },
    async setOwnershipMode(id: string, mode: "collective" | "owned"): Promise<void> {
      await db.updateTable("documents").set({ ownership_mode: mode }).where("id", "=", id).execute();
    },
    /** The template the design uses now (the list and every document page's header show it). */
    async setDocumentTemplate(id: string, templateId: string): Promise<void> {
      await db.updateTable("documents").set({ template_id: templateId }).where("id", "=", id).execute();
    },
    /** The compacted state and every update logged after it, in order. */
    async loadDocumentState(id: string): Promise<StoredDocument> {
      // The log first, then the state: a compaction committing in between (another process) then only means the
      // state already holds some of the updates read, which applying again changes nothing. The other order could
      // miss updates folded into a state we did not read.
      const rows = await db
        .selectFrom("document_updates")
        .select(["seq", "data"])
        .where("document_id", "=", id)
        .orderBy("seq")
        .execute();
      const stored = await db
        .selectFrom("document_states")
        .select("state")
        .where("document_id", "=", id)
        .executeTakeFirst();
      return {
        state: stored ? new Uint8Array(stored.state) : null,
        updates: rows.map((row) => new Uint8Array(row.data)),
        lastSeq: rows.at(-1)?.seq ?? 0,
      };
    },
    /**
     * Appends updates atomically, recording who writes under any client ids first claimed with them; returns the
     * last sequence number written.
     *
     * A room stores one merged update per batch, on every edit people make, so that case is one statement (atomic on
     * its own): no BEGIN and COMMIT around it, which were two of its three round trips to PostgreSQL and most of the
     * time the sync server spent on the database (bench/REPORT.md, "Cluster"). Claims go in the same statement on
     * PostgreSQL (a data-modifying WITH); SQLite has none, so there they keep the transaction.
     */
    async appendUpdates(
      id: string,
      updates: Uint8Array[],
      claims: ReadonlyArray<readonly [clientId: number, userId: string]> = [],
    ): Promise<number> {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      if (updates.length === 1 && (claims.length === 0 || postgres)) {
        const data = Buffer.from(updates[0]!);
        const { rows } =
          claims.length === 0
            ? await sql<{ seq: string | number }>`
                INSERT INTO document_updates (document_id, data) VALUES (${id}, ${data}) RETURNING seq`.execute(db)
            : await sql<{ seq: string | number }>`
                WITH claimed AS (
                  INSERT INTO document_client_ids (document_id, client_id, user_id)
                  SELECT ${id}, claim.client_id, claim.user_id
                  FROM unnest(${claims.map(([clientId]) => clientId)}::bigint[], ${claims.map(([, userId]) => userId)}::text[])
                    AS claim(client_id, user_id)
                  ON CONFLICT (document_id, client_id) DO NOTHING
                )
                INSERT INTO document_updates (document_id, data) VALUES (${id}, ${data}) RETURNING seq`.execute(db);
        return Number(rows[0]!.seq);
      }
      return db.transaction().execute(async (trx) => {
        if (claims.length > 0) await insertClaims(trx, id, claims);
        let last = 0;
        for (const update of updates) {
          const row = await trx
            .insertInto("document_updates")
            .values({ document_id: id, data: Buffer.from(update) })
            .returning("seq")
            .executeTakeFirstOrThrow();
          last = Number(row.seq);
        }
        return last;
      });
    },
    async loadClientOwners(id: string): Promise<Map<number, string>> {
      const rows = await db
        .selectFrom("document_client_ids")
        .select(["client_id", "user_id"])
        .where("document_id", "=", id)
        .execute();
      return new Map(rows.map((row) => [Number(row.client_id), row.user_id]));
    },
    async claimClients(id: string, claims: ReadonlyArray<readonly [clientId: number, userId: string]>) {
      if (claims.length > 0) await insertClaims(db, id, claims);
    },
    /**
     * Folds what is stored — the state and the log as the database has them, not as any one process's room has them —
     * into one state, and removes the log rows folded in. Several processes (a cluster): one compacts a document at a
     * time (the others skip: answers false), and a row committed meanwhile by another process is never removed unread.
     * PostgreSQL only: a cluster always runs on it (one SQLite process compacts its room's state with `compact`).
     */
    async compactStored(id: string, fold: (state: Uint8Array | null, updates: Uint8Array[]) => Uint8Array) {
      return db.transaction().execute(async (trx) => {
        const { rows } = await sql<{
          locked: boolean;
        }>`SELECT pg_try_advisory_xact_lock(hashtext(${"compact:" + id})) AS locked`.execute(trx);
        if (!rows[0]?.locked) return false;
        const updates = await trx
          .selectFrom("document_updates")
          .select(["seq", "data"])
          .where("document_id", "=", id)
          .orderBy("seq")
          .execute();
        if (updates.length === 0) return true;
        const stored = await trx
          .selectFrom("document_states")
          .select("state")
          .where("document_id", "=", id)
          .executeTakeFirst();
        const state = fold(
          stored ? new Uint8Array(stored.state) : null,
          updates.map((row) => new Uint8Array(row.data)),
        );
        await writeState(trx, id, state);
        // Exactly the rows read: a row another process commits meanwhile (even with a lower number) stays.
        await trx
          .deleteFrom("document_updates")
          .where("document_id", "=", id)
          .where(
            "seq",
            "in",
            updates.map((row) => row.seq),
          )
          .execute();
        return true;
      });
    },
    /** Replaces the logged updates up to `upToSeq` with one compacted state, atomically. */
    async compact(id: string, state: Uint8Array, upToSeq: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await writeState(trx, id, state);
        await trx.deleteFrom("document_updates").where("document_id", "=", id).where("seq", "<=", upToSeq).execute();
      });
    },
  };
}

/** Replaces a document's compacted state. */
async function writeState(db: Db, id: string, state: Uint8Array) {
  await db
    .insertInto("document_states")
    .values({ document_id: id, state: Buffer.from(state) })
    .onConflict((oc) => oc.column("document_id").doUpdateSet({ state: Buffer.from(state), compacted_at: nowIso() }))
    .execute();
}

/** The first claim of a client id wins; a later one for the same id changes nothing. */
async function insertClaims(db: Db, id: string, claims: ReadonlyArray<readonly [number, string]>) {
  await db
    .insertInto("document_client_ids")
    .values(claims.map(([clientId, userId]) => ({ document_id: id, client_id: clientId, user_id: userId })))
    .onConflict((oc) => oc.columns(["document_id", "client_id"]).doNothing())
    .execute();
}

export type DocumentRepository = ReturnType<typeof createDocumentRepository>;
