import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCheckpointer } from "./checkpointer";
import { openSqlite, type SqliteConnection } from "./database";

let dataDir: string;
let db: SqliteConnection;
const messages: string[] = [];
const log = (message: string) => void messages.push(message);

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "copress-checkpointer-"));
  db = openSqlite(dataDir).sqlite!; // the raw connection: these tests watch SQLite's own files
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)");
  messages.length = 0;
});

afterEach(() => {
  if (db.open) db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const walBytes = () => statSync(path.join(dataDir, "copress.sqlite-wal")).size;
const dbBytes = () => statSync(path.join(dataDir, "copress.sqlite")).size;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const autoPages = () => db.pragma("wal_autocheckpoint", { simple: true });

/**
 * Small commits, one per row, as the sync server makes them, with pauses so the worker gets its turn: after every 500
 * rows the writer waits until the worker has copied pages into the database (on a busy machine a fixed pause was not
 * always long enough, and the log grew past what the test allows).
 */
async function writeRows(count: number) {
  const insert = db.prepare("INSERT INTO t (data) VALUES (?)");
  let copied = dbBytes();
  for (let i = 0; i < count; i++) {
    insert.run(Buffer.alloc(200, i % 256));
    if (i % 100 === 99) await sleep(20);
    if (i % 500 === 499) {
      await until(() => dbBytes() > copied);
      copied = dbBytes();
    }
  }
}

async function until(condition: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(20);
  }
}

describe("WAL checkpoints on a worker thread", () => {
  it("copies committed pages into the database while the main connection does not checkpoint", async () => {
    const checkpointer = startCheckpointer(db, { intervalMs: 50, log });
    expect(autoPages()).toBe(4000); // the main connection's backstop only, above the 3,000 frames written here
    await until(() => checkpointer.running());
    const before = dbBytes();
    await writeRows(3000); // ~3,000 WAL frames: three times SQLite's own checkpoint threshold
    await until(() => dbBytes() > before + 200 * 1000);
    // The log was reused from its start after full checkpoints: with no checkpoints it would hold 3,000 frames (~12 MiB).
    expect(walBytes()).toBeLessThan(6 * 1024 * 1024);
    expect(db.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 3000 });
    checkpointer.close();
    db.close();
    // The main connection closed last, so it folded the rest of the log in and removed it.
    expect(existsSync(path.join(dataDir, "copress.sqlite-wal"))).toBe(false);
    const reopened = openSqlite(dataDir).sqlite!;
    expect(reopened.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 3000 });
    reopened.close();
    expect(messages).toEqual([]);
  });

  it("hands checkpoints back to SQLite if the worker stops", async () => {
    const checkpointer = startCheckpointer(db, { intervalMs: 50, log });
    expect(autoPages()).toBe(4000); // the main connection's backstop only, above the 3,000 frames written here
    await until(() => checkpointer.running());
    await checkpointer.worker.terminate();
    await until(() => autoPages() === 1000);
    expect(messages).toContain("db.checkpointer_stopped");
    checkpointer.close();
  });
});
