/**
 * A member's own data (UK GDPR): download everything Copress holds about you, and delete your account. Past
 * edits stay in the documents, attributed to "a former member"; releases and the audit log, which are records
 * that must not change, keep the name they were made with.
 */
import { verify } from "@node-rs/argon2";
import * as Y from "yjs";
import { errors } from "../../app/domain/errors";
import type { Db } from "../db/database";
import type { DocumentRepository } from "../db/documents";
import type { WorkspaceRepository } from "../db/workspaces";
import { CloseCode } from "../sync/close-codes";
import type { SyncServer } from "../sync/sync-server";
import type { AuditLog } from "./audit";
import type { AuthService, Viewer } from "./auth";

export const FORMER_MEMBER = "A former member";

export function createAccountService(deps: { db: Db; workspaces: WorkspaceRepository; documents: DocumentRepository; sync: SyncServer; auth: AuthService; audit: AuditLog }) {
  const { db, workspaces, documents, sync, auth, audit } = deps;

  /** Comment messages this person wrote, across the documents of their workspaces. */
  function commentsBy(userId: string, workspaceIds: string[]) {
    const found: Array<{ documentId: string; documentTitle: string; threadId: string; text: string; at: string }> = [];
    for (const workspaceId of workspaceIds) {
      for (const row of documents.listDocumentRows(workspaceId)) {
        const comments = sync.getRoom(row.id).doc.getMap("comments");
        for (const thread of comments.values()) {
          if (!(thread instanceof Y.Map)) continue;
          const messages = thread.get("messages");
          if (!(messages instanceof Y.Array)) continue;
          for (const message of messages.toArray() as Array<{ authorId?: string; text?: string; at?: string }>) {
            if (message.authorId === userId) found.push({ documentId: row.id, documentTitle: row.title, threadId: String(thread.get("id")), text: String(message.text ?? ""), at: String(message.at ?? "") });
          }
        }
      }
    }
    return found;
  }

  return {
    exportData(viewer: Viewer) {
      const user = db.prepare<[string], { username: string; display_name: string; created_at: string }>("SELECT username, display_name, created_at FROM users WHERE id = ?").get(viewer.userId)!;
      const memberships = workspaces.membershipsOfUser(viewer.userId);
      const all = <T>(sql: string) => db.prepare<[string], T>(sql).all(viewer.userId);
      return {
        exportedAt: new Date().toISOString(),
        about: "Everything Copress holds about you. Your words in documents are part of those documents and are not repeated here, except your comments.",
        account: { username: user.username, name: user.display_name, createdAt: user.created_at },
        memberships: memberships.map((m) => ({ workspace: m.workspaceName, roles: m.roles, livedExperience: m.livedExperience, since: m.createdAt })),
        approvals: all<Record<string, unknown>>(
          "SELECT a.scope, a.decision, a.comment, a.created_at AS at, d.title AS document FROM approvals a JOIN documents d ON d.id = a.document_id WHERE a.user_id = ? ORDER BY a.created_at",
        ),
        reviewRequests: all<Record<string, unknown>>(
          "SELECT r.message, r.created_at AS at, d.title AS document FROM review_requests r JOIN documents d ON d.id = r.document_id WHERE r.requested_by = ? ORDER BY r.created_at",
        ),
        versionsSaved: all<Record<string, unknown>>("SELECT v.name, v.created_at AS at, d.title AS document FROM versions v JOIN documents d ON d.id = v.document_id WHERE v.created_by = ?"),
        notifications: all<Record<string, unknown>>("SELECT message, created_at AS at, read_at AS readAt FROM notifications WHERE user_id = ? ORDER BY created_at"),
        history: all<Record<string, unknown>>("SELECT type, data, at FROM audit_events WHERE actor_id = ? ORDER BY seq").map((e) => ({ ...e, data: JSON.parse(String(e.data)) })),
        comments: commentsBy(viewer.userId, memberships.map((m) => m.workspaceId)),
      };
    },

    /** Deletes the account after checking the password. Refused for a workspace's last coordinator. */
    async deleteAccount(viewer: Viewer, password: string) {
      const user = db.prepare<[string], { password_hash: string }>("SELECT password_hash FROM users WHERE id = ?").get(viewer.userId);
      if (!user || !(await verify(user.password_hash, password).catch(() => false))) throw errors.wrongPassword();
      const memberships = workspaces.membershipsOfUser(viewer.userId);
      for (const membership of memberships) {
        if (!membership.roles.includes("coordinator")) continue;
        const others = workspaces.membersOfWorkspace(membership.workspaceId).filter((m) => m.id !== membership.id && m.roles.includes("coordinator"));
        if (others.length === 0) {
          throw errors.conflict("last_coordinator", `You're the only coordinator of ${membership.workspaceName}. Make someone else a coordinator first, then delete your account.`);
        }
      }
      // Comments keep their words, under "A former member".
      for (const membership of memberships) {
        for (const row of documents.listDocumentRows(membership.workspaceId)) {
          const room = sync.getRoom(row.id);
          room.change("account-deleted", (doc) => {
            for (const thread of doc.getMap("comments").values()) {
              if (!(thread instanceof Y.Map)) continue;
              if (thread.get("createdBy") === viewer.userId) thread.set("createdByName", FORMER_MEMBER);
              if (thread.get("resolvedBy") === viewer.displayName) thread.set("resolvedBy", FORMER_MEMBER);
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
      sync.updateConnections(viewer.userId, () => ({ close: CloseCode.forbidden }));
      db.transaction(() => {
        db.prepare("UPDATE users SET username = ?, display_name = ?, password_hash = '!', deleted_at = ? WHERE id = ?").run(`former-${viewer.userId}`, FORMER_MEMBER, new Date().toISOString(), viewer.userId);
        db.prepare("DELETE FROM members WHERE user_id = ?").run(viewer.userId);
        db.prepare("DELETE FROM notifications WHERE user_id = ?").run(viewer.userId);
        db.prepare("UPDATE approvals SET member_name = ? WHERE user_id = ?").run(FORMER_MEMBER, viewer.userId);
      })();
      for (const membership of memberships) {
        audit.record({ workspaceId: membership.workspaceId, type: "member.account_deleted", actor: { id: null, name: FORMER_MEMBER }, data: {} });
      }
      auth.revokeAllSessions(viewer.userId);
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
