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
  /** The document the person lands on after joining; null for a workspace invite. */
  document_id: string | null;
}

/** An open invite with the title of its document (null for a workspace invite), for lists. */
export interface OpenInviteRow extends InviteRow {
  document_title: string | null;
}

export function createInviteRepository(db: Db) {
  const insert = db.prepare(
    "INSERT INTO invites (id, workspace_id, token_hash, roles, note, created_by, expires_at, document_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const byHash = db.prepare<[string], InviteRow>("SELECT * FROM invites WHERE token_hash = ?");
  const byId = db.prepare<[string], InviteRow>("SELECT * FROM invites WHERE id = ?");
  const open = db.prepare<[string, string], OpenInviteRow>(
    `SELECT invites.*, documents.title AS document_title FROM invites LEFT JOIN documents ON documents.id = invites.document_id
     WHERE invites.workspace_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ? ORDER BY invites.created_at DESC`,
  );
  const openForDocument = db.prepare<[string, string, string], OpenInviteRow>(
    `SELECT invites.*, documents.title AS document_title FROM invites JOIN documents ON documents.id = invites.document_id
     WHERE invites.workspace_id = ? AND invites.document_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
     ORDER BY invites.created_at DESC`,
  );
  // Single use is enforced by the WHERE clause: a second redeem of the same invite changes no row.
  const markUsed = db.prepare(
    "UPDATE invites SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
  );
  const revoke = db.prepare(
    "UPDATE invites SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND used_at IS NULL AND revoked_at IS NULL",
  );
  return {
    createInvite(invite: {
      id: string;
      workspaceId: string;
      tokenHash: string;
      roles: Role[];
      note: string;
      createdBy: string;
      expiresAt: Date;
      documentId?: string | null;
    }) {
      insert.run(
        invite.id,
        invite.workspaceId,
        invite.tokenHash,
        JSON.stringify(invite.roles),
        invite.note,
        invite.createdBy,
        invite.expiresAt.toISOString(),
        invite.documentId ?? null,
      );
    },
    findInviteByTokenHash: (tokenHash: string) => byHash.get(tokenHash),
    findInvite: (id: string) => byId.get(id),
    openInvites: (workspaceId: string, now = new Date()) => open.all(workspaceId, now.toISOString()),
    openInvitesForDocument: (workspaceId: string, documentId: string, now = new Date()) =>
      openForDocument.all(workspaceId, documentId, now.toISOString()),
    markInviteUsed: (id: string, userId: string, now = new Date()) =>
      markUsed.run(now.toISOString(), userId, id, now.toISOString()).changes === 1,
    revokeInvite: (id: string, workspaceId: string) =>
      revoke.run(new Date().toISOString(), id, workspaceId).changes === 1,
  };
}
export type InviteRepository = ReturnType<typeof createInviteRepository>;
