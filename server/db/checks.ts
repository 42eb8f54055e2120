/**
 * Check reports cached by key, dismissed findings, and each workspace's lived-experience word list.
 */
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { Dismissal } from "../../app/domain/checks/types";
import { phraseKey, type WordListEntry } from "../../app/domain/checks/lived-experience-words";
import { nowIso, serializeOn, type Db } from "./database";
import type { DB } from "./schema";

/** Ids of starter-list entries before a workspace has its own copy: `starter:<phrase key>`. */
export const STARTER_ID_PREFIX = "starter:";

/** Reports kept per document: enough for people checking the same few versions back and forth. */
const REPORTS_KEPT_PER_DOCUMENT = 5;

export interface StoredWordListEntry extends WordListEntry {
  id: string;
}

interface DismissalRow {
  finding_id: string;
  rule: string;
  finding_text: string;
  reason: string;
  dismissed_by: string;
  dismissed_by_name: string | null;
  dismissed_at: string;
}

interface EntryRow {
  id: string;
  phrase: string;
  suggestion: string;
  reason: string;
  source: string;
}

/** Thrown inside a transaction to roll it back and say why. */
class Refusal<T extends string> extends Error {
  constructor(readonly reason: T) {
    super(reason);
  }
}

/** One word-list row: its id, the words as given and as matched, and its place in the list. */
function entryRow(
  workspaceId: string,
  entry: { phrase: string; suggestion: string; reason: string; source: string },
  position: number,
) {
  return {
    id: randomUUID(),
    workspace_id: workspaceId,
    phrase: entry.phrase,
    phrase_key: phraseKey(entry.phrase),
    suggestion: entry.suggestion,
    reason: entry.reason,
    source: entry.source,
    position,
  };
}

