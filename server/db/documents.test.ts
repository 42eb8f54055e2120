/**
 * The update log's append, on both databases: one merged update per batch (what a room stores on every edit) is one
 * statement, with the client ids it claims in it on PostgreSQL; several updates keep a transaction. Either way the log
 * grows in order, a client id keeps its first owner, and a refused append stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bothStoresWithADocument } from "../../tests/helpers/store";
import type { Database } from "./database";
import { createDocumentRepository } from "./documents";

let stores: Record<"SQLite" | "PostgreSQL", Database>;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ stores, close } = await bothStoresWithADocument("documents-db"));
}, 30_000);

afterAll(() => close?.());

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
