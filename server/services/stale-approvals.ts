/**
 * The stale-approval watcher (issue 13): when an edit outdates an approval, it records that once — in the approval's
 * own row (`approvals.stale_at`, set by a conditional update, so two looks or two processes never both record it) —
 * then writes the audit event and tells the approver. It keeps no state in memory beyond each room's timer and reads
 * nothing back from the audit log. Registered as a room hook in server/context.ts.
 */
import { randomUUID } from "node:crypto";
import type { DocumentRepository } from "../db/documents";
import type { NotificationRepository } from "../db/notifications";
import type { SignoffRepository } from "../db/signoff";
import type { Room } from "../sync/room";
import type { AuditLog } from "./audit";
import { hashCanonical, readCanonical } from "./document-state";

/** How often, at most, live edits are compared with the approvals of a document. */
const STALE_LOOK_MS = 2000;

export interface StaleApprovalDeps {
  signoff: Pick<SignoffRepository, "approvals" | "markApprovalStale">;
  documentRows: Pick<DocumentRepository, "getDocumentRow">;
  notifications: Pick<NotificationRepository, "notify">;
  audit: AuditLog;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

export function createStaleApprovalWatcher(deps: StaleApprovalDeps) {
  const { signoff, documentRows, notifications, audit, log } = deps;

  /** Records each approval the document's live state has outdated, the first time only. */
  async function recordStaleApprovals(room: Room) {
    const approvals = (await signoff.approvals(room.documentId)).filter(
      (a) => a.decision === "approve" && a.stale_at === null,
    );
    if (approvals.length === 0) return;
    const row = await documentRows.getDocumentRow(room.documentId);
    if (!row) return;
    const hashes = hashCanonical(readCanonical(room.doc));
    for (const approval of approvals) {
      const currentScopeHash = approval.scope === "content" ? hashes.contentHash : hashes.designHash;
      if (approval.scope_hash === currentScopeHash) continue;
      if (!(await signoff.markApprovalStale(approval.id))) continue; // recorded by another look or process
      await audit.record({
        workspaceId: row.workspace_id,
        documentId: room.documentId,
        type: "approval.stale",
        actor: { id: null, name: "Copress" },
        data: { approvalId: approval.id, scope: approval.scope, approver: approval.member_name },
      });
      if (approval.user_id) {
        await notifications.notify({
          id: randomUUID(),
          userId: approval.user_id,
          workspaceId: row.workspace_id,
          documentId: room.documentId,
          kind: "approval-stale",
          message: `“${row.title}” changed after you signed off ${approval.scope === "content" ? "the words" : "the design"}. Please look again.`,
          link: `/documents/${room.documentId}/review`,
          dedupeKey: `stale:${approval.id}`,
        });
      }
    }
  }

  return {
    /**
     * The room hook. Hashing a long guide on every keystroke would be wasteful: it looks at most every two seconds per
     * document, and once more after the last edit of a burst, so an edit is never left unlooked-at; one look at a time.
     */
    watchRoom(room: Room) {
      let lastLook = 0;
      let timer: NodeJS.Timeout | null = null;
      let looking = Promise.resolve();
      const look = () => {
        timer = null;
        lastLook = Date.now();
        looking = looking
          .then(async () => {
            if (!room.closed) await recordStaleApprovals(room);
          })
          .catch((error: unknown) => {
            log("signoff.stale_look_failed", { documentId: room.documentId, error: String(error) });
          });
      };
      room.onChange(() => {
        if (timer) return;
        const wait = STALE_LOOK_MS - (Date.now() - lastLook);
        if (wait <= 0) look();
        else timer = setTimeout(look, wait).unref();
      });
    },
  };
}
