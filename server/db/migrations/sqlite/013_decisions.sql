-- Decisions (issue 15): a question the group disagrees on, its options, each member's view, and the outcome with who
-- decided and why (kept in the audit chain too). Options are a JSON array of strings.
CREATE TABLE decisions (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  area TEXT NOT NULL CHECK (area IN ('content', 'design', 'lived-experience')),
  question TEXT NOT NULL,
  options TEXT NOT NULL,
  source_kind TEXT,                                    -- 'comment' or 'suggestion' it was raised from, or NULL
  source_id TEXT,
  raised_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  raised_by_name TEXT NOT NULL,
  raised_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  outcome INTEGER,                                     -- index of the option decided; NULL while open
  reason TEXT,
  decided_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  decided_by_name TEXT,
  overridden INTEGER NOT NULL DEFAULT 0,               -- 1: a coordinator stepped in
  decided_at TEXT
);
CREATE INDEX decisions_by_document ON decisions(document_id, raised_at);

CREATE TABLE decision_views (
  decision_id TEXT NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  option INTEGER,                                      -- NULL: no preference
  note TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY (decision_id, user_id)
);
