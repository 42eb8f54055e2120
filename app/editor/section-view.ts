/**
 * How a section looks in the editor: a real heading with the section's title (so the page's heading order is
 * right for screen readers), its status and owner, any content note and handover note, then the editable blocks.
 */
import type { NodeViewRendererProps } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { newSectionId, Section } from "./schema";

export interface SectionViewOptions {
  /** Display name for an owner id (user id), or null when unknown. */
  ownerName: (ownerId: string) => string | null;
}

const STATUS_LABELS: Record<string, string> = { drafting: "Drafting", "ready-for-review": "Ready for review", done: "Done" };

export function sectionWithView(options: SectionViewOptions) {
  return Section.extend({
    addKeyboardShortcuts() {
      return {
        // Select all: first the current section's text, then (pressed again) the whole document, so one slip of
        // the keyboard cannot replace everyone's sections at once.
        "Mod-a": ({ editor }) => {
          const { state } = editor;
          const { $from, $to } = state.selection;
          if ($from.depth < 1 || $from.node(1).type.name !== "section" || $from.index(0) !== $to.index(0)) return false;
          const start = $from.start(1);
          const end = $from.end(1);
          const whole = TextSelection.between(state.doc.resolve(start), state.doc.resolve(end));
          if (state.selection.from <= whole.from && state.selection.to >= whole.to) return false;
          editor.view.dispatch(state.tr.setSelection(whole));
          return true;
        },
      };
    },
    addProseMirrorPlugins() {
      return [
        // A section made by the editor itself (e.g. after everything was deleted) still needs an id of its own.
        new Plugin({
          key: new PluginKey("sectionIds"),
          appendTransaction(transactions, _old, state) {
            // Only after a person's own edits: documents drawn from the shared state (including the empty placeholder
            // shown before it arrives) must never be written back.
            if (!transactions.some((tr) => tr.docChanged && !tr.getMeta(ySyncPluginKey))) return null;
            const seen = new Set<string>();
            let tr = null;
            state.doc.forEach((node, offset) => {
              const id = node.attrs.id as string | null;
              if (node.type.name === "section" && (!id || seen.has(id))) {
                tr ??= state.tr;
                tr.setNodeMarkup(offset, undefined, { ...node.attrs, id: newSectionId() });
              } else if (id) seen.add(id);
            });
            return tr;
          },
        }),
      ];
    },
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
