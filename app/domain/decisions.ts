/**
 * Decisions (issue 15): when the group disagrees — about the words, the design, or wording about lived experience —
 * anyone raises a decision with the options, each member gives their view, and the people the workspace names for
 * that area decide, saying why. A coordinator may step in (override) when the rules allow it, with a reason too.
 * Pure: the same rules for the API, the review page and sign-off.
 */
import * as z from "zod/mini"; // small in the browser (issue 12); mixes with full Zod on the server
import { ROLES, type Role } from "./permissions";

export const DECISION_AREAS = ["content", "design", "lived-experience"] as const;
export type DecisionArea = (typeof DECISION_AREAS)[number];

export const DECISION_AREA_LABELS: Record<DecisionArea, string> = {
  content: "The words",
  design: "The design",
  "lived-experience": "Wording about lived experience",
};

export const deciderSchema = z.object({
  /** Members with any of these roles decide. */
  roles: z.array(z.enum(ROLES)).check(z.maxLength(ROLES.length)),
  /** And these people (user ids), whatever their roles. */
  people: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(50)),
  /** Only those of them with lived experience. */
  livedExperience: z.boolean(),
});
export type Deciders = z.infer<typeof deciderSchema>;

export const decisionRulesSchema = z.object({
  content: deciderSchema,
  design: deciderSchema,
  "lived-experience": deciderSchema,
  /** A coordinator who is not named may still decide, giving a reason (recorded as stepping in). */
  coordinatorOverride: z.boolean(),
  /** Open decisions stop publishing. */
  block: z.boolean(),
});
export type DecisionRules = z.infer<typeof decisionRulesSchema>;

/** Approvers decide; for wording about lived experience, approvers with lived experience. Coordinators may step in. */
export const DEFAULT_DECISION_RULES: DecisionRules = {
  content: { roles: ["approver"], people: [], livedExperience: false },
  design: { roles: ["approver"], people: [], livedExperience: false },
  "lived-experience": { roles: ["approver"], people: [], livedExperience: true },
  coordinatorOverride: true,
  block: true,
};

export interface DecidingMember {
  userId: string;
  roles: readonly Role[];
  livedExperience: boolean;
}

/** Is this member one of the people named to decide this area? */
export function isDecider(member: DecidingMember, rules: DecisionRules, area: DecisionArea): boolean {
  const deciders = rules[area];
  const named = deciders.people.includes(member.userId) || member.roles.some((role) => deciders.roles.includes(role));
  return named && (!deciders.livedExperience || member.livedExperience);
}

/** May this member decide, and if so, is it stepping in as a coordinator? Null: may not. */
export function howMayDecide(
  member: DecidingMember,
  rules: DecisionRules,
  area: DecisionArea,
): "decider" | "override" | null {
  if (isDecider(member, rules, area)) return "decider";
  if (rules.coordinatorOverride && member.roles.includes("coordinator")) return "override";
  return null;
}

/** "Approvers with lived experience, or Sam" — who decides an area, in words. */
export function decidersInWords(deciders: Deciders, nameOf: (userId: string) => string | null): string {
  const roles = deciders.roles.map((role) => `${role}s`);
  const people = deciders.people.map((id) => nameOf(id) ?? "a former member");
  const who = [...roles, ...people];
  if (who.length === 0) return "nobody yet";
  const list = who.length === 1 ? who[0]! : `${who.slice(0, -1).join(", ")} or ${who[who.length - 1]}`;
  return deciders.livedExperience ? `${list}, with lived experience` : list;
}

/** A decision as the API and the sign-off page show it. */
export interface DecisionView {
  userId: string;
  name: string;
  /** Index of the option they prefer, or null for no preference. */
  option: number | null;
  note: string;
  at: string;
}

export interface Decision {
  id: string;
  documentId: string;
  area: DecisionArea;
  question: string;
  options: string[];
  source: { kind: "comment" | "suggestion"; id: string } | null;
  raisedBy: { userId: string | null; name: string };
  raisedAt: string;
  status: "open" | "decided";
  outcome: {
    option: number;
    text: string;
    reason: string;
    by: { userId: string | null; name: string };
    overridden: boolean;
    at: string;
  } | null;
  views: DecisionView[];
  /** May the person asking decide it, and how (as a named decider, or stepping in as a coordinator). */
  canDecide: "decider" | "override" | null;
}

export const MAX_DECISION_OPTIONS = 6;

export const raiseDecisionInput = z.object({
  question: z
    .string({ error: "Write the question to decide." })
    .check(
      z.trim(),
      z.minLength(1, "Write the question to decide."),
      z.maxLength(300, "Keep the question under 300 characters."),
    ),
  area: z.enum(DECISION_AREAS, { error: "Choose what the decision is about." }),
  options: z
    .array(
      z
        .string()
        .check(z.trim(), z.minLength(1, "An option can't be empty."), z.maxLength(200, "Keep each option short.")),
      { error: "Give at least two options." },
    )
    .check(
      z.minLength(2, "Give at least two options."),
      z.maxLength(MAX_DECISION_OPTIONS, `Give at most ${MAX_DECISION_OPTIONS} options.`),
    ),
  /** Where it was raised from: a comment thread or a suggestion (for a link back). */
  source: z.optional(
    z.object({
      kind: z.enum(["comment", "suggestion"]),
      id: z.string().check(z.minLength(1), z.maxLength(64)),
    }),
  ),
});
export type RaiseDecisionInput = z.infer<typeof raiseDecisionInput>;

export const decisionViewInput = z.object({
  /** Index of the option they prefer, or null for "no preference". */
  option: z.nullable(z.int().check(z.gte(0), z.lt(MAX_DECISION_OPTIONS))),
  note: z._default(z.string().check(z.trim(), z.maxLength(1000, "Keep your view under 1,000 characters.")), ""),
});

export const decideInput = z.object({
  option: z.int({ error: "Choose the option decided on." }).check(z.gte(0), z.lt(MAX_DECISION_OPTIONS)),
  reason: z
    .string({ error: "Say why it was decided this way." })
    .check(
      z.trim(),
      z.minLength(1, "Say why it was decided this way."),
      z.maxLength(1000, "Keep the reason under 1,000 characters."),
    ),
});
