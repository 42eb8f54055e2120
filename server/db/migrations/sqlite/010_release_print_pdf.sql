-- Releases also keep the print-shop PDF of the signed-off version (bleed, crop marks, CMYK; issue 14), made and
-- checked against the same hash at publishing. NULL for releases published before it was kept.
ALTER TABLE releases ADD COLUMN print_pdf BLOB;

-- Still immutable, the new file included.
DROP TRIGGER releases_are_immutable;
CREATE TRIGGER releases_are_immutable BEFORE UPDATE OF document_id, number, hash, state, canonical, pdf, print_pdf, html, approvals ON releases
BEGIN
  SELECT RAISE(ABORT, 'Releases cannot be changed');
END;
