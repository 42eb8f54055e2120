/**
 * Decisions (issue 15, app/domain/decisions.ts): raising one, each member's view, and the outcome. Who decides comes
 * from the sign-off policy's decision rules (workspace or document); every step is written to the audit chain, and
 * the people who decide are told when one is raised.
 */
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { decisionRulesOf } from "../../app/domain/approval-policy";
import {
  decideInput,
  decisionViewInput,
  howMayDecide,
  isDecider,
  raiseDecisionInput,
  DECISION_AREA_LABELS,
  type Decision,
  type DecisionArea,
} from "../../app/domain/decisions";
import { errors } from "../../app/domain/errors";
import { SUGGESTION_DECISION_OPTIONS } from "../../app/domain/decision-link";
import type { DecisionRepository, DecisionRow, DecisionViewRow } from "../db/decisions";
import type { NotificationRepository } from "../db/notifications";
import type { WorkspaceRepository } from "../db/workspaces";
import type { AuditLog } from "./audit";
import type { Viewer } from "./auth";
import type { DocumentService } from "./documents";
import type { SignoffService } from "./signoff";

type ParseResult<T> = { success: true; data: T } | { success: false; error: z.core.$ZodError };

function parse<T>(schema: { safeParse(input: unknown): ParseResult<T> }, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
  return parsed.data;
}

