/**
 * Owned mode: only a section's owner (and coordinators) may change it; everyone else can still read and comment.
 * A transaction filter refuses local edits that touch a section the person may not change. Changes arriving from
 * others (through the shared document) are never filtered.
 */
import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { canEditSection, type OwnershipMode, type SectionEditor } from "../domain/sections";

export interface OwnedSectionsOptions {
  person: () => SectionEditor;
  mode: () => OwnershipMode;
  /** Told when an edit was refused, so the page can explain why. */
  onRefused: (sectionTitle: string) => void;
}

/** Top-level sections whose content a transaction changes (ranges are in the document before the change). */
export function sectionsTouched(doc: ProseMirrorNode, tr: Transaction): ProseMirrorNode[] {
  const touched = new Set<ProseMirrorNode>();
  for (const step of tr.steps) {
    step.getMap().forEach((oldStart, oldEnd) => {
      doc.forEach((section, offset) => {
        const start = offset;
        const end = offset + section.nodeSize;
        if (oldEnd >= start && oldStart <= end && !(oldStart === end && oldEnd === end)) touched.add(section);
      });
    });
    // Attribute steps (status, owner) have an empty map; they carry their position.
    const pos = (step as unknown as { pos?: number }).pos;
    if (typeof pos === "number") {
      const node = doc.nodeAt(pos);
      if (node?.type.name === "section") touched.add(node);
    }
  }
  return [...touched];
}

export const OwnedSections = Extension.create<OwnedSectionsOptions>({
  name: "ownedSections",
  addOptions() {
    return {
      person: () => ({ userId: "", canEditContent: false, isCoordinator: false }),
      mode: () => "collective",
      onRefused: () => {},
    };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: new PluginKey("ownedSections"),
        filterTransaction(tr, state) {
          if (!tr.docChanged || tr.getMeta(ySyncPluginKey)) return true;
          const mode = options.mode();
          if (mode === "collective") return true;
          const person = options.person();
          const refused = sectionsTouched(state.doc, tr).find((section) => !canEditSection(person, mode, section.attrs.owner as string | null));
          if (refused) {
            options.onRefused(String(refused.attrs.title || "this section"));
            return false;
          }
          return true;
        },
      }),
    ];
  },
});
