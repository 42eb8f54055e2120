-- Uploaded pictures (logos): the file lives in DATA_DIR/uploads under a random name; this row says whose it is.
CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('logo', 'image')),
  media_type TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg')), -- what we stored (re-encoded)
  original_type TEXT NOT NULL,                                               -- what was sent (e.g. image/svg+xml)
  original_name TEXT NOT NULL,
  storage_name TEXT NOT NULL UNIQUE,
  byte_size INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX uploads_by_workspace ON uploads(workspace_id, created_at);

-- Brand kits: a workspace's colours, fonts, logo and footer, which designers apply to documents.
CREATE TABLE brand_kits (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL COLLATE NOCASE,
  colours TEXT NOT NULL,                         -- JSON {text, background, primary, onPrimary, accent, muted}
  heading_font TEXT NOT NULL,
  body_font TEXT NOT NULL,
  logo_upload_id TEXT REFERENCES uploads(id) ON DELETE SET NULL,
  footer_text TEXT NOT NULL DEFAULT '',
  locked_elements TEXT NOT NULL DEFAULT '[]',    -- JSON array: elements writers cannot remove
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (workspace_id, name)
);

-- Who changed what in a document's design map, so a design approver can see what changed since they approved.
CREATE TABLE design_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  user_id TEXT REFERENCES users(id) ON DELETE SET NULL, -- NULL: Copress itself (e.g. undoing an unreadable colour)
  origin TEXT NOT NULL,                                 -- 'person', 'restore', 'server', 'guard'
  key TEXT NOT NULL,
  old_value TEXT,                                       -- JSON, NULL when the key was new
  new_value TEXT,                                       -- JSON, NULL when the key was removed
  changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX design_changes_by_document ON design_changes(document_id, changed_at);
