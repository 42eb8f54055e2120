/**
 * The one place that decides who may do what. HTTP routes and the sync server both ask `can()`.
 * Pure: no I/O, so it is tested directly and imported by browser code to hide controls a person cannot use
 * (hiding is a courtesy; the server still decides).
 */
export const ROLES = ["coordinator", "writer", "designer", "approver", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const CAPABILITIES = [
  "document:read",
  "content:edit",
  "design:edit",
  "comment",
  "approve:content",
  "approve:design",
  "manage",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const CAPABILITIES_BY_ROLE: Record<Role, readonly Capability[]> = {
  coordinator: ["document:read", "content:edit", "design:edit", "comment", "manage"],
  writer: ["document:read", "content:edit", "comment"],
  designer: ["document:read", "design:edit", "comment"],
  approver: ["document:read", "comment", "approve:content", "approve:design"],
  viewer: ["document:read"],
};

/** Plain-language names for roles, used across the UI. */
export const ROLE_LABELS: Record<Role, string> = {
  coordinator: "Coordinator",
  writer: "Writer",
  designer: "Designer",
  approver: "Approver",
  viewer: "Viewer",
};

export interface MemberLike {
  workspaceId: string;
  roles: readonly Role[];
}

export interface ResourceLike {
  workspaceId: string;
}

export function capabilitiesOf(roles: readonly Role[]): Set<Capability> {
  const result = new Set<Capability>();
  for (const role of roles) for (const capability of CAPABILITIES_BY_ROLE[role]) result.add(capability);
  return result;
}

/**
 * May this member use this capability, on this resource (a document, a release, an upload)?
 * Without a resource the question is about the member's own workspace.
 * A resource of another workspace is always refused, however its id was obtained.
 */
export function can(member: MemberLike | null | undefined, capability: Capability, resource?: ResourceLike): boolean {
  if (!member) return false;
  if (resource && resource.workspaceId !== member.workspaceId) return false;
  return capabilitiesOf(member.roles).has(capability);
}

/**
 * The Y.Doc root types a member may change over the sync connection, derived from capabilities (used by the sync
 * server), and whether they may suggest. `comments` is written only by the server (the comments API stamps who wrote what), so it is never
 * writable over sync, even for people who may comment.
 */
export type DocumentPart = "content" | "meta" | "design" | "comments" | "settings" | "suggestions";

export function writableParts(member: MemberLike | null | undefined, resource: ResourceLike): Set<DocumentPart> {
  const parts = new Set<DocumentPart>();
  if (can(member, "content:edit", resource)) {
    parts.add("content");
    parts.add("meta");
  }
  if (can(member, "design:edit", resource)) parts.add("design");
  // Not a root type: the right to change `content` only by one's own suggestions (decision 020), wherever the person
  // may not change the words themselves. Everyone who may comment may suggest.
  if (can(member, "comment", resource)) parts.add("suggestions");
  // Document settings (e.g. collective or owned sections) are the coordinator's to choose.
  if (can(member, "manage", resource)) parts.add("settings");
  return parts;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
