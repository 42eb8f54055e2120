/**
 * Inviting someone to one document, in the words people use in Google Docs and Word ("can write", "read only")
 * rather than role names. Each choice is exactly one workspace role; the role decides what they may do (see
 * permissions.ts). Coordinators are invited from the Members page only: running the workspace is not something a
 * link about one leaflet should hand out.
 */
import type { Role } from "./permissions";

export interface DocumentInviteChoice {
  role: Exclude<Role, "coordinator">;
  /** What the person will do, as the Share dialog says it. */
  label: string;
  hint: string;
  /** The end of "a link for someone to …". */
  purpose: string;
}

export const DOCUMENT_INVITE_CHOICES: readonly DocumentInviteChoice[] = [
  { role: "writer", label: "Write", hint: "Write and change the words, and leave comments.", purpose: "write" },
  {
    role: "approver",
    label: "Comment and sign off",
    hint: "Read, leave comments, and sign off the words and the design.",
    purpose: "comment and sign off",
  },
  {
    role: "designer",
    label: "Design",
    hint: "Choose the layout, colours and fonts, and leave comments.",
    purpose: "design",
  },
  {
    role: "viewer",
    label: "Read only",
    hint: "Read the document. They can't change it or comment.",
    purpose: "read the document",
  },
];

export const DOCUMENT_INVITE_ROLES = DOCUMENT_INVITE_CHOICES.map((choice) => choice.role) as [
  DocumentInviteChoice["role"],
  ...DocumentInviteChoice["role"][],
];

/** "Write", "Read only"… for a role a document invite can give; the role's own name for anything else. */
export function documentInviteLabel(role: Role): string {
  return (
    DOCUMENT_INVITE_CHOICES.find((choice) => choice.role === role)?.label ??
    role.charAt(0).toUpperCase() + role.slice(1)
  );
}

/** "write", "read the document"… for "a link for someone to …". */
export function documentInvitePurpose(role: Role): string {
  return DOCUMENT_INVITE_CHOICES.find((choice) => choice.role === role)?.purpose ?? `be a ${role}`;
}

/**
 * Who a person without the right to invite should ask: "Cora (coordinator)", "Cora or Sam (coordinators)",
 * "Cora, Sam or Ali (coordinators)", or "a coordinator" when the names are not known.
 */
export function whoToAsk(coordinatorNames: readonly string[]): string {
  // A name that already says "(coordinator)" is not told twice.
  const names = [
    ...new Set(coordinatorNames.map((name) => name.replace(/\s*\(coordinator\)\s*$/i, "").trim()).filter(Boolean)),
  ];
  if (names.length === 0) return "a coordinator";
  if (names.length === 1) return `${names[0]} (coordinator)`;
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)} (coordinators)`;
}
