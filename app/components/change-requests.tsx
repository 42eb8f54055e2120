/**
 * Change requests as people meet them: who asked, when, their words and the sections they concern, the answers so
 * far, and — for the people who can — a way to answer in place ("Mark as done" or a reply).
 */
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { sectionsPhrase, withoutOuterQuotes, type ChangeRequest } from "~/domain/change-requests";
import type { AnswerResult } from "~/change-requests.server";

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "Europe/London",
});
export const formatWhen = (iso: string) => dateFormat.format(new Date(iso));

const SCOPE_WORDS = { content: "the words", design: "the design" } as const;

/** "Abi asked for changes to the words: “…” — in “Your home”" */
export function ChangeRequestHeadline({ request }: { request: ChangeRequest }) {
  const where = sectionsPhrase(request.sections);
  return (
    <p className="change-request__headline">
      <strong>
        {request.by.name} asked for changes{request.scope === "design" ? " to the design" : ""}:
      </strong>{" "}
      <q className="change-request__words">{withoutOuterQuotes(request.message)}</q>
      {where ? ` — ${where}` : " — about the whole document"}
    </p>
  );
}

function statusText(request: ChangeRequest): string {
  if (request.status === "open") return "Waiting for an answer";
  if (request.status === "done") {
    const done = [...request.answers].reverse().find((a) => a.kind === "done");
    return done ? `Done — ${done.by.name} said so on ${formatWhen(done.at)}` : "Done";
  }
  return `Closed: ${request.by.name} made a new decision${request.closedAt ? ` on ${formatWhen(request.closedAt)}` : ""}`;
}

export function ChangeRequestCard({
  request,
  viewerId,
  canMarkDone,
  action,
  headingLevel = 3,
  compact = false,
}: {
  request: ChangeRequest;
  viewerId: string;
  /** The viewer can make this kind of change (and so answer or mark it done). */
  canMarkDone: boolean;
  /** Where the answer form posts (a page whose action handles `intent=answer`). */
  action: string;
  headingLevel?: 2 | 3 | 4;
  compact?: boolean;
}) {
  const fetcher = useFetcher<AnswerResult>();
  const result = fetcher.data?.requestId === request.id ? fetcher.data : undefined;
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const isApprover = request.by.userId === viewerId;
  const mayReply = request.status === "open" && (canMarkDone || isApprover);
  const noteId = `note-${request.id}`;
  const noteError = result?.fields?.note ?? result?.fields?.kind;
  const Heading = `h${headingLevel}` as const;

  useEffect(() => {
    if (result?.ok && noteRef.current) noteRef.current.value = "";
  }, [result]);

  return (
    <article
      id={`change-request-${request.id}`}
      className={`change-request change-request--${request.status}`}
      aria-labelledby={`change-request-${request.id}-title`}
    >
      {/* For finding it by heading; the line below says the same for everyone. */}
      <Heading id={`change-request-${request.id}-title`} className="visually-hidden">
        {request.by.name}'s request for changes to {SCOPE_WORDS[request.scope]}
        {request.status === "open" ? "" : request.status === "done" ? " (done)" : " (closed)"}
      </Heading>
      <ChangeRequestHeadline request={request} />
      <p className="hint">
        {request.by.name} asked on {formatWhen(request.createdAt)} about {SCOPE_WORDS[request.scope]}.{" "}
        <span className={`change-request__status change-request__status--${request.status}`}>
          {statusText(request)}
        </span>
      </p>
      {request.answers.length > 0 ? (
        <ul className="change-request__answers" aria-label="Answers">
          {request.answers.map((answer) => (
            <li key={answer.id}>
              <strong>{answer.by.name}</strong> {answer.kind === "done" ? "said it is done" : "replied"} (
              {formatWhen(answer.at)})
              {answer.note ? (
                <>
                  : <q>{withoutOuterQuotes(answer.note)}</q>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {result?.ok && result.message ? (
        <p className="notice notice--success" role="status">
          {result.message}
        </p>
      ) : null}
      {mayReply ? (
        <details className="change-request__answer" open={(canMarkDone && !compact) || Boolean(result && !result.ok)}>
          <summary>
            {canMarkDone ? "Answer" : "Reply"}
            <span className="visually-hidden"> {request.by.name}'s request</span>
          </summary>
          <fetcher.Form method="post" action={action} noValidate>
            <input type="hidden" name="intent" value="answer" />
            <input type="hidden" name="requestId" value={request.id} />
            {result && !result.ok && !noteError ? (
              <p className="notice notice--error" role="alert">
                {result.error}
              </p>
            ) : null}
            <div className={`field${noteError ? " field--error" : ""}`}>
              <label htmlFor={noteId}>{canMarkDone ? "A short note (needed for a reply)" : "Your reply"}</label>
              {noteError ? (
                <p className="field-error" id={`${noteId}-error`} role="alert">
                  <span className="visually-hidden">Error: </span>
                  {noteError}
                </p>
              ) : null}
              <textarea
                id={noteId}
                name="note"
                rows={2}
                maxLength={1000}
                ref={noteRef}
                defaultValue={result && !result.ok ? result.note : undefined}
                aria-describedby={noteError ? `${noteId}-error` : undefined}
              />
            </div>
            <div className="change-request__buttons">
              {canMarkDone ? (
                <button
                  type="submit"
                  name="kind"
                  value="done"
                  className="button button--small"
                  disabled={fetcher.state !== "idle"}
                >
                  Mark as done
                </button>
              ) : null}
              <button
                type="submit"
                name="kind"
                value="reply"
                className={`button button--small${canMarkDone ? " button--secondary" : ""}`}
                disabled={fetcher.state !== "idle"}
              >
                Send reply
              </button>
            </div>
          </fetcher.Form>
        </details>
      ) : null}
    </article>
  );
}