export function createCheckRepository(db: Db) {
  /**
   * Runs `change` in a transaction; a Refusal thrown inside rolls everything back (so a refused change changes
   * nothing) and is returned as its reason. Changes to one workspace's word list run one after another, in every
   * process: each reads before it writes (is the list copied yet, is the phrase taken, the next position).
   */
  async function refusable<T extends string>(
    workspaceId: string,
    change: (trx: Transaction<DB>) => Promise<void>,
  ): Promise<"ok" | T> {
    try {
      await db.transaction().execute(async (trx) => {
        await serializeOn(trx, "word-list:" + workspaceId);
        await change(trx);
      });
      return "ok";
    } catch (error) {
      if (error instanceof Refusal) return error.reason as T;
      throw error;
    }
  }

  async function hasOwnList(trx: Transaction<DB>, workspaceId: string): Promise<boolean> {
    const row = await trx
      .selectFrom("word_lists")
      .select("workspace_id")
      .where("workspace_id", "=", workspaceId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Records that the workspace has its own list, and who changed it last and when. */
  async function startOwnList(trx: Transaction<DB>, workspaceId: string, userId: string) {
    await trx
      .insertInto("word_lists")
      .values({ workspace_id: workspaceId, updated_by: userId })
      .onConflict((oc) => oc.column("workspace_id").doUpdateSet({ updated_by: userId, updated_at: nowIso() }))
      .execute();
  }

  /** Another entry of the workspace (not `exceptId`) already looks for these words. */
  async function entryKeyTaken(trx: Transaction<DB>, workspaceId: string, phrase: string, exceptId: string) {
    const row = await trx
      .selectFrom("word_list_entries")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("phrase_key", "=", phraseKey(phrase))
      .where("id", "<>", exceptId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Starter entries have no rows until the workspace changes its list; the page names them `starter:<words>`.
   * Changing one copies the starter list first, then finds the copied entry by its words.
   */
  async function resolveEntryId(
    trx: Transaction<DB>,
    workspaceId: string,
    userId: string,
    starter: readonly WordListEntry[],
    id: string,
  ): Promise<string | undefined> {
    if (!id.startsWith(STARTER_ID_PREFIX)) return id;
    await ensureOwnList(trx, workspaceId, userId, starter);
    const row = await trx
      .selectFrom("word_list_entries")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("phrase_key", "=", id.slice(STARTER_ID_PREFIX.length))
      .executeTakeFirst();
    return row?.id;
  }

  /** Copies the starter list into the workspace's own list the first time someone changes it. */
  async function ensureOwnList(
    trx: Transaction<DB>,
    workspaceId: string,
    userId: string,
    starter: readonly WordListEntry[],
  ) {
    const own = await hasOwnList(trx, workspaceId);
    await startOwnList(trx, workspaceId, userId);
    if (own || starter.length === 0) return;
    await trx
      .insertInto("word_list_entries")
      .values(starter.map((entry, index) => entryRow(workspaceId, entry, index + 1)))
      .execute();
  }

  return {
    async getReport(documentId: string, cacheKey: string): Promise<string | undefined> {
      const row = await db
        .selectFrom("check_reports")
        .select("report")
        .where("document_id", "=", documentId)
        .where("cache_key", "=", cacheKey)
        .executeTakeFirst();
      return row?.report;
    },
    /** Stores a report and keeps it with the newest few others of the document. */
    async saveReport(documentId: string, cacheKey: string, hash: string, report: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto("check_reports")
          .values({ document_id: documentId, cache_key: cacheKey, hash, report, created_at: nowIso() })
          .onConflict((oc) => oc.columns(["document_id", "cache_key"]).doUpdateSet({ report, created_at: nowIso() }))
          .execute();
        await trx
          .deleteFrom("check_reports")
          .where("document_id", "=", documentId)
          .where("cache_key", "<>", cacheKey)
          .where("cache_key", "not in", (eb) =>
            eb
              .selectFrom("check_reports")
              .select("cache_key")
              .where("document_id", "=", documentId)
              .where("cache_key", "<>", cacheKey)
              .orderBy("created_at", "desc")
              .orderBy("cache_key", "desc")
              .limit(REPORTS_KEPT_PER_DOCUMENT - 1),
          )
          .execute();
      });
    },

    /** In the order they were dismissed. */
    async listDismissals(documentId: string): Promise<Dismissal[]> {
      const rows: DismissalRow[] = await db
        .selectFrom("check_dismissals as d")
        .leftJoin("users as u", "u.id", "d.dismissed_by")
        .selectAll("d")
        .select("u.display_name as dismissed_by_name")
        .where("d.document_id", "=", documentId)
        .orderBy("d.dismissed_at")
        .orderBy("d.finding_id")
        .execute();
      return rows.map((row) => ({
        findingId: row.finding_id,
        reason: row.reason,
        dismissedBy: row.dismissed_by,
        dismissedByName: row.dismissed_by_name ?? "A former member",
        dismissedAt: row.dismissed_at,
      }));
    },
    async saveDismissal(
      documentId: string,
      dismissal: { findingId: string; rule: string; text: string; reason: string; userId: string },
    ): Promise<void> {
      await db
        .insertInto("check_dismissals")
        .values({
          document_id: documentId,
          finding_id: dismissal.findingId,
          rule: dismissal.rule,
          finding_text: dismissal.text,
          reason: dismissal.reason,
          dismissed_by: dismissal.userId,
        })
        .onConflict((oc) =>
          oc
            .columns(["document_id", "finding_id"])
            .doUpdateSet({ reason: dismissal.reason, dismissed_by: dismissal.userId, dismissed_at: nowIso() }),
        )
        .execute();
    },
    async removeDismissal(documentId: string, findingId: string): Promise<boolean> {
      const result = await db
        .deleteFrom("check_dismissals")
        .where("document_id", "=", documentId)
        .where("finding_id", "=", findingId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** The workspace's own list, or null while it still uses the starter list. */
    async listWordListEntries(workspaceId: string): Promise<StoredWordListEntry[] | null> {
      // One statement, so a list restored meanwhile is never seen half-way: no row at all while the workspace uses
      // the starter list, one row without an entry when its own list is empty.
      const rows = await db
        .selectFrom("word_lists as l")
        .leftJoin("word_list_entries as e", "e.workspace_id", "l.workspace_id")
        .select(["e.id", "e.phrase", "e.suggestion", "e.reason", "e.source"])
        .where("l.workspace_id", "=", workspaceId)
        .orderBy("e.position")
        .orderBy("e.phrase_key")
        .execute();
      if (rows.length === 0) return null;
      return rows.filter((row): row is EntryRow => row.id !== null);
    },
    /** Adds an entry; "duplicate" (and nothing changes) when the workspace already looks for the same words. */
    addWordListEntry(
      workspaceId: string,
      userId: string,
      starter: readonly WordListEntry[],
      entry: WordListEntry,
    ): Promise<"ok" | "duplicate"> {
      return refusable(workspaceId, async (trx) => {
        await ensureOwnList(trx, workspaceId, userId, starter);
        if (await entryKeyTaken(trx, workspaceId, entry.phrase, "")) throw new Refusal("duplicate");
        const last = await trx
          .selectFrom("word_list_entries")
          .select((eb) => eb.fn.max("position").as("position"))
          .where("workspace_id", "=", workspaceId)
          .executeTakeFirst();
        await trx
          .insertInto("word_list_entries")
          .values(entryRow(workspaceId, entry, Number(last?.position ?? 0) + 1))
          .execute();
      });
    },
    /** Changes an entry; "missing" or "duplicate" (new words clash with another entry) change nothing. */
    updateWordListEntry(
      workspaceId: string,
      userId: string,
      starter: readonly WordListEntry[],
      entryId: string,
      entry: WordListEntry,
    ): Promise<"ok" | "missing" | "duplicate"> {
      return refusable(workspaceId, async (trx) => {
        const id = await resolveEntryId(trx, workspaceId, userId, starter, entryId);
        if (!id) throw new Refusal("missing");
        if (await entryKeyTaken(trx, workspaceId, entry.phrase, id)) throw new Refusal("duplicate");
        const changed = await trx
          .updateTable("word_list_entries")
          .set({
            phrase: entry.phrase,
            phrase_key: phraseKey(entry.phrase),
            suggestion: entry.suggestion,
            reason: entry.reason,
            source: entry.source,
          })
          .where("id", "=", id)
          .where("workspace_id", "=", workspaceId)
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) !== 1) throw new Refusal("missing");
        await startOwnList(trx, workspaceId, userId);
      });
    },
    removeWordListEntry(
      workspaceId: string,
      userId: string,
      starter: readonly WordListEntry[],
      entryId: string,
    ): Promise<"ok" | "missing"> {
      return refusable(workspaceId, async (trx) => {
        const id = await resolveEntryId(trx, workspaceId, userId, starter, entryId);
        if (!id) throw new Refusal("missing");
        const removed = await trx
          .deleteFrom("word_list_entries")
          .where("id", "=", id)
          .where("workspace_id", "=", workspaceId)
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) !== 1) throw new Refusal("missing");
        await startOwnList(trx, workspaceId, userId);
      });
    },
    /** Back to the starter list (the workspace's own entries are removed). */
    async restoreStarterList(workspaceId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await serializeOn(trx, "word-list:" + workspaceId);
        await trx.deleteFrom("word_list_entries").where("workspace_id", "=", workspaceId).execute();
        await trx.deleteFrom("word_lists").where("workspace_id", "=", workspaceId).execute();
      });
    },
  };
}
export type CheckRepository = ReturnType<typeof createCheckRepository>;
