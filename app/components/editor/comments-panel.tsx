/**
 * Comment threads beside the text: add a comment on the selected words, reply, resolve and reopen, change or
 * remove your own words (coordinators may remove anyone's). Everything goes through the comments API, which signs
 * it with your name; threads arrive back through the shared document, so everyone sees them at once and they
 * follow their words as others edit (app/editor/comments.ts). Comment and reply boxes offer the workspace's members
 * after an "@"; the server tells the people mentioned.
 */
import type { Editor } from "@tiptap/core";
import { raiseDecisionLink } from "~/domain/decision-link";
import { useEffect, useId, useRef, useState } from "react";
import { callApi } from "~/api-client";
import { commentAnchorFromSelection, type CommentAnchor } from "~/editor/comment-anchor";
import type { CommentMessage, CommentThread } from "~/editor/comments";
import { MentionTextarea } from "./mention-textarea";
import { mentionedMembers, toldSentence, type MentionMember } from "./mentions";

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

interface Me {
  id: string;
  name: string;
}

/** "Wren on “protects you from”", or "Wren's comment" when the words can't be quoted (a picture). */
export function threadTitle(thread: Pick<CommentThread, "quote" | "createdByName" | "messages">, length = 60): string {
  const who = thread.messages[0]?.authorName || thread.createdByName || "Someone";
  const quote = thread.quote.trim();
  if (!quote) return `${who}'s comment`;
  return `${who} on “${quote.slice(0, length)}${quote.length > length ? "…" : ""}”`;
}

interface CommentsPanelProps {
  editor: Editor;
  threads: CommentThread[];
  documentId: string;
  me: Me;
  /** The workspace's members, offered after an "@". */
  members: readonly MentionMember[];
  canComment: boolean;
  /** Coordinators may remove anyone's comment (it is recorded in the history). */
  canModerate: boolean;
  composing: boolean;
  /** The new comment was sent (with the names of the members it mentions) or the person cancelled. */
  onComposeDone: (outcome: { added: true; mentioned: string[] } | { added: false }) => void;
  activeThreadId: string | null;
  onActivate: (threadId: string | null) => void;
  /** "Show in the text": the page puts the words in view (and moves the sheet out of the way on a phone). */
  onShowInText: (thread: CommentThread) => void;
  announce: (message: string) => void;
}

