-- Sign-off: policies, review requests, approvals bound to exact hashes, releases, and a tamper-evident audit log.

-- The workspace's approval policy (document_id NULL) and per-document overrides.
CREATE TABLE approval_policies (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
  policy TEXT NOT NULL, -- JSON, see app/domain/approval-policy.ts
  updated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE UNIQUE INDEX approval_policies_scope ON approval_policies(workspace_id, ifnull(document_id, ''));

-- Who has changed each part of a document (for "approvals from people who edited this count or not").
CREATE TABLE document_contributors (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  part TEXT NOT NULL CHECK (part IN ('content', 'design')),
  last_edit_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY (document_id, user_id, part)
);

CREATE TABLE review_requests (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  requested_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  message TEXT NOT NULL DEFAULT '',
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX review_requests_by_document ON review_requests(document_id, created_at);

-- An approval is for exactly the version the approver saw: the document hash they sent, and the hash of its
-- scope (content or design) at that moment. It counts only while that scope hash is unchanged; never deleted.
CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  scope TEXT NOT NULL CHECK (scope IN ('content', 'design')),
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'changes')),
  hash TEXT NOT NULL,
  scope_hash TEXT NOT NULL,
  member_id TEXT NOT NULL, -- members.id at the time (kept even if the member is later removed)
  user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  member_name TEXT NOT NULL,
  roles TEXT NOT NULL, -- JSON: the approver's roles at the time
  lived_experience INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  canonical TEXT NOT NULL, -- what they approved, to show "what changed since your last approval"
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX approvals_by_document ON approvals(document_id, created_at);

CREATE TABLE releases (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  hash TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  design_hash TEXT NOT NULL,
  state BLOB NOT NULL,
  canonical TEXT NOT NULL,
  pdf BLOB NOT NULL,
  html TEXT NOT NULL,
  approvals TEXT NOT NULL, -- JSON: the approvals that allowed it
  share_token TEXT UNIQUE, -- optional unguessable link to the web version
  released_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  released_by_name TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (document_id, number)
);

-- Releases are immutable.
CREATE TRIGGER releases_are_immutable BEFORE UPDATE OF document_id, number, hash, state, canonical, pdf, html, approvals ON releases
BEGIN
  SELECT RAISE(ABORT, 'Releases cannot be changed');
END;

-- Append-only audit log; each event carries the hash of the one before (a tamper-evident chain).
CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id TEXT NOT NULL,
  document_id TEXT,
  type TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  data TEXT NOT NULL, -- JSON
  at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_workspace ON audit_events(workspace_id, seq);
CREATE INDEX audit_by_document ON audit_events(document_id, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'The audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'The audit log is append-only'); END;
