/**
 * The stale-approval watcher's own state (issue 13): an approval is recorded as gone stale once, whichever look — in
 * whichever process — asks first, on both databases; approvals recorded stale before the column existed keep that.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase } from "../../tests/helpers/store";
import { openPostgres, openSqlite, type Database } from "./database";
import { createDocumentRepository } from "./documents";
import { createSignoffRepository } from "./signoff";
import { createUserRepository } from "./users";
import { createWorkspaceRepository } from "./workspaces";

let dataDir: string;
let dropPostgres: () => Promise<void>;
const stores: Record<"SQLite" | "PostgreSQL", Database> = {} as never;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "copress-signoff-db-"));
  stores.SQLite = openSqlite(dataDir);
  const database = await freshPostgresDatabase("copress_signoff");
  dropPostgres = database.drop;
  stores.PostgreSQL = await openPostgres(database.url);
  for (const store of Object.values(stores)) {
    await createUserRepository(store.db).createUser({
      id: "u1",
      username: "abi",
      displayName: "Abi",
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

const approval = (id: string) => ({
  id,
  documentId: "d1",
  scope: "content" as const,
  decision: "approve" as const,
  hash: "a".repeat(64),
  scopeHash: "b".repeat(64),
  memberId: "m1",
  userId: "u1",
  memberName: "Abi",
  roles: '["approver"]',
  livedExperience: 0,
  comment: "",
  canonical: "{}",
});

describe.each(["SQLite", "PostgreSQL"] as const)("an approval going stale, on %s", (name) => {
  it("is recorded by exactly one of several looks made at once, and stays recorded", async () => {
    const signoff = createSignoffRepository(stores[name].db);
    await signoff.insertApproval(approval(`a-${name}`));
    expect((await signoff.approvals("d1")).find((a) => a.id === `a-${name}`)?.stale_at).toBeNull();

    // Five looks at once, as five processes whose writers' edits were stored at the same moment might make.
    const results = await Promise.all(Array.from({ length: 5 }, () => signoff.markApprovalStale(`a-${name}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const staleAt = (await signoff.approvals("d1")).find((a) => a.id === `a-${name}`)?.stale_at;
    expect(Date.parse(staleAt ?? "")).toBeGreaterThan(Date.now() - 60_000);

    // A later look changes nothing: the moment it first went stale is kept.
    expect(await signoff.markApprovalStale(`a-${name}`)).toBe(false);
    expect((await signoff.approvals("d1")).find((a) => a.id === `a-${name}`)?.stale_at).toBe(staleAt);
  });
});
