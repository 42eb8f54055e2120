/**
 * The editor's keyboard shortcuts, written the way the person's own keyboard says them ("Ctrl+B", or "⌘B" on a
 * Mac), for button titles, `aria-keyshortcuts` and the "Keyboard shortcuts" help. One list, so the help can never
 * disagree with the buttons.
 */
export type ShortcutId =
  | "undo"
  | "redo"
  | "bold"
  | "link"
  | "comment"
  | "toolbar"
  | "selectSection"
  | "nextSuggestion"
  | "previousSuggestion"
  | "acceptSuggestion"
  | "rejectSuggestion";

interface Shortcut {
  /** Keys as `aria-keyshortcuts` wants them on Windows and Linux; "Control" becomes "Meta" on a Mac. */
  keys: string;
  does: string;
}

export const SHORTCUTS: Record<ShortcutId, Shortcut> = {
  bold: { keys: "Control+B", does: "Bold" },
  link: { keys: "Control+K", does: "Add or change a link" },
  comment: { keys: "Control+Alt+M", does: "Comment on the selected words" },
  undo: { keys: "Control+Z", does: "Undo" },
  redo: { keys: "Control+Shift+Z", does: "Redo" },
  selectSection: { keys: "Control+A", does: "Select this section's words (press again for everything)" },
  toolbar: { keys: "Alt+F10", does: "Go to the toolbar (Escape comes back to the text)" },
  nextSuggestion: { keys: "Alt+ArrowDown", does: "Go to the next suggestion" },
  previousSuggestion: { keys: "Alt+ArrowUp", does: "Go to the previous suggestion" },
  acceptSuggestion: { keys: "Control+Alt+Enter", does: "Accept the suggestion you are on" },
  rejectSuggestion: { keys: "Control+Alt+Backspace", does: "Reject the suggestion you are on" },
};

/** Keys that stay the same on a Mac (Alt is Option there, and there is no Control in them). */
const SAME_ON_A_MAC = new Set<ShortcutId>(["toolbar", "nextSuggestion", "previousSuggestion"]);

export const SHORTCUT_ORDER: ShortcutId[] = [
  "bold",
  "link",
  "comment",
  "undo",
  "redo",
  "selectSection",
  "toolbar",
  "nextSuggestion",
  "previousSuggestion",
  "acceptSuggestion",
  "rejectSuggestion",
];

export function isMac(): boolean {
  if (typeof navigator === "undefined") return false;
  const platform =
    (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ??
    navigator.platform ??
    "";
  return /mac|iphone|ipad/i.test(platform);
}

/** For `aria-keyshortcuts`. */
export function ariaKeys(id: ShortcutId, mac: boolean): string {
  const keys = SHORTCUTS[id].keys;
  return mac && !SAME_ON_A_MAC.has(id) ? keys.replace("Control", "Meta") : keys;
}

/** For people: "Ctrl+Alt+M", or "⌘⌥M" on a Mac. */
export function shortcutLabel(id: ShortcutId, mac: boolean): string {
  const keys = SHORTCUTS[id].keys.replace("ArrowDown", "Down arrow").replace("ArrowUp", "Up arrow");
  if (!mac) return keys.replace("Control", "Ctrl");
  if (SAME_ON_A_MAC.has(id)) return keys.replace("Alt+", "Option+");
  return keys.replace("Control+", "⌘").replace("Alt+", "⌥").replace("Shift+", "⇧");
}
