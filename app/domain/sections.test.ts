import { describe, expect, it } from "vitest";
import { canEditSection, canReassignSection } from "./sections";

const writer = { userId: "w", canEditContent: true, isCoordinator: false };
const coordinator = { userId: "c", canEditContent: true, isCoordinator: true };
const approver = { userId: "a", canEditContent: false, isCoordinator: false };

describe("section rights", () => {
  it("lets anyone with content rights edit anything in collective mode", () => {
    expect(canEditSection(writer, "collective", "someone-else")).toBe(true);
    expect(canEditSection(approver, "collective", null)).toBe(false);
  });
  it("in owned mode, only the owner and coordinators edit a section", () => {
    expect(canEditSection(writer, "owned", "w")).toBe(true);
    expect(canEditSection(writer, "owned", "someone-else")).toBe(false);
    expect(canEditSection(writer, "owned", null)).toBe(false);
    expect(canEditSection(coordinator, "owned", "someone-else")).toBe(true);
  });
  it("lets an owner hand over their own section, not someone else's", () => {
    expect(canReassignSection(writer, "owned", "w")).toBe(true);
    expect(canReassignSection(writer, "owned", "x")).toBe(false);
    expect(canReassignSection(coordinator, "owned", "x")).toBe(true);
  });
});
