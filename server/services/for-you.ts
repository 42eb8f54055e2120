/**
 * "For you": everything across the workspace that waits for one person — their sections that are not done, sections
 * handed over to them lately (with the note), sign-offs waiting for them, open change requests that concern them,
 * and unread mentions and comments on their sections — each with a link to where they can act. The document list
 * shows the same, counted per document.
 */
import type { Scope } from "../../app/domain/approval-policy";
import type { ChangeRequest } from "../../app/domain/change-requests";
import type { NotificationRepository } from "../db/notifications";
import type { SectionRepository } from "../db/sections";
import type { Viewer } from "./auth";
import type { SectionIndex } from "./section-index";
import type { SignoffService } from "./signoff";

/** The unread notifications "For you" lists (with mentions and comments). */
const ASKING_KINDS = new Set([
  "mention",
  "comment",
  "suggestion",
  "suggestion-decided",
  "decision",
  "decision-decided",
  "stepped-back",
  "change-request-answer",
]);

/** How long a hand-over stays in "For you". */

/** The editor, opened at a section: the page puts the caret at the start of its words. */
const sectionLink = (documentId: string, sectionId: string) =>
  `/documents/${documentId}?section=${encodeURIComponent(sectionId)}`;

export const HANDOVER_DAYS = 14;

export interface ForYou {
  sections: Array<{
    documentId: string;
    documentTitle: string;
    sectionId: string;
    title: string;
    status: string;
    link: string;
  }>;
  handovers: Array<{
    id: string;
    documentId: string;
    documentTitle: string;
    sectionId: string;
    sectionTitle: string;
    from: string | null;
    by: string;
    note: string;
    at: string;
    link: string;
  }>;
  /** As the sign-off service finds them (one shape, declared there). */
  signoffs: Awaited<ReturnType<SignoffService["waitingSignoffs"]>>;
  changeRequests: Array<ChangeRequest & { documentTitle: string; link: string }>;
  mentions: Array<{
    id: string;
    documentId: string | null;
    kind: string;
    message: string;
    createdAt: string;
    link: string;
  }>;
  /** Translations with sections waiting for a translator (for people who may write): issue 16. */
  translations: Array<{
    documentId: string;
    documentTitle: string;
    languageName: string;
    waiting: number;
    link: string;
  }>;
  total: number;
}

/** What waits for the viewer in one document, for the document list. */
export interface WaitingInDocument {
  sections: number;
  handovers: number;
  signoff: Scope[];
  changeRequests: number;
  mentions: number;
}

export function createForYouService(deps: {
  sections: SectionRepository;
  sectionIndex: SectionIndex;
  notifications: NotificationRepository;
  signoff: SignoffService;
  /** The workspace's translations with sections waiting for a translator (server/services/translations.ts). */
  translationWork?: (viewer: Viewer) => Promise<ForYou["translations"]>;
}) {
  const { sections, sectionIndex, notifications, signoff } = deps;

  /** The person opened the document: hand-overs of its sections to them leave "For you" (their sections stay). */
  async function documentOpened(viewer: Viewer, documentId: string): Promise<void> {
    await sections.markHandoversSeen(documentId, viewer.userId);
  }

  async function forYou(viewer: Viewer): Promise<ForYou> {
    const workspaceId = viewer.member.workspaceId;
    await sectionIndex.ensureIndexed(workspaceId);
    const since = new Date(Date.now() - HANDOVER_DAYS * 86_400_000).toISOString();
    const [owned, handedOver, signoffs, changeRequests, notes] = await Promise.all([
      sections.sectionsOwnedBy(workspaceId, viewer.userId),
      sections.handoversTo(workspaceId, viewer.userId, since),
      signoff.waitingSignoffs(viewer),
      signoff.changeRequestsFor(viewer),
      notifications.recentNotifications(viewer.userId, workspaceId),
    ]);
    const stillMine = new Set(owned.map((s) => `${s.document_id}/${s.section_id}`));
    const handovers = handedOver
      // Only hand-overs that still stand, the newest per section, and not ones the person made to themself.
      .filter((h) => stillMine.has(`${h.document_id}/${h.section_id}`) && h.by_user !== viewer.userId)
      .filter(
        (h, index, all) =>
          all.findIndex((other) => other.document_id === h.document_id && other.section_id === h.section_id) === index,
      )
      .map((h) => ({
        id: h.id,
        documentId: h.document_id,
        documentTitle: h.document_title,
        sectionId: h.section_id,
        sectionTitle: h.section_title,
        from: h.from_user ? (h.from_name ?? "A former member") : null,
        by: h.by_name ?? "A former member",
        note: h.note,
        at: h.created_at,
        link: sectionLink(h.document_id, h.section_id),
      }));
    const result = {
      // A section handed to the person is listed once, as handed over (with its note), not again as theirs.
      sections: owned
        .filter((s) => s.status !== "done")
        .filter((s) => !handovers.some((h) => h.documentId === s.document_id && h.sectionId === s.section_id))
        .map((s) => ({
          documentId: s.document_id,
          documentTitle: s.document_title,
          sectionId: s.section_id,
          title: s.title,
          status: s.status,
          link: sectionLink(s.document_id, s.section_id),
        })),
      handovers,
      signoffs,
      changeRequests,
      // Unread news that asks something of the person: mentions and comments, suggestions in their sections, decisions
      // to make or made, sections that need someone (coordinators), their suggestions decided, answers to the changes
      // they asked for.
      mentions: notes
        .filter((n) => !n.read_at && ASKING_KINDS.has(n.kind))
        .map((n) => ({
          id: n.id,
          documentId: n.document_id,
          kind: n.kind,
          message: n.message,
          createdAt: n.created_at,
          link: n.link,
        })),
    };
    const translations = (await deps.translationWork?.(viewer)) ?? [];
    return {
      ...result,
      translations,
      total:
        result.sections.length +
        result.handovers.length +
        result.signoffs.length +
        result.changeRequests.length +
        result.mentions.length +
        translations.length,
    };
  }

  return {
    forYou,
    documentOpened,

    /** Document id → the name of the person who started it (to tell documents with the same title apart). */
    documentMakers: async (viewer: Viewer) =>
      Object.fromEntries(await sections.documentMakers(viewer.member.workspaceId)),

    /** Document id → what waits for the viewer there (documents with nothing waiting are left out). */
    async waitingByDocument(viewer: Viewer): Promise<Record<string, WaitingInDocument>> {
      const all = await forYou(viewer);
      const result: Record<string, WaitingInDocument> = {};
      const entry = (id: string) =>
        (result[id] ??= { sections: 0, handovers: 0, signoff: [], changeRequests: 0, mentions: 0 });
      for (const s of all.sections) entry(s.documentId).sections += 1;
      for (const h of all.handovers) entry(h.documentId).handovers += 1;
      for (const s of all.signoffs) entry(s.documentId).signoff = s.scopes;
      for (const c of all.changeRequests) entry(c.documentId).changeRequests += 1;
      for (const m of all.mentions) if (m.documentId) entry(m.documentId).mentions += 1;
      return result;
    },
  };
}
export type ForYouService = ReturnType<typeof createForYouService>;
