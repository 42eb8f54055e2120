/**
 * Suggestions over HTTP (issue 15, decision 020): the open ones, read from the live document, and deciding one. A
 * decision is made by the server in the document (`room.change`), so everyone sees it at once; who may decide is
 * the rule for who may change the section's words (app/domain/sections.ts). Each decision is kept (so a second one
 * is told "already decided") and recorded in the audit chain.
 */
import * as z from "zod";
import { errors } from "../../app/domain/errors";
import { can } from "../../app/domain/permissions";
import { canEditSection, readOwnershipMode } from "../../app/domain/sections";
import { randomUUID } from "node:crypto";
import {
  asSentence,
  openSuggestions,
  SUGGESTION_ID,
  suggestionSummary,
  type OpenSuggestion,
} from "../../app/domain/suggestions";
import type { NotificationRepository } from "../db/notifications";
import type { SuggestionRepository } from "../db/suggestions";
import type { WorkspaceRepository } from "../db/workspaces";
import type { RoomConnection, SuggestedNews } from "../sync/room";
import { decideSuggestion, findSuggestion } from "../sync/suggestions";
import type { Room } from "../sync/room";
import type { SyncServer } from "../sync/sync-server";
import type { AuditLog } from "./audit";
import type { Viewer } from "./auth";
import { readCanonical } from "./document-state";
import type { DocumentService } from "./documents";

export const decisionInput = z.object({
  decision: z.enum(["accept", "reject"], { error: 'Say "accept" or "reject".' }),
});

export interface ListedSuggestion extends OpenSuggestion {
  authorName: string | null;
  /** May the person asking take or turn down this one? */
  canDecide: boolean;
}

