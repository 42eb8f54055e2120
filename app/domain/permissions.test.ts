import { describe, expect, it } from "vitest";
import { can, writableParts, type Role } from "./permissions";

const doc = { workspaceId: "w1" };
const member = (...roles: Role[]) => ({ workspaceId: "w1", roles });

describe("can", () => {
  it.each([
    ["coordinator", "manage", true],
    ["writer", "content:edit", true],
    ["writer", "design:edit", false],
    ["designer", "design:edit", true],
    ["designer", "content:edit", false],
    ["approver", "approve:content", true],
    ["approver", "content:edit", false],
    ["viewer", "document:read", true],
    ["viewer", "comment", false],
  ] as const)("%s → %s = %s", (role, capability, expected) => {
    expect(can(member(role), capability, doc)).toBe(expected);
  });

  it("combines the capabilities of several roles", () => {
    expect(can(member("writer", "designer"), "design:edit", doc)).toBe(true);
    expect(can(member("writer", "designer"), "content:edit", doc)).toBe(true);
  });

  it("refuses every capability on another workspace's resource", () => {
    expect(can(member("coordinator"), "document:read", { workspaceId: "w2" })).toBe(false);
  });

  it("refuses nobody-in-particular", () => {
    expect(can(null, "document:read", doc)).toBe(false);
  });
});

describe("writableParts", () => {
  it("lets approvers only suggest over sync (they comment through the comments API)", () => {
    expect([...writableParts(member("approver"), doc)]).toEqual(["suggestions"]);
  });
  it("gives viewers nothing to write", () => {
    expect(writableParts(member("viewer"), doc).size).toBe(0);
  });
  it("gives writers content and title, but not design or comments", () => {
    expect([...writableParts(member("writer"), doc)].sort()).toEqual(["content", "meta", "suggestions"]);
  });
  it("lets only coordinators change document settings", () => {
    expect(writableParts(member("coordinator"), doc).has("settings")).toBe(true);
    expect(writableParts(member("writer", "designer", "approver"), doc).has("settings")).toBe(false);
  });
});
