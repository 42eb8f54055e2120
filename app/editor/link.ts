/**
 * Links in the text: the `link` mark, and links made as people type or paste web and email addresses.
 *
 * The mark is the one `@tiptap/extension-link` defines (same name, attributes and defaults, so stored documents and
 * their signed-off hashes are unchanged), without the address-finding library that package loads at start-up: the
 * addresses people write in a leaflet are few and plain (decision 017). Only addresses `isAllowedHref` accepts
 * (https, http, mailto, tel) ever become links, whether typed, pasted or read from pasted HTML.
 */
import { Mark, mergeAttributes, type Editor } from "@tiptap/core";
import type { MarkType } from "@tiptap/pm/model";
import { Plugin, PluginKey, type EditorState, type Transaction } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { isAllowedHref } from "../domain/links";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    link: {
      /** Makes the selected words a link (refused for an address that is not allowed). */
      setLink: (attributes: { href: string }) => ReturnType;
      /** Takes the link off the selected words (or the whole link at the caret). */
      unsetLink: () => ReturnType;
    };
  }
}

const WEB_ADDRESS = /^(?:https?:\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?)\]'’”]$/i;
const EMAIL_ADDRESS = /^[^\s@<>"()]+@[^\s@<>"()]+\.[a-z]{2,}$/i;
/** Written-out addresses with their scheme: "mailto:…", "tel:…". */
const SCHEMED = /^(?:mailto|tel):[^\s<>"]+$/i;

/**
 * The address a typed or pasted word stands for, or null: "https://…", "www.…" (read as https), an email address (as
 * mailto:) or a written-out "mailto:"/"tel:" address. Punctuation that ends a sentence is not part of it.
 */
export function addressOf(word: string): { text: string; href: string } | null {
  const text = word.replace(/[.,;:!?)\]'’”]+$/, "");
  let href: string | null = null;
  if (EMAIL_ADDRESS.test(text)) href = `mailto:${text}`;
  else if (SCHEMED.test(text)) href = text;
  else if (WEB_ADDRESS.test(text)) href = /^www\./i.test(text) ? `https://${text}` : text;
  return href && isAllowedHref(href) ? { text, href } : null;
}

const autolinkKey = new PluginKey("autolink");

/** Marks the address just before `at` (in the same paragraph) as a link, unless it is one already. */
function linkWordBefore(state: EditorState, at: number, type: MarkType, tr: Transaction): boolean {
  const $at = state.doc.resolve(at);
  if (!$at.parent.isTextblock || !$at.parent.type.allowsMarkType(type)) return false;
  const before = $at.parent.textBetween(0, $at.parentOffset, undefined, "\ufffc");
  const word = /\S+$/.exec(before)?.[0];
  if (!word) return false;
  const address = addressOf(word);
  if (!address) return false;
  const from = at - word.length;
  const to = from + address.text.length;
  if (state.doc.rangeHasMark(from, to, type)) return false;
  tr.addMark(from, to, type.create({ href: address.href }));
  return true;
}

export const Link = Mark.create({
  name: "link",
  priority: 1000,
  keepOnSplit: false,
  exitable: true,
  // Words typed right after a link are not part of it (an address typed and then a space: the next words stay words).
  inclusive: false,

  addAttributes() {
    return {
      href: { default: null, parseHTML: (element: HTMLElement) => element.getAttribute("href") },
      target: { default: null },
      rel: { default: "noopener noreferrer nofollow" },
      class: { default: null },
      title: { default: null },
    };
  },

  parseHTML() {
    return [
      {
        tag: "a[href]",
        getAttrs: (dom: HTMLElement) => (isAllowedHref(dom.getAttribute("href") ?? "") ? null : false),
      },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    const href = String(HTMLAttributes.href ?? "");
    return ["a", mergeAttributes(HTMLAttributes, { href: isAllowedHref(href) ? href : "" }), 0];
  },

  addCommands() {
    return {
      setLink:
        (attributes) =>
        ({ chain }) =>
          isAllowedHref(attributes.href) ? chain().setMark(this.name, attributes).run() : false,
      unsetLink:
        () =>
        ({ chain }) =>
          chain().unsetMark(this.name, { extendEmptyMarkRange: true }).run(),
    };
  },

  addProseMirrorPlugins() {
    const type = this.type;
    const editor: Editor = this.editor;
    return [
      new Plugin({
        key: autolinkKey,
        props: {
          // A space or punctuation after an address: the address becomes a link, then the character is typed.
          handleTextInput(view: EditorView, from: number, to: number, text: string) {
            if (!/^[\s]$/.test(text) || !editor.isEditable) return false;
            const tr = view.state.tr;
            if (!linkWordBefore(view.state, from, type, tr)) return false;
            view.dispatch(tr.insertText(text, from, to));
            return true;
          },
          // Enter after an address: the same, and the new line is made as usual.
          handleKeyDown(view: EditorView, event: KeyboardEvent) {
            if (event.key !== "Enter" || !view.state.selection.empty || !editor.isEditable) return false;
            const tr = view.state.tr;
            if (linkWordBefore(view.state, view.state.selection.from, type, tr)) view.dispatch(tr);
            return false;
          },
          // Pasting one address: over selected words, they become its link; otherwise it is pasted as a link.
          handlePaste(view: EditorView, event: ClipboardEvent) {
            const pasted = event.clipboardData?.getData("text/plain").trim() ?? "";
            const address = pasted && !/\s/.test(pasted) ? addressOf(pasted) : null;
            if (!address || address.text !== pasted || !editor.isEditable) return false;
            const { from, to, empty } = view.state.selection;
            const mark = type.create({ href: address.href });
            view.dispatch(
              empty
                ? view.state.tr.insert(from, view.state.schema.text(address.text, [mark]))
                : view.state.tr.addMark(from, to, mark),
            );
            return true;
          },
        },
      }),
    ];
  },
});
