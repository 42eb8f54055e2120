/**
 * Copies an existing SQLite installation (DATA_DIR/copress.sqlite) into an empty PostgreSQL database
 * (DATABASE_URL, or --to), then proves the copy: every table's rows, every document's content and design hashes,
 * every workspace's audit chain, and every release's files, byte for byte. Nothing is changed in the SQLite file.
 *
 *   npm run admin -- move-to-postgres --to postgres://copress:password@db.internal:5432/copress
 *
 * Stop Copress first (so nothing is written meanwhile); start it afterwards with DATABASE_URL set.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { openPostgres, openSqlite, type Database, type Db } from "../server/db/database";
import { createAuditRepository } from "../server/db/audit";
import { createDocumentRepository } from "../server/db/documents";
import type { DB } from "../server/db/schema";
import { createAuditLog } from "../server/services/audit";
import { canonicalOfState, hashCanonical } from "../server/services/document-state";
import { foldUpdates } from "../server/sync/room";

/** Every table, parents before children (foreign keys hold at every insert). */
const TABLES: Array<keyof DB> = [
  "users",
  "workspaces",
  "members",
  "sessions",
  "documents",
  "invites",
  "document_states",
  "document_updates",
  "document_client_ids",
  "versions",
  "notifications",
  "uploads",
  "brand_kits",
  "design_changes",
  "check_reports",
  "check_dismissals",
  "word_lists",
  "word_list_entries",
  "approval_policies",
  "document_contributors",
  "review_requests",
  "approvals",
  "releases",
  "audit_events",
  "change_requests",
  "change_request_answers",
  "document_sections",
  "section_handovers",
];

/** Columns PostgreSQL numbers itself (identity): copied as they are, then its counters are moved past them. */
const IDENTITY: Partial<Record<keyof DB, string>> = {
  document_updates: "seq",
  design_changes: "id",
  audit_events: "seq",
};

const ORDER: Partial<Record<keyof DB, string>> = { ...IDENTITY };
const BATCH = 200;

async function rowsOf(db: Db, table: keyof DB) {
  const order = ORDER[table];
  const query = db.selectFrom(table).selectAll();
  return (order ? query.orderBy(sql.ref(order)) : query).execute() as Promise<Array<Record<string, unknown>>>;
}

async function countOf(db: Db, table: keyof DB): Promise<number> {
  const row = await db.selectFrom(table).select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A document's hashes from what is stored: its state and log folded together, as a room would load it. */
const folded = (stored: { state: Uint8Array | null; updates: Uint8Array[] }) =>
  hashCanonical(canonicalOfState(foldUpdates(stored.state, stored.updates)));

const sha = (value: unknown) =>
  value === null || value === undefined
    ? null
    : createHash("sha256")
        .update(value as Buffer | string)
        .digest("hex");

export async function moveToPostgres(
  dataDir: string,
  url: string,
  say: (line: string) => void = console.log,
): Promise<{ tables: Record<string, number>; documents: number; releases: number; workspaces: number }> {
  if (!existsSync(path.join(dataDir, "copress.sqlite")))
    throw new Error(`There is no Copress database in ${dataDir} (looked for copress.sqlite).`);
  const source: Database = openSqlite(dataDir);
  let target: Database | null = null;
  try {
    target = await openPostgres(url);
    if ((await countOf(target.db, "users")) > 0 || (await countOf(target.db, "workspaces")) > 0)
      throw new Error("The PostgreSQL database already holds a Copress installation. Give an empty database.");

    // Copy and verify in one transaction: if anything does not match, nothing is left in PostgreSQL.
    const copied: Record<string, number> = {};
    return await target.db.transaction().execute(async (trx) => {
      for (const table of TABLES) {
        const rows = await rowsOf(source.db, table);
        for (let i = 0; i < rows.length; i += BATCH)
          await trx
            .insertInto(table)
            .values(rows.slice(i, i + BATCH) as never)
            .execute();
        const identity = IDENTITY[table];
        if (identity && rows.length > 0)
          await sql`SELECT setval(pg_get_serial_sequence(${table}, ${identity}), (SELECT max(${sql.ref(identity)}) FROM ${sql.table(table)}))`.execute(
            trx,
          );
        copied[table] = rows.length;
      }
      say(`Copied ${Object.values(copied).reduce((a, b) => a + b, 0)} rows from ${TABLES.length} tables.`);

      // 2. Verify: the same rows in every table…
      for (const table of TABLES) {
        const [from, to] = [await countOf(source.db, table), await countOf(trx, table)];
        if (from !== to) throw new Error(`${table}: ${from} rows in SQLite but ${to} in PostgreSQL.`);
      }
      // …every document reads the same (its content and design hashes, from its state and log)…
      const documents = await source.db.selectFrom("documents").select("id").execute();
      const [fromDocs, toDocs] = [createDocumentRepository(source.db), createDocumentRepository(trx)];
      for (const { id } of documents) {
        const [a, b] = [folded(await fromDocs.loadDocumentState(id)), folded(await toDocs.loadDocumentState(id))];
        if (a.hash !== b.hash) throw new Error(`Document ${id} reads differently after the move.`);
      }
      say(`Every document reads the same (${documents.length} documents, by their hashes).`);
      // …every workspace's audit chain is whole…
      const workspaces = await source.db.selectFrom("workspaces").select("id").execute();
      const audit = createAuditLog(createAuditRepository(trx));
      const before = createAuditLog(createAuditRepository(source.db));
      for (const { id } of workspaces) {
        const [was, is] = [await before.verify(id), await audit.verify(id)];
        if (!is.ok) throw new Error(`The audit chain of workspace ${id} breaks at event ${is.seq}: ${is.problem}`);
        if (was.ok && was.events !== is.events) throw new Error(`The audit chain of workspace ${id} lost events.`);
      }
      say(`Every audit chain is whole (${workspaces.length} workspaces).`);
      // …and every release holds the very same files.
      const releases = await source.db
        .selectFrom("releases")
        .select(["id", "pdf", "print_pdf", "html", "state", "hash"])
        .execute();
      for (const release of releases) {
        const moved = await trx
          .selectFrom("releases")
          .select(["pdf", "print_pdf", "html", "state", "hash"])
          .where("id", "=", release.id)
          .executeTakeFirstOrThrow();
        for (const field of ["pdf", "print_pdf", "html", "state", "hash"] as const)
          if (sha(release[field]) !== sha(moved[field]))
            throw new Error(`Release ${release.id}: its ${field} differs after the move.`);
      }
      say(`Every release's files are byte for byte the same (${releases.length} releases).`);
      return { tables: copied, documents: documents.length, releases: releases.length, workspaces: workspaces.length };
    });
  } finally {
    await source.close();
    await target?.close();
  }
}
