/**
 * The one SQLite connection of the process (better-sqlite3: synchronous, so a room can load its stored state
 * before it handles any message). WAL lets readers go on while a write commits; foreign keys are enforced.
 */
import Database from "better-sqlite3";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../project-root";

export type Db = Database.Database;

const migrationsDir = path.join(projectRoot, "server", "db", "migrations");

export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, "copress.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("synchronous = NORMAL"); // with WAL: durable across process crashes, one fsync per checkpoint
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

/**
 * Applies every `migrations/NNN_*.sql` not applied yet, in name order, each in its own transaction. Applied
 * names are recorded, so a migration that lands later with a lower number (parallel work) is still applied.
 */
export function migrate(db: Db): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))",
  );
  const applied = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM schema_migrations")
      .all()
      .map((row) => row.name),
  );
  const record = db.prepare("INSERT INTO schema_migrations (name) VALUES (?)");
  const files = readdirSync(migrationsDir)
    .filter((name) => /^\d{3}_.+\.sql$/.test(name))
    .sort();
  for (const file of files) {
    if (applied.has(file)) continue;
    const sql = readFileSync(path.join(migrationsDir, file), "utf8");
    db.transaction(() => {
      db.exec(sql);
      record.run(file);
    })();
  }
}
