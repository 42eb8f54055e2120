/**
 * The approval policy and its evaluation (docs/ARCHITECTURE.md, "Sign-off"). Pure: the same answer for the
 * review screen, the approval API, the PDF watermark and the release gate.
 */
import * as z from "zod/mini"; // small in the browser (issue 12); mixes with full Zod on the server
import { ROLES, type Role } from "./permissions";
import { DEFAULT_DECISION_RULES, decisionRulesSchema, type DecisionRules } from "./decisions";

export const SCOPES = ["content", "design"] as const;
export type Scope = (typeof SCOPES)[number];
export const SEVERITIES = ["blocker", "warning", "tip"] as const;
export type Severity = (typeof SEVERITIES)[number];

const scopePolicy = z.object({
  /** How many approvals are needed (0 = this scope needs no sign-off). */
  required: z.int().check(z.gte(0), z.lte(10)),
  /** Which role an approver must hold for the approval to count. */
  role: z.enum(ROLES),
  /** At least one counting approval must come from a member with lived experience. */
  requireLivedExperience: z.boolean(),
  /** Do approvals from people who edited this part count? */
  contributorsCount: z.boolean(),
});
export type ScopePolicy = z.infer<typeof scopePolicy>;

export const approvalPolicySchema = z.object({
  content: scopePolicy,
  design: scopePolicy,
  /** Check findings of these severities block approval and release. */
  blockingSeverities: z.array(z.enum(SEVERITIES)),
  /** Open suggestions hold up publishing (decision 020). Absent (policies saved before there were suggestions): yes. */
  suggestionsBlock: z.optional(z.boolean()),
  /** Who decides disagreements in each area, and whether open ones stop publishing (absent: the defaults). */
  decisions: z.optional(decisionRulesSchema),
});
export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;

export const DEFAULT_POLICY: ApprovalPolicy = {
  content: { required: 1, role: "approver", requireLivedExperience: false, contributorsCount: true },
  design: { required: 1, role: "approver", requireLivedExperience: false, contributorsCount: true },
  blockingSeverities: ["blocker"],
  suggestionsBlock: true,
  decisions: DEFAULT_DECISION_RULES,
};

/** The policy's decision rules (a policy saved before there were decisions has the defaults). */
export function decisionRulesOf(policy: ApprovalPolicy): DecisionRules {
  return policy.decisions ?? DEFAULT_DECISION_RULES;
}

export interface ApprovalRecord {
  id: string;
  scope: Scope;
  decision: "approve" | "changes";
  scopeHash: string;
  memberId: string;
  userId: string | null;
  memberName: string;
  roles: Role[];
  livedExperience: boolean;
  createdAt: string;
}

export interface PolicyInput {
  policy: ApprovalPolicy;
  approvals: ApprovalRecord[];
  current: { contentHash: string; designHash: string };
  /** User ids who have edited each part. */
  contributors: Record<Scope, Set<string>>;
  /**
   * The open (not dismissed) check findings of the current version: their severities, or severity and rule, so the
   * unmet reason can say what is wrong ("the template's words are still in 3 places").
   */
  findingSeverities: ReadonlyArray<Severity | OpenFinding>;
  /** How many suggestions are open in the current version (none when left out). */
  openSuggestions?: number;
  /** How many decisions are open on the document (none when left out). */
  openDecisions?: number;
  /**
   * For a translation: how many sections still need a translator (not translated, partly translated, or the
   * original changed since they were checked). A translation is published only when every section is checked.
   */
  translationSectionsWaiting?: number;
}

export interface OpenFinding {
  severity: Severity;
  rule: string;
}

/** What the checks found, in words, for the rules that most often hold a document up. */
const BLOCKING_RULE_WORDS: Record<string, (count: number) => string> = {
  "template-text": (n) => `the template's words are still in ${n} ${n === 1 ? "place" : "places"}`,
  "empty-section": (n) => `${n} ${n === 1 ? "section is" : "sections are"} empty`,
  "blank-page": (n) => `${n} ${n === 1 ? "page is" : "pages are"} blank`,
  "does-not-fit": () => "the content does not fit the template",
  "pages-not-checked": () => "the pages have not been checked for blank pages yet",
};

