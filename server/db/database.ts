/**
 * The process's database: SQLite in DATA_DIR by default, PostgreSQL when DATABASE_URL is set. Both are reached
 * through one typed query builder (Kysely), so every repository is written once and runs on either; only the
 * migrations are written per dialect (DDL, triggers and types differ), under the same names, and a test keeps the
 * two schemas equal ([decision 019](../../docs/decisions/019-two-stores-one-query-builder.md)).
 *
 * SQLite: one better-sqlite3 connection in WAL mode (readers go on while a write commits), foreign keys on.
 * PostgreSQL: a pool of `pg` connections; several Copress processes may share the database.
 */
import SQLite from "better-sqlite3";
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Transaction } from "kysely";
import pg from "pg";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../project-root";
import type { DB } from "./schema";

export type Db = Kysely<DB>;
export type Dialect = "sqlite" | "postgres";
export type SqliteConnection = SQLite.Database;

export interface Database {
  db: Db;
  dialect: Dialect;
  /** SQLite only: the raw connection (its file name and WAL checkpoints). */
  sqlite: SqliteConnection | null;
  close(): Promise<void>;
}

const migrationsRoot = path.join(projectRoot, "server", "db", "migrations");

/** Counts and sequence numbers are 64-bit in PostgreSQL; every one Copress keeps fits a JavaScript number. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(options: { dataDir: string; databaseUrl?: string }): Promise<Database> {
  if (isPostgresUrl(options.databaseUrl)) return openPostgres(options.databaseUrl);
  return openSqlite(options.dataDir);
}

export function openSqlite(dataDir: string): Database {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new SQLite(path.join(dataDir, "copress.sqlite"));
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL"); // with WAL: durable across process crashes, one fsync per checkpoint
  sqlite.pragma("busy_timeout = 5000");
  migrateSqlite(sqlite);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: "sqlite", sqlite, close: () => db.destroy() };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A connection that drops (PostgreSQL restarted, a failover, the network) must not end the process: its query fails
  // (the room keeps the batch and retries; a request answers 500), the pool drops it, and the next use connects
  // afresh. Without these listeners the connection's error event — idle in the pool, or held between the statements
  // of a transaction — would be unhandled and stop the process (found by tests/cluster/database-restart.test.ts).
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migratePostgres(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect: "postgres", sqlite: null, close: () => db.destroy() };
}

function migrationFiles(dialect: Dialect): string[] {
  return readdirSync(path.join(migrationsRoot, dialect))
    .filter((name) => /^\d{3}_.+\.sql$/.test(name))
    .sort();
}

function migrationText(dialect: Dialect, file: string): string {
  return readFileSync(path.join(migrationsRoot, dialect, file), "utf8");
}

/**
 * Applies every `migrations/sqlite/NNN_*.sql` not applied yet, in name order, each in its own transaction. Applied
 * names are recorded, so a migration that lands later with a lower number (parallel work) is still applied.
 */
export function migrateSqlite(sqlite: SqliteConnection): void {
  sqlite.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))",
  );
  const applied = new Set(
    sqlite
      .prepare<[], { name: string }>("SELECT name FROM schema_migrations")
      .all()
      .map((row) => row.name),
  );
  const record = sqlite.prepare("INSERT INTO schema_migrations (name) VALUES (?)");
  for (const file of migrationFiles("sqlite")) {
    if (applied.has(file)) continue;
    const text = migrationText("sqlite", file);
    sqlite.transaction(() => {
      sqlite.exec(text);
      record.run(file);
    })();
  }
}

/**
 * The same for PostgreSQL. Several processes may start at once: an advisory lock lets one migrate while the others
 * wait, and each migration commits with its record, so a process stopped halfway leaves nothing half-applied.
 */
export async function migratePostgres(db: Db): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(hashtext('copress.migrations'))`.execute(connection);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`.execute(
        connection,
      );
      const rows = await connection.selectFrom("schema_migrations").select("name").execute();
      const applied = new Set(rows.map((row) => row.name));
      for (const file of migrationFiles("postgres")) {
        if (applied.has(file)) continue;
        const text = migrationText("postgres", file);
        await connection.transaction().execute(async (trx) => {
          await sql.raw(text).execute(trx);
          await trx.insertInto("schema_migrations").values({ name: file }).execute();
        });
      }
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext('copress.migrations'))`.execute(connection);
    }
  });
}

/** Now, as the ISO 8601 text every stored time uses (sorts and compares as text on both databases). */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * Runs `work` in a transaction — or in the one `db` already is, so a repository made on a transaction (the demo
 * seed, the admin command) joins it instead of trying to open another.
 */
export function atomically<T>(db: Db, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<DB>) : db.transaction().execute(work);
}

/**
 * Makes transactions that share `key` run one after another, across processes: on PostgreSQL an advisory lock held
 * until the transaction ends; on SQLite nothing is needed (one connection, and its transactions already run one at a
 * time). For read-then-write steps such as "the next release number" or "the audit chain's last hash".
 */
export async function serializeOn(trx: Transaction<DB>, key: string): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter)
    await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/** True for a violated UNIQUE or PRIMARY KEY constraint, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
