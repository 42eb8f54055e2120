/**
 * Approvals: what the review screen shows, asking for sign-off, and approving (or asking for changes to) exactly the
 * version the approver reviewed.
 */
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { SCOPES, type Scope } from "../../../app/domain/approval-policy";
import { canMarkDone, sectionsPhrase } from "../../../app/domain/change-requests";
import { readDesign } from "../../../app/domain/design";
import { diffDocuments, sectionTexts } from "../../../app/domain/document-diff";
import { canonicalJson, type CanonicalDocument } from "../../../app/domain/document-hash";
import { errors } from "../../../app/domain/errors";
import { can } from "../../../app/domain/permissions";
import { SECTION_STATUSES, STATUS_LABELS, type SectionStatus } from "../../../app/editor/schema";
import { renderDocumentCss, renderDocumentHtml } from "../../../app/render/html";
import type { Viewer } from "../auth";
import { hashCanonical, takeSnapshot } from "../document-state";
import { readSections } from "../section-index";
import { changeRequestLink, designChanges, SCOPE_WORDS, type SignoffCore } from "./core";

export const approvalInput = z.object({
  scope: z.enum(SCOPES, { error: "Say whether you are signing off the words (content) or the design." }),
  decision: z.enum(["approve", "changes"], { error: "Choose approve, or ask for changes." }),
  hash: z
    .string({ error: "Send the version (hash) you reviewed." })
    .regex(/^[0-9a-f]{64}$/, "Send the version (hash) you reviewed."),
  comment: z.string().trim().max(2000, "Keep your comment under 2,000 characters.").default(""),
  /** Optional: the sections a request for changes is about. */
  sectionIds: z
    .array(z.string().min(1).max(64), { error: "Choose sections from the list." })
    .max(200, "Choose sections from the list.")
    .default([])
    .transform((ids) => [...new Set(ids)]),
});

