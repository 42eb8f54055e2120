import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CopyField } from "~/components/copy-field";
import { ErrorSummary } from "~/components/forms";
import { isAppError } from "~/domain/errors";
import { ROLE_LABELS, ROLES } from "~/domain/permissions";
import { requireCapability, requireViewer } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Members – Copress" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  requireCapability(viewer, "manage");
  const [members, invites] = await Promise.all([
    context.services.members.listMembers(viewer),
    context.services.members.openInvites(viewer),
  ]);
  return json({ me: viewer.member.id, workspaceName: viewer.member.workspaceName, members, invites });
}

type ActionResult = { intent: string; message?: string; error?: string; inviteUrl?: string; memberId?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const { members } = context.services;
  try {
    switch (intent) {
      case "invite": {
        const invite = await members.createInvite(viewer, {
          roles: form.getAll("roles").map(String),
          note: String(form.get("note") ?? ""),
        });
        return json<ActionResult>({
          intent,
          inviteUrl: `${context.publicUrl}${invite.path}`,
          message: "Invite link made. It works once and lasts 7 days.",
        });
      }
      case "roles": {
        const memberId = String(form.get("memberId"));
        await members.changeRoles(viewer, memberId, form.getAll("roles").map(String));
        return json<ActionResult>({ intent, memberId, message: "Roles saved." });
      }
      case "remove": {
        await members.removeMember(viewer, String(form.get("memberId")));
        return json<ActionResult>({ intent, message: "Member removed. Their past edits stay in your documents." });
      }
      case "revoke": {
        await members.revokeInvite(viewer, String(form.get("inviteId")));
        return json<ActionResult>({ intent, message: "Invite link cancelled. It will no longer work." });
      }
      default:
        return json<ActionResult>({ intent, error: "We didn't understand that request." }, { status: 400 });
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json<ActionResult>(
      { intent, error: error.message, memberId: String(form.get("memberId") ?? "") },
      { status: error.status },
    );
  }
}

export default function Members() {
  const { me, workspaceName, members, invites } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <div className="page">
      <h1>Members of {workspaceName}</h1>
      <ErrorSummary formError={result?.error} />
      {result?.message ? (
        <div className="notice notice--success" role="status">
          {result.message}
        </div>
      ) : null}

      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        <p>
          Make a link and share it however suits the person — a text message, a printed sheet or in person. No email
          needed.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="invite" />
          <fieldset className="field checkboxes">
            <legend>What will they do?</legend>
            {ROLES.map((role) => (
              <label key={role}>
                <input type="checkbox" name="roles" value={role} defaultChecked={role === "writer"} />
                {ROLE_LABELS[role]}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="note">Note for yourself (optional)</label>
            <p className="hint" id="note-hint">
              For example, who the link is for.
            </p>
            <input id="note" name="note" aria-describedby="note-hint" />
          </div>
          <button type="submit" className="button" disabled={busy}>
            Make invite link
          </button>
        </Form>
        {result?.inviteUrl ? (
          <div className="notice members-invite-link">
            <CopyField
              id="invite-link"
              label="Invite link"
              hint="Copy this link and send it to the person. Copress shows it only now."
              value={result.inviteUrl}
              buttonLabel="Copy link"
            />
          </div>
        ) : null}
        <p className="hint">
          To invite someone to one document, use Share on that document: they go straight to it after joining.
        </p>
        {invites.length > 0 ? (
          <>
            <h3 style={{ marginTop: "1.5rem" }}>Links not used yet</h3>
            <ul>
              {invites.map((invite) => (
                <li key={invite.id} style={{ marginBottom: "0.5rem" }}>
                  {invite.roles.map((r) => ROLE_LABELS[r]).join(", ")}
                  {invite.document ? ` for “${invite.document.title}”` : ""}
                  {invite.note ? ` — ${invite.note}` : ""} (until{" "}
                  {new Date(invite.expiresAt).toLocaleDateString("en-GB")}){" "}
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="inviteId" value={invite.id} />
                    <button type="submit" className="link-button">
                      Cancel this link
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="members-heading" style={{ marginTop: "2rem" }}>
        <h2 id="members-heading">People</h2>
        {/* On a narrow screen the table scrolls sideways inside this box, not the whole page. */}
        <div className="table-scroll" role="region" aria-label="Members and their roles" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">Members and their roles</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
                <th scope="col">Lived experience</th>
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.id}>
                  <td>
                    {member.displayName}
                    <br />
                    <span className="hint">{member.username}</span>
                  </td>
                  <td>
                    <Form method="post" aria-label={`Roles for ${member.displayName}`}>
                      <input type="hidden" name="intent" value="roles" />
                      <input type="hidden" name="memberId" value={member.id} />
                      <fieldset className="checkboxes">
                        <legend className="visually-hidden">Roles for {member.displayName}</legend>
                        {ROLES.map((role) => (
                          <label key={role}>
                            <input
                              type="checkbox"
                              name="roles"
                              value={role}
                              defaultChecked={member.roles.includes(role)}
                            />
                            {ROLE_LABELS[role]}
                          </label>
                        ))}
                      </fieldset>
                      <button type="submit" className="button button--secondary button--small" disabled={busy}>
                        Save roles<span className="visually-hidden"> for {member.displayName}</span>
                      </button>
                    </Form>
                  </td>
                  <td>{member.livedExperience ? "Yes" : "—"}</td>
                  <td>
                    {member.id === me ? (
                      "You"
                    ) : (
                      <details>
                        <summary>
                          Remove<span className="visually-hidden"> {member.displayName}</span>
                        </summary>
                        <p>{member.displayName} will lose access at once. Their past edits stay.</p>
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="memberId" value={member.id} />
                          <button type="submit" className="button button--warning button--small">
                            Yes, remove {member.displayName}
                          </button>
                        </Form>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
