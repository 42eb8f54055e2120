/**
 * Who may change which section (collective or owned mode; docs/ARCHITECTURE.md, "Permissions"). Pure, so the editor's transaction filter,
 * the section controls and the server all apply the same rule.
 */
export type OwnershipMode = "collective" | "owned";

export interface SectionEditor {
  userId: string;
  canEditContent: boolean;
  isCoordinator: boolean;
}

/** May this person change the text of a section with this owner? */
export function canEditSection(person: SectionEditor, mode: OwnershipMode, owner: string | null | undefined): boolean {
  if (!person.canEditContent) return false;
  if (mode === "collective" || person.isCoordinator) return true;
  return owner === person.userId;
}

/** May this person reassign the section (hand it over)? Coordinators always; in owned mode the owner too. */
export function canReassignSection(
  person: SectionEditor,
  mode: OwnershipMode,
  owner: string | null | undefined,
): boolean {
  if (person.isCoordinator) return true;
  if (!person.canEditContent) return false;
  return mode === "collective" || owner === person.userId;
}

/**
 * The document's flow editor (issue 15): a member named in the document's settings to make the writing consistent.
 * They may suggest in every section, whatever their role. Null when nobody is named.
 */
export function readFlowEditor(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 && value.length <= 64 ? value : null;
}

export function readOwnershipMode(value: unknown): OwnershipMode {
  return value === "owned" ? "owned" : "collective";
}
