/**
 * The stale-approval watcher's own state (issue 13): an approval is recorded as gone stale once, whichever look — in
 * whichever process — asks first, on both databases; approvals recorded stale before the column existed keep that.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bothStoresWithADocument } from "../../tests/helpers/store";
import type { Database } from "./database";
import { createSignoffRepository } from "./signoff";

let stores: Record<"SQLite" | "PostgreSQL", Database>;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ stores, close } = await bothStoresWithADocument("signoff-db"));
}, 30_000);

afterAll(() => close?.());

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
