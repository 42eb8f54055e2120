/** What approvers asked to change: listed, answered in place, and the sign-offs and requests waiting for someone. */
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { SCOPES, type Scope } from "../../../app/domain/approval-policy";
import { answerInput } from "../../../app/domain/change-request-input";
import { canMarkDone, type ChangeRequest } from "../../../app/domain/change-requests";
import { errors } from "../../../app/domain/errors";
import { can } from "../../../app/domain/permissions";
import type { OpenReviewRequestRow } from "../../db/signoff";
import type { Viewer } from "../auth";
import { changeRequestLink, SCOPE_WORDS, toChangeRequest, type SignoffCore } from "./core";

export function createChangeRequests(core: SignoffCore) {
  const { deps, live, policyFor, changeRequestsOf, recipientsOf } = core;
  const { signoff, workspaces, notifications, documents, audit } = deps;
  return {
    /** A document's change requests (newest first) with their answers. */
    async listChangeRequests(viewer: Viewer, documentId: string): Promise<ChangeRequest[]> {
      await documents.getSummary(viewer, documentId);
      return changeRequestsOf(documentId);
    },

    /**
     * Answers a change request in place: a reply (from the people who can make the change, or from the approver
     * who asked), or "done" with an optional note (from the people who can make the change). Tells the approver, or
     * — when the approver replies — the people the request concerns.
     */
    async answerChangeRequest(viewer: Viewer, documentId: string, changeRequestId: unknown, input: unknown) {
      const summary = await documents.getSummary(viewer, documentId);
      const row =
        typeof changeRequestId === "string" && changeRequestId.length <= 64
          ? await signoff.changeRequest(documentId, changeRequestId)
          : undefined;
      if (!row) throw errors.notFound("That request for changes");
      const parsed = answerInput.safeParse(input);
      if (!parsed.success)
        throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
      const { kind, note } = parsed.data;
      const isApprover = row.requested_by === viewer.userId;
      const mayChange = canMarkDone(viewer.member, row.scope);
      if (kind === "done" && !mayChange)
        throw errors.forbidden(
          `Only the people who can change ${SCOPE_WORDS[row.scope]} can say this is done. You can reply instead.`,
        );
      if (kind === "reply" && !mayChange && !isApprover)
        throw errors.forbidden(
          `Only the people who can change ${SCOPE_WORDS[row.scope]}, and the person who asked, can answer this.`,
        );
      if (kind === "reply" && !note)
        throw errors.badRequest("Write your reply.", { fields: { note: ["Write your reply."] } });
      const closedMessage =
        row.status === "done"
          ? "This request was already marked as done. Nothing was changed."
          : `${row.requested_by_name ?? "The approver"} has made a new decision since, so this request is closed. Nothing was changed.`;
      if (row.status !== "open") throw errors.conflict("change_request_closed", closedMessage);
      const id = randomUUID();
      if (!(await signoff.answerChangeRequest({ id, changeRequestId: row.id, kind, authorId: viewer.userId, note })))
        throw errors.conflict("change_request_closed", closedMessage);
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: "change_request.answered",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { changeRequestId: row.id, kind, note },
      });
      const tell = (userId: string, message: string, link: string) =>
        notifications.notify({
          id: randomUUID(),
          userId,
          workspaceId: viewer.member.workspaceId,
          documentId,
          kind: "change-request-answer",
          message,
          link,
          dedupeKey: `change-answer:${id}:${userId}`,
        });
      const quoted = note ? `: “${note}”` : ".";
      if (!isApprover) {
        if (
          row.requested_by &&
          (await workspaces.membersOfWorkspace(viewer.member.workspaceId)).some((m) => m.userId === row.requested_by)
        ) {
          await tell(
            row.requested_by,
            kind === "done"
              ? `${viewer.displayName} says the change you asked for on “${summary.title}” is done${quoted}`
              : `${viewer.displayName} replied to the change you asked for on “${summary.title}”${quoted}`,
            `/documents/${documentId}/review#change-request-${row.id}`,
          );
        }
      } else {
        const owners = new Map((await deps.sections.sectionsOf(documentId)).map((s) => [s.sectionId, s.owner]));
        const answeredBefore =
          (await changeRequestsOf(documentId)).find((r) => r.id === row.id)?.answers.map((a) => a.by.userId) ?? [];
        const people = new Set([
          ...recipientsOf(row, owners, await workspaces.membersOfWorkspace(viewer.member.workspaceId)),
          ...answeredBefore.filter((u): u is string => Boolean(u)),
        ]);
        people.delete(viewer.userId);
        for (const userId of people)
          await tell(
            userId,
            `${viewer.displayName} replied about the change they asked for on “${summary.title}”${quoted}`,
            changeRequestLink({ id: row.id, documentId, scope: row.scope }),
          );
      }
      return { id, changeRequestId: row.id, kind, status: kind === "done" ? ("done" as const) : ("open" as const) };
    },

    /**
     * Sign-offs waiting for the viewer: documents with a request for sign-off that no release has answered, where a
     * part the viewer may approve (and the policy asks approvals for) has changed since the viewer's last decision
     * on it, or was never decided by them.
     */
    async waitingSignoffs(viewer: Viewer) {
      const scopes = SCOPES.filter((scope) =>
        can(viewer.member, scope === "content" ? "approve:content" : "approve:design"),
      );
      if (scopes.length === 0) return [];
      const latestByDocument = new Map<string, OpenReviewRequestRow>();
      for (const request of await signoff.openReviewRequestsOfWorkspace(viewer.member.workspaceId))
        if (!latestByDocument.has(request.document_id)) latestByDocument.set(request.document_id, request);
      const waiting: Array<{
        documentId: string;
        documentTitle: string;
        scopes: Scope[];
        requestedBy: string;
        message: string;
        requestedAt: string;
        link: string;
      }> = [];
      for (const [documentId, request] of latestByDocument) {
        const { hashes } = await live(documentId);
        const { policy } = await policyFor(viewer.member.workspaceId, documentId);
        const mine = (await signoff.approvals(documentId)).filter((a) => a.user_id === viewer.userId);
        const open = scopes.filter(
          (scope) =>
            policy[scope].required > 0 &&
            !mine.some(
              (a) =>
                a.scope === scope && a.scope_hash === (scope === "content" ? hashes.contentHash : hashes.designHash),
            ),
        );
        if (open.length === 0) continue;
        waiting.push({
          documentId,
          documentTitle: request.document_title,
          scopes: open,
          requestedBy: request.requested_by_name ?? "A former member",
          message: request.message,
          requestedAt: request.created_at,
          link: `/documents/${documentId}/review`,
        });
      }
      return waiting;
    },

    /** Open change requests that concern the viewer (as the writer who asked for sign-off, a section owner, or one who can make the change). */
    async changeRequestsFor(viewer: Viewer) {
      const workspaceId = viewer.member.workspaceId;
      const owners = await deps.sections.ownersInWorkspace(workspaceId);
      const members = await workspaces.membersOfWorkspace(workspaceId);
      return (await signoff.openChangeRequestsOfWorkspace(workspaceId))
        .filter((row) => recipientsOf(row, owners.get(row.document_id) ?? new Map(), members).includes(viewer.userId))
        .map((row) => ({
          ...toChangeRequest(row, []),
          documentTitle: row.document_title,
          link: changeRequestLink({ id: row.id, documentId: row.document_id, scope: row.scope }),
        }));
    },
  };
}
