-- An invite may be for one document: the person joins the workspace as usual and then lands on that document.
-- Nullable, so every existing invite stays a workspace invite. If the document goes, the invite still lets the
-- person join (they land on the documents list).
ALTER TABLE invites ADD COLUMN document_id TEXT REFERENCES documents(id) ON DELETE SET NULL;
CREATE INDEX invites_by_document ON invites (document_id) WHERE document_id IS NOT NULL;
