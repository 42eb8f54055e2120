-- Change requests, hand-overs and the section index behind the "For you" view.

-- What an approver asked to change: made with each "ask for changes" decision (approvals.decision = 'changes'), open
-- until a writer (or designer) marks it done, or until the same approver decides again on the same scope.
CREATE TABLE change_requests (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  approval_id TEXT NOT NULL REFERENCES approvals(id),
  scope TEXT NOT NULL CHECK (scope IN ('content', 'design')),
  requested_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  message TEXT NOT NULL,
  sections TEXT NOT NULL DEFAULT '[]', -- JSON [{id, title}]: the sections it concerns, as titled when asked
  review_requested_by TEXT REFERENCES users(id) ON DELETE SET NULL, -- who had asked for sign-off then
  version_id TEXT REFERENCES versions(id) ON DELETE SET NULL, -- the version saved when it was asked
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'closed')),
  closed_at TEXT,
  closed_by_approval_id TEXT, -- set when the approver's next decision on the scope closed it
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX change_requests_by_document ON change_requests(document_id, created_at);
CREATE INDEX change_requests_open ON change_requests(status, document_id);

-- Answers in place: a reply, or "done" with a short note.
CREATE TABLE change_request_answers (
  id TEXT PRIMARY KEY,
  change_request_id TEXT NOT NULL REFERENCES change_requests(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('reply', 'done')),
  author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX change_request_answers_by_request ON change_request_answers(change_request_id, created_at);

-- Each document's sections as the live document has them (title, owner, status, order), kept up to date from the
-- sync rooms, so "your sections" across a workspace is one query instead of opening every document.
CREATE TABLE document_sections (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  section_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  owner TEXT, -- a user id as the document says it (not a foreign key: the document may name a former member)
  status TEXT NOT NULL,
  PRIMARY KEY (document_id, section_id)
);
CREATE INDEX document_sections_by_owner ON document_sections(owner);

-- Every change of a section's owner made by a person, with who made it and the note for the new owner.
CREATE TABLE section_handovers (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  section_id TEXT NOT NULL,
  section_title TEXT NOT NULL,
  from_user TEXT,
  to_user TEXT,
  by_user TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX section_handovers_to ON section_handovers(to_user, created_at);
