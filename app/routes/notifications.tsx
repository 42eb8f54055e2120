import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, type FormResult } from "~/components/forms";
import { safeRedirectPath } from "~/domain/safe-redirect";
import { requireViewer } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Notifications – Copress" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const recent = await context.services.notifications.recent(viewer.userId, viewer.member.workspaceId);
  // "Open the document" (`?open=<id>`): the notification is read once its document is opened from it. A link, so it
  // can open in a new tab; only one of your own is followed, and only to a path on this site.
  const open = new URL(request.url).searchParams.get("open");
  if (open) {
    const notification = recent.find((each) => each.id === open);
    if (notification) {
      await context.services.notifications.markRead(viewer.userId, notification.id);
      return redirect(safeRedirectPath(notification.link));
    }
  }
  return json({ notifications: recent });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  const id = form.get("id");
  const { notifications } = context.services;
  if (typeof id === "string" && id) {
    // Only one of your own (the ones this page lists); anyone else's is "not found", exactly like a made-up id.
    const recent = await notifications.recent(viewer.userId, viewer.member.workspaceId);
    if (!recent.some((notification) => notification.id === id)) {
      return json<FormResult>(
        { ok: false, formError: "That notification could not be found. It may have been removed." },
        { status: 404 },
      );
    }
    await notifications.markRead(viewer.userId, id);
  } else {
    await notifications.markAllRead(viewer.userId);
  }
  return json<FormResult>({ ok: true });
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "Europe/London",
});

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const unread = notifications.filter((n) => !n.read_at).length;
  return (
    <div className="page">
      <h1>Notifications</h1>
      <ErrorSummary formError={result?.formError} />
      {notifications.length === 0 ? (
        <p>
          Nothing new. When someone asks you to sign off, asks for changes, hands a section over to you or comments on
          your work, you'll see it here.
        </p>
      ) : (
        <p>
          Everything still waiting for you is also on <Link to="/for-you">For you</Link>.
        </p>
      )}
      {unread > 0 ? (
        <Form method="post">
          <button type="submit" className="button button--secondary button--small">
            Mark all as read
          </button>
        </Form>
      ) : null}
      <ul className="notification-list">
        {notifications.map((n) => (
          <li key={n.id} className={n.read_at ? "notification" : "notification notification--unread"}>
            <p>
              {!n.read_at ? <strong>New: </strong> : null}
              {n.message}
            </p>
            <p className="hint">{dateFormat.format(new Date(n.created_at))}</p>
            <Link to={n.read_at ? n.link : `/notifications?open=${encodeURIComponent(n.id)}`}>Open the document</Link>
            {!n.read_at ? (
              <Form method="post" style={{ display: "inline", marginLeft: "1rem" }}>
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" className="link-button">
                  Mark as read
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
