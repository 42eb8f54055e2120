/**
 * Check reports cached by key, dismissed findings, and each workspace's lived-experience word list.
 */
import { randomUUID } from "node:crypto";
import type { Dismissal } from "../../app/domain/checks/types";
import { phraseKey, type WordListEntry } from "../../app/domain/checks/lived-experience-words";
import type { Db } from "./database";

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

export function createCheckRepository(db: Db) {
  /** Runs `change` in a transaction; a Refusal rolls everything back (so a refused change changes nothing). */
  function refusable<T extends string>(change: () => void): "ok" | T {
    try {
      db.transaction(change)();
      return "ok";
    } catch (error) {
      if (error instanceof Refusal) return error.reason as T;
      throw error;
    }
  }

  const reportByKey = db.prepare<[string, string], { report: string }>(
    "SELECT report FROM check_reports WHERE document_id = ? AND cache_key = ?",
  );
  const upsertReport = db.prepare(
    `INSERT INTO check_reports (document_id, cache_key, hash, report) VALUES (?, ?, ?, ?)
     ON CONFLICT(document_id, cache_key) DO UPDATE SET report = excluded.report, created_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
  );
  const pruneReports = db.prepare(
    `DELETE FROM check_reports WHERE document_id = ? AND cache_key NOT IN
       (SELECT cache_key FROM check_reports WHERE document_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ${REPORTS_KEPT_PER_DOCUMENT})`,
  );

  const dismissalsOf = db.prepare<[string], DismissalRow>(
    `SELECT d.*, u.display_name AS dismissed_by_name FROM check_dismissals d LEFT JOIN users u ON u.id = d.dismissed_by
     WHERE d.document_id = ? ORDER BY d.dismissed_at`,
  );
  const upsertDismissal = db.prepare(
    `INSERT INTO check_dismissals (document_id, finding_id, rule, finding_text, reason, dismissed_by) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(document_id, finding_id) DO UPDATE SET reason = excluded.reason, dismissed_by = excluded.dismissed_by,
       dismissed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
  );
  const deleteDismissal = db.prepare("DELETE FROM check_dismissals WHERE document_id = ? AND finding_id = ?");

  const hasOwnList = db.prepare<[string], { workspace_id: string }>(
    "SELECT workspace_id FROM word_lists WHERE workspace_id = ?",
  );
  const entriesOf = db.prepare<[string], EntryRow>(
    "SELECT id, phrase, suggestion, reason, source FROM word_list_entries WHERE workspace_id = ? ORDER BY position, phrase_key",
  );
  const startOwnList = db.prepare(
    "INSERT INTO word_lists (workspace_id, updated_by) VALUES (?, ?) ON CONFLICT(workspace_id) DO UPDATE SET updated_by = excluded.updated_by, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')",
  );
  const nextPosition = db.prepare<[string], { next: number }>(
    "SELECT COALESCE(MAX(position), 0) + 1 AS next FROM word_list_entries WHERE workspace_id = ?",
  );
  const insertEntry = db.prepare(
    "INSERT INTO word_list_entries (id, workspace_id, phrase, phrase_key, suggestion, reason, source, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const updateEntry = db.prepare(
    "UPDATE word_list_entries SET phrase = ?, phrase_key = ?, suggestion = ?, reason = ?, source = ? WHERE id = ? AND workspace_id = ?",
  );
  const deleteEntry = db.prepare("DELETE FROM word_list_entries WHERE id = ? AND workspace_id = ?");
  const deleteAllEntries = db.prepare("DELETE FROM word_list_entries WHERE workspace_id = ?");
  const deleteOwnList = db.prepare("DELETE FROM word_lists WHERE workspace_id = ?");
  const entryKeyTaken = db.prepare<[string, string, string], { id: string }>(
    "SELECT id FROM word_list_entries WHERE workspace_id = ? AND phrase_key = ? AND id <> ?",
  );

  const idByKey = db.prepare<[string, string], { id: string }>(
    "SELECT id FROM word_list_entries WHERE workspace_id = ? AND phrase_key = ?",
  );

  /**
   * Starter entries have no rows until the workspace changes its list; the page names them `starter:<words>`.
   * Changing one copies the starter list first, then finds the copied entry by its words.
   */
  function resolveEntryId(
    workspaceId: string,
    userId: string,
    starter: readonly WordListEntry[],
    id: string,
  ): string | undefined {
    if (!id.startsWith(STARTER_ID_PREFIX)) return id;
    ensureOwnList(workspaceId, userId, starter);
    return idByKey.get(workspaceId, id.slice(STARTER_ID_PREFIX.length))?.id;
  }

  /** Copies the starter list into the workspace's own list the first time someone changes it. */
  function ensureOwnList(workspaceId: string, userId: string, starter: readonly WordListEntry[]) {
    if (hasOwnList.get(workspaceId)) {
      startOwnList.run(workspaceId, userId);
      return;
    }
    startOwnList.run(workspaceId, userId);
    starter.forEach((entry, index) =>
      insertEntry.run(
        randomUUID(),
        workspaceId,
        entry.phrase,
        phraseKey(entry.phrase),
        entry.suggestion,
        entry.reason,
        entry.source,
        index + 1,
      ),
    );
  }

  return {
    getReport(documentId: string, cacheKey: string): string | undefined {
      return reportByKey.get(documentId, cacheKey)?.report;
    },
    saveReport(documentId: string, cacheKey: string, hash: string, report: string) {
      db.transaction(() => {
        upsertReport.run(documentId, cacheKey, hash, report);
        pruneReports.run(documentId, documentId);
      })();
    },

    listDismissals(documentId: string): Dismissal[] {
      return dismissalsOf.all(documentId).map((row) => ({
        findingId: row.finding_id,
        reason: row.reason,
        dismissedBy: row.dismissed_by,
        dismissedByName: row.dismissed_by_name ?? "A former member",
        dismissedAt: row.dismissed_at,
      }));
    },
    saveDismissal(
      documentId: string,
      dismissal: { findingId: string; rule: string; text: string; reason: string; userId: string },
    ) {
      upsertDismissal.run(
        documentId,
        dismissal.findingId,
        dismissal.rule,
        dismissal.text,
        dismissal.reason,
        dismissal.userId,
      );
    },
    removeDismissal: (documentId: string, findingId: string) =>
      deleteDismissal.run(documentId, findingId).changes === 1,

    /** The workspace's own list, or null while it still uses the starter list. */
    listWordListEntries(workspaceId: string): StoredWordListEntry[] | null {
      if (!hasOwnList.get(workspaceId)) return null;
      return entriesOf.all(workspaceId);
    },
    /** Adds an entry; "duplicate" (and nothing changes) when the workspace already looks for the same words. */
    addWordListEntry(
      workspaceId: string,
      userId: string,
      starter: readonly WordListEntry[],
      entry: WordListEntry,
    ): "ok" | "duplicate" {
      return refusable(() => {
        ensureOwnList(workspaceId, userId, starter);
        if (entryKeyTaken.get(workspaceId, phraseKey(entry.phrase), "")) throw new Refusal("duplicate");
        const position = nextPosition.get(workspaceId)!.next;
        insertEntry.run(
          randomUUID(),
          workspaceId,
          entry.phrase,
          phraseKey(entry.phrase),
          entry.suggestion,
          entry.reason,
          entry.source,
          position,
        );
      });
    },
    /** Changes an entry; "missing" or "duplicate" (new words clash with another entry) change nothing. */
    updateWordListEntry(
      workspaceId: string,
      userId: string,
      starter: readonly WordListEntry[],
      entryId: string,
      entry: WordListEntry,
    ): "ok" | "missing" | "duplicate" {
      return refusable(() => {
        const id = resolveEntryId(workspaceId, userId, starter, entryId);
        if (!id) throw new Refusal("missing");
        if (entryKeyTaken.get(workspaceId, phraseKey(entry.phrase), id)) throw new Refusal("duplicate");
        const changed = updateEntry.run(
          entry.phrase,
          phraseKey(entry.phrase),
          entry.suggestion,
          entry.reason,
          entry.source,
          id,
          workspaceId,
        ).changes;
        if (changed !== 1) throw new Refusal("missing");
        startOwnList.run(workspaceId, userId);
      });
    },
    removeWordListEntry(
      workspaceId: string,
      userId: string,
      starter: readonly WordListEntry[],
      entryId: string,
    ): "ok" | "missing" {
      return refusable(() => {
        const id = resolveEntryId(workspaceId, userId, starter, entryId);
        if (!id || deleteEntry.run(id, workspaceId).changes !== 1) throw new Refusal("missing");
        startOwnList.run(workspaceId, userId);
      });
    },
    /** Back to the starter list (the workspace's own entries are removed). */
    restoreStarterList(workspaceId: string) {
      db.transaction(() => {
        deleteAllEntries.run(workspaceId);
        deleteOwnList.run(workspaceId);
      })();
    },
  };
}
export type CheckRepository = ReturnType<typeof createCheckRepository>;
