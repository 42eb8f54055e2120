-- When an edit first outdated an approval (issue 13): the stale-approval watcher keeps this state of its own, set once
-- by a conditional update, so two processes never both record the same approval going stale and nothing reads the
-- audit log as working state. Approvals already recorded stale in the audit log keep the moment it was recorded.
ALTER TABLE approvals ADD COLUMN stale_at TEXT;
UPDATE approvals SET stale_at = (
  SELECT MIN(audit_events.at) FROM audit_events
  WHERE audit_events.type = 'approval.stale' AND (audit_events.data::jsonb ->> 'approvalId') = approvals.id
);
