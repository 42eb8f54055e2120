/**
 * Sign-off and publishing: approval policy, review requests, approvals bound to the exact version, staleness,
 * releases. Everything is decided by `evaluatePolicy` (app/domain/approval-policy.ts) over the live document's
 * hashes, so the review screen, the approval API, the PDF watermark and the release gate always agree.
 */
import type { PdfVariant } from "../../app/domain/pdf-variant";
import { randomBytes, randomUUID } from "node:crypto";
import * as Y from "yjs";
import * as z from "zod";
import {
  approvalPolicySchema,
  DEFAULT_POLICY,
  evaluatePolicy,
  SCOPES,
  type ApprovalPolicy,
  type ApprovalRecord,
  type Scope,
  type Severity,
} from "../../app/domain/approval-policy";
import { answerInput } from "../../app/domain/change-request-input";
import {
  canMarkDone,
  changeRequestRecipients,
  sectionsPhrase,
  type ChangeRequest,
  type ChangeRequestAnswer,
} from "../../app/domain/change-requests";
import { logoAlt, readDesign } from "../../app/domain/design";
import { diffDocuments, sectionTexts } from "../../app/domain/document-diff";
import { canonicalJson, type CanonicalDocument, type DocumentHashes } from "../../app/domain/document-hash";
import { AppError, errors } from "../../app/domain/errors";
import { can, isRole, type Role } from "../../app/domain/permissions";
import type { Template } from "../../app/domain/template";
import { renderDocumentCss, renderDocumentHtml } from "../../app/render/html";
import { openSuggestions } from "../../app/domain/suggestions";
import type { DocumentRepository } from "../db/documents";
import type { NotificationRepository } from "../db/notifications";
import type { SectionRepository } from "../db/sections";
import type {
  ApprovalRow,
  ChangeRequestAnswerRow,
  ChangeRequestRow,
  OpenReviewRequestRow,
  ReleaseSummaryRow,
  SignoffRepository,
} from "../db/signoff";
import type { VersionRepository } from "../db/versions";
import type { WorkspaceRepository } from "../db/workspaces";
import type { SyncServer } from "../sync/sync-server";
import type { AuditLog } from "./audit";
import type { Viewer } from "./auth";
import type { ContributionLog } from "./contributions";
import { canonicalOfState, hashCanonical, readCanonical, takeSnapshot, type DocumentSnapshot } from "./document-state";
import type { DocumentService } from "./documents";
import { readSections } from "./section-index";

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

export interface SignoffDeps {
  signoff: SignoffRepository;
  documentRows: DocumentRepository;
  workspaces: WorkspaceRepository;
  notifications: NotificationRepository;
  versions: VersionRepository;
  sections: SectionRepository;
  documents: DocumentService;
  templates: Map<string, Template>;
  sync: SyncServer;
  audit: AuditLog;
  contributions: ContributionLog;
  /** Severities of the open check findings of exactly this version of the document (from the checks service). */
  /** How many decisions are open on the document (server/services/decisions.ts). */
  openDecisions?: (documentId: string) => Promise<number>;
  openFindingSeverities: (
    documentId: string,
    document: CanonicalDocument,
  ) => Promise<ReadonlyArray<Severity | { severity: Severity; rule: string }>>;
  /**
   * The final PDF (no watermark) of exactly this version, never re-read from the live document, with the hash the
   * renderer worked out from what it rendered. Refused (409) if that version is not signed off.
   */
  renderFinalPdf: (
    documentId: string,
    document: CanonicalDocument,
    variant?: PdfVariant,
  ) => Promise<{ pdf: Uint8Array; hash: string }>;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Bytes of a picture the document shows (an upload of the workspace), to build a self-contained web page. */
  resolveImage: (workspaceId: string, src: string) => Promise<Uint8Array | null>;
  /** For a translation: how many sections still need a translator (0 for a document that is not a translation). */
  translationSectionsWaiting?: (documentId: string) => Promise<number>;
  /** For a translation: the document it was translated from and that document's hash now (recorded on a release). */
  translatedFrom?: (documentId: string) => Promise<{ sourceId: string; sourceHash: string } | null>;
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
  const type =
    bytes[0] === 0x89 && bytes[1] === 0x50 ? "image/png" : bytes[0] === 0xff && bytes[1] === 0xd8 ? "image/jpeg" : null;
  return type ? `data:${type};base64,${Buffer.from(bytes).toString("base64")}` : src;
}

