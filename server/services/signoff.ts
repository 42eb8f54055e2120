/**
 * Sign-off and publishing, put together from its parts in `signoff/`: the policy (who signs off), approvals (the
 * review screen, asking for sign-off, deciding), change requests, and releases. They share one core
 * (`signoff/core.ts`): the live version of a document and how the policy judges it. Approvals going stale are
 * watched by `stale-approvals.ts`, a room hook.
 */
import { errors } from "../../app/domain/errors";
import { can } from "../../app/domain/permissions";
import type { AuditLog } from "./audit";
import type { Viewer } from "./auth";
import { createApprovals } from "./signoff/approvals";
import { createChangeRequests } from "./signoff/change-requests";
import { createSignoffCore, type SignoffDeps } from "./signoff/core";
import { createPolicies } from "./signoff/policies";
import { createReleases } from "./signoff/releases";

export { approvalInput } from "./signoff/approvals";
export { changeRequestLink, type SignoffDeps } from "./signoff/core";

/** The workspace's history (the audit chain), for the people who may read it. */
function createAuditTrail(deps: Pick<SignoffDeps, "documents"> & { audit: AuditLog }) {
  return {
    async auditLog(viewer: Viewer, documentId?: string) {
      if (documentId) await deps.documents.getSummary(viewer, documentId);
      else if (!can(viewer.member, "manage"))
        throw errors.forbidden("Only coordinators can see the whole workspace's history.");
      return deps.audit.list(viewer.member.workspaceId, { documentId });
    },

    async verifyAuditLog(viewer: Viewer) {
      if (!can(viewer.member, "manage")) throw errors.forbidden("Only coordinators can check the history.");
      return deps.audit.verify(viewer.member.workspaceId);
    },
  };
}

export function createSignoffService(deps: SignoffDeps) {
  const core = createSignoffCore(deps);
  return {
    policyFor: core.policyFor,
    ...createPolicies(core),
    ...createApprovals(core),
    ...createChangeRequests(core),
    ...createReleases(core),
    ...createAuditTrail(deps),
  };
}

export type SignoffService = ReturnType<typeof createSignoffService>;