export function createSuggestionService(deps: {
  suggestions: SuggestionRepository;
  workspaces: WorkspaceRepository;
  notifications: NotificationRepository;
  documents: DocumentService;
  sync: SyncServer;
  audit: AuditLog;
  /** An open group decision about this suggestion (it is decided there, not here, while it is open). */
  openDecisionAbout: (documentId: string, suggestionId: string) => Promise<{ id: string } | undefined>;
  /** A document's workspace and title (for telling a section's owner about a new suggestion). */
  documentRow: (documentId: string) => Promise<{ workspace_id: string; title: string } | undefined>;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}) {
  const { suggestions, workspaces, notifications, documents, sync, audit } = deps;

  /** A section's owner hears when someone else suggests a change in it (once per suggestion). */
  async function tellOwners(documentId: string, by: RoomConnection, news: SuggestedNews[]) {
    const row = await deps.documentRow(documentId);
    if (!row) return;
    const members = new Set((await workspaces.membersOfWorkspace(row.workspace_id)).map((m) => m.userId));
    for (const section of news) {
      if (!section.owner || section.owner === by.userId || !members.has(section.owner)) continue;
      for (const suggestionId of section.suggestionIds)
        await notifications.notify({
          id: randomUUID(),
          userId: section.owner,
          workspaceId: row.workspace_id,
          documentId,
          kind: "suggestion",
          message: `${by.displayName} suggested a change in your section “${section.sectionTitle || "Untitled section"}” of “${row.title}”.`,
          link: `/documents/${documentId}`,
          dedupeKey: `suggestion:${documentId}:${suggestionId}`,
        });
    }
  }
  /** The room hook (server/context.ts lists them): section owners hear of suggestions made in their sections. */
  function watchRoom(room: Room) {
    room.onSuggested((by, news) => {
      tellOwners(room.documentId, by, news).catch((error: unknown) =>
        deps.log?.("suggestions.notify_failed", { documentId: room.documentId, error: String(error) }),
      );
    });
  }

  function mayDecide(viewer: Viewer, workspaceId: string, mode: unknown, owner: string | null): boolean {
    const person = {
      userId: viewer.userId,
      canEditContent: can(viewer.member, "content:edit", { workspaceId }),
      isCoordinator: can(viewer.member, "manage", { workspaceId }),
    };
    return canEditSection(person, readOwnershipMode(mode), owner);
  }

  async function names(workspaceId: string): Promise<Map<string, string>> {
    return new Map((await workspaces.membersOfWorkspace(workspaceId)).map((m) => [m.userId, m.displayName]));
  }

  /** Records the decision, makes it in the live document, writes the audit event and tells the suggester. */
  async function apply(viewer: Viewer, documentId: string, open: OpenSuggestion, decision: "accept" | "reject") {
    const suggestionId = open.id;
    const workspaceId = viewer.member.workspaceId;
    const room = await sync.getRoom(documentId);
    const recorded = await suggestions.recordDecision({
      document_id: documentId,
      suggestion_id: suggestionId,
      decision,
      kind: open.kind,
      author_id: open.authorId,
      text: open.text,
      removed: open.removed,
      decided_by: viewer.userId,
    });
    if (!recorded) throw errors.conflict("already_decided", "Someone has just decided this suggestion.");
    await room.change("suggestion", (doc) => {
      const found = findSuggestion(doc, suggestionId);
      if (found) decideSuggestion(found, decision);
    });
    await audit.record({
      workspaceId,
      documentId,
      type: decision === "accept" ? "suggestion.accepted" : "suggestion.rejected",
      actor: { id: viewer.userId, name: viewer.displayName },
      data: {
        suggestionId,
        sectionId: open.sectionId,
        kind: open.kind,
        authorId: open.authorId,
        text: open.text,
        removed: open.removed,
      },
    });
    // Decided is no longer waiting: the news of it leaves the section owners' "For you" (whoever decided it).
    await notifications.markReadByDedupeKey(`suggestion:${documentId}:${suggestionId}`);
    if (open.authorId && open.authorId !== viewer.userId) {
      const summary = await documents.getSummary(viewer, documentId);
      await notifications.notify({
        id: randomUUID(),
        userId: open.authorId,
        workspaceId,
        documentId,
        kind: "suggestion-decided",
        message: `${viewer.displayName} ${decision === "accept" ? "accepted" : "did not take"} your suggestion in “${summary.title}”: ${asSentence(suggestionSummary(open))}`,
        link: `/documents/${documentId}`,
        dedupeKey: `suggestion-decided:${documentId}:${suggestionId}`,
      });
    }
    return { id: suggestionId, decision, sectionId: open.sectionId };
  }

  return {
    watchRoom,
    /** Open suggestions in reading order, with their authors' names and whether the asker may decide each. */
    async list(viewer: Viewer, documentId: string): Promise<ListedSuggestion[]> {
      await documents.getSummary(viewer, documentId); // 404 for other workspaces
      const workspaceId = viewer.member.workspaceId;
      const room = await sync.getRoom(documentId);
      const mode = room.doc.getMap("settings").get("ownershipMode");
      const people = await names(workspaceId);
      return openSuggestions(readCanonical(room.doc).content).map((suggestion) => ({
        ...suggestion,
        authorName: suggestion.authorId ? (people.get(suggestion.authorId) ?? null) : null,
        canDecide: mayDecide(viewer, workspaceId, mode, suggestion.sectionOwner),
      }));
    },

    /** Takes or turns down one suggestion. 404 unknown, 403 may not decide, 409 decided already (or being decided). */
    async decide(viewer: Viewer, documentId: string, suggestionId: string, input: unknown) {
      await documents.getSummary(viewer, documentId); // 404 for other workspaces
      const workspaceId = viewer.member.workspaceId;
      const parsed = decisionInput.safeParse(input);
      if (!parsed.success)
        throw errors.badRequest('Say "accept" to take the suggestion or "reject" to turn it down.', {
          fields: z.flattenError(parsed.error).fieldErrors,
        });
      const { decision } = parsed.data;
      const unknown = () => errors.notFound("That suggestion");
      if (!SUGGESTION_ID.test(suggestionId)) throw unknown();
      const room = await sync.getRoom(documentId);
      const open = openSuggestions(readCanonical(room.doc).content).find((s) => s.id === suggestionId);
      if (!open) {
        const decided = await suggestions.findDecision(documentId, suggestionId);
        if (!decided) throw unknown();
        throw errors.conflict(
          "already_decided",
          decided.decision === "accept"
            ? "Someone has already taken this suggestion."
            : "Someone has already turned this suggestion down.",
        );
      }
      const mode = room.doc.getMap("settings").get("ownershipMode");
      if (!mayDecide(viewer, workspaceId, mode, open.sectionOwner))
        throw errors.forbidden(
          "Only the people who may change this section's words can take or turn down suggestions in it.",
        );
      if (await deps.openDecisionAbout(documentId, suggestionId))
        throw errors.conflict(
          "decision_open",
          "The group is deciding about this suggestion: it is settled by that decision, on the sign-off page.",
        );
      return apply(viewer, documentId, open, decision);
    },

    /** A group decision about a suggestion settled it (server/services/decisions.ts): take or turn it down. */
    async settleByDecision(viewer: Viewer, documentId: string, suggestionId: string, decision: "accept" | "reject") {
      const room = await sync.getRoom(documentId);
      const open = openSuggestions(readCanonical(room.doc).content).find((s) => s.id === suggestionId);
      if (open) await apply(viewer, documentId, open, decision);
    },
  };
}

export type SuggestionService = ReturnType<typeof createSuggestionService>;
