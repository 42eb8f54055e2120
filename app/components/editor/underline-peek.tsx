/**
 * The line above the phone's bar when someone taps underlined words (collaborative-editor.client.tsx). Its code is
 * fetched when the page is idle: it is not needed to start typing (issue 12's weight budget).
 */
import type { Editor } from "@tiptap/core";
import { useEffect, useRef } from "react";
import { applyFix } from "~/editor/apply-fix";
import type { UnderlineTap } from "~/editor/check-highlights";
import type { CommentThread } from "~/editor/comments";
import { SEVERITY_LABELS } from "~/domain/checks/labels";
import { canReplace } from "~/domain/checks/fixes";
import type { Finding } from "~/domain/checks/types";

/**
 * What a tapped underline is about, on a phone: one line above the bar (the caret stays in the words, to change
 * them), with Show to read it all in the sheet. Said aloud once, as a polite status.
 */
export default function UnderlinePeek({
  tap,
  finding,
  thread,
  onShow,
  editor,
  tell,
  onClose,
}: {
  tap: UnderlineTap;
  finding: Finding | undefined;
  thread: CommentThread | undefined;
  onShow: () => void;
  /** For people who may change the words: a check that knows better words offers the first of them here. */
  editor: Editor | null;
  /** Says what happened, at the foot of the screen and aloud. */
  tell: (message: string) => void;
  onClose: () => void;
}) {
  const line = useRef<HTMLDivElement>(null);
  // The line sits at the foot of the screen: tapped words low down would be under it, and replaced unseen.
  useEffect(() => {
    const selection = window.getSelection();
    if (!line.current || !selection || selection.rangeCount === 0) return;
    const words = selection.getRangeAt(0).getBoundingClientRect();
    const lineTop = line.current.getBoundingClientRect().top;
    if (words.height > 0 && words.bottom > lineTop - 8) window.scrollBy({ top: words.bottom - lineTop + 24 });
  }, [tap]);
  const better = editor && finding && canReplace(finding) ? finding.suggestions![0] : undefined;
  // The words change where they are, as one undoable step; the line goes, and says what changed.
  const replace = (found: Finding, replacement: string) => {
    onClose();
    tell(
      applyFix(editor!, found, replacement)
        ? `Changed ‘${found.text}’ to ‘${replacement}’.`
        : "Those words have changed since the check, or you can't change them here. Tap Show to see the check.",
    );
  };
  const first = thread?.messages[0];
  const what =
    tap.kind === "finding"
      ? finding
        ? `${SEVERITY_LABELS[finding.severity].name}: ${finding.message}`
        : "A check found something here."
      : first
        ? `${first.authorName} commented: “${first.text}”`
        : "There is a comment on these words.";
  return (
    <div className="tap-peek" role="status" ref={line}>
      <p className="tap-peek__text">{what}</p>
      {better ? (
        <button type="button" className="button button--small" onClick={() => replace(finding!, better)}>
          Replace with ‘{better}’<span className="visually-hidden"> (instead of ‘{finding!.text}’)</span>
        </button>
      ) : null}
      <button type="button" className={`button ${better ? "button--secondary " : ""}button--small`} onClick={onShow}>
        Show<span className="visually-hidden">{tap.kind === "finding" ? " the check" : " the comment"}</span>
      </button>
      <button type="button" className="button button--secondary button--small" onClick={onClose}>
        Close<span className="visually-hidden"> this line</span>
      </button>
    </div>
  );
}
