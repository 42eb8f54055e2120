/** Who signs off: the workspace's approval policy and a document's own, read and changed by coordinators. */
import { approvalPolicySchema } from "../../../app/domain/approval-policy";
import { errors } from "../../../app/domain/errors";
import { can } from "../../../app/domain/permissions";
import type { Viewer } from "../auth";
import { type SignoffCore } from "./core";

export function createPolicies(core: SignoffCore) {
  const { deps, policyFor } = core;
  const { signoff, documents, audit } = deps;
  return {
    async getPolicy(viewer: Viewer, documentId: string | null) {
      if (documentId) await documents.getSummary(viewer, documentId);
      return policyFor(viewer.member.workspaceId, documentId);
    },

    /** Coordinators set the workspace policy (documentId null) or a document's own; `policy: null` removes an override. */
    async setPolicy(viewer: Viewer, documentId: string | null, policy: unknown) {
      if (!can(viewer.member, "manage")) throw errors.forbidden("Only coordinators can change who signs off.");
      if (documentId) await documents.getSummary(viewer, documentId);
      if (policy === null && documentId) {
        await signoff.removeDocumentPolicy(viewer.member.workspaceId, documentId);
      } else {
        const parsed = approvalPolicySchema.safeParse(policy);
        if (!parsed.success)
          throw errors.badRequest("That sign-off policy isn't complete. Check every choice and try again.", {
            issues: parsed.error.issues.map((i) => i.message),
          });
        await signoff.savePolicy(viewer.member.workspaceId, documentId, JSON.stringify(parsed.data), viewer.userId);
      }
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: "policy.changed",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { policy: policy as Record<string, unknown> | null },
      });
      return policyFor(viewer.member.workspaceId, documentId);
    },
  };
}
