import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withoutOuterQuotes } from "~/domain/change-requests";
import { requireCapability, requireViewer } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "History – Copress" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  requireCapability(viewer, "manage");
  const [events, verification, documents] = await Promise.all([
    context.services.signoff.auditLog(viewer),
    context.services.signoff.verifyAuditLog(viewer),
    context.services.documents.listDocuments(viewer),
  ]);
  // Each entry names its document by title (one the workspace no longer has is "a removed document").
  const titles = Object.fromEntries(documents.map((document) => [document.id, document.title]));
  return json({ events, verification, titles });
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "Europe/London",
});

const EVENT_TEXT: Record<string, string> = {
  "document.created": "started a document",
  "member.invited": "made an invite link",
  "member.joined": "joined",
  "member.roles_changed": "changed someone's roles",
  "member.removed": "removed a member",
  "member.account_deleted": "deleted their account",
  "review.requested": "asked for sign-off",
  "approval.approved": "approved",
  "approval.changes_requested": "asked for changes",
  "approval.stale": "marked an approval out of date after an edit",
  "release.published": "published a release",
  "release.shared": "made a link for readers to a release",
  "version.restored": "restored a version",
  "policy.changed": "changed the sign-off rules",
  "change_request.answered": "answered a request for changes",
  "section.handed_over": "handed a section over",
  "comment.added": "commented",
  "comment.removed": "removed a comment",
  "suggestion.accepted": "accepted a suggested change",
  "suggestion.rejected": "turned down a suggested change",
  "decision.raised": "asked the group to decide something",
  "decision.view": "gave their view on a decision",
  "decision.decided": "decided",
  "translation.created": "started a translation",
  "translation.section_confirmed": "confirmed a translated section",
};

/** "approved the words", "asked for changes to the design": what an approval was about. */
function whatOf(event: { type: string; data: Record<string, unknown> }): string {
  const text = EVENT_TEXT[event.type] ?? "did something Copress has no words for yet";
  const scope = event.data.scope === "content" ? "the words" : event.data.scope === "design" ? "the design" : null;
  if (!scope) return text;
  if (event.type === "approval.approved") return `approved ${scope}`;
  if (event.type === "approval.changes_requested") return `asked for changes to ${scope}`;
  if (event.type === "approval.stale") return `marked an approval of ${scope} out of date after an edit`;
  return text;
}

/** The words a person wrote with the event (a request for changes, an answer, a hand-over note), if any. */
function wordsOf(event: { type: string; data: Record<string, unknown> }): string {
  const text =
    event.type === "approval.changes_requested"
      ? event.data.comment
      : event.type === "change_request.answered" || event.type === "section.handed_over"
        ? event.data.note
        : null;
  return typeof text === "string" ? text.trim() : "";
}

export default function Audit() {
  const { events, verification, titles } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>History</h1>
      <p className="lede">Everything important that happened in this workspace. Entries can't be changed or removed.</p>
      {verification.ok ? (
        <p className="notice notice--success">Checked: all {verification.events} entries are intact.</p>
      ) : (
        <p className="notice notice--error" role="alert">
          Warning: entry {verification.seq} does not match the record. {verification.problem} Tell whoever looks after
          your Copress server.
        </p>
      )}
      <table className="table">
        <caption className="visually-hidden">History, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.seq}>
              <td>{dateFormat.format(new Date(event.at))}</td>
              <td>{event.actorName}</td>
              <td>
                {whatOf(event)}
                {event.documentId ? (
                  <>
                    {" "}
                    in{" "}
                    {titles[event.documentId] !== undefined ? (
                      <Link to={`/documents/${event.documentId}/review`}>“{titles[event.documentId]}”</Link>
                    ) : (
                      "a removed document"
                    )}
                  </>
                ) : null}
                {wordsOf(event) ? (
                  <>
                    : <q>{withoutOuterQuotes(wordsOf(event))}</q>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
