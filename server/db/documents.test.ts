/**
 * The update log's append, on both databases: one merged update per batch (what a room stores on every edit) is one
 * statement, with the client ids it claims in it on PostgreSQL; several updates keep a transaction. Either way the log
 * grows in order, a client id keeps its first owner, and a refused append stores nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase } from "../../tests/helpers/store";
import { openPostgres, openSqlite, type Database } from "./database";
import { createDocumentRepository } from "./documents";
import { createUserRepository } from "./users";
import { createWorkspaceRepository } from "./workspaces";

let dataDir: string;
let dropPostgres: () => Promise<void>;
const stores: Record<"SQLite" | "PostgreSQL", Database> = {} as never;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "copress-documents-db-"));
  stores.SQLite = openSqlite(dataDir);
  const database = await freshPostgresDatabase("copress_documents");
  dropPostgres = database.drop;
  stores.PostgreSQL = await openPostgres(database.url);
  for (const store of Object.values(stores)) {
    await createUserRepository(store.db).createUser({
      id: "u1",
      username: "wren",
      displayName: "Wren",
      passwordHash: "x",
    });
    await createWorkspaceRepository(store.db).createWorkspace("w1", "Demo");
    await createDocumentRepository(store.db).createDocumentRow(
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
}, 30_000);

afterAll(async () => {
  for (const store of Object.values(stores)) await store?.close();
  await dropPostgres?.();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each(["SQLite", "PostgreSQL"] as const)("appending to the update log on %s", (name) => {
  it("stores batches in order, with the client ids they claim, first owner kept", async () => {
    const documents = createDocumentRepository(stores[name].db);
    const first = await documents.appendUpdates("d1", [new Uint8Array([1])]);
    const second = await documents.appendUpdates("d1", [new Uint8Array([2])], [[4_294_967_295, "u1"]]);
    // The same id claimed again by someone else, with another update: the first owner stays, the update is stored.
    const third = await documents.appendUpdates(
      "d1",
      [new Uint8Array([3])],
      [
        [4_294_967_295, "someone-else"],
        [7, "u2"],
      ],
    );
    const fourth = await documents.appendUpdates("d1", [new Uint8Array([4]), new Uint8Array([5])], [[8, "u1"]]);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
    expect(fourth).toBeGreaterThan(third);
    const stored = await documents.loadDocumentState("d1");
    expect(stored.updates.map((update) => [...update])).toEqual([[1], [2], [3], [4], [5]]);
    expect(stored.lastSeq).toBe(fourth);
    expect(await documents.loadClientOwners("d1")).toEqual(
      new Map([
        [4_294_967_295, "u1"],
        [7, "u2"],
        [8, "u1"],
      ]),
    );
  });

  it("stores nothing when the append is refused (a document that does not exist)", async () => {
    const documents = createDocumentRepository(stores[name].db);
    await expect(documents.appendUpdates("missing", [new Uint8Array([9])], [[11, "u1"]])).rejects.toThrow();
    expect((await documents.loadDocumentState("missing")).updates).toEqual([]);
    expect(await documents.loadClientOwners("missing")).toEqual(new Map());
  });
});
