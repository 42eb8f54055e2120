/**
 * Builds every service once and wires them together. Remix loaders and actions reach these through
 * `getLoadContext`; the sync server uses the same ones — so HTTP and WebSocket ask the same questions.
 */
import path from "node:path";
import type { Config } from "./config";
import { startCheckpointer } from "./db/checkpointer";
import { openDatabase } from "./db/database";
import { createAccountRepository } from "./db/account";
import { createAuditRepository } from "./db/audit";
import { createBrandKitRepository } from "./db/brand-kits";
import { createCheckRepository } from "./db/checks";
import { createDesignChangeRepository } from "./db/design-changes";
import { createDocumentRepository } from "./db/documents";
import { createInviteRepository } from "./db/invites";
import { createSessionRepository } from "./db/sessions";
import { createNotificationRepository } from "./db/notifications";
import { createSectionRepository } from "./db/sections";
import { createSignoffRepository } from "./db/signoff";
import { createUserRepository } from "./db/users";
import { createVersionRepository } from "./db/versions";
import { createUploadRepository } from "./db/uploads";
import { createSuggestionRepository } from "./db/suggestions";
import { createTranslationRepository } from "./db/translations";
import { createDecisionRepository } from "./db/decisions";
import { createWorkspaceRepository } from "./db/workspaces";
import { createAuthService } from "./services/auth";
import { LoginThrottle, RedisLoginThrottle } from "./services/login-throttle";
import { createBrandKitService } from "./services/brand-kits";
import { createCheckService } from "./services/checks";
import { createDesignChangeService } from "./services/design-changes";
import { createDocumentService } from "./services/documents";
import { createMemberService } from "./services/members";
import { createNotificationService } from "./services/notifications";
import { createCommentService } from "./services/comments";
import { createAuditLog } from "./services/audit";
import { createAccountService } from "./services/account";
import { createContributionLog } from "./services/contributions";
import type { Viewer } from "./services/auth";
import { createForYouService } from "./services/for-you";
import { createSectionIndex } from "./services/section-index";
import { createSignoffService, type SignoffService } from "./services/signoff";
import { errors } from "../app/domain/errors";
import { createPdfService, uploadImageResolver } from "./services/pdf";
import { createPdfJobService, memoryJobStore, redisJobStore } from "./services/pdf-jobs";
import { createVersionService } from "./services/versions";
import { createStaleApprovalWatcher } from "./services/stale-approvals";
import { createSuggestionService } from "./services/suggestions";
import { createTranslationService } from "./services/translations";
import { createPictureLibrary } from "./services/picture-library";
import { createDecisionService } from "./services/decisions";
import { loadTemplates } from "./services/templates";
import { createUploadService } from "./services/uploads";
import type { Room, RoomStore } from "./sync/room";
import { SyncServer } from "./sync/sync-server";
import { Cluster } from "./sync/cluster";

import { projectRoot } from "./project-root";

export { projectRoot };

export function createLogger(config: Pick<Config, "LOG_LEVEL">) {
  return (message: string, fields: Record<string, unknown> = {}) => {
    if (config.LOG_LEVEL === "silent") return;
    console.log(JSON.stringify({ at: new Date().toISOString(), message, ...fields }));
  };
}

/** Keeps updates in memory only: for benchmarks that measure what durability costs. */
function memoryStore(): RoomStore {
  const logs = new Map<string, Uint8Array[]>();
  const owners = new Map<string, Array<[number, string]>>();
  const claim = (id: string, claims: Array<[number, string]>) => owners.set(id, [...(owners.get(id) ?? []), ...claims]);
  return {
    load: async (id) => ({ state: null, updates: logs.get(id) ?? [], lastSeq: logs.get(id)?.length ?? 0 }),
    append: async (id, updates, claims) => {
      claim(id, claims);
      const list = logs.get(id) ?? [];
      list.push(...updates);
      logs.set(id, list);
      return list.length;
    },
    compact: async (id, state) => void logs.set(id, [state]),
    loadClientOwners: async (id) => new Map(owners.get(id) ?? []),
    claimClients: async (id, claims) => void claim(id, claims),
  };
}

