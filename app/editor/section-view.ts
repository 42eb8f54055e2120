/**
 * How a section looks in the editor: a real heading with the section's title (so the page's heading order is
 * right for screen readers), its status and owner, any content note and handover note, then the editable blocks.
 *
 * In owned mode, a section the person may not change says so where they look, before they type: a lock and
 * "Will's section — you can't change the words here. Add a comment instead." If they type anyway, the refused
 * edit is explained right under the line they were typing on, with "Comment instead" (both drawn from the
 * decorations of app/editor/owned-sections.ts).
 */
import type { NodeViewRendererProps } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection, type Selection } from "@tiptap/pm/state";
import type { Decoration, EditorView } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { dismissRefusal, type OwnedSectionSpec } from "./owned-sections";
import { newSectionId, Section, STATUS_LABELS, type SectionStatus } from "./schema";

export interface SectionViewOptions {
  /** Display name for an owner id (user id), or null when unknown. */
  ownerName: (ownerId: string) => string | null;
  /** "Comment instead" was chosen on a refused edit in this section. Without it, no such button. */
  onCommentInstead?: (sectionId: string) => void;
  /** How to start a comment from the keyboard, said in the message (e.g. "Ctrl+Alt+M"). */
  commentShortcut?: string;
  /** What the person types in a section they may not change becomes a suggestion (app/editor/suggesting.ts). */
  suggests?: boolean;
  /**
   * Whether to show the group's work on each section: its status ("Drafting"), owner and handover note. Not for a
   * viewer, who reads the document (often after it is published) and takes no part in writing it. Content notes are
   * shown to everyone. Shown unless false.
   */
  showsWork?: boolean;
}

/** "Will's section", "Someone else's section" (a former member) or "This section (it has no owner yet)". */
export function ownedSectionLabel(ownerName: string | null, hasOwner: boolean): string {
  if (!hasOwner) return "No one owns this section yet";
  return ownerName ? `${ownerName}'s section` : "This section belongs to someone else";
}

/** The line shown in a section the person may not change. */
export function lockMessage(ownerName: string | null, hasOwner: boolean, suggests = false): string {
  if (suggests)
    return `${ownedSectionLabel(ownerName, hasOwner)} — what you type here is shown as a suggestion for ${hasOwner && ownerName ? ownerName : "a coordinator"} to take or turn down.`;
  if (!hasOwner)
    return "No one owns this section yet, so only a coordinator can change the words here. Add a comment instead.";
  return `${ownedSectionLabel(ownerName, hasOwner)} — you can't change the words here. Add a comment instead.`;
}

/** The message under a refused edit. */
export function refusalMessage(ownerName: string | null, hasOwner: boolean): string {
  const whose = hasOwner
    ? ownerName
      ? `${ownerName}'s section`
      : "someone else's section"
    : "a section that has no owner yet";
  return `Your typing wasn't added: this is ${whose}, so you can't change its words. You can comment on them instead.`;
}

const SVG = "http://www.w3.org/2000/svg";

function lockIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "doc-section__lock-icon");
  const body = document.createElementNS(SVG, "rect");
  for (const [name, value] of Object.entries({
    x: "4",
    y: "10",
    width: "16",
    height: "11",
    rx: "2",
    fill: "currentColor",
  }))
    body.setAttribute(name, value);
  const shackle = document.createElementNS(SVG, "path");
  for (const [name, value] of Object.entries({
    d: "M8 10V7a4 4 0 0 1 8 0v3",
    fill: "none",
    stroke: "currentColor",
    "stroke-width": "2.5",
  }))
    shackle.setAttribute(name, value);
  svg.append(shackle, body);
  return svg;
}

function ownedSpec(decorations: readonly Decoration[]): OwnedSectionSpec["ownedSection"] | null {
  for (const decoration of decorations) {
    const spec = (decoration as unknown as { spec?: Partial<OwnedSectionSpec> }).spec;
    if (spec?.ownedSection) return spec.ownedSection;
  }
  return null;
}

/** What the last Ctrl+A in a section left selected, per editor, to tell a second press from a first. */
const lastSectionSelect = new WeakMap<EditorView, { doc: ProseMirrorNode; selection: Selection }>();