async function inlinePictures(
  content: unknown,
  resolve: (src: string) => Promise<Uint8Array | null>,
): Promise<unknown> {
  const walk = async (node: unknown): Promise<unknown> => {
    if (!node || typeof node !== "object" || Array.isArray(node)) return node;
    const copy = { ...(node as Record<string, unknown>) };
    const attrs = copy.attrs as Record<string, unknown> | undefined;
    if (attrs && copy.type === "image") copy.attrs = { ...attrs, src: await asDataUrl(attrs.src, resolve) };
    if (attrs && copy.type === "easyReadRow")
      copy.attrs = { ...attrs, imageSrc: await asDataUrl(attrs.imageSrc, resolve) };
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

/** "5 Dec, 14:02" in the UK's time, for the names of versions saved automatically. */
const whenFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/London",
});

const SCOPE_WORDS: Record<Scope, string> = { content: "the words", design: "the design" };

function toAnswer(row: ChangeRequestAnswerRow): ChangeRequestAnswer {
  return {
    id: row.id,
    kind: row.kind,
    by: { userId: row.author_id, name: row.author_name ?? "A former member" },
    note: row.note,
    at: row.created_at,
  };
}

function toChangeRequest(row: ChangeRequestRow, answers: ChangeRequestAnswer[]): ChangeRequest {
  return {
    id: row.id,
    documentId: row.document_id,
    scope: row.scope,
    by: { userId: row.requested_by, name: row.requested_by_name ?? "A former member" },
    message: row.message,
    sections: JSON.parse(row.sections) as ChangeRequest["sections"],
    status: row.status,
    versionId: row.version_id,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    answers,
  };
}

/** Where a person acts on a change request: the editor for the words, the sign-off page for the design. */
export function changeRequestLink(request: Pick<ChangeRequest, "id" | "documentId" | "scope">): string {
  return request.scope === "content"
    ? `/documents/${request.documentId}#change-request-${request.id}`
    : `/documents/${request.documentId}/review#change-request-${request.id}`;
}

type Members = Awaited<ReturnType<WorkspaceRepository["membersOfWorkspace"]>>;

/** How often, at most, live edits are compared with the approvals of a document (to record approvals going stale). */
const STALE_LOOK_MS = 2000;