export function createApprovals(core: SignoffCore) {
  const {
    deps,
    storedRoom,
    live,
    policyFor,
    changeRequestsOf,
    recipientsOf,
    saveAutomaticVersion,
    evaluate,
    hideLivedExperience,
    releaseSummary,
  } = core;
  const { signoff, documentRows, workspaces, notifications, documents, templates, audit } = deps;
  return {
    /** Everything the review screen shows, for the live version (`withText`: the text drawn for an approver to read). */
    async reviewState(viewer: Viewer, documentId: string, options: { withText?: boolean } = {}) {
      const summary = await documents.getSummary(viewer, documentId);
      const { canonical, hashes } = await live(documentId);
      const result = await evaluate(documentId, viewer.member.workspaceId, { canonical, hashes });
      const { policy, source } = await policyFor(viewer.member.workspaceId, documentId);
      const rows = await signoff.approvals(documentId);
      const mayApprove = SCOPES.some((scope) =>
        can(viewer.member, scope === "content" ? "approve:content" : "approve:design"),
      );
      // What changed since the viewer's last decision of any kind (an approval or a request for changes) on each part.
      const lastDecision = (scope: Scope) =>
        [...rows].reverse().find((r) => r.user_id === viewer.userId && r.scope === scope);
      const sinceLastDecision = Object.fromEntries(
        SCOPES.map((scope) => {
          const last = lastDecision(scope);
          if (!last) return [scope, null];
          const then = JSON.parse(last.canonical) as CanonicalDocument;
          return [
            scope,
            {
              decidedAt: last.created_at,
              decision: last.decision,
              content: scope === "content" ? diffDocuments(then.content, canonical.content) : [],
              design: scope === "design" ? designChanges(then.design, canonical.design) : [],
              titleChanged:
                scope === "content" && then.meta.title !== canonical.meta.title
                  ? { from: then.meta.title, to: canonical.meta.title }
                  : null,
            },
          ];
        }),
      ) as Record<
        Scope,
        null | {
          decidedAt: string;
          decision: "approve" | "changes";
          content: ReturnType<typeof diffDocuments>;
          design: Array<{ key: string; from: unknown; to: unknown }>;
          titleChanged: { from: string; to: string } | null;
        }
      >;
      // The text to review, drawn by the one HTML renderer (it escapes every text and allows only safe links).
      const design = readDesign(canonical.design, summary.templateId);
      const template = templates.get(design.templateId) ?? templates.get(summary.templateId);
      const text =
        options.withText && mayApprove && template
          ? {
              markup: renderDocumentHtml(canonical, { template, design, standalone: false }),
              css: renderDocumentCss(template, design, canonical.meta.language),
            }
          : null;
      // The pages as they will print, for those who sign off the design: the document, its design and template, which
      // the page draws with the same live preview as the design page.
      const { starterSections: _starter, ...pageTemplate } = template ?? { starterSections: [] };
      const pages =
        options.withText && template && can(viewer.member, "approve:design")
          ? {
              content: canonical.content,
              title: canonical.meta.title,
              design,
              template: pageTemplate as Omit<NonNullable<typeof template>, "starterSections">,
            }
          : null;
      const statuses = sectionStatuses(canonical.content);
      const latest = await signoff.latestReviewRequest(documentId);
      const reviewRequests = await signoff.reviewRequests(documentId);
      const changeRequests = await changeRequestsOf(documentId);
      const releases = await signoff.releases(documentId);
      return {
        document: summary,
        ...hashes,
        policy,
        policySource: source,
        result: { ...result, approvals: hideLivedExperience(viewer, result.approvals) },
        comments: Object.fromEntries(rows.filter((r) => r.comment).map((r) => [r.id, r.comment])),
        reviewRequests: reviewRequests.map((r) => ({
          id: r.id,
          by: r.requested_by_name ?? "A former member",
          message: r.message,
          hash: r.hash,
          at: r.created_at,
        })),
        latestReviewRequest: latest
          ? {
              id: latest.id,
              by: latest.requested_by_name ?? "A former member",
              message: latest.message,
              hash: latest.hash,
              at: latest.created_at,
            }
          : null,
        changeRequests,
        sections: sectionTexts(canonical.content).map((s) => {
          const status = statuses.get(s.id) ?? "drafting";
          return { id: s.id, title: s.title, status, statusLabel: STATUS_LABELS[status] };
        }),
        sinceLastDecision,
        text,
        pages,
        releases: releases.map((row) => {
          const summary = releaseSummary(row);
          return { ...summary, approvals: hideLivedExperience(viewer, summary.approvals) };
        }),
        can: {
          approveContent: can(viewer.member, "approve:content", { workspaceId: viewer.member.workspaceId }),
          approveDesign: can(viewer.member, "approve:design", { workspaceId: viewer.member.workspaceId }),
          release: can(viewer.member, "manage", { workspaceId: viewer.member.workspaceId }),
          requestReview: can(viewer.member, "content:edit", { workspaceId: viewer.member.workspaceId }),
          answerContent: canMarkDone(viewer.member, "content"),
          answerDesign: canMarkDone(viewer.member, "design"),
        },
        viewerId: viewer.userId,
      };
    },

    /**
     * True when `document` (by default the live version, read now) meets the policy: used to leave the DRAFT
     * watermark off the PDF and the web page of exactly the version they show.
     */
    async isApproved(documentId: string, document?: CanonicalDocument): Promise<boolean> {
      const row = await documentRows.getDocumentRow(documentId);
      if (!row) return false;
      const version = document ? { canonical: document, hashes: hashCanonical(document) } : await live(documentId);
      return (await evaluate(documentId, row.workspace_id, version)).met;
    },

    async requestReview(viewer: Viewer, documentId: string, message: unknown) {
      const summary = await documents.getSummary(viewer, documentId);
      if (!can(viewer.member, "content:edit"))
        throw errors.forbidden("Only writers and coordinators can ask for sign-off.");
      const text = z
        .string()
        .trim()
        .max(1000, "Keep the message under 1,000 characters.")
        .safeParse(message ?? "");
      if (!text.success)
        throw errors.badRequest(text.error.issues[0]!.message, {
          fields: { message: [text.error.issues[0]!.message] },
        });
      // A version for each request, so everyone can later see exactly what was sent for sign-off: the request names
      // the hash of that same snapshot.
      const snapshot = takeSnapshot((await storedRoom(documentId)).doc);
      const { hashes } = snapshot;
      const id = randomUUID();
      const versionId = await saveAutomaticVersion(viewer, documentId, snapshot, "asked for sign-off");
      await signoff.insertReviewRequest(id, documentId, viewer.userId, text.data, hashes.hash);
      for (const member of await workspaces.membersOfWorkspace(viewer.member.workspaceId)) {
        if (member.userId === viewer.userId) continue;
        if (!can(member, "approve:content") && !can(member, "approve:design")) continue;
        await notifications.notify({
          id: randomUUID(),
          userId: member.userId,
          workspaceId: viewer.member.workspaceId,
          documentId,
          kind: "review-request",
          message: `${viewer.displayName} asked for sign-off on “${summary.title}”${text.data ? `: “${text.data}”` : "."}`,
          link: `/documents/${documentId}/review`,
          dedupeKey: `review:${id}:${member.userId}`,
        });
      }
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: "review.requested",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { hash: hashes.hash, message: text.data, versionId },
      });
      return { id, hash: hashes.hash, versionId };
    },

    /**
     * Records an approval (or a request for changes) for exactly the version the approver reviewed. Refused with
     * 409 when that version is no longer current, and — for an approval — while blocking check findings remain.
     */
    async decide(viewer: Viewer, documentId: string, input: unknown) {
      await documents.getSummary(viewer, documentId);
      const parsed = approvalInput.safeParse(input);
      if (!parsed.success)
        throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
      const { scope, decision, hash, comment, sectionIds } = parsed.data;
      if (!can(viewer.member, scope === "content" ? "approve:content" : "approve:design")) {
        throw errors.forbidden(
          `Your role doesn't let you sign off ${scope === "content" ? "the words" : "the design"}.`,
        );
      }
      const { canonical, hashes } = await live(documentId);
      if (hash !== hashes.hash) {
        throw errors.conflict(
          "stale_hash",
          "The document has changed since you opened it. Please look at the latest version, then decide again.",
          { currentHash: hashes.hash },
        );
      }
      if (decision === "approve") {
        const result = await evaluate(documentId, viewer.member.workspaceId, { canonical, hashes });
        const blocking = result.unmet.find((u) => u.code === "checks_blocking");
        if (blocking)
          throw errors.conflict("blocked_by_checks", `${blocking.message} Then you can approve.`, {
            unmet: [blocking],
          });
      }
      if (decision === "changes" && !comment) {
        throw errors.badRequest("Say what needs to change, so the writers know what to do.", {
          fields: { comment: ["Say what needs to change."] },
        });
      }
      // The sections a request for changes names and the version saved with it are read from the same moment of the
      // document: together, with no `await` between them.
      const room = await storedRoom(documentId);
      const liveSections = readSections(room.doc);
      const snapshot = decision === "changes" ? takeSnapshot(room.doc) : null;
      const concerned = sectionIds.map((sectionId) => liveSections.find((s) => s.sectionId === sectionId));
      if (concerned.some((s) => !s)) {
        throw errors.badRequest(
          "One of the sections you chose is no longer in the document. Choose from the list again.",
          { fields: { sectionIds: ["Choose from the list again."] } },
        );
      }
      const id = randomUUID();
      await signoff.insertApproval({
        id,
        documentId,
        scope,
        decision,
        hash,
        scopeHash: scope === "content" ? hashes.contentHash : hashes.designHash,
        memberId: viewer.member.id,
        userId: viewer.userId,
        memberName: viewer.displayName,
        roles: JSON.stringify(viewer.member.roles),
        livedExperience: viewer.member.livedExperience ? 1 : 0,
        comment,
        canonical: canonicalJson(canonical),
      });
      // A request for changes stays open until it is answered or until its approver decides again on that part.
      const closedChangeRequests = await signoff.closeChangeRequestsBy(documentId, viewer.userId, scope, id);
      let changeRequestId: string | null = null;
      let versionId: string | null = null;
      if (snapshot) {
        const summary = await documents.getSummary(viewer, documentId);
        versionId = await saveAutomaticVersion(viewer, documentId, snapshot, "asked for changes");
        changeRequestId = randomUUID();
        const sections = concerned.map((s) => ({ id: s!.sectionId, title: s!.title }));
        const row = {
          id: changeRequestId,
          documentId,
          approvalId: id,
          scope,
          requestedBy: viewer.userId,
          message: comment,
          sections: JSON.stringify(sections),
          reviewRequestedBy: (await signoff.latestReviewRequest(documentId))?.requested_by ?? null,
          versionId,
        };
        await signoff.insertChangeRequest(row);
        const owners = new Map(liveSections.map((s) => [s.sectionId, s.owner]));
        const where = sectionsPhrase(sections);
        const link = changeRequestLink({ id: changeRequestId, documentId, scope });
        for (const userId of recipientsOf(
          { scope, sections: row.sections, review_requested_by: row.reviewRequestedBy, requested_by: viewer.userId },
          owners,
          await workspaces.membersOfWorkspace(viewer.member.workspaceId),
        )) {
          await notifications.notify({
            id: randomUUID(),
            userId,
            workspaceId: viewer.member.workspaceId,
            documentId,
            kind: "change-request",
            message: `${viewer.displayName} asked for changes to ${SCOPE_WORDS[scope]} of “${summary.title}”: “${comment}”${where ? ` — ${where}` : ""}`,
            link,
            dedupeKey: `change-request:${changeRequestId}:${userId}`,
          });
        }
      }
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: decision === "approve" ? "approval.approved" : "approval.changes_requested",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { approvalId: id, scope, hash, comment, sectionIds, changeRequestId, versionId, closedChangeRequests },
      });
      return {
        id,
        scope,
        decision,
        hash,
        changeRequestId,
        result: await evaluate(documentId, viewer.member.workspaceId, { canonical, hashes }),
      };
    },
  };
}

/** Each section's status ("drafting", "done", …) as its writers last set it, by section id. */
function sectionStatuses(content: unknown): Map<string, SectionStatus> {
  const root = content as { content?: Array<{ type?: string; attrs?: { id?: unknown; status?: unknown } }> };
  const statuses = new Map<string, SectionStatus>();
  for (const node of root.content ?? []) {
    if (node.type !== "section" || typeof node.attrs?.id !== "string") continue;
    const status = node.attrs.status;
    statuses.set(
      node.attrs.id,
      (SECTION_STATUSES as readonly unknown[]).includes(status) ? (status as SectionStatus) : "drafting",
    );
  }
  return statuses;
}
