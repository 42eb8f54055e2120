/**
 * Change requests: what an approver asked to change, who hears about it, and how people answer it in place. Pure:
 * used by the sign-off service, the "For you" view and the pages.
 */
import type { Scope } from "./approval-policy";
import { can, type MemberLike } from "./permissions";

/** A member as the pure functions here need one. */
export type Person = MemberLike & { userId: string };

export type ChangeRequestStatus = "open" | "done" | "closed";
export type AnswerKind = "reply" | "done";

export interface ChangeRequestAnswer {
  id: string;
  kind: AnswerKind;
  by: { userId: string | null; name: string };
  note: string;
  at: string;
}

export interface ChangeRequest {
  id: string;
  documentId: string;
  scope: Scope;
  /** The approver who asked. */
  by: { userId: string | null; name: string };
  message: string;
  /** The sections it concerns (empty: the whole document), with their titles when it was asked. */
  sections: Array<{ id: string; title: string }>;
  /** `open` until marked done (`done`) or until the approver's next decision on the same scope (`closed`). */
  status: ChangeRequestStatus;
  versionId: string | null;
  createdAt: string;
  closedAt: string | null;
  answers: ChangeRequestAnswer[];
}

/** Who can mark a change request done: the people who can make that kind of change. */
export function canMarkDone(member: MemberLike, scope: Scope): boolean {
  return can(member, scope === "content" ? "content:edit" : "design:edit");
}

/**
 * Who a change request concerns (and is told about it): the writer who asked for sign-off, and the owners of the
 * sections it names — or, when it names none (or none of them has an owner), everyone who can make that kind of
 * change (`content:edit` for the words, `design:edit` for the design). Never the approver who asked. Only current
 * members of the workspace (a section owned by someone who has left counts as unowned).
 */
export function changeRequestRecipients(input: {
  scope: Scope;
  sectionIds: string[];
  /** Section id → owner's user id, as the document has it now. */
  owners: Map<string, string | null>;
  reviewRequestedBy: string | null;
  approverId: string | null;
  members: Person[];
}): string[] {
  const memberIds = new Set(input.members.map((m) => m.userId));
  const result = new Set<string>();
  if (input.reviewRequestedBy) result.add(input.reviewRequestedBy);
  const owners =
    input.scope === "content"
      ? input.sectionIds
          .map((id) => input.owners.get(id) ?? null)
          .filter((id): id is string => Boolean(id) && memberIds.has(id!))
      : [];
  for (const owner of owners) result.add(owner);
  if (owners.length === 0) {
    for (const member of input.members) if (canMarkDone(member, input.scope)) result.add(member.userId);
  }
  if (input.approverId) result.delete(input.approverId);
  return [...result].filter((id) => memberIds.has(id));
}

/** "in “Your home” and “Contact us”", or "" for the whole document. */
export function sectionsPhrase(sections: Array<{ title: string }>): string {
  const titles = sections.map((s) => `“${s.title || "Untitled section"}”`);
  if (titles.length === 0) return "";
  if (titles.length === 1) return `in ${titles[0]}`;
  return `in ${titles.slice(0, -1).join(", ")} and ${titles[titles.length - 1]}`;
}

/**
 * Someone's words to be shown in quotation marks (`<q>`): without the quotation marks they may have typed around
 * them already, which would otherwise be shown twice (“"Please say where to find help"”).
 */
export function withoutOuterQuotes(text: string): string {
  const trimmed = text.trim();
  for (const [open, close, family] of [
    [/^["“]/, /["”]$/, /["“”]/],
    [/^['‘]/, /['’]$/, /['‘’]/],
  ] as const) {
    const inner = trimmed.slice(1, -1);
    // Only a pair around the whole: '"Addicts" and "junkies"' keeps its marks.
    if (open.test(trimmed) && close.test(trimmed) && inner.trim() && !family.test(inner)) return inner.trim();
  }
  return trimmed;
}
