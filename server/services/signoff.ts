/**
 * Sign-off and publishing: approval policy, review requests, approvals bound to the exact version, staleness,
 * releases. Everything is decided by `evaluatePolicy` (app/domain/approval-policy.ts) over the live document's
 * hashes, so the review screen, the approval API, the PDF watermark and the release gate always agree.
 */
import { randomBytes, randomUUID } from "node:crypto";
import * as Y from "yjs";
import { z } from "zod";
import { approvalPolicySchema, DEFAULT_POLICY, evaluatePolicy, SCOPES, type ApprovalPolicy, type ApprovalRecord, type Scope, type Severity } from "../../app/domain/approval-policy";
import { logoAlt, readDesign } from "../../app/domain/design";
import { diffDocuments } from "../../app/domain/document-diff";
import { canonicalJson, type CanonicalDocument, type DocumentHashes } from "../../app/domain/document-hash";
import { AppError, errors } from "../../app/domain/errors";
import { can, isRole, type Role } from "../../app/domain/permissions";
import type { Template } from "../../app/domain/template";
import { renderDocumentHtml } from "../../app/render/html";
import type { DocumentRepository } from "../db/documents";
import type { NotificationRepository } from "../db/notifications";
import type { ApprovalRow, SignoffRepository } from "../db/signoff";
import type { WorkspaceRepository } from "../db/workspaces";
import type { SyncServer } from "../sync/sync-server";
import type { AuditLog } from "./audit";
import type { Viewer } from "./auth";
import type { ContributionLog } from "./contributions";
import { canonicalOfState, hashCanonical, readCanonical, takeSnapshot } from "./document-state";
import type { DocumentService } from "./documents";

export const approvalInput = z.object({
  scope: z.enum(SCOPES, { error: "Say whether you are signing off the words (content) or the design." }),
  decision: z.enum(["approve", "changes"], { error: "Choose approve, or ask for changes." }),
  hash: z.string({ error: "Send the version (hash) you reviewed." }).regex(/^[0-9a-f]{64}$/, "Send the version (hash) you reviewed."),
  comment: z.string().trim().max(2000, "Keep your comment under 2,000 characters.").default(""),
});

export interface SignoffDeps {
  signoff: SignoffRepository;
  documentRows: DocumentRepository;
  workspaces: WorkspaceRepository;
  notifications: NotificationRepository;
  documents: DocumentService;
  templates: Map<string, Template>;
  sync: SyncServer;
  audit: AuditLog;
  contributions: ContributionLog;
  /** Severities of the open check findings of exactly this version of the document (from the checks service). */
  openFindingSeverities: (documentId: string, document: CanonicalDocument) => Promise<ReadonlyArray<Severity | { severity: Severity; rule: string }>>;
  /**
   * The final PDF (no watermark) of exactly this version, never re-read from the live document, with the hash the
   * renderer worked out from what it rendered. Refused (409) if that version is not signed off.
   */
  renderFinalPdf: (documentId: string, document: CanonicalDocument) => Promise<{ pdf: Uint8Array; hash: string }>;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Bytes of a picture the document shows (an upload of the workspace), to build a self-contained web page. */
  resolveImage: (workspaceId: string, src: string) => Promise<Uint8Array | null>;
}

/**
 * A release's web page must stand on its own: readers of a share link are not signed in, and a later change to an
 * upload must not change the release. So pictures are written into the page as data URLs.
 */
/** One of our uploaded pictures (`/uploads/…`) as a data URL, so a page carries it inside; anything else as it is. */
async function asDataUrl(src: unknown, resolve: (src: string) => Promise<Uint8Array | null>): Promise<unknown> {
  if (typeof src !== "string" || !src.startsWith("/uploads/")) return src;
  const bytes = await resolve(src);
  if (!bytes) return src;
  const type = bytes[0] === 0x89 && bytes[1] === 0x50 ? "image/png" : bytes[0] === 0xff && bytes[1] === 0xd8 ? "image/jpeg" : null;
  return type ? `data:${type};base64,${Buffer.from(bytes).toString("base64")}` : src;
}