function listInWords(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** "The checks found 4 problems that must be fixed first: the template's words are still in 3 places and 1 page is blank." */
function checksBlockingMessage(blocking: ReadonlyArray<Severity | OpenFinding>): string {
  const severities = blocking.map((finding) => (typeof finding === "string" ? finding : finding.severity));
  const counts = SEVERITIES.map((s) => [s, severities.filter((b) => b === s).length] as const).filter(([, n]) => n > 0);
  const found = `The checks found ${counts.map(([s, n]) => `${n} ${s === "blocker" ? "problem" : s}${n === 1 ? "" : "s"} that must be fixed`).join(" and ")} first`;
  const byRule = new Map<string, number>();
  for (const finding of blocking)
    if (typeof finding !== "string") byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
  const named = Object.entries(BLOCKING_RULE_WORDS)
    .filter(([rule]) => byRule.has(rule))
    .map(([rule, words]) => words(byRule.get(rule)!));
  if (named.length === 0) return `${found}.`;
  const others = [...byRule].filter(([rule]) => !BLOCKING_RULE_WORDS[rule]).reduce((sum, [, n]) => sum + n, 0);
  if (others > 0) named.push(`${others} other ${others === 1 ? "problem" : "problems"}`);
  return `${found}: ${listInWords(named)}.`;
}

export type ApprovalStatus = "counts" | "stale" | "not-counted" | "changes-requested";

export interface EvaluatedApproval extends ApprovalRecord {
  status: ApprovalStatus;
  /** Why an approval doesn't count, in plain words. */
  reason: string | null;
}

export interface UnmetRule {
  code: string;
  scope: Scope | "checks" | "decisions";
  message: string;
}

export interface PolicyResult {
  met: boolean;
  unmet: UnmetRule[];
  approvals: EvaluatedApproval[];
  scopes: Record<Scope, { counting: number; required: number; satisfied: boolean }>;
}

const SCOPE_LABEL: Record<Scope, string> = { content: "the words", design: "the design" };

export function evaluatePolicy(input: PolicyInput): PolicyResult {
  const { policy, current, contributors } = input;
  // Only each person's latest decision per scope speaks for them.
  const latest = new Map<string, ApprovalRecord>();
  for (const approval of [...input.approvals].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    latest.set(`${approval.scope}:${approval.memberId}`, approval);
  }
  const isLatest = (a: ApprovalRecord) => latest.get(`${a.scope}:${a.memberId}`) === a;

  const evaluated: EvaluatedApproval[] = input.approvals.map((approval) => {
    const rules = policy[approval.scope];
    const currentHash = approval.scope === "content" ? current.contentHash : current.designHash;
    if (approval.scopeHash !== currentHash)
      return { ...approval, status: "stale", reason: `${capitalise(SCOPE_LABEL[approval.scope])} changed after this.` };
    if (!isLatest(approval)) return { ...approval, status: "not-counted", reason: "They gave a newer decision." };
    if (approval.decision === "changes") return { ...approval, status: "changes-requested", reason: null };
    if (!approval.roles.includes(rules.role))
      return {
        ...approval,
        status: "not-counted",
        reason: `Only approvals from someone with the ${rules.role} role count.`,
      };
    if (!rules.contributorsCount && approval.userId && contributors[approval.scope].has(approval.userId)) {
      return {
        ...approval,
        status: "not-counted",
        reason: `They helped make ${SCOPE_LABEL[approval.scope]}, and this policy asks for someone who didn't.`,
      };
    }
    return { ...approval, status: "counts", reason: null };
  });

  const unmet: UnmetRule[] = [];
  const scopes = {} as PolicyResult["scopes"];
  for (const scope of SCOPES) {
    const rules = policy[scope];
    const counting = evaluated.filter((a) => a.scope === scope && a.status === "counts");
    const changes = evaluated.filter((a) => a.scope === scope && a.status === "changes-requested");
    let satisfied = counting.length >= rules.required;
    if (rules.required > 0 && counting.length < rules.required) {
      unmet.push({
        code: `${scope}_approvals_missing`,
        scope,
        message: `${capitalise(SCOPE_LABEL[scope])} need${scope === "content" ? "" : "s"} ${rules.required - counting.length} more approval${rules.required - counting.length === 1 ? "" : "s"} from ${article(rules.role)} ${rules.role}.`,
      });
    }
    if (rules.required > 0 && rules.requireLivedExperience && !counting.some((a) => a.livedExperience)) {
      satisfied = false;
      unmet.push({
        code: `${scope}_lived_experience_missing`,
        scope,
        message: `At least one approval of ${SCOPE_LABEL[scope]} must come from someone with lived experience.`,
      });
    }
    if (changes.length > 0) {
      satisfied = false;
      unmet.push({
        code: `${scope}_changes_requested`,
        scope,
        message: `${changes.map((c) => c.memberName).join(" and ")} asked for changes to ${SCOPE_LABEL[scope]}.`,
      });
    }
    scopes[scope] = { counting: counting.length, required: rules.required, satisfied };
  }

  const blocking = input.findingSeverities.filter((finding) =>
    policy.blockingSeverities.includes(typeof finding === "string" ? finding : finding.severity),
  );
  if (blocking.length > 0) {
    unmet.push({ code: "checks_blocking", scope: "checks", message: checksBlockingMessage(blocking) });
  }
  const suggestions = input.openSuggestions ?? 0;
  if (suggestions > 0 && policy.suggestionsBlock !== false) {
    unmet.push({
      code: "suggestions_open",
      scope: "content",
      message:
        suggestions === 1
          ? "1 suggestion is still open: someone who may change those words needs to take it or turn it down."
          : `${suggestions} suggestions are still open: someone who may change those words needs to take or turn down each one.`,
    });
  }
  const decisions = input.openDecisions ?? 0;
  if (decisions > 0 && decisionRulesOf(policy).block) {
    unmet.push({
      code: "decisions_open",
      scope: "decisions",
      message:
        decisions === 1
          ? "1 decision is still open: the people who decide it need to choose first."
          : `${decisions} decisions are still open: the people who decide them need to choose first.`,
    });
  }
  const waiting = input.translationSectionsWaiting ?? 0;
  if (waiting > 0) {
    unmet.push({
      code: "translation_incomplete",
      scope: "content",
      message:
        waiting === 1
          ? "1 section of this translation still needs a translator: it is not translated, or the original changed since it was checked."
          : `${waiting} sections of this translation still need a translator: they are not translated, or the original changed since they were checked.`,
    });
  }
  return { met: unmet.length === 0, unmet, approvals: evaluated, scopes };
}

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function article(word: string) {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}
