-- Linked translations (issue 16): a translation is a document of its own (its own sections, approvals, releases and
-- hash) linked to the document it was translated from, one per language. For each section it remembers what the
-- source section said when the translation was last checked against it, so a later change to the source shows.
CREATE TABLE translations (
  document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  source_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  language TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (source_id, language)
);

CREATE TABLE translation_sections (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  section_id TEXT NOT NULL,
  source_hash TEXT NOT NULL,                          -- the source section (title and words) when last checked
  source_text TEXT NOT NULL,                          -- its words then, to show what changed since
  confirmed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  confirmed_by_name TEXT,                             -- NULL: not checked by anyone yet (as made)
  confirmed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY (document_id, section_id)
);

-- A release of a translation says which version of the source it was translated from.
ALTER TABLE releases ADD COLUMN source_id TEXT;
ALTER TABLE releases ADD COLUMN source_hash TEXT;
