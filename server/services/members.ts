/**
 * Members, roles and invite links. Volunteers often have no work email, so people join through a single-use,
 * expiring link that a coordinator shares however suits them (text message, printed QR code, in person).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { errors } from "../../app/domain/errors";
import { ROLES, can, writableParts, type Role } from "../../app/domain/permissions";
import type { Db } from "../db/database";
import type { InviteRepository } from "../db/invites";
import type { UserRepository } from "../db/users";
import type { WorkspaceRepository } from "../db/workspaces";
import { CloseCode } from "../sync/close-codes";
import type { SyncServer } from "../sync/sync-server";
import type { AuditLog } from "./audit";
import type { AuthService, Viewer } from "./auth";
import { newSecret, sha256Hex } from "./secrets";

const INVITE_DAYS = 7;

const rolesInput = z
  .array(z.enum(ROLES), { error: "Choose at least one role." })
  .min(1, "Choose at least one role.")
  .transform((roles) => [...new Set(roles)]);

export const newAccountInput = z.object({
  username: z
    .string()
    .trim()
    .min(3, "Your username needs at least 3 characters.")
    .max(40, "Keep your username under 40 characters.")
    .regex(/^[a-zA-Z0-9._-]+$/, "Use only letters, numbers, dots, dashes or underscores in your username."),
  displayName: z.string().trim().min(1, "Tell us the name to show to others.").max(80, "Keep your name under 80 characters."),
  password: z.string().min(10, "Your password needs at least 10 characters.").max(200, "Keep your password under 200 characters."),
});

export function createMemberService(deps: {
  db: Db;
  users: UserRepository;
  workspaces: WorkspaceRepository;
  invites: InviteRepository;
  auth: AuthService;
  sync: SyncServer;
  audit?: AuditLog;
}) {
  const { db, users, workspaces, invites, auth, sync, audit } = deps;
  const record = (viewer: { userId: string; displayName: string; workspaceId: string }, type: string, data: Record<string, unknown>) =>
    audit?.record({ workspaceId: viewer.workspaceId, type, actor: { id: viewer.userId, name: viewer.displayName }, data });

  function requireManager(viewer: Viewer) {
    if (!can(viewer.member, "manage")) throw errors.forbidden("Only coordinators can manage members.");
  }

  function requireMemberOfWorkspace(viewer: Viewer, memberId: string) {
    const member = workspaces.getMember(memberId);
    if (!member || member.workspaceId !== viewer.member.workspaceId) throw errors.notFound("That member");
    return member;
  }

  function countCoordinators(workspaceId: string, except?: string) {
    return workspaces.membersOfWorkspace(workspaceId).filter((m) => m.id !== except && m.roles.includes("coordinator")).length;
  }

  function findUsableInvite(token: string) {
    const invite = token.length <= 100 ? invites.findInviteByTokenHash(sha256Hex(token)) : undefined;
    if (!invite || invite.revoked_at) throw errors.notFound("That invite link");
    if (invite.used_at) throw errors.gone("This invite link has already been used. Ask your coordinator for a new one.");
    if (new Date(invite.expires_at) <= new Date()) throw errors.gone("This invite link has expired. Ask your coordinator for a new one.");
    return invite;
  }

  return {
    listMembers(viewer: Viewer) {
      const all = workspaces.membersOfWorkspace(viewer.member.workspaceId);
      const isManager = can(viewer.member, "manage");
      // The lived-experience flag is visible only to the member themself and to coordinators.
      return all.map((m) => ({ ...m, livedExperience: isManager || m.id === viewer.member.id ? m.livedExperience : undefined }));
    },

    createInvite(viewer: Viewer, input: { roles: unknown; note?: unknown }) {
      requireManager(viewer);
      const roles = rolesInput.safeParse(input.roles);
      if (!roles.success) throw errors.badRequest(roles.error.issues[0]!.message, { fields: { roles: [roles.error.issues[0]!.message] } });
      const note = z.string().trim().max(200, "Keep the note under 200 characters.").safeParse(input.note ?? "");
      if (!note.success) throw errors.badRequest(note.error.issues[0]!.message, { fields: { note: [note.error.issues[0]!.message] } });
      const token = newSecret();
      const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
      invites.createInvite({
        id: randomUUID(),
        workspaceId: viewer.member.workspaceId,
        tokenHash: sha256Hex(token),
        roles: roles.data,
        note: note.data,
        createdBy: viewer.userId,
        expiresAt,
      });
      record({ ...viewer, workspaceId: viewer.member.workspaceId }, "member.invited", { roles: roles.data, note: note.data, expiresAt: expiresAt.toISOString() });
      return { token, path: `/invite/${token}`, expiresAt: expiresAt.toISOString(), roles: roles.data };
    },

    openInvites(viewer: Viewer) {
      requireManager(viewer);
      return invites.openInvites(viewer.member.workspaceId).map((invite) => ({
        id: invite.id,
        roles: JSON.parse(invite.roles) as Role[],
        note: invite.note,
        expiresAt: invite.expires_at,
      }));
    },

    revokeInvite(viewer: Viewer, inviteId: string) {
      requireManager(viewer);
      if (!invites.revokeInvite(inviteId, viewer.member.workspaceId)) throw errors.notFound("That invite");
    },

    /** What an invite offers, for the page a newcomer sees before joining. */
    describeInvite(token: string) {
      const invite = findUsableInvite(token);
      const workspaceName = db.prepare<[string], { name: string }>("SELECT name FROM workspaces WHERE id = ?").get(invite.workspace_id)?.name ?? "";
      return { workspaceName, roles: JSON.parse(invite.roles) as Role[], expiresAt: invite.expires_at };
    },

    /** Makes a new account from an invite; the invite is used up in the same transaction. Returns a session token. */
    async joinWithInvite(token: string, input: unknown): Promise<{ token: string; userId: string }> {
      findUsableInvite(token);
      const parsed = newAccountInput.safeParse(input);
      if (!parsed.success) throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
      if (users.findUserByUsername(parsed.data.username)) {
        throw errors.conflict("username_taken", "That username is already taken. Try another one.", { fields: { username: ["That username is already taken."] } });
      }
      const passwordHash = await auth.hashPassword(parsed.data.password);
      const userId = randomUUID();
      db.transaction(() => {
        const invite = findUsableInvite(token); // again, inside the transaction: single use even if two people race
        users.createUser({ id: userId, username: parsed.data.username, displayName: parsed.data.displayName, passwordHash });
        if (!invites.markInviteUsed(invite.id, userId)) throw errors.gone("This invite link has already been used.");
        workspaces.addMember({ id: randomUUID(), workspaceId: invite.workspace_id, userId, roles: JSON.parse(invite.roles) as Role[] });
      })();
      const invite = invites.findInviteByTokenHash(sha256Hex(token))!;
      record({ userId, displayName: parsed.data.displayName, workspaceId: invite.workspace_id }, "member.joined", { username: parsed.data.username, roles: JSON.parse(invite.roles) });
      return { token: auth.startSession(userId), userId };
    },

    changeRoles(viewer: Viewer, memberId: string, roles: unknown) {
      requireManager(viewer);
      const member = requireMemberOfWorkspace(viewer, memberId);
      const parsed = rolesInput.safeParse(roles);
      if (!parsed.success) throw errors.badRequest(parsed.error.issues[0]!.message, { fields: { roles: [parsed.error.issues[0]!.message] } });
      if (member.roles.includes("coordinator") && !parsed.data.includes("coordinator") && countCoordinators(member.workspaceId, member.id) === 0) {
        throw errors.conflict("last_coordinator", "Every workspace needs at least one coordinator. Make someone else a coordinator first.");
      }
      workspaces.setRoles(member.id, parsed.data);
      record({ ...viewer, workspaceId: viewer.member.workspaceId }, "member.roles_changed", { member: member.displayName, from: member.roles, to: parsed.data });
      const updated = { workspaceId: member.workspaceId, roles: parsed.data };
      // Open editing sessions take the new rights at once.
      sync.updateConnections(member.userId, (connection) => {
        connection.writable = writableParts(updated, { workspaceId: member.workspaceId });
        return "keep";
      });
    },

    removeMember(viewer: Viewer, memberId: string) {
      requireManager(viewer);
      const member = requireMemberOfWorkspace(viewer, memberId);
      if (member.roles.includes("coordinator") && countCoordinators(member.workspaceId, member.id) === 0) {
        throw errors.conflict("last_coordinator", "Every workspace needs at least one coordinator. Make someone else a coordinator first.");
      }
      workspaces.removeMember(member.id);
      record({ ...viewer, workspaceId: viewer.member.workspaceId }, "member.removed", { member: member.displayName });
      // Close live editing first with "no access", then end every session and token.
      sync.updateConnections(member.userId, () => ({ close: CloseCode.forbidden }));
      auth.revokeAllSessions(member.userId);
    },

    /** Only the member themself sets or clears the lived-experience flag. */
    setLivedExperience(viewer: Viewer, value: boolean) {
      workspaces.setLivedExperience(viewer.member.id, value);
    },
  };
}
export type MemberService = ReturnType<typeof createMemberService>;
