/**
 * Section operations as editor transactions: they travel through the shared document like typing, are refused
 * by the owned-sections filter like typing, and can be undone like typing.
 */
import type { Editor } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { newSectionId, type SectionStatus } from "./schema";

export interface SectionInfo {
  id: string;
  title: string;
  owner: string | null;
  status: SectionStatus;
  contentNote: string | null;
  handoverNote: string | null;
  index: number;
  pos: number;
  isEmpty: boolean;
}

export function listSections(doc: ProseMirrorNode): SectionInfo[] {
  const sections: SectionInfo[] = [];
  doc.forEach((node, offset, index) => {
    if (node.type.name !== "section") return;
    sections.push({
      id: String(node.attrs.id),
      title: String(node.attrs.title ?? ""),
      owner: (node.attrs.owner as string | null) ?? null,
      status: node.attrs.status as SectionStatus,
      contentNote: (node.attrs.contentNote as string | null) ?? null,
      handoverNote: (node.attrs.handoverNote as string | null) ?? null,
      index,
      pos: offset,
      isEmpty: node.textContent.trim().length === 0,
    });
  });
  return sections;
}

function findSection(editor: Editor, sectionId: string): SectionInfo {
  const section = listSections(editor.state.doc).find((s) => s.id === sectionId);
  if (!section) throw new Error("That section no longer exists. Someone may have removed it.");
  return section;
}

/** Updates a section's attributes. Returns false when the change was refused (e.g. owned by someone else). */
export function updateSection(
  editor: Editor,
  sectionId: string,
  attrs: Partial<Pick<SectionInfo, "title" | "owner" | "status" | "contentNote" | "handoverNote">>,
): boolean {
  const section = findSection(editor, sectionId);
  const node = editor.state.doc.nodeAt(section.pos)!;
  const tr = editor.state.tr.setNodeMarkup(section.pos, undefined, { ...node.attrs, ...attrs });
  const before = editor.state;
  editor.view.dispatch(tr);
  return editor.state !== before;
}

/**
 * Gives several sections to one person (or to nobody) in one step, as a coordinator sets a document up: one
 * transaction, so one Undo puts every owner back. A section that needed someone is being written again. Returns how
 * many sections changed hands (0 when a filter refused it, or they were that person's already).
 */
export function assignSections(editor: Editor, sectionIds: readonly string[], owner: string | null): number {
  const wanted = new Set(sectionIds);
  const tr = editor.state.tr;
  let changed = 0;
  for (const section of listSections(editor.state.doc)) {
    if (!wanted.has(section.id) || section.owner === owner) continue;
    const node = editor.state.doc.nodeAt(section.pos)!;
    tr.setNodeMarkup(section.pos, undefined, {
      ...node.attrs,
      owner,
      // The last hand-over's note was for someone else.
      handoverNote: null,
      status: owner && section.status === "needs-someone" ? "drafting" : section.status,
    });
    changed += 1;
  }
  if (changed === 0) return 0;
  const before = editor.state;
  editor.view.dispatch(tr);
  return editor.state === before ? 0 : changed;
}

/**
 * The owner steps back from a section (issue 15): one action, no reason asked. It has no owner and shows "Needs
 * someone"; the last hand-over note stays with it. The server tells the coordinators (server/services/section-index.ts).
 */
export function stepBack(editor: Editor, sectionId: string): boolean {
  return updateSection(editor, sectionId, { owner: null, status: "needs-someone" });
}

/** Adds an empty section after the given one (or at the end). Returns its id. */
export function addSection(editor: Editor, title: string, afterSectionId?: string): string {
  const clean = title.trim();
  if (!clean) throw new Error("Give the new section a title.");
  if (clean.length > 120) throw new Error("Keep section titles under 120 characters.");
  const { schema, doc } = editor.state;
  const after = afterSectionId ? findSection(editor, afterSectionId) : null;
  const insertAt = after ? after.pos + doc.nodeAt(after.pos)!.nodeSize : doc.content.size;
  const id = newSectionId();
  const section = schema.nodes.section!.create(
    { id, title: clean, status: "drafting" },
    schema.nodes.paragraph!.create(),
  );
  editor.view.dispatch(editor.state.tr.insert(insertAt, section));
  return id;
}

/** Moves a section one place up or down. Returns false at the edge or when refused. */
export function moveSection(editor: Editor, sectionId: string, direction: "up" | "down"): boolean {
  const sections = listSections(editor.state.doc);
  const index = sections.findIndex((s) => s.id === sectionId);
  const neighbour = sections[direction === "up" ? index - 1 : index + 1];
  if (index < 0 || !neighbour) return false;
  const current = sections[index]!;
  const doc = editor.state.doc;
  const node = doc.nodeAt(current.pos)!;
  let tr = editor.state.tr;
  if (direction === "up") {
    tr = tr.delete(current.pos, current.pos + node.nodeSize).insert(neighbour.pos, node);
  } else {
    const neighbourNode = doc.nodeAt(neighbour.pos)!;
    tr = tr.insert(neighbour.pos + neighbourNode.nodeSize, node).delete(current.pos, current.pos + node.nodeSize);
  }
  const before = editor.state;
  editor.view.dispatch(tr);
  return editor.state !== before;
}

/** Removes a section (undo brings it back). The last section cannot be removed: a document needs one. */
export function removeSection(editor: Editor, sectionId: string): boolean {
  const sections = listSections(editor.state.doc);
  if (sections.length <= 1) throw new Error("A document needs at least one section.");
  const section = findSection(editor, sectionId);
  const node = editor.state.doc.nodeAt(section.pos)!;
  const before = editor.state;
  editor.view.dispatch(editor.state.tr.delete(section.pos, section.pos + node.nodeSize));
  return editor.state !== before;
}

/** Puts the cursor at the start of a section's text and scrolls it into view. */
export function focusSection(editor: Editor, sectionId: string) {
  const section = findSection(editor, sectionId);
  editor
    .chain()
    .focus()
    .setTextSelection(section.pos + 2)
    .scrollIntoView()
    .run();
}
