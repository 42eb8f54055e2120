-- Named versions: a full stored state with its canonical JSON and hash. Restoring makes a new edit on top.
CREATE TABLE versions (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'named' CHECK (kind IN ('named', 'restore')),
  restored_from TEXT REFERENCES versions(id),
  state BYTEA NOT NULL,
  canonical TEXT NOT NULL,
  hash TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  design_hash TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT copress_now()
);
CREATE INDEX versions_by_document ON versions(document_id, created_at);

-- In-app notifications (e.g. a comment on a section you own). No email: many volunteers have none.
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  link TEXT NOT NULL,
  dedupe_key TEXT UNIQUE,
  created_at TEXT NOT NULL DEFAULT copress_now(),
  read_at TEXT
);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);
