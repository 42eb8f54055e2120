-- A hand-over is news until its new owner opens the document (issue 12: "For you" kept old hand-overs for two
-- weeks). After that the section itself stays in "your sections" until it is done.
ALTER TABLE section_handovers ADD COLUMN seen_at TEXT;
