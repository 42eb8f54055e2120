/**
 * Where a new comment goes: the selected words as Yjs relative positions, which follow the words as others edit
 * before or inside them. Only the comments panel needs it, so it is not in the editor's first load.
 */
import type { EditorState } from "@tiptap/pm/state";
import { absolutePositionToRelativePosition } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { bytesToBase64, MAX_QUOTE_LENGTH } from "~/domain/comment-threads";
import { bindingOf, sectionIdAt } from "./comments";

/** What the comments API needs to start a thread on the selected words. */
export interface CommentAnchor {
  sectionId: string;
  anchor: string;
  head: string;
  quote: string;
}

/** The anchor of a comment on the current selection. Throws with a plain message when it can't have one. */
export function commentAnchorFromSelection(state: EditorState): CommentAnchor {
  const { from, to, empty } = state.selection;
  if (empty) throw new Error("Select some text to comment on first.");
  const binding = bindingOf(state);
  const sectionId = sectionIdAt(state, from);
  if (!sectionId || sectionIdAt(state, to) !== sectionId)
    throw new Error("Select words inside one section to comment on them.");
  const relative = (pos: number) =>
    absolutePositionToRelativePosition(pos, binding.type, binding.mapping as never) as Y.RelativePosition;
  // y-prosemirror ties a position to the character before it. That suits the end (words typed just after the
  // commented ones stay outside), but a start tied to the character before would take in words typed just in front
  // of them: the start is tied to the first commented character instead.
  const startOf = (pos: number) => {
    const before = relative(pos);
    const absolute = Y.createAbsolutePositionFromRelativePosition(before, binding.doc);
    return absolute && absolute.type instanceof Y.XmlText
      ? Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, 0)
      : before;
  };
  const encode = (position: Y.RelativePosition) => bytesToBase64(Y.encodeRelativePosition(position));
  return {
    sectionId,
    anchor: encode(startOf(from)),
    head: encode(relative(to)),
    quote: state.doc.textBetween(from, to, " ").slice(0, MAX_QUOTE_LENGTH),
  };
}
