import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAuditRepository } from "../db/audit";
import { openDatabase, type Db } from "../db/database";
import { createAuditLog } from "./audit";

let dir: string;
let db: Db;

function setUp() {
  dir = mkdtempSync(path.join(tmpdir(), "copress-audit-"));
  db = openDatabase(dir);
  const log = createAuditLog(createAuditRepository(db));
  for (const type of ["document.created", "approval.approved", "release.published"]) {
    log.record({ workspaceId: "w1", documentId: "d1", type, actor: { id: "u1", name: "Cora" }, data: { note: type } });
  }
  return log;
}

afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("audit log", () => {
  it("chains events and verifies an intact log", () => {
    const log = setUp();
    const events = log.list("w1").reverse();
    expect(events.map((e) => e.type)).toEqual(["document.created", "approval.approved", "release.published"]);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(log.verify("w1")).toEqual({ ok: true, events: 3 });
  });

  it("refuses updates and deletes", () => {
    setUp();
    expect(() => db.prepare("UPDATE audit_events SET actor_name = 'Mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM audit_events").run()).toThrow(/append-only/);
  });

  it("catches a row edited behind its back", () => {
    const log = setUp();
    // Someone with the database file drops the guard and rewrites history.
    db.exec("DROP TRIGGER audit_no_update");
    db.prepare("UPDATE audit_events SET data = ? WHERE seq = 2").run(
      JSON.stringify({ note: "approved by someone else" }),
    );
    expect(log.verify("w1")).toEqual({ ok: false, seq: 2, problem: "This event was changed after it was written." });
  });

  it("catches a removed row", () => {
    const log = setUp();
    db.exec("DROP TRIGGER audit_no_delete");
    db.prepare("DELETE FROM audit_events WHERE seq = 2").run();
    expect(log.verify("w1")).toEqual({
      ok: false,
      seq: 3,
      problem: "An event before this one was changed or removed.",
    });
  });
});

describe("audit chains per workspace", () => {
  it("keeps one chain per workspace, so checking one shows nothing of another and a tampered other does not matter", () => {
    const log = setUp();
    log.record({ workspaceId: "w2", type: "document.created", actor: { id: "u9", name: "Olga" } });
    log.record({ workspaceId: "w1", type: "document.created", actor: { id: "u1", name: "Cora" } });
    expect(log.verify("w1")).toEqual({ ok: true, events: 4 });
    expect(log.verify("w2")).toEqual({ ok: true, events: 1 });
    db.exec("DROP TRIGGER audit_no_update");
    db.prepare("UPDATE audit_events SET actor_name = 'Mallory' WHERE workspace_id = 'w2'").run();
    expect(log.verify("w1")).toEqual({ ok: true, events: 4 });
    expect(log.verify("w2").ok).toBe(false);
  });
});
