import type { Role } from "../../app/domain/permissions";
import type { Db } from "./database";

export interface InviteRow {
  id: string;
  workspace_id: string;
  token_hash: string;
  roles: string;
  note: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
  revoked_at: string | null;
}

export function createInviteRepository(db: Db) {
  const insert = db.prepare(
    "INSERT INTO invites (id, workspace_id, token_hash, roles, note, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const byHash = db.prepare<[string], InviteRow>("SELECT * FROM invites WHERE token_hash = ?");
  const open = db.prepare<[string, string], InviteRow>(
    "SELECT * FROM invites WHERE workspace_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC",
  );
  // Single use is enforced by the WHERE clause: a second redeem of the same invite changes no row.
  const markUsed = db.prepare(
    "UPDATE invites SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
  );
  const revoke = db.prepare("UPDATE invites SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND used_at IS NULL");
  return {
    createInvite(invite: { id: string; workspaceId: string; tokenHash: string; roles: Role[]; note: string; createdBy: string; expiresAt: Date }) {
      insert.run(invite.id, invite.workspaceId, invite.tokenHash, JSON.stringify(invite.roles), invite.note, invite.createdBy, invite.expiresAt.toISOString());
    },
    findInviteByTokenHash: (tokenHash: string) => byHash.get(tokenHash),
    openInvites: (workspaceId: string, now = new Date()) => open.all(workspaceId, now.toISOString()),
    markInviteUsed: (id: string, userId: string, now = new Date()) => markUsed.run(now.toISOString(), userId, id, now.toISOString()).changes === 1,
    revokeInvite: (id: string, workspaceId: string) => revoke.run(new Date().toISOString(), id, workspaceId).changes === 1,
  };
}
export type InviteRepository = ReturnType<typeof createInviteRepository>;
