import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY,
  evaluatePolicy,
  type ApprovalPolicy,
  type ApprovalRecord,
  type PolicyInput,
} from "./approval-policy";

const current = { contentHash: "c1", designHash: "d1" };
let clock = 0;
function approval(partial: Partial<ApprovalRecord>): ApprovalRecord {
  clock += 1;
  return {
    id: `a${clock}`,
    scope: "content",
    decision: "approve",
    scopeHash: "c1",
    memberId: "m-abi",
    userId: "u-abi",
    memberName: "Abi",
    roles: ["approver"],
    livedExperience: true,
    createdAt: `2026-11-26T10:00:${String(clock).padStart(2, "0")}.000Z`,
    ...partial,
  };
}
const designBy = (who: string, extra: Partial<ApprovalRecord> = {}) =>
  approval({
    scope: "design",
    scopeHash: "d1",
    memberId: `m-${who}`,
    userId: `u-${who}`,
    memberName: who,
    livedExperience: false,
    ...extra,
  });

function run(partial: Partial<PolicyInput> & { approvals: ApprovalRecord[] }) {
  return evaluatePolicy({
    policy: DEFAULT_POLICY,
    current,
    contributors: { content: new Set(), design: new Set() },
    findingSeverities: [],
    ...partial,
  });
}

const strict: ApprovalPolicy = {
  content: { required: 1, role: "approver", requireLivedExperience: true, contributorsCount: false },
  design: { required: 1, role: "approver", requireLivedExperience: false, contributorsCount: true },
  blockingSeverities: ["blocker", "warning"],
};

describe("evaluatePolicy", () => {
  it.each([
    {
      name: "one content and one design approval meet the default policy",
      input: { approvals: [approval({}), designBy("alex")] },
      met: true,
      unmet: [],
    },
    {
      name: "a missing design approval is named",
      input: { approvals: [approval({})] },
      met: false,
      unmet: ["design_approvals_missing"],
    },
    {
      name: "a stale content approval does not count (text changed after it)",
      input: { approvals: [approval({ scopeHash: "old" }), designBy("alex")] },
      met: false,
      unmet: ["content_approvals_missing"],
    },
    {
      name: "a colour change does not undo a content approval, only the design one",
      input: { approvals: [approval({}), designBy("alex", { scopeHash: "d0" })] },
      met: false,
      unmet: ["design_approvals_missing"],
    },
    {
      name: "a lived-experience approval is required when the policy says so",
      input: {
        policy: strict,
        approvals: [approval({ livedExperience: false, memberId: "m-alex", userId: "u-alex" }), designBy("alex")],
      },
      met: false,
      unmet: ["content_lived_experience_missing"],
    },
    {
      name: "a contributor's approval does not count when the policy excludes them",
      input: {
        policy: strict,
        approvals: [approval({}), designBy("alex")],
        contributors: { content: new Set(["u-abi"]), design: new Set<string>() },
      },
      met: false,
      unmet: ["content_approvals_missing", "content_lived_experience_missing"],
    },
    {
      name: "a blocker in the checks blocks, whatever the approvals",
      input: { approvals: [approval({}), designBy("alex")], findingSeverities: ["blocker" as const, "tip" as const] },
      met: false,
      unmet: ["checks_blocking"],
    },
    {
      name: "warnings block only when the policy says so",
      input: { approvals: [approval({}), designBy("alex")], findingSeverities: ["warning" as const] },
      met: true,
      unmet: [],
    },
    {
      name: "a request for changes holds things up until that person approves again",
      input: { approvals: [approval({}), designBy("alex"), designBy("dana", { decision: "changes" })] },
      met: false,
      unmet: ["design_changes_requested"],
    },
    {
      name: "only the latest decision of each person counts",
      input: { approvals: [approval({ decision: "changes" }), approval({}), designBy("alex")] },
      met: true,
      unmet: [],
    },
    {
      name: "approvals from someone without the approver role do not count",
      input: { approvals: [approval({ roles: ["writer"] }), designBy("alex")] },
      met: false,
      unmet: ["content_approvals_missing"],
    },
  ])("$name", ({ input, met, unmet }) => {
    const result = run(input as Parameters<typeof run>[0]);
    expect(result.unmet.map((u) => u.code)).toEqual(unmet);
    expect(result.met).toBe(met);
  });

  it("explains in plain words why an approval does not count", () => {
    const result = run({
      policy: strict,
      approvals: [approval({ scopeHash: "old" })],
      contributors: { content: new Set(["u-abi"]), design: new Set() },
    });
    expect(result.approvals[0]!.status).toBe("stale");
    expect(result.approvals[0]!.reason).toBe("The words changed after this.");
    expect(result.unmet.map((u) => u.message)).toContain("The words need 1 more approval from an approver.");
  });

  it("says plainly what the checks found when unfinished content blocks sign-off and publishing", () => {
    const findings = [
      { severity: "blocker" as const, rule: "blank-page" },
      { severity: "blocker" as const, rule: "template-text" },
      { severity: "blocker" as const, rule: "template-text" },
      { severity: "blocker" as const, rule: "image-alt" },
      { severity: "tip" as const, rule: "simpler-words" },
    ];
    const result = run({ approvals: [approval({}), designBy("alex")], findingSeverities: findings });
    expect(result.met).toBe(false);
    expect(result.unmet).toEqual([
      {
        code: "checks_blocking",
        scope: "checks",
        message:
          "The checks found 4 problems that must be fixed first: the template's words are still in 2 places, 1 page is blank and 1 other problem.",
      },
    ]);
    // Severities alone (an older caller) still give the short reason.
    expect(run({ approvals: [], findingSeverities: ["blocker"] }).unmet.at(-1)!.message).toBe(
      "The checks found 1 problem that must be fixed first.",
    );
  });
});