export function createSignoffService(deps: SignoffDeps) {
  const { signoff, documentRows, workspaces, notifications, documents, templates, sync, audit } = deps;
  const log =
    deps.log ??
    ((message: string, fields?: Record<string, unknown>) =>
      console.error(JSON.stringify({ at: new Date().toISOString(), message, ...fields })));

  /** The document's room, with every edit it has accepted stored. */
  async function storedRoom(documentId: string) {
    const room = await sync.getRoom(documentId);
    await room.flush();
    return room;
  }

  async function live(documentId: string) {
    const room = await storedRoom(documentId);
    const canonical = readCanonical(room.doc);
    return { room, canonical, hashes: hashCanonical(canonical) };
  }

  async function policyFor(
    workspaceId: string,
    documentId: string | null,
  ): Promise<{ policy: ApprovalPolicy; source: "document" | "workspace" | "default" }> {
    const own = documentId ? await signoff.getPolicyJson(workspaceId, documentId) : undefined;
    if (own) return { policy: approvalPolicySchema.parse(JSON.parse(own)), source: "document" };
    const workspace = await signoff.getPolicyJson(workspaceId, null);
    if (workspace) return { policy: approvalPolicySchema.parse(JSON.parse(workspace)), source: "workspace" };
    return { policy: DEFAULT_POLICY, source: "default" };
  }

  async function contributorsOf(documentId: string): Promise<Record<Scope, Set<string>>> {
    const result: Record<Scope, Set<string>> = { content: new Set(), design: new Set() };
    for (const row of await signoff.contributors(documentId)) result[row.part].add(row.user_id);
    return result;
  }

  /** A document's change requests, newest first, each with its answers (oldest first). */
  async function changeRequestsOf(documentId: string): Promise<ChangeRequest[]> {
    const answers = new Map<string, ChangeRequestAnswer[]>();
    for (const row of await signoff.changeRequestAnswers(documentId))
      answers.set(row.change_request_id, [...(answers.get(row.change_request_id) ?? []), toAnswer(row)]);
    const requests = await signoff.changeRequests(documentId);
    return requests.map((row) => toChangeRequest(row, answers.get(row.id) ?? []));
  }

  /** The people a change request concerns now, among the workspace's `members` (section owners as they are now). */
  function recipientsOf(
    row: Pick<ChangeRequestRow, "scope" | "sections" | "review_requested_by" | "requested_by">,
    owners: Map<string, string | null>,
    members: Members,
  ) {
    return changeRequestRecipients({
      scope: row.scope,
      sectionIds: (JSON.parse(row.sections) as Array<{ id: string }>).map((s) => s.id),
      owners,
      reviewRequestedBy: row.review_requested_by,
      approverId: row.requested_by,
      members,
    });
  }

  /** Saves a snapshot as a version, named for the moment (sign-off requests and requests for changes). */
  async function saveAutomaticVersion(
    viewer: Viewer,
    documentId: string,
    snapshot: DocumentSnapshot,
    what: string,
  ): Promise<string> {
    const id = randomUUID();
    await deps.versions.insertVersion({
      id,
      documentId,
      name: `${viewer.displayName.slice(0, 80)} ${what} (${whenFormat.format(new Date())})`,
      kind: "named",
      restoredFrom: null,
      state: snapshot.state,
      canonical: canonicalJson(snapshot.canonical),
      hash: snapshot.hashes.hash,
      contentHash: snapshot.hashes.contentHash,
      designHash: snapshot.hashes.designHash,
      createdBy: viewer.userId,
    });
    return id;
  }

  /** The policy over one version: its hashes and the open findings of that same version, whatever happens meanwhile. */
  async function evaluate(
    documentId: string,
    workspaceId: string,
    version: { canonical: CanonicalDocument; hashes: DocumentHashes },
  ) {
    const { policy } = await policyFor(workspaceId, documentId);
    const approvals = (await signoff.approvals(documentId)).map(toRecord);
    const contributors = await contributorsOf(documentId);
    return evaluatePolicy({
      policy,
      approvals,
      current: version.hashes,
      contributors,
      findingSeverities: await deps.openFindingSeverities(documentId, version.canonical),
      openSuggestions: openSuggestions(version.canonical.content).length,
      openDecisions: (await deps.openDecisions?.(documentId)) ?? 0,
      translationSectionsWaiting: (await deps.translationSectionsWaiting?.(documentId)) ?? 0,
    });
  }

  // Who edited which part over sync (for policies that don't count contributors' approvals; changes over HTTP are
  // recorded by the service that makes them), and approvals that went stale.
  sync.onRoomCreated((room) => {
    const note = (userId: string, part: Scope) =>
      void deps.contributions.note(room.documentId, userId, part).catch((error: unknown) => {
        log("signoff.contributor_failed", { documentId: room.documentId, userId, part, error: String(error) });
      });
    // Hashing a long guide on every keystroke would be wasteful: look at most every two seconds per document, and
    // once more after the last edit of a burst, so an edit is never left unlooked-at. One look at a time, so two
    // looks never both find the same approval newly stale.
    let lastLook = 0;
    let timer: NodeJS.Timeout | null = null;
    let looking = Promise.resolve();
    const look = () => {
      timer = null;
      lastLook = Date.now();
      looking = looking
        .then(async () => {
          if (!room.closed) await recordStaleApprovals(room.documentId, room.doc);
        })
        .catch((error: unknown) => {
          log("signoff.stale_look_failed", { documentId: room.documentId, error: String(error) });
        });
    };
    room.onChange((_origins, roots) => {
      for (const [connection, touched] of roots) {
        if (touched.has("content") || touched.has("meta")) note(connection.userId, "content");
        if (touched.has("design")) note(connection.userId, "design");
      }
      if (timer) return;
      const wait = STALE_LOOK_MS - (Date.now() - lastLook);
      if (wait <= 0) look();
      else timer = setTimeout(look, wait).unref();
    });
  });

  /** Writes one "approval went stale" audit event (and tells the approver) the first time an edit outdates it. */
  async function recordStaleApprovals(documentId: string, doc: Y.Doc) {
    const approvals = (await signoff.approvals(documentId)).filter((a) => a.decision === "approve");
    if (approvals.length === 0) return;
    const row = await documentRows.getDocumentRow(documentId);
    if (!row) return;
    const alreadyStale = new Set(
      (await audit.list(row.workspace_id, { documentId, limit: 1000 }))
        .filter((e) => e.type === "approval.stale")
        .map((e) => String(e.data.approvalId)),
    );
    const hashes = hashCanonical(readCanonical(doc));
    for (const approval of approvals) {
      const currentScopeHash = approval.scope === "content" ? hashes.contentHash : hashes.designHash;
      if (approval.scope_hash === currentScopeHash || alreadyStale.has(approval.id)) continue;
      await audit.record({
        workspaceId: row.workspace_id,
        documentId,
        type: "approval.stale",
        actor: { id: null, name: "Copress" },
        data: { approvalId: approval.id, scope: approval.scope, approver: approval.member_name },
      });
      if (approval.user_id) {
        await notifications.notify({
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
   * The lived-experience flag is seen only by the member themself and by coordinators (privacy: docs/ARCHITECTURE.md, "Security"); for
   * everyone else it is left out, not set to false.
   */
  function hideLivedExperience<T extends { livedExperience?: boolean; userId?: string | null }>(
    viewer: Viewer,
    items: T[],
  ): T[] {
    if (can(viewer.member, "manage")) return items;
    return items.map((item) => (item.userId === viewer.userId ? item : { ...item, livedExperience: undefined }));
  }

  function releaseSummary(row: ReleaseSummaryRow) {
    return {
      id: row.id,
      number: row.number,
      title: row.title,
      hash: row.hash,
      releasedBy: row.released_by_name,
      createdAt: row.created_at,
      shareUrl: row.share_token ? `/r/${row.share_token}` : null,
      // A translation's release says which version of the source it was translated from.
      translatedFrom: row.source_id && row.source_hash ? { documentId: row.source_id, hash: row.source_hash } : null,
      approvals: JSON.parse(row.approvals) as Array<{
        id: string;
        scope: string;
        memberName: string;
        userId?: string | null;
        livedExperience?: boolean;
        createdAt: string;
      }>,
    };
  }

  async function requireRelease(viewer: Viewer, releaseId: string) {
    const row = await signoff.release(releaseId);
    if (!row || !can(viewer.member, "document:read", { workspaceId: row.workspace_id }))
      throw errors.notFound("That release");
    return row;
  }

  return {
    policyFor,

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
        sections: sectionTexts(canonical.content).map((s) => ({ id: s.id, title: s.title })),
        sinceLastDecision,
        text,
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

    /**
     * Publishes the live version when the policy is met: an immutable release with its PDF and web page. Everything
     * comes from ONE snapshot, taken as soon as the room's edits are stored: the state, the canonical document, the
     * hashes, the policy's findings, the PDF and the web page. Edits that arrive meanwhile belong to the next version.
     */
    async publish(viewer: Viewer, documentId: string, options: { shareLink?: boolean } = {}) {
      const summary = await documents.getSummary(viewer, documentId);
      if (!can(viewer.member, "manage")) throw errors.forbidden("Only coordinators can publish.");
      const snapshot = takeSnapshot((await storedRoom(documentId)).doc);
      const { canonical, hashes } = snapshot;
      const result = await evaluate(documentId, viewer.member.workspaceId, snapshot);
      if (!result.met)
        throw errors.conflict("policy_unmet", "This version can't be published yet.", { unmet: result.unmet });
      const design = readDesign(canonical.design, summary.templateId);
      const template = templates.get(design.templateId) ?? templates.get(summary.templateId)!;
      const rendered = await deps.renderFinalPdf(documentId, canonical);
      // The print-shop file of the very same version, kept with it (checked against the same hash below).
      const printed = await deps.renderFinalPdf(documentId, canonical, "print");
      const resolve = (src: string) => deps.resolveImage(viewer.member.workspaceId, src);
      const selfContained = { ...canonical, content: await inlinePictures(canonical.content, resolve) };
      const logoSrc = design.logoUploadId ? await asDataUrl(`/uploads/${design.logoUploadId}`, resolve) : null;
      const logo =
        typeof logoSrc === "string" && logoSrc.startsWith("data:")
          ? { src: logoSrc, alt: logoAlt(viewer.member.workspaceName) }
          : undefined;
      const html = renderDocumentHtml(selfContained, {
        template,
        design,
        standalone: true,
        includeFontFaces: true,
        logo,
      });

      // Nothing is published that was not approved exactly as it stands: the version the policy was met for, the
      // one the PDF worker rendered, the stored state and the canonical JSON the page came from must be one.
      const storedJson = canonicalJson(canonical);
      const agree = [
        rendered.hash,
        printed.hash,
        hashCanonical(canonicalOfState(snapshot.state)).hash,
        hashCanonical(JSON.parse(storedJson) as CanonicalDocument).hash,
      ];
      if (agree.some((hash) => hash !== hashes.hash)) {
        deps.log?.("release.mismatch", {
          documentId,
          approved: hashes.hash,
          rendered: rendered.hash,
          printed: printed.hash,
          state: agree[2],
          canonical: agree[3],
        });
        throw new AppError(
          500,
          "release_mismatch",
          "The files made for this release did not match the signed-off version, so nothing was published. Please try again.",
        );
      }

      const id = randomUUID();
      const shareToken = options.shareLink ? randomBytes(24).toString("base64url") : null;
      const counted = result.approvals
        .filter((a) => a.status === "counts")
        .map(({ id: approvalId, scope, memberName, userId, livedExperience, createdAt }) => ({
          id: approvalId,
          scope,
          memberName,
          userId,
          livedExperience,
          createdAt,
        }));
      const translatedFrom = (await deps.translatedFrom?.(documentId)) ?? null;
      const number = await signoff.insertRelease({
        id,
        sourceId: translatedFrom?.sourceId ?? null,
        sourceHash: translatedFrom?.sourceHash ?? null,
        documentId,
        workspaceId: viewer.member.workspaceId,
        title: canonical.meta.title,
        hash: hashes.hash,
        contentHash: hashes.contentHash,
        designHash: hashes.designHash,
        state: Buffer.from(snapshot.state),
        canonical: storedJson,
        pdf: Buffer.from(rendered.pdf),
        printPdf: Buffer.from(printed.pdf),
        html,
        approvals: JSON.stringify(counted),
        shareToken,
        releasedBy: viewer.userId,
        releasedByName: viewer.displayName,
      });
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: "release.published",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { releaseId: id, number, hash: hashes.hash, ...(translatedFrom ? { translatedFrom } : {}) },
      });
      return { id, number, hash: hashes.hash, shareUrl: shareToken ? `/r/${shareToken}` : null };
    },

    async listReleases(viewer: Viewer, documentId: string) {
      await documents.getSummary(viewer, documentId);
      return (await signoff.releases(documentId)).map((row) => {
        const summary = releaseSummary(row);
        return { ...summary, approvals: hideLivedExperience(viewer, summary.approvals) };
      });
    },

    async getRelease(viewer: Viewer, releaseId: string) {
      const row = await requireRelease(viewer, releaseId);
      const summary = releaseSummary(row);
      return {
        ...summary,
        approvals: hideLivedExperience(viewer, summary.approvals),
        documentId: row.document_id,
        contentHash: row.content_hash,
        designHash: row.design_hash,
        hasPrintPdf: row.print_pdf !== null,
        // A tri-fold can also be read panel by panel (`?variant=reader`, made from the release's own JSON).
        panelByPanel:
          templates.get(readDesign((JSON.parse(row.canonical) as CanonicalDocument).design).templateId)?.imposition ===
          "trifold",
      };
    },

    async releasePdf(viewer: Viewer, releaseId: string, variant: "screen" | "print" = "screen") {
      const row = await requireRelease(viewer, releaseId);
      if (variant === "print" && !row.print_pdf)
        throw errors.notFound("A print-shop PDF of this release (it was published before Copress kept them)");
      return { title: row.title, number: row.number, pdf: variant === "print" ? row.print_pdf! : row.pdf };
    },
    /**
     * The release as a tri-fold's panels in reading order: made on demand from the release's stored JSON, and
     * checked to be that very version (its hash) before it is given out.
     */
    async releaseReaderPdf(viewer: Viewer, releaseId: string) {
      const row = await requireRelease(viewer, releaseId);
      const rendered = await deps.renderFinalPdf(
        row.document_id,
        JSON.parse(row.canonical) as CanonicalDocument,
        "reader",
      );
      if (rendered.hash !== row.hash)
        throw new AppError(
          500,
          "release_mismatch",
          "The file made for this release did not match it. Please try again.",
        );
      return { title: row.title, number: row.number, pdf: Buffer.from(rendered.pdf) };
    },
    releaseHtml: async (viewer: Viewer, releaseId: string) => (await requireRelease(viewer, releaseId)).html,

    /** The public web version behind an unguessable share link (no sign-in). */
    async sharedReleaseHtml(token: string) {
      const row = token.length >= 20 && token.length <= 64 ? await signoff.releaseByShareToken(token) : undefined;
      if (!row) throw errors.notFound("That page");
      return row.html;
    },

    async auditLog(viewer: Viewer, documentId?: string) {
      if (documentId) await documents.getSummary(viewer, documentId);
      else if (!can(viewer.member, "manage"))
        throw errors.forbidden("Only coordinators can see the whole workspace's history.");
      return audit.list(viewer.member.workspaceId, { documentId });
    },

    async verifyAuditLog(viewer: Viewer) {
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