export function CommentsPanel({
  editor,
  threads,
  documentId,
  me,
  members,
  canComment,
  canModerate,
  composing,
  onComposeDone,
  activeThreadId,
  onActivate,
  onShowInText,
  announce,
}: CommentsPanelProps) {
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const composeRef = useRef<HTMLTextAreaElement>(null);
  const [anchor, setAnchor] = useState<CommentAnchor | null>(null);

  useEffect(() => {
    if (!composing) return;
    // The words are chosen when "Comment" is pressed: typing the comment moves the focus, not the selection.
    try {
      setAnchor(commentAnchorFromSelection(editor.state));
      setError(null);
    } catch (e) {
      setAnchor(null);
      setError((e as Error).message);
    }
    composeRef.current?.focus();
  }, [composing, editor]);

  const base = `/api/documents/${documentId}/comments`;
  const open = threads.filter((t) => !t.resolved);
  const resolved = threads.filter((t) => t.resolved);
  const shared = { documentId, base, me, members, canComment, canModerate, announce, onShowInText };

  return (
    <section className="side-panel" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      {composing ? (
        <form
          className="comment-compose"
          aria-label="New comment"
          onSubmit={async (event) => {
            event.preventDefault();
            if (!anchor) return setError("Select some words in the text first, then choose “Comment”.");
            setSending(true);
            try {
              const { id } = await callApi<{ id: string }>("POST", base, { ...anchor, text: draft });
              const mentioned = mentionedMembers(draft, members, me.id).map((member) => member.name);
              setDraft("");
              setError(null);
              onActivate(id);
              onComposeDone({ added: true, mentioned });
            } catch (e) {
              setError((e as Error).message);
            } finally {
              setSending(false);
            }
          }}
        >
          {anchor ? <p className="hint">Commenting on: “{anchor.quote}”</p> : null}
          {error ? (
            <p className="field-error" role="alert" id="compose-error">
              {error}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor="new-comment">Your comment</label>
            <MentionTextarea
              id="new-comment"
              ref={composeRef}
              rows={3}
              value={draft}
              onValueChange={setDraft}
              members={members}
              meId={me.id}
              aria-describedby={error ? "compose-error" : undefined}
            />
          </div>
          <button type="submit" className="button button--small" disabled={sending}>
            Add comment
          </button>{" "}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              setDraft("");
              setError(null);
              onComposeDone({ added: false });
            }}
          >
            Cancel
          </button>
        </form>
      ) : canComment ? (
        <p className="hint">To comment, select some words in the text, then choose “Comment”.</p>
      ) : null}
      {open.length === 0 ? <p>No open comments.</p> : null}
      <ul className="thread-list">
        {open.map((thread) => (
          <ThreadView key={thread.id} thread={thread} {...shared} active={thread.id === activeThreadId} />
        ))}
      </ul>
      {resolved.length > 0 ? (
        <details>
          <summary>Resolved comments ({resolved.length})</summary>
          <ul className="thread-list">
            {resolved.map((thread) => (
              <ThreadView key={thread.id} thread={thread} {...shared} active={false} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

interface ThreadViewProps {
  thread: CommentThread;
  documentId: string;
  base: string;
  me: Me;
  members: readonly MentionMember[];
  canComment: boolean;
  canModerate: boolean;
  active: boolean;
  onShowInText: (thread: CommentThread) => void;
  announce: (message: string) => void;
}

function ThreadView({
  thread,
  documentId,
  base,
  me,
  members,
  canComment,
  canModerate,
  active,
  onShowInText,
  announce,
}: ThreadViewProps) {
  const id = useId();
  const [reply, setReply] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const threadUrl = `${base}/${encodeURIComponent(thread.id)}`;
  const short = threadTitle(thread, 40);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      setError(null);
      announce(done);
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <li
      className={`thread${active ? " thread--active" : ""}${thread.resolved ? " thread--resolved" : ""}`}
      id={`comment-${thread.id}`}
    >
      <article aria-labelledby={`${id}-title`}>
        {/* Focusable from script: a tap on the commented words opens the panel here. */}
        <h3 id={`${id}-title`} className="thread__title" tabIndex={-1}>
          {threadTitle(thread)}
        </h3>
        {thread.range ? (
          <button type="button" className="link-button" onClick={() => onShowInText(thread)}>
            Show in the text<span className="visually-hidden">: {short}</span>
          </button>
        ) : (
          <p className="hint">The words this comment was about have been removed.</p>
        )}{" "}
        {!thread.resolved ? (
          <a
            className="link-button"
            href={raiseDecisionLink(documentId, {
              question: thread.quote ? `What should we do about “${thread.quote.slice(0, 200)}”?` : "",
              area: "content",
              options: [],
              source: { kind: "comment", id: thread.id },
            })}
          >
            Raise a decision<span className="visually-hidden">: {short}</span>
          </a>
        ) : null}
        <ol className="thread__messages">
          {thread.messages.map((message) => (
            <MessageView
              key={message.id}
              message={message}
              url={`${threadUrl}/messages/${encodeURIComponent(message.id)}`}
              mine={message.authorId === me.id}
              canModerate={canModerate}
              canComment={canComment}
              announce={announce}
            />
          ))}
        </ol>
        {thread.resolved ? <p className="hint">Resolved by {thread.resolvedBy ?? "someone"}.</p> : null}
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        {canComment ? (
          <>
            {!thread.resolved ? (
              <form
                onSubmit={async (event) => {
                  event.preventDefault();
                  const told = mentionedMembers(reply, members, me.id).map((member) => member.name);
                  if (
                    await run(
                      () => callApi("POST", `${threadUrl}/messages`, { text: reply }),
                      `Reply added.${told.length ? ` ${toldSentence(told)}` : ""}`,
                    )
                  )
                    setReply("");
                }}
              >
                <div className="field">
                  <label htmlFor={`${id}-reply`}>Reply</label>
                  <MentionTextarea
                    id={`${id}-reply`}
                    rows={2}
                    value={reply}
                    onValueChange={setReply}
                    members={members}
                    meId={me.id}
                  />
                </div>
                <button type="submit" className="button button--secondary button--small" disabled={busy}>
                  Send reply
                </button>
              </form>
            ) : null}
            <button
              type="button"
              className="link-button"
              disabled={busy}
              onClick={() =>
                void run(
                  () => callApi("PATCH", threadUrl, { resolved: !thread.resolved }),
                  thread.resolved ? "Comment reopened." : "Comment resolved.",
                )
              }
            >
              {thread.resolved ? "Reopen" : "Resolve"}
              <span className="visually-hidden"> comment: {short}</span>
            </button>
          </>
        ) : null}
      </article>
    </li>
  );
}

function MessageView({
  message,
  url,
  mine,
  canModerate,
  canComment,
  announce,
}: {
  message: CommentMessage;
  url: string;
  mine: boolean;
  canModerate: boolean;
  canComment: boolean;
  announce: (message: string) => void;
}) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(message.text);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canRemove = canComment && (mine || canModerate);
  return (
    <li>
      <p className="thread__author">
        {message.authorName || "Someone"}{" "}
        <span className="hint">· {message.at ? timeFormat.format(new Date(message.at)) : ""}</span>
        {message.editedAt ? <span className="hint"> · changed</span> : null}
      </p>
      {editing ? (
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            try {
              await callApi("PATCH", url, { text });
              setEditing(false);
              setError(null);
              announce("Comment changed.");
            } catch (e) {
              setError((e as Error).message);
            }
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-edit`}>Change your comment</label>
            <textarea id={`${id}-edit`} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
          </div>
          <button type="submit" className="button button--small">
            Save
          </button>{" "}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              setEditing(false);
              setText(message.text);
            }}
          >
            Cancel
          </button>
        </form>
      ) : (
        <p className="thread__text">{message.text}</p>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {!editing && (mine || canRemove) && canComment ? (
        confirming ? (
          <span role="group" aria-label="Confirm removing the comment">
            <span className="hint">
              {mine
                ? "Remove your comment?"
                : `Remove ${message.authorName}'s comment? This is recorded in the history.`}{" "}
            </span>
            <button
              type="button"
              className="button button--warning button--small"
              onClick={async () => {
                try {
                  await callApi("DELETE", url);
                  announce("Comment removed.");
                } catch (e) {
                  setError((e as Error).message);
                  setConfirming(false);
                }
              }}
            >
              Remove
            </button>{" "}
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => setConfirming(false)}
            >
              Keep it
            </button>
          </span>
        ) : (
          <span className="thread__actions">
            {mine ? (
              <button type="button" className="link-button" onClick={() => setEditing(true)}>
                Change<span className="visually-hidden"> your comment</span>
              </button>
            ) : null}{" "}
            {canRemove ? (
              <button type="button" className="link-button" onClick={() => setConfirming(true)}>
                Remove<span className="visually-hidden"> {mine ? "your" : `${message.authorName}'s`} comment</span>
              </button>
            ) : null}
          </span>
        )
      ) : null}
    </li>
  );
}
