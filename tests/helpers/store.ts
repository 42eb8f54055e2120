/**
 * Which database the tests run against. The integration suite runs twice (vitest projects `integration` and
 * `integration-postgres`): on the embedded SQLite default, and with COPRESS_TEST_STORE=postgres on PostgreSQL, where
 * every test server gets a database of its own, made fresh and dropped afterwards. scripts/test.sh makes sure
 * PostgreSQL answers (COPRESS_TEST_POSTGRES_URL, by default the local server with the `postgres` user).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, openPostgres, openSqlite, type Database } from "../../server/db/database";
import { createDocumentRepository } from "../../server/db/documents";
import { createUserRepository } from "../../server/db/users";
import { createWorkspaceRepository } from "../../server/db/workspaces";

export type TestStore = "sqlite" | "postgres";

export const testStore: TestStore = process.env.COPRESS_TEST_STORE === "postgres" ? "postgres" : "sqlite";

/** The maintenance database to make and drop test databases from. */
export const postgresAdminUrl =
  process.env.COPRESS_TEST_POSTGRES_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/postgres";

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty PostgreSQL database; `drop` removes it (closing anything still connected). */
export async function freshPostgresDatabase(prefix = "copress_test"): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await asAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => asAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Databases made for test data folders, so a server restarted on the same folder finds the same data. */
const databases = new Map<string, { url: string; drop(): Promise<void> }>();

/** The environment a test server needs for its data folder: DATABASE_URL on PostgreSQL, nothing on SQLite. */
export async function storeEnvironment(dataDir: string): Promise<Record<string, string>> {
  if (testStore === "sqlite") return {};
  let database = databases.get(dataDir);
  if (!database) {
    database = await freshPostgresDatabase();
    databases.set(dataDir, database);
  }
  return { DATABASE_URL: database.url };
}

/** Drops the database made for a data folder, if any. */
export async function dropStoreFor(dataDir: string): Promise<void> {
  const database = databases.get(dataDir);
  databases.delete(dataDir);
  await database?.drop();
}

/** Opens the store a test server with this data folder uses, to look inside it (or, rarely, to age a row). */
export async function openStoreOf(dataDir: string): Promise<Database> {
  return openDatabase({ dataDir, databaseUrl: (await storeEnvironment(dataDir)).DATABASE_URL });
}

/** One person (`u1`), one workspace (`w1`) and one document (`d1`): what a repository's tests need to stand on. */
export async function seedOneDocument(
  db: Database["db"],
  person = { username: "abi", displayName: "Abi" },
): Promise<void> {
  await createUserRepository(db).createUser({ id: "u1", ...person, passwordHash: "x" });
  await createWorkspaceRepository(db).createWorkspace("w1", "Demo");
  await createDocumentRepository(db).createDocumentRow(
    {
      id: "d1",
      workspaceId: "w1",
      title: "Doc",
      templateId: "a5-booklet",
      language: "en-GB",
      readingAge: "9–11",
      createdBy: "u1",
    },
    new Uint8Array([0, 0]),
  );
}

/**
 * Both databases side by side, each migrated and holding one person (`u1`), one workspace (`w1`) and one document
 * (`d1`), for a repository's tests to run on each; `close` closes them and removes what they were made in.
 */
export async function bothStoresWithADocument(
  name: string,
): Promise<{ stores: Record<"SQLite" | "PostgreSQL", Database>; close(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `copress-${name}-`));
  const database = await freshPostgresDatabase(`copress_${name.replace(/\W/g, "_")}`);
  const stores = { SQLite: openSqlite(dataDir), PostgreSQL: await openPostgres(database.url) };
  for (const store of Object.values(stores)) await seedOneDocument(store.db);
  return {
    stores,
    async close() {
      for (const store of Object.values(stores)) await store.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
