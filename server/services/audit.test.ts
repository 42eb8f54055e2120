import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAuditRepository } from "../db/audit";
import { openPostgres, openSqlite, type Database } from "../db/database";
import { createAuditLog, type AuditLog } from "./audit";

async function recordThree(log: AuditLog, workspaceId = "w1") {
  for (const type of ["document.created", "approval.approved", "release.published"]) {
    await log.record({ workspaceId, documentId: "d1", type, actor: { id: "u1", name: "Cora" }, data: { note: type } });
  }
}

let dir: string | undefined;
let store: Database;

async function setUp() {
  dir = mkdtempSync(path.join(tmpdir(), "copress-audit-"));
  store = openSqlite(dir);
  const log = createAuditLog(createAuditRepository(store.db));
  await recordThree(log);
  return log;
}

afterEach(async () => {
  if (!dir) return; // a PostgreSQL test
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("audit log", () => {
  it("chains events and verifies an intact log", async () => {
    const log = await setUp();
    const events = (await log.list("w1")).reverse();
    expect(events.map((e) => e.type)).toEqual(["document.created", "approval.approved", "release.published"]);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(await log.verify("w1")).toEqual({ ok: true, events: 3 });
  });

  it("refuses updates and deletes", async () => {
    await setUp();
    const sqlite = store.sqlite!;
    expect(() => sqlite.prepare("UPDATE audit_events SET actor_name = 'Mallory'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("DELETE FROM audit_events").run()).toThrow(/append-only/);
  });

  it("catches a row edited behind its back", async () => {
    const log = await setUp();
    // Someone with the database file drops the guard and rewrites history.
    store.sqlite!.exec("DROP TRIGGER audit_no_update");
    store
      .sqlite!.prepare("UPDATE audit_events SET data = ? WHERE seq = 2")
      .run(JSON.stringify({ note: "approved by someone else" }));
    expect(await log.verify("w1")).toEqual({
      ok: false,
      seq: 2,
      problem: "This event was changed after it was written.",
    });
  });

  it("catches a removed row", async () => {
    const log = await setUp();
    store.sqlite!.exec("DROP TRIGGER audit_no_delete");
    store.sqlite!.prepare("DELETE FROM audit_events WHERE seq = 2").run();
    expect(await log.verify("w1")).toEqual({
      ok: false,
      seq: 3,
      problem: "An event before this one was changed or removed.",
    });
  });
});

describe("audit chains per workspace", () => {
  it("keeps one chain per workspace, so checking one shows nothing of another and a tampered other does not matter", async () => {
    const log = await setUp();
    await log.record({ workspaceId: "w2", type: "document.created", actor: { id: "u9", name: "Olga" } });
    await log.record({ workspaceId: "w1", type: "document.created", actor: { id: "u1", name: "Cora" } });
    expect(await log.verify("w1")).toEqual({ ok: true, events: 4 });
    expect(await log.verify("w2")).toEqual({ ok: true, events: 1 });
    store.sqlite!.exec("DROP TRIGGER audit_no_update");
    store.sqlite!.prepare("UPDATE audit_events SET actor_name = 'Mallory' WHERE workspace_id = 'w2'").run();
    expect(await log.verify("w1")).toEqual({ ok: true, events: 4 });
    expect((await log.verify("w2")).ok).toBe(false);
  });
});

describe("audit log on PostgreSQL", () => {
  /** The maintenance database to make and drop this run's database from (trust auth on the local server). */
  const adminUrl = process.env.COPRESS_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `copress_audit_${randomBytes(6).toString("hex")}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let postgres: Database | undefined;
  let log: AuditLog;

  async function asAdmin(statement: string) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await asAdmin(`CREATE DATABASE ${name}`);
    postgres = await openPostgres(url.toString());
    log = createAuditLog(createAuditRepository(postgres.db));
    await recordThree(log);
  }, 60_000);

  afterAll(async () => {
    await postgres?.close();
    await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }, 60_000);

  it("chains events and verifies an intact log", async () => {
    const events = (await log.list("w1")).reverse();
    expect(events.map((e) => e.type)).toEqual(["document.created", "approval.approved", "release.published"]);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(await log.verify("w1")).toEqual({ ok: true, events: 3 });
  });

  it("refuses updates, deletes and truncation", async () => {
    const db = postgres!.db;
    await expect(sql`UPDATE audit_events SET actor_name = 'Mallory'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_events`.execute(db)).rejects.toThrow(/append-only/);
    expect(await log.verify("w1")).toEqual({ ok: true, events: 3 });
  });

  it("keeps one chain while two processes append to it at once", async () => {
    // A second pool stands for a second Copress process on the same database.
    const other = await openPostgres(url.toString());
    try {
      const logs = [log, createAuditLog(createAuditRepository(other.db))];
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          logs[i % 2]!.record({
            workspaceId: "w-busy",
            type: "comment.added",
            actor: { id: "u1", name: "Cora" },
            data: { i },
          }),
        ),
      );
    } finally {
      await other.close();
    }
    expect(await log.verify("w-busy")).toEqual({ ok: true, events: 40 });
  });

  it("catches a row edited behind its back", async () => {
    await recordThree(log, "w-tampered");
    const db = postgres!.db;
    const [, second] = await log.list("w-tampered", { limit: 3 }).then((events) => events.reverse());
    // Someone who owns the database switches the guard off and rewrites history.
    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_no_update`.execute(db);
    try {
      await sql`UPDATE audit_events SET data = ${JSON.stringify({ note: "approved by someone else" })} WHERE seq = ${second!.seq}`.execute(
        db,
      );
    } finally {
      await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_no_update`.execute(db);
    }
    expect(await log.verify("w-tampered")).toEqual({
      ok: false,
      seq: second!.seq,
      problem: "This event was changed after it was written.",
    });
    expect(await log.verify("w1")).toEqual({ ok: true, events: 3 });
  });
});
