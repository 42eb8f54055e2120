import { describe, expect, it } from "vitest";
import { answerInput } from "./change-request-input";
import { changeRequestRecipients, sectionsPhrase, withoutOuterQuotes, type Person } from "./change-requests";

const ws = "w1";
const members: Person[] = [
  { userId: "cora", workspaceId: ws, roles: ["coordinator"] },
  { userId: "wren", workspaceId: ws, roles: ["writer"] },
  { userId: "will", workspaceId: ws, roles: ["writer"] },
  { userId: "dana", workspaceId: ws, roles: ["designer"] },
  { userId: "abi", workspaceId: ws, roles: ["approver"] },
];
const owners = new Map<string, string | null>([
  ["s-home", "will"],
  ["s-work", "wren"],
  ["s-contact", null],
]);

describe("changeRequestRecipients", () => {
  it("tells the writer who asked for sign-off and the owners of the sections named, never the approver", () => {
    const ids = changeRequestRecipients({
      scope: "content",
      sectionIds: ["s-home"],
      owners,
      reviewRequestedBy: "wren",
      approverId: "abi",
      members,
    });
    expect(ids.sort()).toEqual(["will", "wren"]);
  });

  it("tells everyone who can change the words when no section (or no owned section) is named", () => {
    expect(
      changeRequestRecipients({
        scope: "content",
        sectionIds: [],
        owners,
        reviewRequestedBy: null,
        approverId: "abi",
        members,
      }).sort(),
    ).toEqual(["cora", "will", "wren"]);
    expect(
      changeRequestRecipients({
        scope: "content",
        sectionIds: ["s-contact"],
        owners,
        reviewRequestedBy: null,
        approverId: "abi",
        members,
      }).sort(),
    ).toEqual(["cora", "will", "wren"]);
  });

  it("tells the designers (and the writer who asked) about the design", () => {
    expect(
      changeRequestRecipients({
        scope: "design",
        sectionIds: ["s-home"],
        owners,
        reviewRequestedBy: "wren",
        approverId: "abi",
        members,
      }).sort(),
    ).toEqual(["cora", "dana", "wren"]);
  });

  it("leaves out people who are no longer members (their sections count as unowned)", () => {
    const ids = changeRequestRecipients({
      scope: "content",
      sectionIds: ["s-home"],
      owners: new Map([["s-home", "gone"]]),
      reviewRequestedBy: "also-gone",
      approverId: "abi",
      members,
    });
    expect(ids.sort()).toEqual(["cora", "will", "wren"]);
  });
});

describe("sectionsPhrase and answerInput", () => {
  it("names sections in plain words", () => {
    expect(sectionsPhrase([])).toBe("");
    expect(sectionsPhrase([{ title: "Your home" }])).toBe("in “Your home”");
    expect(sectionsPhrase([{ title: "A" }, { title: "B" }, { title: "" }])).toBe("in “A”, “B” and “Untitled section”");
  });

  it("refuses an unknown kind and a note that is too long, and trims the note", () => {
    expect(answerInput.safeParse({ kind: "approve", note: "x" }).success).toBe(false);
    expect(answerInput.safeParse({ kind: "done", note: "x".repeat(1001) }).success).toBe(false);
    expect(answerInput.parse({ kind: "done", note: "  ok  " })).toEqual({ kind: "done", note: "ok" });
    expect(answerInput.parse({ kind: "done" })).toEqual({ kind: "done", note: "" });
  });
});

describe("withoutOuterQuotes", () => {
  it("takes off the quotation marks typed around someone's words, so they are not shown twice", () => {
    expect(withoutOuterQuotes('"Please say where to find help."')).toBe("Please say where to find help.");
    expect(withoutOuterQuotes("“Please say where to find help.”")).toBe("Please say where to find help.");
    expect(withoutOuterQuotes(" 'Shorter, please' ")).toBe("Shorter, please");
    // Quotation marks inside the words, or only at one end, stay.
    expect(withoutOuterQuotes('Change "addicts" to "people who use drugs"')).toBe(
      'Change "addicts" to "people who use drugs"',
    );
    expect(withoutOuterQuotes('"Addicts" is not kind')).toBe('"Addicts" is not kind');
    expect(withoutOuterQuotes('""')).toBe('""');
    expect(withoutOuterQuotes('"Addicts" and "junkies"')).toBe('"Addicts" and "junkies"');
  });
});
