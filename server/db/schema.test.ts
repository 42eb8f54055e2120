/**
 * One schema, two databases: the SQLite and PostgreSQL migrations must make the same tables and columns (with the
 * same nullability), and `schema.ts`, which every query is typed against, must describe exactly those.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase } from "../../tests/helpers/store";
import { openPostgres, openSqlite, type Database } from "./database";

type Columns = Record<string, Record<string, { nullable: boolean }>>;

async function columnsOf(database: Database): Promise<Columns> {
  const tables = await database.db.introspection.getTables();
  const result: Columns = {};
  for (const table of tables) {
    result[table.name] = Object.fromEntries(
      table.columns.map((column) => [column.name, { nullable: column.isNullable }]),
    );
  }
  return result;
}

/** The tables and columns `schema.ts` declares (its `DB` interface names each table's interface). */
function declaredColumns(): Columns {
  const text = readFileSync(path.join(import.meta.dirname, "schema.ts"), "utf8");
  const interfaces = new Map<string, Record<string, { nullable: boolean }>>();
  for (const match of text.matchAll(/export interface (\w+) \{([^}]*)\}/g)) {
    const fields: Record<string, { nullable: boolean }> = {};
    for (const line of match[2]!.matchAll(/^\s+(\w+): (.+);$/gm))
      fields[line[1]!] = { nullable: /\| null\b/.test(line[2]!) };
    interfaces.set(match[1]!, fields);
  }
  const tables = interfaces.get("DB")!;
  const body = /export interface DB \{([^}]*)\}/.exec(text)![1]!;
  const result: Columns = {};
  for (const line of body.matchAll(/^\s+(\w+): (\w+);$/gm)) result[line[1]!] = interfaces.get(line[2]!)!;
  expect(Object.keys(result)).toEqual(Object.keys(tables));
  return result;
}

let sqlite: Database;
let postgres: Database;
let dataDir: string;
let dropPostgres: () => Promise<void>;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "copress-schema-"));
  sqlite = openSqlite(dataDir);
  const database = await freshPostgresDatabase("copress_schema");
  dropPostgres = database.drop;
  postgres = await openPostgres(database.url);
}, 30_000);

afterAll(async () => {
  await sqlite?.close();
  await postgres?.close();
  await dropPostgres?.();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the schema", () => {
  it("is the same on SQLite and PostgreSQL, and schema.ts describes it", async () => {
    const onSqlite = await columnsOf(sqlite);
    const onPostgres = await columnsOf(postgres);
    const declared = declaredColumns();
    const names = (columns: Columns) =>
      Object.entries(columns)
        .flatMap(([table, fields]) => Object.keys(fields).map((field) => `${table}.${field}`))
        .sort();
    expect(names(onSqlite)).toEqual(names(declared));
    expect(names(onPostgres)).toEqual(names(declared));
    // PostgreSQL is strict about NOT NULL (SQLite lets a TEXT primary key hold NULL): it and schema.ts must agree.
    const disagree = Object.entries(declared).flatMap(([table, fields]) =>
      Object.entries(fields)
        .filter(([field, { nullable }]) => onPostgres[table]![field]!.nullable !== nullable)
        .map(([field]) => `${table}.${field}`),
    );
    expect(disagree, "nullable in one and not the other").toEqual([]);
  });

  it("keeps the audit log append-only and releases unchangeable on both databases (in the database itself)", async () => {
    for (const database of [sqlite, postgres]) {
      await database.db.insertInto("workspaces").values({ id: "w", name: "W" }).execute();
      await database.db
        .insertInto("audit_events")
        .values({ workspace_id: "w", type: "t", actor_name: "A", data: "{}", at: "now", prev_hash: "", hash: "h" })
        .execute();
      await expect(database.db.updateTable("audit_events").set({ actor_name: "Mallory" }).execute()).rejects.toThrow(
        /append-only/,
      );
      await expect(database.db.deleteFrom("audit_events").execute()).rejects.toThrow(/append-only/);

      await database.db
        .insertInto("users")
        .values({ id: "u", username: "u", display_name: "U", password_hash: "x" })
        .execute();
      await database.db
        .insertInto("documents")
        .values({ id: "d", workspace_id: "w", title: "T", template_id: "a5-booklet", created_by: "u" })
        .execute();
      const bytes = Buffer.from("%PDF-");
      await database.db
        .insertInto("releases")
        .values({
          id: "r",
          document_id: "d",
          workspace_id: "w",
          number: 1,
          title: "T",
          hash: "h",
          content_hash: "c",
          design_hash: "g",
          state: bytes,
          canonical: "{}",
          pdf: bytes,
          print_pdf: bytes,
          print_notes: '["For the printer: …"]',
          html: "<p>",
          approvals: "[]",
          released_by_name: "U",
        })
        .execute();
      for (const change of [
        { pdf: Buffer.from("other") },
        { print_pdf: null },
        { print_notes: "[]" },
        { hash: "h2" },
        { html: "<p>x" },
      ])
        await expect(database.db.updateTable("releases").set(change).execute()).rejects.toThrow(/cannot be changed/);
      // Its share link can be made and withdrawn.
      await database.db.updateTable("releases").set({ share_token: "s" }).execute();
    }
  });
});
