-- Releases also keep the print-shop PDF of the signed-off version (bleed, crop marks, CMYK; issue 14), made and
-- checked against the same hash at publishing. NULL for releases published before it was kept.
ALTER TABLE releases ADD COLUMN print_pdf BYTEA;

-- Still immutable, the new file included.
DROP TRIGGER releases_are_immutable ON releases;
CREATE TRIGGER releases_are_immutable BEFORE UPDATE OF document_id, number, hash, state, canonical, pdf, print_pdf, html, approvals ON releases
  FOR EACH ROW EXECUTE FUNCTION copress_refuse('Releases cannot be changed');
