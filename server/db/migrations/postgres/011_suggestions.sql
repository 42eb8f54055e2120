-- Suggestions that were taken or turned down (issue 15). Open suggestions live in the document itself, as marks on
-- its words; once decided they leave it, and this is what remains: who decided what, so deciding twice is told apart
-- from an id that never existed, and the review page can show what was decided.
CREATE TABLE suggestion_decisions (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  suggestion_id TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
  kind TEXT NOT NULL,
  author_id TEXT,
  text TEXT NOT NULL,
  removed TEXT NOT NULL,
  decided_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  decided_at TEXT NOT NULL DEFAULT copress_now(),
  PRIMARY KEY (document_id, suggestion_id)
);
