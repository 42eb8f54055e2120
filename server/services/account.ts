/**
 * A member's own data (UK GDPR): download everything Copress holds about you, and delete your account. Past
 * edits stay in the documents, attributed to "a former member"; releases and the audit log, which are records
 * that must not change, keep the name they were made with.
 */
import { verify } from "@node-rs/argon2";
import * as Y from "yjs";
import { errors } from "../../app/domain/errors";
import type { AccountRepository } from "../db/account";
import type { DocumentRepository } from "../db/documents";
import type { WorkspaceRepository } from "../db/workspaces";
import type { SyncServer } from "../sync/sync-server";
import type { AuditLog } from "./audit";
import type { AuthService, Viewer } from "./auth";

export const FORMER_MEMBER = "A former member";

export function createAccountService(deps: {
  accounts: AccountRepository;
  workspaces: WorkspaceRepository;
  documents: DocumentRepository;
  sync: SyncServer;
  auth: AuthService;
  audit: AuditLog;
}) {
  const { accounts, workspaces, documents, sync, auth, audit } = deps;

  /** Comment messages this person wrote, across the documents of their workspaces. */
  async function commentsBy(userId: string, workspaceIds: string[]) {
    const found: Array<{ documentId: string; documentTitle: string; threadId: string; text: string; at: string }> = [];
    for (const workspaceId of workspaceIds) {
      for (const row of await documents.listDocumentRows(workspaceId)) {
        const comments = (await sync.getRoom(row.id)).doc.getMap("comments");
        for (const thread of comments.values()) {
          if (!(thread instanceof Y.Map)) continue;
          const messages = thread.get("messages");
          if (!(messages instanceof Y.Array)) continue;
          for (const message of messages.toArray() as Array<{ authorId?: string; text?: string; at?: string }>) {
            if (message.authorId === userId)
              found.push({
                documentId: row.id,
                documentTitle: row.title,
                threadId: String(thread.get("id")),
                text: String(message.text ?? ""),
                at: String(message.at ?? ""),
              });
          }
        }
      }
    }
    return found;
  }

  return {
    async exportData(viewer: Viewer) {
      const user = (await accounts.profile(viewer.userId))!;
      const memberships = await workspaces.membershipsOfUser(viewer.userId);
      const records = await accounts.personalRecords(viewer.userId);
      return {
        exportedAt: new Date().toISOString(),
        about:
          "Everything Copress holds about you. Your words in documents are part of those documents and are not repeated here, except your comments.",
        account: { username: user.username, name: user.display_name, createdAt: user.created_at },
        memberships: memberships.map((m) => ({
          workspace: m.workspaceName,
          roles: m.roles,
          livedExperience: m.livedExperience,
          since: m.createdAt,
        })),
        approvals: records.approvals,
        reviewRequests: records.reviewRequests,
        versionsSaved: records.versionsSaved,
        notifications: records.notifications,
        history: records.history.map((e) => ({ ...e, data: JSON.parse(e.data) as unknown })),
        comments: await commentsBy(
          viewer.userId,
          memberships.map((m) => m.workspaceId),
        ),
      };
    },

    /** Deletes the account after checking the password. Refused for a workspace's last coordinator. */
    async deleteAccount(viewer: Viewer, password: string) {
      const user = await accounts.profile(viewer.userId);
      if (!user || !(await verify(user.password_hash, password).catch(() => false))) throw errors.wrongPassword();
      const memberships = await workspaces.membershipsOfUser(viewer.userId);
      for (const membership of memberships) {
        if (!membership.roles.includes("coordinator")) continue;
        const others = (await workspaces.membersOfWorkspace(membership.workspaceId)).filter(
          (m) => m.id !== membership.id && m.roles.includes("coordinator"),
        );
        if (others.length === 0) {
          throw errors.conflict(
            "last_coordinator",
            `You're the only coordinator of ${membership.workspaceName}. Make someone else a coordinator first, then delete your account.`,
          );
        }
      }
      // Comments keep their words, under "A former member".
      for (const membership of memberships) {
        for (const row of await documents.listDocumentRows(membership.workspaceId)) {
          const room = await sync.getRoom(row.id);
          await room.change("account-deleted", (doc) => {
            for (const thread of doc.getMap("comments").values()) {
              if (!(thread instanceof Y.Map)) continue;
              if (thread.get("createdBy") === viewer.userId) thread.set("createdByName", FORMER_MEMBER);
              if (
                thread.get("resolvedById") === viewer.userId ||
                (!thread.get("resolvedById") && thread.get("resolvedBy") === viewer.displayName)
              ) {
                thread.set("resolvedBy", FORMER_MEMBER);
              }
              const messages = thread.get("messages");
              if (!(messages instanceof Y.Array)) continue;
              const list = messages.toArray() as Array<{ authorId?: string; authorName?: string }>;
              list.forEach((message, index) => {
                if (message.authorId !== viewer.userId) return;
                messages.delete(index, 1);
                messages.insert(index, [{ ...message, authorName: FORMER_MEMBER }]);
              });
            }
          });
        }
      }
      sync.announce({ type: "access-ended", userId: viewer.userId });
      await accounts.anonymise(viewer.userId, FORMER_MEMBER);
      for (const membership of memberships) {
        await audit.record({
          workspaceId: membership.workspaceId,
          type: "member.account_deleted",
          actor: { id: null, name: FORMER_MEMBER },
          data: {},
        });
      }
      await auth.revokeAllSessions(viewer.userId);
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
