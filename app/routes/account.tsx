import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextField, type FormResult } from "~/components/forms";
import { isAppError } from "~/domain/errors";
import { ROLE_LABELS } from "~/domain/permissions";
import { clearSessionCookie, requireViewer, signOutHeaders } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Your account – Copress" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  return json({
    displayName: viewer.displayName,
    username: viewer.username,
    roles: viewer.member.roles,
    livedExperience: viewer.member.livedExperience,
    awayUntil: viewer.member.awayUntil,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  if (intent === "lived-experience") {
    await context.services.members.setLivedExperience(viewer, form.get("livedExperience") === "yes");
    return json<FormResult>({ message: "Saved." });
  }
  if (intent === "break") {
    try {
      const until = await context.services.members.setBreak(viewer, String(form.get("until") ?? ""));
      return json<FormResult>({
        message: `Enjoy your break. Copress won't send you anything until ${breakEnd(until!)}, and your sections say you are away.`,
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      return json<FormResult>({ errors: { until: error.message } }, { status: error.status });
    }
  }
  if (intent === "back") {
    await context.services.members.setBreak(viewer, null);
    return json<FormResult>({ message: "Welcome back." });
  }
  if (intent === "password") {
    const next = String(form.get("newPassword") ?? "");
    if (next.length < 10)
      return json<FormResult>(
        { errors: { newPassword: "Your new password needs at least 10 characters." } },
        { status: 400 },
      );
    try {
      await context.services.auth.changePassword(viewer, String(form.get("currentPassword") ?? ""), next);
    } catch (error) {
      if (!isAppError(error)) throw error;
      return json<FormResult>({ errors: { currentPassword: "That isn't your current password." } }, { status: 400 });
    }
    // Every session ended with the change, this one too: sign in again with the new password.
    return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
  }
  if (intent === "sign-out-everywhere") {
    await context.services.auth.revokeAllSessions(viewer.userId);
    return redirect("/login", { headers: signOutHeaders(request) });
  }
  if (intent === "delete-account") {
    try {
      await context.services.account.deleteAccount(viewer, String(form.get("confirmPassword") ?? ""));
    } catch (error) {
      if (!isAppError(error)) throw error;
      const message = error.code === "wrong_credentials" ? "That isn't your password." : error.message;
      return json<FormResult>({ errors: { confirmPassword: message } }, { status: error.status });
    }
    // The account is gone: so are its offline copies on this device.
    return redirect("/login?deleted=1", { headers: signOutHeaders(request) });
  }
  return json<FormResult>({ formError: "We didn't understand that request." }, { status: 400 });
}

/** "20 December 2026". */
function breakEnd(iso: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(iso),
  );
}

function inTwoWeeks(): string {
  return new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
}

export default function Account() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <h1>Your account</h1>
      <p>
        Signed in as <strong>{data.displayName}</strong> ({data.username}). Your roles:{" "}
        {data.roles.map((r) => ROLE_LABELS[r]).join(", ")}.
      </p>
      <ErrorSummary errors={result?.errors} formError={result?.formError} />
      {result?.message ? (
        <div className="notice notice--success" role="status">
          {result.message}
        </div>
      ) : null}

      <h2>Lived experience</h2>
      <p>
        Some groups ask that at least one person with lived experience signs off a leaflet. If you'd like to be counted,
        say so here. Only you and coordinators can see this, and you can change it at any time.
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="lived-experience" />
        <fieldset className="field checkboxes">
          <legend>Do you want to be counted as a person with lived experience?</legend>
          <label>
            <input type="radio" name="livedExperience" value="yes" defaultChecked={data.livedExperience} /> Yes
          </label>
          <label>
            <input type="radio" name="livedExperience" value="no" defaultChecked={!data.livedExperience} /> No
          </label>
        </fieldset>
        <button type="submit" className="button button--secondary">
          Save
        </button>
      </Form>

      <h2 style={{ marginTop: "2rem" }}>Taking a break</h2>
      {data.awayUntil ? (
        <Form method="post">
          <input type="hidden" name="intent" value="back" />
          <p>
            You are taking a break until {breakEnd(data.awayUntil)}. Copress sends you nothing until then, and your
            sections say you are away.
          </p>
          <button type="submit" className="button button--secondary">
            I&apos;m back
          </button>
        </Form>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="break" />
          <p>
            Need some time away? Say until when. You won&apos;t get any notifications, your sections will say you are
            away, and nobody will chase you. You don&apos;t need to give a reason.
          </p>
          <TextField
            name="until"
            label="Away until (your last day away)"
            type="date"
            defaultValue={inTwoWeeks()}
            error={result?.errors?.until}
          />
          <button type="submit" className="button button--secondary">
            Take a break
          </button>
        </Form>
      )}

      <h2 style={{ marginTop: "2rem" }}>Change your password</h2>
      <p>You'll be signed out everywhere, then sign in again with the new password.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="password" />
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={result?.errors?.currentPassword}
        />
        <TextField
          name="newPassword"
          label="New password"
          hint="At least 10 characters."
          type="password"
          autoComplete="new-password"
          error={result?.errors?.newPassword}
        />
        <button type="submit" className="button button--secondary">
          Change password
        </button>
      </Form>

      <h2 style={{ marginTop: "2rem" }}>Signed in somewhere else?</h2>
      <p>
        If you signed in on a shared or lost computer, you can sign out everywhere, this device too. Copress also
        removes the copies of your documents kept on this device.
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="sign-out-everywhere" />
        <button type="submit" className="button button--secondary">
          Sign out everywhere
        </button>
      </Form>

      <h2 style={{ marginTop: "2rem" }}>Your data</h2>
      <p>
        <a href="/api/account" download>
          Download everything Copress holds about you
        </a>{" "}
        (a file you can keep).
      </p>
      <details>
        <summary>Delete your account</summary>
        <p>
          You will not be able to sign in again. What you wrote stays in the documents, shown as written by “a former
          member”. Published releases and the history keep the name they were made with.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="delete-account" />
          <TextField
            name="confirmPassword"
            label="Your password, to confirm"
            type="password"
            autoComplete="current-password"
            error={result?.errors?.confirmPassword}
          />
          <button type="submit" className="button button--warning">
            Delete my account
          </button>
        </Form>
      </details>
    </div>
  );
}
