/**
 * The keyboard habits people bring from Google Docs and Word. Bold (Ctrl+B) and undo come with TipTap; these add:
 *
 * - Ctrl/Cmd+K: the link dialog.
 * - Ctrl/Cmd+Alt+M: a comment on the selected words. Handled by the page for the whole window (`isCommentShortcut`),
 *   because people who may only comment have a read-only text that never has the keyboard focus.
 * - Ctrl/Cmd+I and Ctrl/Cmd+U: Copress has no italics or underlining on purpose (italics are harder to read for many
 *   people; underlined words look like links). Instead of doing nothing, the page says so kindly.
 */
import { Extension } from "@tiptap/core";

export type RefusedFormat = "italic" | "underline";

export interface FamiliarShortcutsOptions {
  onLink: () => void;
  onRefusedFormat: (format: RefusedFormat) => void;
}

export const FamiliarShortcuts = Extension.create<FamiliarShortcutsOptions>({
  name: "familiarShortcuts",
  addOptions() {
    return { onLink: () => {}, onRefusedFormat: () => {} };
  },
  addKeyboardShortcuts() {
    return {
      "Mod-k": () => {
        this.options.onLink();
        return true;
      },
      "Mod-i": () => {
        this.options.onRefusedFormat("italic");
        return true;
      },
      "Mod-u": () => {
        this.options.onRefusedFormat("underline");
        return true;
      },
    };
  },
});

/** Ctrl+Alt+M (Cmd+Option+M on a Mac), whatever character the Alt/Option key turns the M into. */
export function isCommentShortcut(
  event: Pick<KeyboardEvent, "ctrlKey" | "metaKey" | "altKey" | "shiftKey" | "code" | "key">,
  mac: boolean,
): boolean {
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return mod && event.altKey && !event.shiftKey && (event.code === "KeyM" || event.key.toLowerCase() === "m");
}

/** What to say when someone asks for a format Copress leaves out. */
export function refusedFormatMessage(format: RefusedFormat, boldShortcut: string): string {
  return format === "italic"
    ? `Copress doesn't use italics: they're harder to read for many people. Use bold (${boldShortcut}) to make words stand out.`
    : `Copress doesn't underline words: people take underlined words for links. Use bold (${boldShortcut}) to make words stand out.`;
}
