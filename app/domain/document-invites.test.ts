import { describe, expect, it } from "vitest";
import { documentInviteInput } from "./document-invite-input";
import { DOCUMENT_INVITE_CHOICES, documentInviteLabel, whoToAsk } from "./document-invites";
import { capabilitiesOf } from "./permissions";

describe("inviting someone to a document", () => {
  it("each plain choice is one role, and what it promises is what the role can do", () => {
    const can = (role: (typeof DOCUMENT_INVITE_CHOICES)[number]["role"]) => capabilitiesOf([role]);
    const byLabel = Object.fromEntries(DOCUMENT_INVITE_CHOICES.map((choice) => [choice.label, choice.role]));
    expect(byLabel).toEqual({
      Write: "writer",
      "Comment and sign off": "approver",
      Design: "designer",
      "Read only": "viewer",
    });
    expect(can("writer").has("content:edit")).toBe(true);
    expect(can("approver").has("approve:content") && can("approver").has("comment")).toBe(true);
    expect(can("designer").has("design:edit")).toBe(true);
    expect(can("viewer").has("comment") || can("viewer").has("content:edit")).toBe(false);
  });

  it("never hands out the coordinator role", () => {
    expect(DOCUMENT_INVITE_CHOICES.map((choice) => choice.role)).not.toContain("coordinator");
    const refused = documentInviteInput.safeParse({ role: "coordinator" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(
      "Choose what they will do: write, comment and sign off, design, or read only.",
    );
  });

  it("needs a role, and keeps an optional short note", () => {
    expect(documentInviteInput.safeParse({}).success).toBe(false);
    expect(documentInviteInput.safeParse({ role: "Writer" }).success).toBe(false);
    expect(documentInviteInput.parse({ role: "writer" })).toEqual({ role: "writer", note: "" });
    expect(documentInviteInput.parse({ role: "viewer", note: "  For Jo  " })).toEqual({
      role: "viewer",
      note: "For Jo",
    });
    expect(documentInviteInput.safeParse({ role: "viewer", note: "x".repeat(201) }).success).toBe(false);
  });

  it("labels roles in the dialog's words", () => {
    expect(documentInviteLabel("viewer")).toBe("Read only");
    expect(documentInviteLabel("coordinator")).toBe("Coordinator");
  });

  it("says whom to ask, by name", () => {
    expect(whoToAsk(["Cora"])).toBe("Cora (coordinator)");
    expect(whoToAsk(["Cora", "Sam"])).toBe("Cora or Sam (coordinators)");
    expect(whoToAsk(["Cora", "Sam", "Ali", "Sam"])).toBe("Cora, Sam or Ali (coordinators)");
    expect(whoToAsk([" ", ""])).toBe("a coordinator");
    // The demo's names say their role already.
    expect(whoToAsk(["Cora (coordinator)"])).toBe("Cora (coordinator)");
    expect(whoToAsk(["Cora (Coordinator)", "Sam"])).toBe("Cora or Sam (coordinators)");
  });
});
