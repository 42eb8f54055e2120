import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCapability, requireViewer } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "History – Copress" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  requireCapability(viewer, "manage");
  const [events, verification] = await Promise.all([
    context.services.signoff.auditLog(viewer),
    context.services.signoff.verifyAuditLog(viewer),
  ]);
  return json({ events, verification });
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
  "review.requested": "asked for sign-off",
  "approval.approved": "approved",
  "approval.changes_requested": "asked for changes",
  "approval.stale": "marked an approval out of date after an edit",
  "release.published": "published a release",
  "version.restored": "restored a version",
  "policy.changed": "changed the sign-off rules",
  "change_request.answered": "answered a request for changes",
  "section.handed_over": "handed a section over",
};

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
  const { events, verification } = useLoaderData<typeof loader>();
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
                {EVENT_TEXT[event.type] ?? event.type}
                {wordsOf(event) ? (
                  <>
                    : <q>{wordsOf(event)}</q>
                  </>
                ) : null}
                {event.documentId ? (
                  <>
                    {" "}
                    (<Link to={`/documents/${event.documentId}/review`}>document</Link>)
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
