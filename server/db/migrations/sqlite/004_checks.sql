-- Check reports, cached by what they were made from: the document hash, the rules' version, the template and the
-- workspace's word list (all in `cache_key`). Only the newest few per document are kept.
CREATE TABLE check_reports (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  cache_key TEXT NOT NULL,
  hash TEXT NOT NULL,
  report TEXT NOT NULL, -- JSON (app/domain/checks/types.ts CheckReport, without dismissals)
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY (document_id, cache_key)
);
CREATE INDEX check_reports_by_age ON check_reports(document_id, created_at);

-- Warnings and tips that a writer chose to leave as they are, with who, when and why. Blockers can never be
-- dismissed (the service refuses). A finding id is stable while its words stay the same (see withFindingIds).
CREATE TABLE check_dismissals (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  finding_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  finding_text TEXT NOT NULL,
  reason TEXT NOT NULL,
  dismissed_by TEXT NOT NULL REFERENCES users(id),
  dismissed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY (document_id, finding_id)
);

-- Each workspace's lived-experience word list. A workspace starts with the starter list
-- (app/domain/checks/lived-experience-words.ts); it is copied here on the first change, and `word_lists` records
-- that the workspace has its own list (so removing every entry does not bring the starter list back).
CREATE TABLE word_lists (
  workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  updated_by TEXT REFERENCES users(id),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE TABLE word_list_entries (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES word_lists(workspace_id) ON DELETE CASCADE,
  phrase TEXT NOT NULL,
  phrase_key TEXT NOT NULL,
  suggestion TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  position INTEGER NOT NULL,
  UNIQUE (workspace_id, phrase_key)
);
