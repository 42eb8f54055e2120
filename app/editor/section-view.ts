/**
 * How a section looks in the editor: a real heading with the section's title (so the page's heading order is
 * right for screen readers), its status and owner, any content note and handover note, then the editable blocks.
 */
import type { NodeViewRendererProps } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Section } from "./schema";

export interface SectionViewOptions {
  /** Display name for an owner id (user id), or null when unknown. */
  ownerName: (ownerId: string) => string | null;
}

const STATUS_LABELS: Record<string, string> = { drafting: "Drafting", "ready-for-review": "Ready for review", done: "Done" };

export function sectionWithView(options: SectionViewOptions) {
  return Section.extend({
    addNodeView() {
      return ({ node }: NodeViewRendererProps) => {
        const dom = document.createElement("section");
        dom.className = "doc-section";
        const header = document.createElement("div");
        header.className = "doc-section__header";
        header.contentEditable = "false";
        const heading = document.createElement("h2");
        heading.className = "doc-section__title";
        const meta = document.createElement("p");
        meta.className = "doc-section__meta";
        const contentNote = document.createElement("p");
        contentNote.className = "doc-section__content-note";
        const handover = document.createElement("p");
        handover.className = "doc-section__handover";
        header.append(heading, meta, contentNote, handover);
        const content = document.createElement("div");
        content.className = "doc-section__content";
        dom.append(header, content);

        const render = (current: ProseMirrorNode) => {
          const attrs = current.attrs as { id: string; title: string; owner: string | null; status: string; contentNote: string | null; handoverNote: string | null };
          dom.dataset.sectionId = attrs.id;
          dom.id = `section-${attrs.id}`;
          heading.textContent = attrs.title || "Untitled section";
          const ownerName = attrs.owner ? options.ownerName(attrs.owner) : null;
          meta.textContent = `${STATUS_LABELS[attrs.status] ?? attrs.status}${ownerName ? ` · Owner: ${ownerName}` : ""}`;
          contentNote.textContent = attrs.contentNote ? `Content note: ${attrs.contentNote}` : "";
          contentNote.hidden = !attrs.contentNote;
          handover.textContent = attrs.handoverNote ? `Handover note: ${attrs.handoverNote}` : "";
          handover.hidden = !attrs.handoverNote;
        };
        render(node);
        return {
          dom,
          contentDOM: content,
          update(updated: ProseMirrorNode) {
            if (updated.type.name !== "section") return false;
            render(updated);
            return true;
          },
          ignoreMutation: (mutation: { target: Node }) => header.contains(mutation.target),
        };
      };
    },
  });
}
