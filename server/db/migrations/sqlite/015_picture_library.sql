-- The picture library (issue 16): a workspace's pictures keep their description, so they can be found and used again
-- in other documents; a picture taken from the open-licence library remembers which one it was (one stored copy per
-- workspace) and the credit its licence asks for.
ALTER TABLE uploads ADD COLUMN description TEXT;
ALTER TABLE uploads ADD COLUMN credit TEXT;
ALTER TABLE uploads ADD COLUMN library_id TEXT;
CREATE UNIQUE INDEX uploads_library_picture ON uploads(workspace_id, library_id) WHERE library_id IS NOT NULL;
