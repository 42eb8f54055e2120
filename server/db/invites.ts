import { createUserRepository } from "./users";
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

/** Thrown inside a redeeming transaction to roll it back when the invite was used (or revoked) meanwhile. */
class InviteNoLongerUsable extends Error {}

export function createInviteRepository(db: Db) {
  /** Open invites of a workspace with their document's title, newest first. */
  const selectOpen = (workspaceId: string, now: Date) =>
    db
      .selectFrom("invites")
      .leftJoin("documents", "documents.id", "invites.document_id")
      .selectAll("invites")
      .select("documents.title as document_title")
      .where("invites.workspace_id", "=", workspaceId)
      .where("invites.used_at", "is", null)
      .where("invites.revoked_at", "is", null)
      .where("invites.expires_at", ">", now.toISOString())
      .orderBy("invites.created_at", "desc")
      .orderBy("invites.id", "desc");
  return {
    async createInvite(invite: {
      id: string;
      workspaceId: string;
      tokenHash: string;
      roles: Role[];
      note: string;
      createdBy: string;
      expiresAt: Date;
      documentId?: string | null;
    }) {
      await db
        .insertInto("invites")
        .values({
          id: invite.id,
          workspace_id: invite.workspaceId,
          token_hash: invite.tokenHash,
          roles: JSON.stringify(invite.roles),
          note: invite.note,
          created_by: invite.createdBy,
          expires_at: invite.expiresAt.toISOString(),
          document_id: invite.documentId ?? null,
        })
        .execute();
    },
    findInviteByTokenHash: (tokenHash: string): Promise<InviteRow | undefined> =>
      db.selectFrom("invites").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst(),
    findInvite: (id: string): Promise<InviteRow | undefined> =>
      db.selectFrom("invites").selectAll().where("id", "=", id).executeTakeFirst(),
    openInvites: (workspaceId: string, now = new Date()): Promise<OpenInviteRow[]> =>
      selectOpen(workspaceId, now).execute(),
    /** The same for one document; invites whose document has gone are left out. */
    openInvitesForDocument: (workspaceId: string, documentId: string, now = new Date()): Promise<OpenInviteRow[]> =>
      selectOpen(workspaceId, now)
        .where("invites.document_id", "=", documentId)
        .where("documents.id", "is not", null)
        .execute(),

    /**
     * Makes a new account from an invite, in one transaction: the person, their membership of the invite's workspace
     * (with the invite's roles), and the invite used up. Returns the invite, now used; undefined (and nothing is made)
     * when it has been used, revoked or has expired meanwhile.
     */
    async redeemInvite(
      inviteId: string,
      user: { id: string; username: string; displayName: string; passwordHash: string },
      memberId: string,
      now = new Date(),
    ): Promise<InviteRow | undefined> {
      try {
        return await db.transaction().execute(async (trx) => {
          await createUserRepository(trx).createUser(user);
          // Single use is enforced by the WHERE clause: of two people redeeming the same invite at once, the
          // second changes no row (PostgreSQL makes it wait for the first, then checks the row again).
          const invite = await trx
            .updateTable("invites")
            .set({ used_at: now.toISOString(), used_by: user.id })
            .where("id", "=", inviteId)
            .where("used_at", "is", null)
            .where("revoked_at", "is", null)
            .where("expires_at", ">", now.toISOString())
            .returningAll()
            .executeTakeFirst();
          if (!invite) throw new InviteNoLongerUsable();
          await trx
            .insertInto("members")
            .values({
              id: memberId,
              workspace_id: invite.workspace_id,
              user_id: user.id,
              roles: invite.roles,
              lived_experience: 0,
            })
            .execute();
          return invite;
        });
      } catch (error) {
        if (error instanceof InviteNoLongerUsable) return undefined;
        throw error;
      }
    },

    async revokeInvite(id: string, workspaceId: string) {
      const result = await db
        .updateTable("invites")
        .set({ revoked_at: new Date().toISOString() })
        .where("id", "=", id)
        .where("workspace_id", "=", workspaceId)
        .where("used_at", "is", null)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
export type InviteRepository = ReturnType<typeof createInviteRepository>;