async function inlinePictures(content: unknown, resolve: (src: string) => Promise<Uint8Array | null>): Promise<unknown> {
  const walk = async (node: unknown): Promise<unknown> => {
    if (!node || typeof node !== "object" || Array.isArray(node)) return node;
    const copy = { ...(node as Record<string, unknown>) };
    const attrs = copy.attrs as Record<string, unknown> | undefined;
    if (attrs && copy.type === "image") copy.attrs = { ...attrs, src: await asDataUrl(attrs.src, resolve) };
    if (attrs && copy.type === "easyReadRow") copy.attrs = { ...attrs, imageSrc: await asDataUrl(attrs.imageSrc, resolve) };
    if (Array.isArray(copy.content)) copy.content = await Promise.all(copy.content.map(walk));
    return copy;
  };
  return walk(content);
}

function toRecord(row: ApprovalRow): ApprovalRecord {
  return {
    id: row.id,
    scope: row.scope,
    decision: row.decision,
    scopeHash: row.scope_hash,
    memberId: row.member_id,
    userId: row.user_id,
    memberName: row.member_name,
    roles: (JSON.parse(row.roles) as string[]).filter(isRole) as Role[],
    livedExperience: row.lived_experience === 1,
    createdAt: row.created_at,
  };
}

/** How often, at most, live edits are compared with the approvals of a document (to record approvals going stale). */
const STALE_LOOK_MS = 2000;