export function createDecisionService(deps: {
  decisions: DecisionRepository;
  workspaces: WorkspaceRepository;
  notifications: NotificationRepository;
  documents: DocumentService;
  signoff: Pick<SignoffService, "getPolicy">;
  audit: AuditLog;
  /** A decision raised about a suggestion, decided with one of its two options, takes or turns the suggestion down. */
  settleSuggestion?: (
    viewer: Viewer,
    documentId: string,
    suggestionId: string,
    decision: "accept" | "reject",
  ) => Promise<void>;
}) {
  const { decisions, workspaces, notifications, documents, signoff, audit } = deps;

  async function rulesFor(viewer: Viewer, documentId: string) {
    return decisionRulesOf((await signoff.getPolicy(viewer, documentId)).policy);
  }

  function present(row: DecisionRow, views: DecisionViewRow[], canDecide: Decision["canDecide"]): Decision {
    const options = JSON.parse(row.options) as string[];
    return {
      id: row.id,
      documentId: row.document_id,
      area: row.area as DecisionArea,
      question: row.question,
      options,
      source:
        row.source_kind && row.source_id
          ? { kind: row.source_kind as "comment" | "suggestion", id: row.source_id }
          : null,
      raisedBy: { userId: row.raised_by, name: row.raised_by_name },
      raisedAt: row.raised_at,
      status: row.outcome === null ? "open" : "decided",
      outcome:
        row.outcome === null
          ? null
          : {
              option: row.outcome,
              text: options[row.outcome] ?? "",
              reason: row.reason ?? "",
              by: { userId: row.decided_by, name: row.decided_by_name ?? "" },
              overridden: row.overridden === 1,
              at: row.decided_at ?? "",
            },
      views: views
        .filter((view) => view.decision_id === row.id)
        .map((view) => ({ userId: view.user_id, name: view.name, option: view.option, note: view.note, at: view.at })),
      canDecide: row.outcome === null ? canDecide : null,
    };
  }

  async function load(viewer: Viewer, documentId: string, id: string): Promise<DecisionRow> {
    await documents.getSummary(viewer, documentId); // 404 for other workspaces
    const row = await decisions.getDecision(documentId, id);
    if (!row) throw errors.notFound("That decision");
    return row;
  }

  const actor = (viewer: Viewer) => ({ id: viewer.userId, name: viewer.displayName });

  return {
    /** The document's decisions: open ones first, then decided ones, newest first within each. */
    async list(viewer: Viewer, documentId: string): Promise<Decision[]> {
      await documents.getSummary(viewer, documentId);
      const rules = await rulesFor(viewer, documentId);
      const rows = await decisions.listDecisions(documentId);
      const views = await decisions.views(rows.map((row) => row.id));
      const list = rows.map((row) => present(row, views, howMayDecide(viewer.member, rules, row.area as DecisionArea)));
      return [...list.filter((d) => d.status === "open"), ...list.filter((d) => d.status === "decided")];
    },

    /** Anyone who may read the document raises a decision; the people who decide that area are told. */
    async raise(viewer: Viewer, documentId: string, input: unknown): Promise<Decision> {
      const summary = await documents.getSummary(viewer, documentId);
      const data = parse(raiseDecisionInput, input);
      const asked = data.question.toLowerCase();
      if ((await decisions.openQuestions(documentId)).some((question) => question.toLowerCase() === asked))
        throw errors.conflict(
          "decision_exists",
          "That question is already open for a decision. Give your view on it there.",
        );
      if (data.source && (await decisions.openAbout(documentId, data.source.kind, data.source.id)))
        throw errors.conflict(
          "decision_exists",
          `A decision about that ${data.source.kind} is already open. Give your view on it there.`,
        );
      const id = randomUUID();
      await decisions.raise({
        id,
        document_id: documentId,
        area: data.area,
        question: data.question,
        options: JSON.stringify(data.options),
        source_kind: data.source?.kind ?? null,
        source_id: data.source?.id ?? null,
        raised_by: viewer.userId,
        raised_by_name: viewer.displayName,
      });
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: "decision.raised",
        actor: actor(viewer),
        data: { decisionId: id, area: data.area, question: data.question, options: data.options },
      });
      const rules = await rulesFor(viewer, documentId);
      const members = await workspaces.membersOfWorkspace(viewer.member.workspaceId);
      for (const member of members.filter((m) => m.userId !== viewer.userId && isDecider(m, rules, data.area)))
        await notifications.notify({
          id: randomUUID(),
          userId: member.userId,
          workspaceId: viewer.member.workspaceId,
          documentId,
          kind: "decision",
          message: `${viewer.displayName} asks you to decide about ${DECISION_AREA_LABELS[data.area].toLowerCase()} in “${summary.title}”: “${data.question}”`,
          link: `/documents/${documentId}/review#decision-${id}`,
          dedupeKey: `decision:${id}:${member.userId}`,
        });
      const row = (await decisions.getDecision(documentId, id))!;
      return present(row, [], howMayDecide(viewer.member, rules, data.area));
    },

    /** Each member's view (one per person; a new one replaces theirs), while the decision is open. */
    async setView(viewer: Viewer, documentId: string, id: string, input: unknown): Promise<Decision> {
      const row = await load(viewer, documentId, id);
      const data = parse(decisionViewInput, input);
      const options = JSON.parse(row.options) as string[];
      if (data.option !== null && data.option >= options.length)
        throw errors.badRequest("Choose one of the options.", { fields: { option: ["Choose one of the options."] } });
      if (row.outcome !== null) throw errors.conflict("decision_decided", "This has been decided already.");
      await decisions.setView({
        decision_id: id,
        user_id: viewer.userId,
        name: viewer.displayName,
        option: data.option,
        note: data.note,
      });
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: "decision.view",
        actor: actor(viewer),
        data: { decisionId: id, option: data.option, note: data.note },
      });
      const rules = await rulesFor(viewer, documentId);
      return present(row, await decisions.views([id]), howMayDecide(viewer.member, rules, row.area as DecisionArea));
    },

    /**
     * The outcome, with why. The people the rules name for the area decide; a coordinator may step in when the rules
     * allow it. 403 for anyone else; 409 once decided.
     */
    async decide(viewer: Viewer, documentId: string, id: string, input: unknown): Promise<Decision> {
      const row = await load(viewer, documentId, id);
      const data = parse(decideInput, input);
      const options = JSON.parse(row.options) as string[];
      if (data.option >= options.length)
        throw errors.badRequest("Choose one of the options.", { fields: { option: ["Choose one of the options."] } });
      const rules = await rulesFor(viewer, documentId);
      const how = howMayDecide(viewer.member, rules, row.area as DecisionArea);
      if (!how) throw errors.forbidden("You're not one of the people who decide this. You can still give your view.");
      if (row.outcome !== null) throw errors.conflict("decision_decided", "This has been decided already.");
      const recorded = await decisions.decide({
        documentId,
        id,
        outcome: data.option,
        reason: data.reason,
        decidedBy: viewer.userId,
        decidedByName: viewer.displayName,
        overridden: how === "override",
      });
      if (!recorded) throw errors.conflict("decision_decided", "Someone has just decided this.");
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: "decision.decided",
        actor: actor(viewer),
        data: {
          decisionId: id,
          question: row.question,
          outcome: options[data.option],
          reason: data.reason,
          overridden: how === "override",
        },
      });
      // "Please decide" is no longer news for the others who could have.
      await notifications.markReadByDedupePrefix(`decision:${id}:`);
      // Raised about a suggestion, with its two options: the decision settles it.
      if (row.source_kind === "suggestion" && row.source_id) {
        const which = SUGGESTION_DECISION_OPTIONS.indexOf(
          options[data.option] as (typeof SUGGESTION_DECISION_OPTIONS)[number],
        );
        if (which >= 0)
          await deps.settleSuggestion?.(viewer, documentId, row.source_id, which === 0 ? "accept" : "reject");
      }
      // The person who raised it and everyone who gave a view hear what was decided.
      const views = await decisions.views([id]);
      const summary = await documents.getSummary(viewer, documentId);
      const told = new Set([row.raised_by, ...views.map((view) => view.user_id)]);
      for (const userId of told) {
        if (!userId || userId === viewer.userId) continue;
        await notifications.notify({
          id: randomUUID(),
          userId,
          workspaceId: viewer.member.workspaceId,
          documentId,
          kind: "decision-decided",
          message: `${viewer.displayName} decided “${row.question}” in “${summary.title}”: ${options[data.option]}. Why: ${data.reason}`,
          link: `/documents/${documentId}/review#decision-${id}`,
          dedupeKey: `decision-decided:${id}:${userId}`,
        });
      }
      const decided = (await decisions.getDecision(documentId, id))!;
      return present(decided, views, null);
    },
  };
}

export type DecisionService = ReturnType<typeof createDecisionService>;