export async function createServices(config: Config) {
  const log = createLogger(config);
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL });
  const { db } = database;
  const checkpointer = database.sqlite ? startCheckpointer(database.sqlite, { log }) : null;
  const repos = {
    users: createUserRepository(db),
    sessions: createSessionRepository(db),
    workspaces: createWorkspaceRepository(db),
    invites: createInviteRepository(db),
    documents: createDocumentRepository(db),
    versions: createVersionRepository(db),
    notifications: createNotificationRepository(db),
    signoff: createSignoffRepository(db),
    sections: createSectionRepository(db),
    uploads: createUploadRepository(db),
    brandKits: createBrandKitRepository(db),
    designChanges: createDesignChangeRepository(db),
    checks: createCheckRepository(db),
    suggestions: createSuggestionRepository(db),
    decisions: createDecisionRepository(db),
    translations: createTranslationRepository(db),
  };
  // Several processes (REDIS_URL): they tell each other through Redis (server/sync/cluster.ts).
  const cluster = config.REDIS_URL ? new Cluster(config.REDIS_URL, log) : undefined;
  const templates = loadTemplates(path.join(projectRoot, "templates"));
  // Sign-in throttling is shared by every process of a cluster (otherwise each would allow its own tries).
  const auth = createAuthService(
    repos,
    { sessionDays: config.SESSION_DAYS },
    cluster ? new RedisLoginThrottle(cluster.redis, log) : new LoginThrottle(),
  );
  const audit = createAuditLog(createAuditRepository(db));

  // Several processes (REDIS_URL): rooms relay through Redis, and a document is compacted from what is stored (one
  // process at a time), since no one process's room need hold every stored update at that moment.
  const databaseStore: RoomStore = {
    load: (id) => repos.documents.loadDocumentState(id),
    append: (id, updates, claims) => repos.documents.appendUpdates(id, updates, claims),
    compact: (id, state, upToSeq) => repos.documents.compact(id, state, upToSeq),
    ...(cluster && { compactStored: (id, fold) => repos.documents.compactStored(id, fold) }),
    loadClientOwners: (id) => repos.documents.loadClientOwners(id),
    claimClients: (id, claims) => repos.documents.claimClients(id, claims),
  };
  const persistentStore = config.PERSISTENCE === "memory" ? memoryStore() : databaseStore;
  const sync = new SyncServer({
    authenticate: (token) => auth.authenticate(token),
    sessionEndsAt: async (tokenHash) => {
      const session = await repos.sessions.findLiveSession(tokenHash);
      return session ? Date.parse(session.expires_at) : null;
    },
    findDocument: async (id) => {
      const row = await repos.documents.getDocumentRow(id);
      return row ? { workspaceId: row.workspace_id } : undefined;
    },
    store: persistentStore,
    maxMessageBytes: config.SYNC_MAX_MESSAGE_BYTES,
    messagesPerSecond: config.SYNC_MESSAGES_PER_SECOND,
    compactAfterUpdates: config.SYNC_COMPACT_AFTER,
    roomIdleMs: config.SYNC_ROOM_IDLE_MS,
    isAllowedOrigin: (origin, host) => {
      if (config.PUBLIC_URL && origin === new URL(config.PUBLIC_URL).origin) return true;
      try {
        return new URL(origin).host === host;
      } catch {
        return false; // "null" (sandboxed frames, file: pages) or anything else that is not an address
      }
    },
    log,
    cluster,
  });
  await cluster?.start(sync.clusterHost());
  // A session that ends closes its live editing connections too.
  auth.onSessionEnded((tokenHash, userId) => sync.announce({ type: "session-ended", userId, tokenHash }));

  const contributions = createContributionLog({ signoff: repos.signoff, log });
  const documents = createDocumentService({ documents: repos.documents, templates, sync, contributions, audit, log });
  const members = createMemberService({ ...repos, auth, sync, audit });
  const versions = createVersionService({ versions: repos.versions, documents, sync, contributions, audit });
  const notifications = createNotificationService({ notifications: repos.notifications });
  const sectionIndex = createSectionIndex({
    sections: repos.sections,
    documentRows: repos.documents,
    workspaces: repos.workspaces,
    notifications: repos.notifications,
    audit,
    sync,
    log,
  });
  const comments = createCommentService({
    documents,
    workspaces: repos.workspaces,
    notifications: repos.notifications,
    sync,
    audit,
  });
  const uploads = createUploadService({ uploads: repos.uploads, dataDir: config.dataDir });
  const brandKits = createBrandKitService({ brandKits: repos.brandKits, uploads });
  const designChanges = createDesignChangeService({ designChanges: repos.designChanges, documents, log });
  // Blank pages are found in the PDF's own layout (a draft render, which never asks sign-off: no cycle).
  const checks = createCheckService({
    checks: repos.checks,
    documents,
    templates,
    log,
    printedLayout: (viewer, documentId, document) => pdf.printedLayout(viewer, documentId, document),
  });
  // Sign-off and PDF need each other (the watermark depends on approval; publishing renders the final PDF).
  let signoff: SignoffService | undefined;
  const pdf = createPdfService({
    documents,
    templates,
    resolveImage: uploadImageResolver(uploads),
    isApproved: (documentId, document) => signoff!.isApproved(documentId, document),
    keepWarm: config.WARM_WORKERS === "true",
    log,
  });
  // Readied in the background: the server answers meanwhile (a check or PDF asked for now just waits its turn).
  if (config.WARM_WORKERS === "true") void Promise.all([checks.warm(), pdf.warm()]);
  /** Copress acting for a workspace (reading only), for work that no single person asked for. */
  const systemViewer = async (workspaceId: string): Promise<Viewer> => {
    const workspaceName = (await repos.workspaces.workspaceName(workspaceId)) ?? "";
    const member = {
      id: "copress",
      workspaceId,
      workspaceName,
      userId: "copress",
      username: "copress",
      displayName: "Copress",
      roles: ["viewer" as const],
      livedExperience: false,
      awayUntil: null,
      createdAt: "",
    };
    return { userId: "copress", username: "copress", displayName: "Copress", member, tokenHash: "" };
  };
  const workspaceOf = async (documentId: string) => {
    const row = await repos.documents.getDocumentRow(documentId);
    if (!row) throw errors.notFound("That document");
    return row.workspace_id;
  };
  const translations = createTranslationService({
    translations: repos.translations,
    documentRows: repos.documents,
    templates,
    sync,
    audit,
  });
  signoff = createSignoffService({
    signoff: repos.signoff,
    documentRows: repos.documents,
    workspaces: repos.workspaces,
    notifications: repos.notifications,
    versions: repos.versions,
    sections: repos.sections,
    documents,
    templates,
    sync,
    audit,
    contributions,
    openDecisions: (documentId) => repos.decisions.openCount(documentId),
    translatedFrom: (documentId) => translations.sourceVersion(documentId),
    translationSectionsWaiting: (documentId) => translations.sectionsWaiting(documentId),
    openFindingSeverities: async (documentId, document) => {
      const report = await checks.runChecks(await systemViewer(await workspaceOf(documentId)), documentId, document);
      return report.findings.filter((finding) => !finding.dismissal).map(({ severity, rule }) => ({ severity, rule }));
    },
    resolveImage: uploadImageResolver(uploads),
    renderFinalPdf: async (documentId, document, variant) => {
      // The PDF service decides draft or final for this same version again: a policy changed meanwhile shows here.
      const rendered = await pdf.renderSnapshotPdf(
        await systemViewer(await workspaceOf(documentId)),
        documentId,
        document,
        {
          variant,
        },
      );
      if (rendered.draft)
        throw errors.conflict("policy_unmet", "This version is not fully signed off, so it can't be published.", {
          unmet: [],
        });
      return { pdf: rendered.pdf, hash: rendered.hash, printNotes: rendered.printNotes };
    },
    log,
  });

  const suggestions = createSuggestionService({
    suggestions: repos.suggestions,
    workspaces: repos.workspaces,
    notifications: repos.notifications,
    documents,
    sync,
    audit,
    openDecisionAbout: (documentId, suggestionId) => repos.decisions.openAbout(documentId, "suggestion", suggestionId),
    documentRow: (documentId) => repos.documents.getDocumentRow(documentId),
    log,
  });
  const staleApprovals = createStaleApprovalWatcher({
    signoff: repos.signoff,
    documentRows: repos.documents,
    notifications: repos.notifications,
    audit,
    log,
  });

  // Everything a document's room does besides syncing, in one list, in the order it runs when a room opens (as
  // Outline lists its collaboration extensions). Each hook watches the room's stored changes; `forgetRoom` drops what
  // a service keeps per document when the room unloads.
  const roomHooks: Array<{ watchRoom?: (room: Room) => void; forgetRoom?: (documentId: string) => void }> = [
    documents, // the list's title, template and "last changed" follow the live document
    sectionIndex, // sections, their owners and hand-overs
    designChanges, // the design's history (and putting back a locked brand element)
    contributions, // who edited which part (for sign-off policies)
    staleApprovals, // approvals an edit outdated: recorded once, the approver told
    suggestions, // section owners told of suggestions in their sections
  ];
  for (const hook of roomHooks) {
    if (hook.watchRoom) sync.onRoomCreated(hook.watchRoom);
    if (hook.forgetRoom) sync.onRoomUnloaded(hook.forgetRoom);
  }

  return {
    config,
    log,
    db,
    database,
    repos,
    templates,
    auth,
    sync,
    documents,
    members,
    versions,
    notifications,
    comments,
    suggestions,
    translations,
    pictures: createPictureLibrary({ uploads: repos.uploads, uploadService: uploads }),
    uploads,
    brandKits,
    designChanges,
    checks,
    pdf,
    pdfJobs: createPdfJobService(pdf, cluster ? redisJobStore(cluster.redis) : memoryJobStore()),
    account: createAccountService({
      accounts: createAccountRepository(db),
      workspaces: repos.workspaces,
      documents: repos.documents,
      sync,
      auth,
      audit,
    }),
    audit,
    signoff,
    decisions: createDecisionService({
      decisions: repos.decisions,
      workspaces: repos.workspaces,
      notifications: repos.notifications,
      documents,
      signoff,
      audit,
      settleSuggestion: (viewer, documentId, suggestionId, decision) =>
        suggestions.settleByDecision(viewer, documentId, suggestionId, decision),
    }),
    forYou: createForYouService({
      sections: repos.sections,
      sectionIndex,
      notifications: repos.notifications,
      signoff,
      translationWork: (viewer) => translations.workFor(viewer),
    }),
    /** Stores every open document and closes the database. */
    cluster,
    async close() {
      await sync.close();
      await cluster?.close();
      checkpointer?.close();
      await database.close();
      await Promise.all([pdf.close(), checks.close()]);
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
