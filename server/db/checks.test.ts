import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_WORD_LIST, phraseKey } from "../../app/domain/checks/lived-experience-words";
import { seedOneDocument } from "../../tests/helpers/store";
import { createCheckRepository, STARTER_ID_PREFIX, type CheckRepository } from "./checks";
import { openSqlite, type Database } from "./database";

let dataDir: string;
let store: Database;
let checks: CheckRepository;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "copress-checks-"));
  store = openSqlite(dataDir);
  const db = store.db;
  await seedOneDocument(db, { username: "cora", displayName: "Cora" });
  checks = createCheckRepository(db);
});

afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const entry = { phrase: "frequent flyer", suggestion: "person who often comes to us", reason: "", source: "Our panel" };

describe("check reports", () => {
  it("caches by key and keeps only the newest five per document", async () => {
    for (let n = 1; n <= 7; n++) await checks.saveReport("d1", `key-${n}`, `hash-${n}`, JSON.stringify({ n }));
    expect(await checks.getReport("d1", "key-7")).toBe('{"n":7}');
    expect(await checks.getReport("d1", "key-3")).toBe('{"n":3}');
    expect(await checks.getReport("d1", "key-1")).toBeUndefined();
    expect(await checks.getReport("d1", "key-2")).toBeUndefined();
  });
});

describe("dismissals", () => {
  it("records who, when and why; a second dismissal updates the reason; undo removes it", async () => {
    await checks.saveDismissal("d1", {
      findingId: "f1",
      rule: "long-sentence",
      text: "A long one",
      reason: "It is a quote",
      userId: "u1",
    });
    await checks.saveDismissal("d1", {
      findingId: "f1",
      rule: "long-sentence",
      text: "A long one",
      reason: "It is a quote from the law",
      userId: "u1",
    });
    const [dismissal] = await checks.listDismissals("d1");
    expect(dismissal).toMatchObject({
      findingId: "f1",
      reason: "It is a quote from the law",
      dismissedBy: "u1",
      dismissedByName: "Cora",
    });
    expect(dismissal!.dismissedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await checks.removeDismissal("d1", "f1")).toBe(true);
    expect(await checks.removeDismissal("d1", "f1")).toBe(false);
    expect(await checks.listDismissals("d1")).toEqual([]);
  });
});

describe("word list", () => {
  it("uses the starter list until the first change, then the workspace's own copy", async () => {
    expect(await checks.listWordListEntries("w1")).toBeNull();
    expect(await checks.addWordListEntry("w1", "u1", DEFAULT_WORD_LIST, entry)).toBe("ok");
    const own = (await checks.listWordListEntries("w1"))!;
    expect(own).toHaveLength(DEFAULT_WORD_LIST.length + 1);
    expect(own.at(-1)).toMatchObject(entry);
    expect(own[0]).toMatchObject(DEFAULT_WORD_LIST[0]!);
  });

  it("refuses a duplicate and changes nothing (not even copying the starter list)", async () => {
    expect(await checks.addWordListEntry("w1", "u1", DEFAULT_WORD_LIST, { ...entry, phrase: "Addicts" })).toBe(
      "duplicate",
    );
    expect(await checks.listWordListEntries("w1")).toBeNull();
  });

  it("changes and removes starter entries by their starter id, and own entries by id", async () => {
    const starterId = `${STARTER_ID_PREFIX}${phraseKey("addict")}`;
    expect(
      await checks.updateWordListEntry("w1", "u1", DEFAULT_WORD_LIST, starterId, {
        ...DEFAULT_WORD_LIST[0]!,
        suggestion: "person who uses substances",
      }),
    ).toBe("ok");
    expect((await checks.listWordListEntries("w1"))!.find((e) => e.phrase === "addict")!.suggestion).toBe(
      "person who uses substances",
    );
    const junkie = (await checks.listWordListEntries("w1"))!.find((e) => e.phrase === "junkie")!;
    expect(
      await checks.updateWordListEntry("w1", "u1", DEFAULT_WORD_LIST, junkie.id, { ...entry, phrase: "addicts" }),
    ).toBe("duplicate");
    expect(await checks.removeWordListEntry("w1", "u1", DEFAULT_WORD_LIST, junkie.id)).toBe("ok");
    expect(await checks.removeWordListEntry("w1", "u1", DEFAULT_WORD_LIST, junkie.id)).toBe("missing");
    expect(await checks.updateWordListEntry("w1", "u1", DEFAULT_WORD_LIST, "no-such-id", entry)).toBe("missing");
    expect((await checks.listWordListEntries("w1"))!.some((e) => e.phrase === "junkie")).toBe(false);
  });

  it("removing every entry keeps an empty list; restoring brings the starter list back", async () => {
    for (const item of DEFAULT_WORD_LIST)
      await checks.removeWordListEntry("w1", "u1", DEFAULT_WORD_LIST, `${STARTER_ID_PREFIX}${phraseKey(item.phrase)}`);
    expect(await checks.listWordListEntries("w1")).toEqual([]);
    await checks.restoreStarterList("w1");
    expect(await checks.listWordListEntries("w1")).toBeNull();
  });
});
