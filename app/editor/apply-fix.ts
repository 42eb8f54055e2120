/**
 * One-tap fixes: put a check's suggested words (a finding's `suggestions`) in place of exactly the words the
 * finding is about, in the live editor, as one step of the person's own undo history. The Checks panel calls it
 * through its `onReplace` prop; the live checks then run again and the finding goes away.
 *
 * The finding's range comes from the last check, and people may have typed since. The words are replaced only where
 * they still are: at the finding's range if the same words are there, otherwise the occurrence nearest to it in the
 * same section. Anything else (the words are gone, the section is someone else's in owned mode, the editor is read
 * only) changes nothing and returns false, so the panel can say so.
 */
import type { Editor } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { yUndoPluginKey } from "@tiptap/y-tiptap";
import { fitReplacement } from "~/domain/checks/fixes";
import type { Finding } from "~/domain/checks/types";

export { canReplace } from "~/domain/checks/fixes";

export type FixableFinding = Pick<Finding, "range" | "text" | "target" | "sectionId">;

interface Located {
  from: number;
  to: number;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Every whole-word occurrence of `words` in the textblocks of `node` (which starts at `start`), as document positions. */
function occurrences(node: ProseMirrorNode, start: number, words: string): Located[] {
  const found: Located[] = [];
  node.descendants((child, pos) => {
    if (!child.isTextblock) return true;
    // One character per position: text as it is, any inline leaf (a line break) as a character no word contains.
    let text = "";
    child.forEach((inline) => {
      text += inline.isText ? (inline.text ?? "") : "\uFFFC".repeat(inline.nodeSize);
    });
    const contentStart = start + pos + 1;
    for (let at = text.indexOf(words); at !== -1; at = text.indexOf(words, at + 1)) {
      // Whole words only: "addict" is not the start of "addiction" (a fix's own words may contain the old ones).
      if (WORD_CHARACTER.test(text.charAt(at - 1)) || WORD_CHARACTER.test(text.charAt(at + words.length))) continue;
      found.push({ from: contentStart + at, to: contentStart + at + words.length });
    }
    return false;
  });
  return found;
}

/** Where the finding's words are now, or null. */
export function locateFinding(doc: ProseMirrorNode, finding: FixableFinding): Located | null {
  if (finding.target !== "text" || !finding.range || !finding.text) return null;
  const { from, to } = finding.range;
  if (from >= 0 && to <= doc.content.size && from < to && doc.textBetween(from, to, "\n", "\uFFFC") === finding.text)
    return { from, to };
  let candidates: Located[] = [];
  doc.forEach((section, offset) => {
    if (finding.sectionId === null || section.attrs.id === finding.sectionId)
      candidates.push(...occurrences(section, offset + 1, finding.text));
  });
  candidates = candidates.sort((a, b) => Math.abs(a.from - from) - Math.abs(b.from - from));
  return candidates[0] ?? null;
}

/**
 * Replaces the finding's words with `replacement` (keeping their bold or link) as one undoable step. Returns
 * whether the text changed.
 */
export function applyFix(editor: Editor, finding: FixableFinding, replacement: string): boolean {
  if (editor.isDestroyed || !editor.isEditable || !replacement) return false;
  const before = editor.state.doc;
  const place = locateFinding(before, finding);
  if (!place) return false;
  // Its own step in the person's undo history, not merged into typing just before or after.
  const undoManager = yUndoPluginKey.getState(editor.state)?.undoManager as { stopCapturing(): void } | undefined;
  undoManager?.stopCapturing();
  // "an addict" becomes "a person with an addiction"; "Addicts" at the start of a sentence, "People with…".
  const $from = before.resolve(place.from);
  const textBefore = before.textBetween($from.start(), place.from, "\n", "\uFFFC");
  const fitted = fitReplacement(textBefore, before.textBetween(place.from, place.to), replacement);
  editor.view.dispatch(
    editor.state.tr.insertText(fitted.text, place.from - fitted.from, place.to).setMeta("copress:fix", true),
  );
  undoManager?.stopCapturing();
  // A transaction filter (a section owned by someone else) may have refused it.
  return editor.state.doc !== before;
}

/** A finding about a grey template hint nobody has written over (the block prints nothing). */
export type HintFinding = Pick<Finding, "range" | "target" | "rule">;

/**
 * Takes away a template hint's empty line, for a hint the writer does not need (one undoable step, as a fix). A hint
 * inside a list item or a box takes the item or box with it when it is all there is of it; never the section's last
 * block (an empty section is its own finding: written in, or removed as a whole from the Sections tab). Returns whether
 * the text changed: the line may have been written in since the check, or the section be someone else's.
 */
export function removeHint(editor: Editor, finding: HintFinding): boolean {
  if (editor.isDestroyed || !editor.isEditable) return false;
  if (finding.rule !== "template-text" || finding.target !== "node" || !finding.range) return false;
  const before = editor.state.doc;
  const { from, to } = finding.range;
  if (from < 0 || to > before.content.size) return false;
  const node = before.nodeAt(from);
  if (!node?.isTextblock || !node.attrs.placeholder || from + node.nodeSize !== to) return false;
  // Still unfilled (as the checks count it): nothing but spaces in it. (Said here rather than imported from the
  // domain's placeholders module, which the editor's first code also uses: sharing it would split it into a file of
  // its own, one more for a phone to fetch before typing.)
  let written = false;
  node.forEach((child) => {
    if (!child.isText || (child.text ?? "").trim() !== "") written = true;
  });
  if (written) return false;
  // The section's only block (or the box or list it is in is): an empty section is a finding of its own.
  const $from = before.resolve(from);
  if ($from.depth < 1 || $from.node(1).childCount <= 1) return false;
  const tr = editor.state.tr.deleteRange(from, to);
  if (tr.doc.childCount !== before.childCount) return false;
  const undoManager = yUndoPluginKey.getState(editor.state)?.undoManager as { stopCapturing(): void } | undefined;
  undoManager?.stopCapturing();
  editor.view.dispatch(tr.setMeta("copress:fix", true));
  undoManager?.stopCapturing();
  return editor.state.doc !== before;
}
