/**
 * Comment threads beside the text: add a comment on the selected text, reply, resolve and reopen. Threads follow
 * their text as others edit (see app/editor/comments.ts) and appear for everyone at once.
 */
import type { Editor } from "@tiptap/core";
import { useEffect, useId, useRef, useState } from "react";
import type * as Y from "yjs";
import { addCommentThread, readThreads, refreshCommentHighlights, replyToThread, setThreadResolved, type CommentAuthor, type CommentThread } from "~/editor/comments";

const timeFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

interface CommentsPanelProps {
  editor: Editor;
  doc: Y.Doc;
  author: CommentAuthor;
  canComment: boolean;
  composing: boolean;
  onComposeDone: () => void;
  activeThreadId: string | null;
  onActivate: (threadId: string | null) => void;
  announce: (message: string) => void;
}

export function CommentsPanel({ editor, doc, author, canComment, composing, onComposeDone, activeThreadId, onActivate, announce }: CommentsPanelProps) {
  const [threads, setThreads] = useState<CommentThread[]>(() => safeThreads(editor));
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const composeRef = useRef<HTMLTextAreaElement>(null);
  const [quote, setQuote] = useState("");

  useEffect(() => {
    const refresh = () => setThreads(safeThreads(editor));
    const comments = doc.getMap("comments");
    const onComments = () => {
      refresh();
      refreshCommentHighlights(editor.view);
    };
    comments.observeDeep(onComments);
    editor.on("update", refresh);
    return () => {
      comments.unobserveDeep(onComments);
      editor.off("update", refresh);
    };
  }, [editor, doc]);

  useEffect(() => {
    if (composing) {
      const { from, to } = editor.state.selection;
      setQuote(editor.state.doc.textBetween(from, to, " ").slice(0, 200));
      composeRef.current?.focus();
    }
  }, [composing, editor]);

  const open = threads.filter((t) => !t.resolved);
  const resolved = threads.filter((t) => t.resolved);

  return (
    <section className="side-panel" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      {composing ? (
        <form
          className="comment-compose"
          aria-label="New comment"
          onSubmit={(event) => {
            event.preventDefault();
            try {
              const id = addCommentThread(editor.state, author, draft);
              setDraft("");
              setError(null);
              onComposeDone();
              onActivate(id);
              announce("Comment added.");
            } catch (e) {
              setError((e as Error).message);
            }
          }}
        >
          <p className="hint">Commenting on: “{quote}”</p>
          {error ? (
            <p className="field-error" role="alert" id="compose-error">
              {error}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor="new-comment">Your comment</label>
            <textarea id="new-comment" ref={composeRef} rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} aria-describedby={error ? "compose-error" : undefined} />
          </div>
          <button type="submit" className="button button--small">
            Add comment
          </button>{" "}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              setDraft("");
              setError(null);
              onComposeDone();
              editor.commands.focus();
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
          <ThreadView key={thread.id} thread={thread} {...{ editor, doc, author, canComment, announce }} active={thread.id === activeThreadId} onActivate={onActivate} />
        ))}
      </ul>
      {resolved.length > 0 ? (
        <details>
          <summary>Resolved comments ({resolved.length})</summary>
          <ul className="thread-list">
            {resolved.map((thread) => (
              <ThreadView key={thread.id} thread={thread} {...{ editor, doc, author, canComment, announce }} active={false} onActivate={onActivate} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function safeThreads(editor: Editor): CommentThread[] {
  try {
    return readThreads(editor.state);
  } catch {
    return [];
  }
}

function ThreadView({
  thread,
  editor,
  doc,
  author,
  canComment,
  active,
  onActivate,
  announce,
}: {
  thread: CommentThread;
  editor: Editor;
  doc: Y.Doc;
  author: CommentAuthor;
  canComment: boolean;
  active: boolean;
  onActivate: (threadId: string | null) => void;
  announce: (message: string) => void;
}) {
  const id = useId();
  const [reply, setReply] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <li className={`thread${active ? " thread--active" : ""}${thread.resolved ? " thread--resolved" : ""}`} id={`comment-${thread.id}`}>
      <article aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`} className="thread__title">
          {thread.messages[0]?.authorName ?? "Someone"} on “{thread.quote.slice(0, 60)}
          {thread.quote.length > 60 ? "…" : ""}”
        </h3>
        {thread.range ? (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              onActivate(thread.id);
              editor.chain().focus().setTextSelection(thread.range!).scrollIntoView().run();
            }}
          >
            Show in the text
          </button>
        ) : (
          <p className="hint">The words this comment was about have been removed.</p>
        )}
        <ol className="thread__messages">
          {thread.messages.map((message) => (
            <li key={message.id}>
              <p className="thread__author">
                {message.authorName} <span className="hint">· {timeFormat.format(new Date(message.at))}</span>
              </p>
              <p className="thread__text">{message.text}</p>
            </li>
          ))}
        </ol>
        {thread.resolved ? <p className="hint">Resolved by {thread.resolvedBy ?? "someone"}.</p> : null}
        {canComment ? (
          <>
            {!thread.resolved ? (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  try {
                    replyToThread(doc, thread.id, author, reply);
                    setReply("");
                    setError(null);
                    announce("Reply added.");
                  } catch (e) {
                    setError((e as Error).message);
                  }
                }}
              >
                {error ? (
                  <p className="field-error" role="alert">
                    {error}
                  </p>
                ) : null}
                <div className="field">
                  <label htmlFor={`${id}-reply`}>Reply</label>
                  <textarea id={`${id}-reply`} rows={2} value={reply} onChange={(e) => setReply(e.target.value)} />
                </div>
                <button type="submit" className="button button--secondary button--small">
                  Send reply
                </button>
              </form>
            ) : null}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setThreadResolved(doc, thread.id, author, !thread.resolved);
                announce(thread.resolved ? "Comment reopened." : "Comment resolved.");
              }}
            >
              {thread.resolved ? "Reopen" : "Resolve"}
              <span className="visually-hidden"> comment on “{thread.quote.slice(0, 40)}”</span>
            </button>
          </>
        ) : null}
      </article>
    </li>
  );
}