export function sectionWithView(options: SectionViewOptions) {
  return Section.extend({
    addKeyboardShortcuts() {
      return {
        // Select all: first the current section's text, then (pressed again) the whole document, so one slip of
        // the keyboard cannot replace everyone's sections at once. "Again" means the last press left this very
        // selection: in a section with no words yet, the first press already "covers" the section (an empty
        // paragraph), and must not go on to select everyone's sections.
        "Mod-a": ({ editor }) => {
          const { state } = editor;
          const { $from, $to } = state.selection;
          if ($from.depth < 1 || $from.node(1).type.name !== "section" || $from.index(0) !== $to.index(0)) return false;
          const start = $from.start(1);
          const end = $from.end(1);
          const whole = TextSelection.between(state.doc.resolve(start), state.doc.resolve(end));
          const last = lastSectionSelect.get(editor.view);
          const covered = state.selection.from <= whole.from && state.selection.to >= whole.to;
          if (covered && last && last.doc === state.doc && last.selection.eq(state.selection)) {
            lastSectionSelect.delete(editor.view);
            return false; // pressed again: the whole document, as everywhere else
          }
          if (!covered) editor.view.dispatch(state.tr.setSelection(whole));
          lastSectionSelect.set(editor.view, { doc: editor.state.doc, selection: editor.state.selection });
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
      return ({ node, view, decorations, getPos }: NodeViewRendererProps) => {
        const dom = document.createElement("section");
        dom.className = "doc-section";
        const header = document.createElement("div");
        header.className = "doc-section__header";
        header.contentEditable = "false";
        const heading = document.createElement("h2");
        heading.className = "doc-section__title";
        const meta = document.createElement("p");
        meta.className = "doc-section__meta";
        const lock = document.createElement("p");
        lock.className = "doc-section__lock";
        const lockText = document.createElement("span");
        lock.append(lockIcon(), lockText);
        const contentNote = document.createElement("p");
        contentNote.className = "doc-section__content-note";
        const handover = document.createElement("p");
        handover.className = "doc-section__handover";
        header.append(heading, meta, lock, contentNote, handover);
        const content = document.createElement("div");
        content.className = "doc-section__content";
        const refusal = refusalBox(view);
        dom.append(header, content, refusal.element);
        // The title and the lines under it are not text: a tap or click there puts the caret at the start of the
        // section's words, where typing goes. Left to the browser, the caret looked as if it were in the title and the
        // first keys typed were lost.
        header.addEventListener("mousedown", (event) => {
          const pos = typeof getPos === "function" ? getPos() : undefined;
          if (!view.editable || pos === undefined) return;
          event.preventDefault();
          view.dispatch(
            view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos + 1))).scrollIntoView(),
          );
          view.focus();
        });

        let current = node;
        let owned = ownedSpec(decorations as readonly Decoration[]);
        const render = () => {
          const attrs = current.attrs as {
            id: string;
            title: string;
            owner: string | null;
            status: string;
            contentNote: string | null;
            handoverNote: string | null;
          };
          dom.dataset.sectionId = attrs.id;
          dom.id = `section-${attrs.id}`;
          heading.textContent = attrs.title || "Untitled section";
          const ownerName = attrs.owner ? options.ownerName(attrs.owner) : null;
          meta.textContent = `${STATUS_LABELS[attrs.status as SectionStatus] ?? attrs.status}${ownerName ? ` · Owner: ${ownerName}` : ""}`;
          meta.hidden = options.showsWork === false;
          lock.hidden = !owned;
          lockText.textContent = owned ? lockMessage(ownerName, Boolean(owned.owner), options.suggests) : "";
          contentNote.textContent = attrs.contentNote ? `Content note: ${attrs.contentNote}` : "";
          contentNote.hidden = !attrs.contentNote;
          handover.textContent = attrs.handoverNote ? `Handover note: ${attrs.handoverNote}` : "";
          // Done: the hand-over is over (the panel also clears the note when someone marks it done).
          handover.hidden = !attrs.handoverNote || attrs.status === "done" || options.showsWork === false;
          if (owned?.refused) refusal.show(attrs.id, refusalMessage(ownerName, Boolean(owned.owner)), dom);
          else refusal.hide();
        };
        render();
        return {
          dom,
          contentDOM: content,
          update(updated: ProseMirrorNode, updatedDecorations: readonly Decoration[]) {
            if (updated.type.name !== "section") return false;
            current = updated;
            owned = ownedSpec(updatedDecorations);
            render();
            return true;
          },
          // The buttons of the message, and taps on the header, are ours, not the editor's.
          stopEvent: (event: Event) =>
            event.target instanceof Node && (refusal.element.contains(event.target) || header.contains(event.target)),
          ignoreMutation: (mutation: { target: Node }) =>
            header.contains(mutation.target) || refusal.element.contains(mutation.target),
        };
      };

      function refusalBox(view: EditorView) {
        const element = document.createElement("div");
        element.className = "doc-section__refusal";
        element.contentEditable = "false";
        element.hidden = true;
        const text = document.createElement("p");
        const actions = document.createElement("p");
        actions.className = "doc-section__refusal-actions";
        let sectionId = "";
        if (options.onCommentInstead) {
          const comment = document.createElement("button");
          comment.type = "button";
          comment.className = "button button--small";
          comment.textContent = "Comment instead";
          if (options.commentShortcut) comment.title = `Comment instead (${options.commentShortcut})`;
          // Keep the text selection: the comment is on the words the person chose.
          comment.addEventListener("mousedown", (event) => event.preventDefault());
          comment.addEventListener("click", () => {
            dismissRefusal(view);
            options.onCommentInstead?.(sectionId);
          });
          actions.append(comment, " ");
        }
        const ok = document.createElement("button");
        ok.type = "button";
        ok.className = "button button--secondary button--small";
        ok.textContent = "OK";
        ok.addEventListener("mousedown", (event) => event.preventDefault());
        ok.addEventListener("click", () => {
          dismissRefusal(view);
          view.focus();
        });
        actions.append(ok);
        element.append(text, actions);
        let frame = 0;
        return {
          element,
          show(id: string, message: string, section: HTMLElement) {
            sectionId = id;
            text.textContent = message;
            element.hidden = false;
            // Just under the line being typed on, so it is where the person is looking (a section can be long).
            cancelAnimationFrame(frame);
            frame = requestAnimationFrame(() => {
              if (view.isDestroyed || element.hidden) return;
              const caret = view.coordsAtPos(view.state.selection.head);
              const box = section.getBoundingClientRect();
              const top = Math.min(
                Math.max(caret.bottom - box.top + 6, 0),
                Math.max(box.height - element.offsetHeight, 0),
              );
              element.style.top = `${Math.round(top)}px`;
            });
          },
          hide() {
            cancelAnimationFrame(frame);
            element.hidden = true;
          },
        };
      }
    },
  });
}
