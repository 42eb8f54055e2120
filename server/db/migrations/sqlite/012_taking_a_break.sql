-- A member can take a break (issue 15): until this date (ISO 8601, UTC) they get no notifications, and their
-- sections say so. NULL: not on a break.
ALTER TABLE members ADD COLUMN away_until TEXT;
