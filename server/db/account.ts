import type { Db } from "./database";

/** What Copress holds about one person, outside the documents' own words (for "Download your data"). */
export interface PersonalRecords {
  approvals: Array<Record<string, unknown>>;
  reviewRequests: Array<Record<string, unknown>>;
  versionsSaved: Array<Record<string, unknown>>;
  notifications: Array<Record<string, unknown>>;
  history: Array<{ type: string; data: string; at: string }>;
}

export function createAccountRepository(db: Db) {
  const profile = db.prepare<
    [string],
    { username: string; display_name: string; created_at: string; password_hash: string }
  >("SELECT username, display_name, created_at, password_hash FROM users WHERE id = ?");
  const approvals = db.prepare<[string], Record<string, unknown>>(
    "SELECT a.scope, a.decision, a.comment, a.created_at AS at, d.title AS document FROM approvals a JOIN documents d ON d.id = a.document_id WHERE a.user_id = ? ORDER BY a.created_at",
  );
  const reviewRequests = db.prepare<[string], Record<string, unknown>>(
    "SELECT r.message, r.created_at AS at, d.title AS document FROM review_requests r JOIN documents d ON d.id = r.document_id WHERE r.requested_by = ? ORDER BY r.created_at",
  );
  const versionsSaved = db.prepare<[string], Record<string, unknown>>(
    "SELECT v.name, v.created_at AS at, d.title AS document FROM versions v JOIN documents d ON d.id = v.document_id WHERE v.created_by = ?",
  );
  const notifications = db.prepare<[string], Record<string, unknown>>(
    "SELECT message, created_at AS at, read_at AS readAt FROM notifications WHERE user_id = ? ORDER BY created_at",
  );
  const history = db.prepare<[string], { type: string; data: string; at: string }>(
    "SELECT type, data, at FROM audit_events WHERE actor_id = ? ORDER BY seq",
  );
  const anonymiseUser = db.prepare(
    "UPDATE users SET username = ?, display_name = ?, password_hash = '!', deleted_at = ? WHERE id = ?",
  );
  const removeMemberships = db.prepare("DELETE FROM members WHERE user_id = ?");
  const removeNotifications = db.prepare("DELETE FROM notifications WHERE user_id = ?");
  const renameApprovals = db.prepare("UPDATE approvals SET member_name = ? WHERE user_id = ?");
  return {
    profile: (userId: string) => profile.get(userId),
    personalRecords: (userId: string): PersonalRecords => ({
      approvals: approvals.all(userId),
      reviewRequests: reviewRequests.all(userId),
      versionsSaved: versionsSaved.all(userId),
      notifications: notifications.all(userId),
      history: history.all(userId),
    }),
    /** Deletes an account in one transaction: the person becomes `formerName`, with no memberships or notifications. */
    anonymise(userId: string, formerName: string) {
      db.transaction(() => {
        anonymiseUser.run(`former-${userId}`, formerName, new Date().toISOString(), userId);
        removeMemberships.run(userId);
        removeNotifications.run(userId);
        renameApprovals.run(formerName, userId);
      })();
    },
  };
}
export type AccountRepository = ReturnType<typeof createAccountRepository>;
