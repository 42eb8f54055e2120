-- A release keeps, beside its print-shop PDF, the notes for whoever prints it (how to print and fold it, colours that
-- look different in print), made with that PDF at publishing (issue 14): the release page shows them with the
-- download. A JSON array of sentences; NULL for releases published before they were kept.
ALTER TABLE releases ADD COLUMN print_notes TEXT;

-- Still immutable, the notes included.
DROP TRIGGER releases_are_immutable ON releases;
CREATE TRIGGER releases_are_immutable BEFORE UPDATE OF document_id, number, hash, state, canonical, pdf, print_pdf, print_notes, html, approvals ON releases
  FOR EACH ROW EXECUTE FUNCTION copress_refuse('Releases cannot be changed');
