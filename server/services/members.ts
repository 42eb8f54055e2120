/**
 * Members, roles and invite links. Volunteers often have no work email, so people join through a single-use,
 * expiring link that a coordinator shares however suits them (text message, printed QR code, in person).
 * An invite may be for one document (made from that document's Share dialog): the person joins the workspace the
 * same way and then lands on that document.
 */
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { documentInviteInput } from "../../app/domain/document-invite-input";
import { PASSWORD_RULES, USERNAME_RULES } from "../../app/domain/new-account";
import { errors } from "../../app/domain/errors";
import { ROLES, can, type Role } from "../../app/domain/permissions";
import { isUniqueViolation } from "../db/database";
import type { DocumentRepository } from "../db/documents";
import type { InviteRepository, InviteRow, OpenInviteRow } from "../db/invites";
import type { NotificationRepository } from "../db/notifications";
import type { UserRepository } from "../db/users";
import type { WorkspaceRepository } from "../db/workspaces";
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
  // In the order the join form asks (app/routes/invite.$token.tsx), so its list of problems reads top to bottom.
  displayName: z
    .string()
    .trim()
    .min(1, "Tell us the name to show to others.")
    .max(80, "Keep your name under 80 characters."),
  username: z
    .string()
    .trim()
    .min(USERNAME_RULES.min, `Your username needs at least ${USERNAME_RULES.min} characters.`)
    .max(USERNAME_RULES.max, `Keep your username to ${USERNAME_RULES.max} characters or fewer.`)
    .regex(
      USERNAME_RULES.pattern,
      "Use only the letters a to z, numbers, dots, dashes or underscores in your username (no spaces or accents).",
    ),
  password: z
    .string()
    .min(PASSWORD_RULES.min, `Your password needs at least ${PASSWORD_RULES.min} characters.`)
    .max(PASSWORD_RULES.max, `Keep your password under ${PASSWORD_RULES.max} characters.`)
    .refine((password) => password.trim().length >= PASSWORD_RULES.min, {
      error: `Your password needs at least ${PASSWORD_RULES.min} characters that are not spaces.`,
    }),
});

const tellInput = z.object({
  memberId: z.string({ error: "Choose someone from the list." }).min(1, "Choose someone from the list.").max(100),
  note: z
    .string({ error: "Write the note as text." })
    .trim()
    .max(300, "Keep the note under 300 characters.")
    .optional()
    .transform((note) => note ?? ""),
});

