/**
 * For people who may not change the words: instead of a toolbar of buttons they can't use, what they can do and
 * whom to ask. Commenters get the one button that works for them, Comment, and are told that what they type is a
 * suggestion (app/editor/suggesting.ts).
 */
import type { ReactNode } from "react";

/**
 * "Cora (coordinator)", "Cora or Sam (coordinators)", or "a coordinator" when there is none to name. A name that
 * already says it ("Cora (coordinator)") is not told twice.
 */
export function whomToAsk(coordinators: readonly string[]): string {
  const names = coordinators
    .map((name) => name.trim())
    .filter(Boolean)
    .slice(0, 3);
  if (names.length === 0) return "a coordinator";
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
  if (names.every((name) => /coordinator/i.test(name))) return list;
  return `${list} (${names.length === 1 ? "coordinator" : "coordinators"})`;
}

export function ReaderBar({
  canComment,
  canSuggest = canComment,
  coordinators,
  comment,
  onComment,
}: {
  canComment: boolean;
  /** What they type becomes a suggestion (commenters, and the document's flow editor). */
  canSuggest?: boolean;
  coordinators: readonly string[];
  /** The Comment button's icon and shortcut, as the toolbar shows them (this part is fetched on its own). */
  comment: { icon: ReactNode; title: string; keys: string };
  onComment: () => void;
}) {
  if (!canComment && canSuggest) {
    return (
      <p className="reader-bar">
        You are this document&apos;s flow editor: what you type in the text is shown as a suggestion for the writers to
        accept or reject.
      </p>
    );
  }
  if (!canComment) {
    return (
      <p className="reader-bar">
        You can read this document. Ask {whomToAsk(coordinators)} if you need to write or comment.
      </p>
    );
  }
  return (
    <div className="reader-bar">
      <p>
        You can suggest changes: what you type in the text is shown as a suggestion for the writers to accept or reject.
        Or select words, then Comment.
      </p>
      <button
        type="button"
        className="toolbar-button"
        title={comment.title}
        aria-keyshortcuts={comment.keys}
        onMouseDown={(event) => event.preventDefault() /* keep the text selection */}
        onClick={onComment}
      >
        {comment.icon}
        <span className="toolbar-button__text">Comment</span>
      </button>
    </div>
  );
}
