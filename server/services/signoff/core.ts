/**
 * What the parts of sign-off share (server/services/signoff.ts puts them together): the dependencies, the live
 * version of a document, its policy and how the policy judges a version, change requests as people see them, and
 * releases as summaries. Everything is decided by `evaluatePolicy` (app/domain/approval-policy.ts) over the live
 * document's hashes, so the review screen, the approval API, the PDF watermark and the release gate always agree.
 */
import { randomUUID } from "node:crypto";
import {
  approvalPolicySchema,
  DEFAULT_POLICY,
  evaluatePolicy,
  type ApprovalPolicy,
  type ApprovalRecord,
  type Scope,
  type Severity,
} from "../../../app/domain/approval-policy";
import {
  changeRequestRecipients,
  type ChangeRequest,
  type ChangeRequestAnswer,
} from "../../../app/domain/change-requests";
import { canonicalJson, type CanonicalDocument, type DocumentHashes } from "../../../app/domain/document-hash";
import { errors } from "../../../app/domain/errors";
import type { PdfVariant } from "../../../app/domain/pdf-variant";
import { can, isRole, type Role } from "../../../app/domain/permissions";
import { openSuggestions } from "../../../app/domain/suggestions";
import type { Template } from "../../../app/domain/template";
import type { DocumentRepository } from "../../db/documents";
import type { NotificationRepository } from "../../db/notifications";
import type { SectionRepository } from "../../db/sections";
import type {
  ApprovalRow,
  ChangeRequestAnswerRow,
  ChangeRequestRow,
  ReleaseSummaryRow,
  SignoffRepository,
} from "../../db/signoff";
import type { VersionRepository } from "../../db/versions";
import type { WorkspaceRepository } from "../../db/workspaces";
import type { SyncServer } from "../../sync/sync-server";
import type { AuditLog } from "../audit";
import type { Viewer } from "../auth";
import type { ContributionLog } from "../contributions";
import { hashCanonical, readCanonical, type DocumentSnapshot } from "../document-state";
import type { DocumentService } from "../documents";

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
  ) => Promise<{ pdf: Uint8Array; hash: string; printNotes: string[] }>;
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
export async function asDataUrl(src: unknown, resolve: (src: string) => Promise<Uint8Array | null>): Promise<unknown> {
  if (typeof src !== "string" || !src.startsWith("/uploads/")) return src;
  const bytes = await resolve(src);
  if (!bytes) return src;
  const type =
    bytes[0] === 0x89 && bytes[1] === 0x50 ? "image/png" : bytes[0] === 0xff && bytes[1] === 0xd8 ? "image/jpeg" : null;
  return type ? `data:${type};base64,${Buffer.from(bytes).toString("base64")}` : src;
}

export async function inlinePictures(
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

export function toRecord(row: ApprovalRow): ApprovalRecord {
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
export const whenFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/London",
});

export const SCOPE_WORDS: Record<Scope, string> = { content: "the words", design: "the design" };

export function toAnswer(row: ChangeRequestAnswerRow): ChangeRequestAnswer {
  return {
    id: row.id,
    kind: row.kind,
    by: { userId: row.author_id, name: row.author_name ?? "A former member" },
    note: row.note,
    at: row.created_at,
  };
}

export function toChangeRequest(row: ChangeRequestRow, answers: ChangeRequestAnswer[]): ChangeRequest {
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

export type Members = Awaited<ReturnType<WorkspaceRepository["membersOfWorkspace"]>>;

export function createSignoffCore(deps: SignoffDeps) {
  const { signoff, sync } = deps;
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
    deps,
    log,
    storedRoom,
    live,
    policyFor,
    contributorsOf,
    changeRequestsOf,
    recipientsOf,
    saveAutomaticVersion,
    evaluate,
    hideLivedExperience,
    releaseSummary,
    requireRelease,
  };
}

export type SignoffCore = ReturnType<typeof createSignoffCore>;

/** Design keys whose values differ, for "what changed in the design since you approved". */
export function designChanges(before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: Array<{ key: string; from: unknown; to: unknown }> = [];
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    if (canonicalJson(a ?? null) !== canonicalJson(b ?? null)) changes.push({ key, from: a ?? null, to: b ?? null });
  }
  return changes;
}