export function createMemberService(deps: {
  users: UserRepository;
  workspaces: WorkspaceRepository;
  invites: InviteRepository;
  documents: DocumentRepository;
  notifications: NotificationRepository;
  auth: AuthService;
  sync: SyncServer;
  audit?: AuditLog;
}) {
  const { users, workspaces, invites, documents, notifications, auth, sync, audit } = deps;
  const record = (
    viewer: { userId: string; displayName: string; workspaceId: string },
    type: string,
    data: Record<string, unknown>,
    documentId?: string | null,
  ) =>
    audit?.record({
      workspaceId: viewer.workspaceId,
      documentId: documentId ?? null,
      type,
      actor: { id: viewer.userId, name: viewer.displayName },
      data,
    });

  function requireManager(viewer: Viewer) {
    if (!can(viewer.member, "manage")) throw errors.forbidden("Only coordinators can manage members.");
  }

  async function requireMemberOfWorkspace(viewer: Viewer, memberId: string) {
    const member = await workspaces.getMember(memberId);
    if (!member || member.workspaceId !== viewer.member.workspaceId) throw errors.notFound("That member");
    return member;
  }

  async function countCoordinators(workspaceId: string, except?: string) {
    const all = await workspaces.membersOfWorkspace(workspaceId);
    return all.filter((m) => m.id !== except && m.roles.includes("coordinator")).length;
  }

  async function findUsableInvite(token: string) {
    const invite = token.length <= 100 ? await invites.findInviteByTokenHash(sha256Hex(token)) : undefined;
    if (!invite || invite.revoked_at) throw errors.notFound("That invite link");
    if (invite.used_at)
      throw errors.gone("This invite link has already been used. Ask your coordinator for a new one.");
    if (new Date(invite.expires_at) <= new Date())
      throw errors.gone("This invite link has expired. Ask your coordinator for a new one.");
    return invite;
  }

  /** The document, if it is one of the viewer's workspace; another workspace's is "not found", like a made-up id. */
  async function requireDocumentOfWorkspace(viewer: Viewer, documentId: string) {
    const row = documentId.length <= 100 ? await documents.getDocumentRow(documentId) : undefined;
    if (!row || row.workspace_id !== viewer.member.workspaceId) throw errors.notFound("That document");
    return row;
  }

  /** The document an invite leads to, if it still exists in the invite's workspace. */
  async function documentOfInvite(invite: { document_id: string | null; workspace_id: string }) {
    if (!invite.document_id) return null;
    const row = await documents.getDocumentRow(invite.document_id);
    return row && row.workspace_id === invite.workspace_id ? { id: row.id, title: row.title } : null;
  }

  async function makeInvite(
    viewer: Viewer,
    roles: Role[],
    note: string,
    document: { id: string; title: string } | null,
  ) {
    const token = newSecret();
    const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
    await invites.createInvite({
      id: randomUUID(),
      workspaceId: viewer.member.workspaceId,
      tokenHash: sha256Hex(token),
      roles,
      note,
      createdBy: viewer.userId,
      expiresAt,
      documentId: document?.id ?? null,
    });
    await record(
      { ...viewer, workspaceId: viewer.member.workspaceId },
      "member.invited",
      { roles, note, expiresAt: expiresAt.toISOString(), ...(document ? { document: document.title } : {}) },
      document?.id,
    );
    return { token, path: `/invite/${token}`, expiresAt: expiresAt.toISOString(), roles };
  }

  const describeOpenInvite = (invite: OpenInviteRow) => ({
    id: invite.id,
    roles: JSON.parse(invite.roles) as Role[],
    note: invite.note,
    expiresAt: invite.expires_at,
    document:
      invite.document_id && invite.document_title ? { id: invite.document_id, title: invite.document_title } : null,
  });

  return {
    async listMembers(viewer: Viewer) {
      const all = await workspaces.membersOfWorkspace(viewer.member.workspaceId);
      const isManager = can(viewer.member, "manage");
      // The lived-experience flag is visible only to the member themself and to coordinators.
      return all.map((m) => ({
        ...m,
        livedExperience: isManager || m.id === viewer.member.id ? m.livedExperience : undefined,
      }));
    },

    async createInvite(viewer: Viewer, input: { roles: unknown; note?: unknown }) {
      requireManager(viewer);
      const roles = rolesInput.safeParse(input.roles);
      if (!roles.success)
        throw errors.badRequest(roles.error.issues[0]!.message, {
          fields: { roles: [roles.error.issues[0]!.message] },
        });
      const note = z
        .string()
        .trim()
        .max(200, "Keep the note under 200 characters.")
        .safeParse(input.note ?? "");
      if (!note.success)
        throw errors.badRequest(note.error.issues[0]!.message, { fields: { note: [note.error.issues[0]!.message] } });
      return makeInvite(viewer, roles.data, note.data, null);
    },

    /**
     * An invite to one document (coordinators only): one role a document invite can give (not coordinator), single
     * use, 7 days. After joining, the person lands on the document. Another workspace's document is "not found".
     */
    async createDocumentInvite(viewer: Viewer, documentId: string, input: unknown) {
      const document = await requireDocumentOfWorkspace(viewer, documentId);
      if (!can(viewer.member, "manage", { workspaceId: document.workspace_id }))
        throw errors.forbidden("Only coordinators can invite people. Ask a coordinator to invite them.");
      const parsed = documentInviteInput.safeParse(input ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = String(issue.path[0] ?? "role");
        throw errors.badRequest(issue.message, { fields: { [field]: [issue.message] } });
      }
      const made = await makeInvite(viewer, [parsed.data.role], parsed.data.note, {
        id: document.id,
        title: document.title,
      });
      return { ...made, role: parsed.data.role, document: { id: document.id, title: document.title } };
    },

    /**
     * "Share" with someone already in the workspace, as in Google Docs: any member who can open the document tells
     * another member about it, with an optional note; it waits for them under Notifications, linking the document.
     * Someone taking a break is not told (nobody is chased): the answer says so and nothing is stored. Told twice in
     * the same minute, they get it once.
     */
    async tellAboutDocument(
      viewer: Viewer,
      documentId: string,
      input: unknown,
    ): Promise<{ told: boolean; name: string; awayUntil: string | null }> {
      const document = await requireDocumentOfWorkspace(viewer, documentId);
      const parsed = tellInput.safeParse(input ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw errors.badRequest(issue.message, { fields: { [String(issue.path[0] ?? "memberId")]: [issue.message] } });
      }
      const member = (await workspaces.membersOfWorkspace(viewer.member.workspaceId)).find(
        (m) => m.id === parsed.data.memberId,
      );
      if (!member)
        throw errors.badRequest("Choose someone from the list.", {
          fields: { memberId: ["Choose someone from the list."] },
        });
      if (member.userId === viewer.userId)
        throw errors.badRequest("Choose someone other than you.", {
          fields: { memberId: ["Choose someone other than you."] },
        });
      if (member.awayUntil) return { told: false, name: member.displayName, awayUntil: member.awayUntil };
      const note = parsed.data.note;
      await notifications.notify({
        id: randomUUID(),
        userId: member.userId,
        workspaceId: viewer.member.workspaceId,
        documentId: document.id,
        kind: "shared",
        message: `${viewer.displayName} would like you to look at “${document.title}”${note ? `: “${note}”` : "."}`,
        link: `/documents/${document.id}`,
        dedupeKey: `shared:${document.id}:${viewer.userId}:${member.userId}:${new Date().toISOString().slice(0, 16)}`,
      });
      return { told: true, name: member.displayName, awayUntil: null };
    },

    /** Open (unused, unexpired, not cancelled) invites to one document, newest first; coordinators only. */
    async openDocumentInvites(viewer: Viewer, documentId: string) {
      const document = await requireDocumentOfWorkspace(viewer, documentId);
      requireManager(viewer);
      return (await invites.openInvitesForDocument(viewer.member.workspaceId, document.id)).map(describeOpenInvite);
    },

    /** Cancels an open invite to this document; an invite of another document or workspace is "not found". */
    async revokeDocumentInvite(viewer: Viewer, documentId: string, inviteId: string) {
      const document = await requireDocumentOfWorkspace(viewer, documentId);
      requireManager(viewer);
      const invite = inviteId.length <= 100 ? await invites.findInvite(inviteId) : undefined;
      if (
        !invite ||
        invite.document_id !== document.id ||
        !(await invites.revokeInvite(invite.id, viewer.member.workspaceId))
      )
        throw errors.notFound("That invite");
    },

    async openInvites(viewer: Viewer) {
      requireManager(viewer);
      return (await invites.openInvites(viewer.member.workspaceId)).map(describeOpenInvite);
    },

    async revokeInvite(viewer: Viewer, inviteId: string) {
      requireManager(viewer);
      if (!(await invites.revokeInvite(inviteId, viewer.member.workspaceId))) throw errors.notFound("That invite");
    },

    /** What an invite offers, for the page a newcomer sees before joining. */
    async describeInvite(token: string) {
      const invite = await findUsableInvite(token);
      const workspaceName = (await workspaces.workspaceName(invite.workspace_id)) ?? "";
      return {
        workspaceId: invite.workspace_id,
        workspaceName,
        roles: JSON.parse(invite.roles) as Role[],
        expiresAt: invite.expires_at,
        document: await documentOfInvite(invite),
      };
    },

    /**
     * Makes a new account from an invite; the invite is used up in the same transaction. Returns a session token,
     * and the document to land on when the invite was for one (null if it was not, or the document has gone).
     */
    async joinWithInvite(
      token: string,
      input: unknown,
    ): Promise<{ token: string; userId: string; documentId: string | null }> {
      const usable = await findUsableInvite(token);
      const parsed = newAccountInput.safeParse(input);
      if (!parsed.success)
        throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
      const usernameTaken = () =>
        errors.conflict("username_taken", "That username is already taken. Try another one.", {
          fields: { username: ["That username is already taken."] },
        });
      if (await users.findUserByUsername(parsed.data.username)) throw usernameTaken();
      const passwordHash = await auth.hashPassword(parsed.data.password);
      const userId = randomUUID();
      let invite: InviteRow | undefined;
      try {
        // One transaction: single use even if two people race for the same invite.
        invite = await invites.redeemInvite(
          usable.id,
          { id: userId, username: parsed.data.username, displayName: parsed.data.displayName, passwordHash },
          randomUUID(),
        );
      } catch (error) {
        // Someone took the username while the password was being hashed.
        if (isUniqueViolation(error)) throw usernameTaken();
        throw error;
      }
      if (!invite) {
        await findUsableInvite(token); // says why: used, revoked or expired meanwhile
        throw errors.gone("This invite link has already been used.");
      }
      const document = await documentOfInvite(invite);
      await record(
        { userId, displayName: parsed.data.displayName, workspaceId: invite.workspace_id },
        "member.joined",
        {
          username: parsed.data.username,
          roles: JSON.parse(invite.roles),
          ...(document ? { document: document.title } : {}),
        },
        document?.id,
      );
      return { token: await auth.startSession(userId), userId, documentId: document?.id ?? null };
    },

    async changeRoles(viewer: Viewer, memberId: string, roles: unknown) {
      requireManager(viewer);
      const member = await requireMemberOfWorkspace(viewer, memberId);
      const parsed = rolesInput.safeParse(roles);
      if (!parsed.success)
        throw errors.badRequest(parsed.error.issues[0]!.message, {
          fields: { roles: [parsed.error.issues[0]!.message] },
        });
      if (
        member.roles.includes("coordinator") &&
        !parsed.data.includes("coordinator") &&
        (await countCoordinators(member.workspaceId, member.id)) === 0
      ) {
        throw errors.conflict(
          "last_coordinator",
          "Every workspace needs at least one coordinator. Make someone else a coordinator first.",
        );
      }
      await workspaces.setRoles(member.id, parsed.data);
      await record({ ...viewer, workspaceId: viewer.member.workspaceId }, "member.roles_changed", {
        member: member.displayName,
        from: member.roles,
        to: parsed.data,
      });
      // Open editing sessions take the new rights at once (on every process).
      sync.announce({
        type: "rights-changed",
        userId: member.userId,
        workspaceId: member.workspaceId,
        roles: parsed.data,
      });
    },

    async removeMember(viewer: Viewer, memberId: string) {
      requireManager(viewer);
      const member = await requireMemberOfWorkspace(viewer, memberId);
      if (member.roles.includes("coordinator") && (await countCoordinators(member.workspaceId, member.id)) === 0) {
        throw errors.conflict(
          "last_coordinator",
          "Every workspace needs at least one coordinator. Make someone else a coordinator first.",
        );
      }
      await workspaces.removeMember(member.id);
      await record({ ...viewer, workspaceId: viewer.member.workspaceId }, "member.removed", {
        member: member.displayName,
      });
      // Close live editing first with "no access", then end every session and token.
      sync.announce({ type: "access-ended", userId: member.userId });
      await auth.revokeAllSessions(member.userId);
    },

    /** Only the member themself sets or clears the lived-experience flag. */
    async setLivedExperience(viewer: Viewer, value: boolean) {
      await workspaces.setLivedExperience(viewer.member.id, value);
    },

    /**
     * Taking a break (issue 15): until the end of `until` (a date, YYYY-MM-DD, today or later and within a year) the
     * person gets no notifications and their sections say they are away. `null` ends it now.
     */
    async setBreak(viewer: Viewer, until: string | null): Promise<string | null> {
      if (until === null) {
        await workspaces.setAwayUntil(viewer.member.id, null);
        return null;
      }
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(until);
      const end = match ? new Date(`${until}T23:59:59.999Z`) : null;
      const today = new Date().toISOString().slice(0, 10);
      const inAYear = new Date(Date.now() + 366 * 86_400_000).toISOString().slice(0, 10);
      if (!end || Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== until)
        throw errors.badRequest("Choose the date you expect to be back.", { fields: { until: ["Choose a date."] } });
      if (until < today || until > inAYear)
        throw errors.badRequest("Choose a date from today to a year from now.", {
          fields: { until: ["Choose a date from today to a year from now."] },
        });
      await workspaces.setAwayUntil(viewer.member.id, end.toISOString());
      return end.toISOString();
    },
  };
}
export type MemberService = ReturnType<typeof createMemberService>;