export function createSignoffService(deps: SignoffDeps) {
  const { signoff, documentRows, workspaces, notifications, documents, templates, sync, audit } = deps;

  function live(documentId: string) {
    const room = sync.getRoom(documentId);
    room.flush();
    const canonical = readCanonical(room.doc);
    return { room, canonical, hashes: hashCanonical(canonical) };
  }

  function policyFor(workspaceId: string, documentId: string | null): { policy: ApprovalPolicy; source: "document" | "workspace" | "default" } {
    const own = documentId ? signoff.getPolicyJson(workspaceId, documentId) : undefined;
    if (own) return { policy: approvalPolicySchema.parse(JSON.parse(own)), source: "document" };
    const workspace = signoff.getPolicyJson(workspaceId, null);
    if (workspace) return { policy: approvalPolicySchema.parse(JSON.parse(workspace)), source: "workspace" };
    return { policy: DEFAULT_POLICY, source: "default" };
  }

  function contributorsOf(documentId: string): Record<Scope, Set<string>> {
    const result: Record<Scope, Set<string>> = { content: new Set(), design: new Set() };
    for (const row of signoff.contributors(documentId)) result[row.part].add(row.user_id);
    return result;
  }

  /** The policy over one version: its hashes and the open findings of that same version, whatever happens meanwhile. */
  async function evaluate(documentId: string, workspaceId: string, version: { canonical: CanonicalDocument; hashes: DocumentHashes }) {
    const { policy } = policyFor(workspaceId, documentId);
    const approvals = signoff.approvals(documentId).map(toRecord);
    const contributors = contributorsOf(documentId);
    return evaluatePolicy({
      policy,
      approvals,
      current: version.hashes,
      contributors,
      findingSeverities: await deps.openFindingSeverities(documentId, version.canonical),
    });
  }

  // Who edited which part over sync (for policies that don't count contributors' approvals; changes over HTTP are
  // recorded by the service that makes them), and approvals that went stale.
  sync.onRoomCreated((room) => {
    // Hashing a long guide on every keystroke would be wasteful: look at most every two seconds per document, and
    // once more after the last edit of a burst, so an edit is never left unlooked-at.
    let lastLook = 0;
    let timer: NodeJS.Timeout | null = null;
    const look = () => {
      timer = null;
      lastLook = Date.now();
      if (!room.closed) recordStaleApprovals(room.documentId, room.doc);
    };
    room.onChange((_origins, roots) => {
      for (const [connection, touched] of roots) {
        if (touched.has("content") || touched.has("meta")) deps.contributions.note(room.documentId, connection.userId, "content");
        if (touched.has("design")) deps.contributions.note(room.documentId, connection.userId, "design");
      }
      if (timer) return;
      const wait = STALE_LOOK_MS - (Date.now() - lastLook);
      if (wait <= 0) look();
      else timer = setTimeout(look, wait).unref();
    });
  });

  /** Writes one "approval went stale" audit event (and tells the approver) the first time an edit outdates it. */
  function recordStaleApprovals(documentId: string, doc: Y.Doc) {
    const approvals = signoff.approvals(documentId).filter((a) => a.decision === "approve");
    if (approvals.length === 0) return;
    const row = documentRows.getDocumentRow(documentId);
    if (!row) return;
    const hashes = hashCanonical(readCanonical(doc));
    const alreadyStale = new Set(
      audit
        .list(row.workspace_id, { documentId, limit: 1000 })
        .filter((e) => e.type === "approval.stale")
        .map((e) => String(e.data.approvalId)),
    );
    for (const approval of approvals) {
      const currentScopeHash = approval.scope === "content" ? hashes.contentHash : hashes.designHash;
      if (approval.scope_hash === currentScopeHash || alreadyStale.has(approval.id)) continue;
      audit.record({
        workspaceId: row.workspace_id,
        documentId,
        type: "approval.stale",
        actor: { id: null, name: "Copress" },
        data: { approvalId: approval.id, scope: approval.scope, approver: approval.member_name },
      });
      if (approval.user_id) {
        notifications.notify({
          id: randomUUID(),
          userId: approval.user_id,
          workspaceId: row.workspace_id,
          documentId,
          kind: "approval-stale",
          message: `“${row.title}” changed after you signed off ${approval.scope === "content" ? "the words" : "the design"}. Please look again.`,
          link: `/documents/${documentId}/review`,
          dedupeKey: `stale:${approval.id}`,
        });
      }
    }
  }

  /**
   * The lived-experience flag is seen only by the member themself and by coordinators (DESIGN.md, privacy); for
   * everyone else it is left out, not set to false.
   */
  function hideLivedExperience<T extends { livedExperience?: boolean; userId?: string | null }>(viewer: Viewer, items: T[]): T[] {
    if (can(viewer.member, "manage")) return items;
    return items.map((item) => (item.userId === viewer.userId ? item : { ...item, livedExperience: undefined }));
  }

  function releaseSummary(row: ReturnType<SignoffRepository["releases"]>[number]) {
    return {
      id: row.id,
      number: row.number,
      title: row.title,
      hash: row.hash,
      releasedBy: row.released_by_name,
      createdAt: row.created_at,
      shareUrl: row.share_token ? `/r/${row.share_token}` : null,
      approvals: JSON.parse(row.approvals) as Array<{ id: string; scope: string; memberName: string; userId?: string | null; livedExperience?: boolean; createdAt: string }>,
    };
  }

  function requireRelease(viewer: Viewer, releaseId: string) {
    const row = signoff.release(releaseId);
    if (!row || !can(viewer.member, "document:read", { workspaceId: row.workspace_id })) throw errors.notFound("That release");
    return row;
  }

  return {
    policyFor,

    getPolicy(viewer: Viewer, documentId: string | null) {
      if (documentId) documents.getSummary(viewer, documentId);
      return policyFor(viewer.member.workspaceId, documentId);
    },

    /** Coordinators set the workspace policy (documentId null) or a document's own; `policy: null` removes an override. */
    setPolicy(viewer: Viewer, documentId: string | null, policy: unknown) {
      if (!can(viewer.member, "manage")) throw errors.forbidden("Only coordinators can change who signs off.");
      if (documentId) documents.getSummary(viewer, documentId);
      if (policy === null && documentId) {
        signoff.removeDocumentPolicy(viewer.member.workspaceId, documentId);
      } else {
        const parsed = approvalPolicySchema.safeParse(policy);
        if (!parsed.success) throw errors.badRequest("That sign-off policy isn't complete. Check every choice and try again.", { issues: parsed.error.issues.map((i) => i.message) });
        signoff.savePolicy(viewer.member.workspaceId, documentId, JSON.stringify(parsed.data), viewer.userId);
      }
      audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: "policy.changed",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { policy: policy as Record<string, unknown> | null },
      });
      return policyFor(viewer.member.workspaceId, documentId);
    },

    /** Everything the review screen shows, for the live version. */
    async reviewState(viewer: Viewer, documentId: string) {
      const summary = documents.getSummary(viewer, documentId);
      const { canonical, hashes } = live(documentId);
      const result = await evaluate(documentId, viewer.member.workspaceId, { canonical, hashes });
      const { policy, source } = policyFor(viewer.member.workspaceId, documentId);
      const rows = signoff.approvals(documentId);
      const mine = (scope: Scope) => [...rows].reverse().find((r) => r.user_id === viewer.userId && r.scope === scope && r.decision === "approve");
      const sinceMine = Object.fromEntries(
        SCOPES.map((scope) => {
          const last = mine(scope);
          if (!last) return [scope, null];
          const then = JSON.parse(last.canonical) as CanonicalDocument;
          return [
            scope,
            {
              approvedAt: last.created_at,
              content: scope === "content" ? diffDocuments(then.content, canonical.content).filter((s) => s.change !== "unchanged") : [],
              design: scope === "design" ? designChanges(then.design, canonical.design) : [],
              titleChanged: scope === "content" && then.meta.title !== canonical.meta.title ? { from: then.meta.title, to: canonical.meta.title } : null,
            },
          ];
        }),
      ) as Record<Scope, null | { approvedAt: string; content: ReturnType<typeof diffDocuments>; design: Array<{ key: string; from: unknown; to: unknown }>; titleChanged: { from: string; to: string } | null }>;
      return {
        document: summary,
        ...hashes,
        policy,
        policySource: source,
        result: { ...result, approvals: hideLivedExperience(viewer, result.approvals) },
        comments: Object.fromEntries(rows.filter((r) => r.comment).map((r) => [r.id, r.comment])),
        reviewRequests: signoff.reviewRequests(documentId).map((r) => ({ id: r.id, by: r.requested_by_name ?? "A former member", message: r.message, hash: r.hash, at: r.created_at })),
        sinceMine,
        releases: signoff.releases(documentId).map((row) => {
          const summary = releaseSummary(row);
          return { ...summary, approvals: hideLivedExperience(viewer, summary.approvals) };
        }),
        can: {
          approveContent: can(viewer.member, "approve:content", { workspaceId: viewer.member.workspaceId }),
          approveDesign: can(viewer.member, "approve:design", { workspaceId: viewer.member.workspaceId }),
          release: can(viewer.member, "manage", { workspaceId: viewer.member.workspaceId }),
          requestReview: can(viewer.member, "content:edit", { workspaceId: viewer.member.workspaceId }),
        },
      };
    },

    /**
     * True when `document` (by default the live version, read now) meets the policy: used to leave the DRAFT
     * watermark off the PDF and the web page of exactly the version they show.
     */
    async isApproved(documentId: string, document?: CanonicalDocument): Promise<boolean> {
      const row = documentRows.getDocumentRow(documentId);
      if (!row) return false;
      const version = document ? { canonical: document, hashes: hashCanonical(document) } : live(documentId);
      return (await evaluate(documentId, row.workspace_id, version)).met;
    },

    requestReview(viewer: Viewer, documentId: string, message: unknown) {
      const summary = documents.getSummary(viewer, documentId);
      if (!can(viewer.member, "content:edit")) throw errors.forbidden("Only writers and coordinators can ask for sign-off.");
      const text = z.string().trim().max(1000, "Keep the message under 1,000 characters.").safeParse(message ?? "");
      if (!text.success) throw errors.badRequest(text.error.issues[0]!.message, { fields: { message: [text.error.issues[0]!.message] } });
      const { hashes } = live(documentId);
      const id = randomUUID();
      signoff.insertReviewRequest(id, documentId, viewer.userId, text.data, hashes.hash);
      for (const member of workspaces.membersOfWorkspace(viewer.member.workspaceId)) {
        if (member.userId === viewer.userId) continue;
        if (!can(member, "approve:content") && !can(member, "approve:design")) continue;
        notifications.notify({
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
      audit.record({ workspaceId: viewer.member.workspaceId, documentId, type: "review.requested", actor: { id: viewer.userId, name: viewer.displayName }, data: { hash: hashes.hash, message: text.data } });
      return { id, hash: hashes.hash };
    },

    /**
     * Records an approval (or a request for changes) for exactly the version the approver reviewed. Refused with
     * 409 when that version is no longer current, and — for an approval — while blocking check findings remain.
     */
    async decide(viewer: Viewer, documentId: string, input: unknown) {
      documents.getSummary(viewer, documentId);
      const parsed = approvalInput.safeParse(input);
      if (!parsed.success) throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
      const { scope, decision, hash, comment } = parsed.data;
      if (!can(viewer.member, scope === "content" ? "approve:content" : "approve:design")) {
        throw errors.forbidden(`Your role doesn't let you sign off ${scope === "content" ? "the words" : "the design"}.`);
      }
      const { canonical, hashes } = live(documentId);
      if (hash !== hashes.hash) {
        throw errors.conflict("stale_hash", "The document has changed since you opened it. Please look at the latest version, then decide again.", { currentHash: hashes.hash });
      }
      if (decision === "approve") {
        const result = await evaluate(documentId, viewer.member.workspaceId, { canonical, hashes });
        const blocking = result.unmet.find((u) => u.code === "checks_blocking");
        if (blocking) throw errors.conflict("blocked_by_checks", `${blocking.message} Then you can approve.`, { unmet: [blocking] });
      }
      if (decision === "changes" && !comment) {
        throw errors.badRequest("Say what needs to change, so the writers know what to do.", { fields: { comment: ["Say what needs to change."] } });
      }
      const id = randomUUID();
      signoff.insertApproval({
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
      audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: decision === "approve" ? "approval.approved" : "approval.changes_requested",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { approvalId: id, scope, hash, comment },
      });
      return { id, scope, decision, hash, result: await evaluate(documentId, viewer.member.workspaceId, { canonical, hashes }) };
    },

    /**
     * Publishes the live version when the policy is met: an immutable release with its PDF and web page. Everything
     * comes from ONE snapshot taken before the first `await`: the state, the canonical document, the hashes, the
     * policy's findings, the PDF and the web page. Edits that arrive while it renders belong to the next version.
     */
    async publish(viewer: Viewer, documentId: string, options: { shareLink?: boolean } = {}) {
      const summary = documents.getSummary(viewer, documentId);
      if (!can(viewer.member, "manage")) throw errors.forbidden("Only coordinators can publish.");
      const room = sync.getRoom(documentId);
      room.flush();
      const snapshot = takeSnapshot(room.doc);
      const { canonical, hashes } = snapshot;
      const result = await evaluate(documentId, viewer.member.workspaceId, snapshot);
      if (!result.met) throw errors.conflict("policy_unmet", "This version can't be published yet.", { unmet: result.unmet });
      const design = readDesign(canonical.design, summary.templateId);
      const template = templates.get(design.templateId) ?? templates.get(summary.templateId)!;
      const rendered = await deps.renderFinalPdf(documentId, canonical);
      const resolve = (src: string) => deps.resolveImage(viewer.member.workspaceId, src);
      const selfContained = { ...canonical, content: await inlinePictures(canonical.content, resolve) };
      const logoSrc = design.logoUploadId ? await asDataUrl(`/uploads/${design.logoUploadId}`, resolve) : null;
      const logo = typeof logoSrc === "string" && logoSrc.startsWith("data:") ? { src: logoSrc, alt: logoAlt(viewer.member.workspaceName) } : undefined;
      const html = renderDocumentHtml(selfContained, { template, design, standalone: true, includeFontFaces: true, logo });

      // Nothing is published that was not approved exactly as it stands: the version the policy was met for, the
      // one the PDF worker rendered, the stored state and the canonical JSON the page came from must be one.
      const storedJson = canonicalJson(canonical);
      const agree = [rendered.hash, hashCanonical(canonicalOfState(snapshot.state)).hash, hashCanonical(JSON.parse(storedJson) as CanonicalDocument).hash];
      if (agree.some((hash) => hash !== hashes.hash)) {
        deps.log?.("release.mismatch", { documentId, approved: hashes.hash, rendered: rendered.hash, state: agree[1], canonical: agree[2] });
        throw new AppError(500, "release_mismatch", "The files made for this release did not match the signed-off version, so nothing was published. Please try again.");
      }

      const id = randomUUID();
      const shareToken = options.shareLink ? randomBytes(24).toString("base64url") : null;
      const counted = result.approvals
        .filter((a) => a.status === "counts")
        .map(({ id: approvalId, scope, memberName, userId, livedExperience, createdAt }) => ({ id: approvalId, scope, memberName, userId, livedExperience, createdAt }));
      const number = signoff.insertRelease({
        id,
        documentId,
        workspaceId: viewer.member.workspaceId,
        title: canonical.meta.title,
        hash: hashes.hash,
        contentHash: hashes.contentHash,
        designHash: hashes.designHash,
        state: Buffer.from(snapshot.state),
        canonical: storedJson,
        pdf: Buffer.from(rendered.pdf),
        html,
        approvals: JSON.stringify(counted),
        shareToken,
        releasedBy: viewer.userId,
        releasedByName: viewer.displayName,
      });
      audit.record({ workspaceId: viewer.member.workspaceId, documentId, type: "release.published", actor: { id: viewer.userId, name: viewer.displayName }, data: { releaseId: id, number, hash: hashes.hash } });
      return { id, number, hash: hashes.hash, shareUrl: shareToken ? `/r/${shareToken}` : null };
    },

    listReleases(viewer: Viewer, documentId: string) {
      documents.getSummary(viewer, documentId);
      return signoff.releases(documentId).map((row) => {
        const summary = releaseSummary(row);
        return { ...summary, approvals: hideLivedExperience(viewer, summary.approvals) };
      });
    },

    getRelease(viewer: Viewer, releaseId: string) {
      const row = requireRelease(viewer, releaseId);
      const summary = releaseSummary(row);
      return { ...summary, approvals: hideLivedExperience(viewer, summary.approvals), documentId: row.document_id, contentHash: row.content_hash, designHash: row.design_hash };
    },

    releasePdf: (viewer: Viewer, releaseId: string) => {
      const row = requireRelease(viewer, releaseId);
      return { title: row.title, number: row.number, pdf: row.pdf };
    },
    releaseHtml: (viewer: Viewer, releaseId: string) => requireRelease(viewer, releaseId).html,

    /** The public web version behind an unguessable share link (no sign-in). */
    sharedReleaseHtml(token: string) {
      const row = token.length >= 20 && token.length <= 64 ? signoff.releaseByShareToken(token) : undefined;
      if (!row) throw errors.notFound("That page");
      return row.html;
    },

    auditLog(viewer: Viewer, documentId?: string) {
      if (documentId) documents.getSummary(viewer, documentId);
      else if (!can(viewer.member, "manage")) throw errors.forbidden("Only coordinators can see the whole workspace's history.");
      return audit.list(viewer.member.workspaceId, { documentId });
    },

    verifyAuditLog(viewer: Viewer) {
      if (!can(viewer.member, "manage")) throw errors.forbidden("Only coordinators can check the history.");
      return audit.verify(viewer.member.workspaceId);
    },
  };
}

/** Design keys whose values differ, for "what changed in the design since you approved". */
function designChanges(before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: Array<{ key: string; from: unknown; to: unknown }> = [];
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    if (canonicalJson(a ?? null) !== canonicalJson(b ?? null)) changes.push({ key, from: a ?? null, to: b ?? null });
  }
  return changes;
}

export type SignoffService = ReturnType<typeof createSignoffService>;
