-- Which person writes under each Yjs client id in a document, so nobody can add content under someone else's id
-- (which would make that person's later edits disappear for everyone else).
CREATE TABLE document_client_ids (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  client_id BIGINT NOT NULL, -- a Yjs client id is an unsigned 32-bit number
  user_id TEXT NOT NULL,
  claimed_at TEXT NOT NULL DEFAULT copress_now(),
  PRIMARY KEY (document_id, client_id)
);
