/**
 * How a section looks in the editor: a real heading with the section's title (so the page's heading order is
 * right for screen readers), owner and status beside it, then the editable blocks.
 */
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { NodeViewRendererProps } from "@tiptap/core";
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
        header.append(heading, meta);
        const content = document.createElement("div");
        content.className = "doc-section__content";
        dom.append(header, content);

        const render = (current: ProseMirrorNode) => {
          const { id, title, owner, status } = current.attrs as { id: string; title: string; owner: string | null; status: string };
          dom.dataset.sectionId = id;
          heading.textContent = title || "Untitled section";
          const ownerName = owner ? options.ownerName(owner) : null;
          meta.textContent = `${STATUS_LABELS[status] ?? status}${ownerName ? ` · Owner: ${ownerName}` : ""}`;
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
