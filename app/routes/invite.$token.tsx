import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, TextField, firstFieldErrors } from "~/components/forms";
import { isAppError } from "~/domain/errors";
import { documentInvitePurpose } from "~/domain/document-invites";
import { PASSWORD_HINT, USERNAME_HINT } from "~/domain/new-account";
import { ROLE_LABELS } from "~/domain/permissions";
import { getViewer, sessionCookie } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Join – Copress" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  try {
    const { workspaceId, ...invite } = await context.services.members.describeInvite(params.token!);
    // Someone already in this workspace who follows a link to one of its documents can simply open it.
    const memberHere = viewer !== null && viewer.member.workspaceId === workspaceId;
    return json({ invite, problem: null, signedInAs: viewer?.displayName ?? null, memberHere });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json(
      { invite: null, problem: error.message, signedInAs: viewer?.displayName ?? null, memberHere: false },
      { status: error.status },
    );
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = {
    username: String(form.get("username") ?? ""),
    displayName: String(form.get("displayName") ?? ""),
    password: String(form.get("password") ?? ""),
  };
  try {
    const { token, documentId } = await context.services.members.joinWithInvite(params.token!, input);
    // An invite to one document lands on it; a workspace invite on the list of documents. Either says welcome first.
    const to = documentId ? `/documents/${documentId}?welcome` : "/documents?welcome";
    return redirect(to, {
      headers: { "Set-Cookie": sessionCookie(token, request, context.services.config.SESSION_DAYS) },
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const fieldErrors = firstFieldErrors(error.details);
    return json(
      {
        errors: fieldErrors,
        formError: Object.keys(fieldErrors).length ? undefined : error.message,
        input: { ...input, password: "" },
      },
      { status: error.status },
    );
  }
}

export default function Join() {
  const { invite, problem, signedInAs, memberHere } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  if (!invite) {
    return (
      <div className="page page--narrow">
        <h1>This invite link can't be used</h1>
        <p>{problem}</p>
        <p>
          Already have an account? <Link to="/login">Sign in</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>Join {invite.workspaceName}</h1>
      {invite.document ? (
        <p className="lede">
          You've been invited to “{invite.document.title}”, to{" "}
          {invite.roles.map((role) => documentInvitePurpose(role)).join(" and ")}. Make your account and you'll go
          straight to it.
        </p>
      ) : (
        <p className="lede">You've been invited as: {invite.roles.map((role) => ROLE_LABELS[role]).join(", ")}.</p>
      )}
      {signedInAs ? (
        <div className="notice">
          You're signed in as {signedInAs}. This link makes a new account. If it's meant for you, sign out first.
          {memberHere && invite.document ? (
            <>
              {" "}
              If you only want to open the document, you don't need it:{" "}
              <Link to={`/documents/${invite.document.id}`}>open “{invite.document.title}”</Link>.
            </>
          ) : null}
        </div>
      ) : null}
      <ErrorSummary errors={result?.errors} formError={result?.formError} />
      <Form method="post" noValidate>
        <TextField
          name="displayName"
          label="Your name"
          hint="This is what others will see. A first name is fine."
          error={result?.errors?.displayName}
          defaultValue={result?.input.displayName}
          autoComplete="name"
        />
        <TextField
          name="username"
          label="Choose a username"
          hint={USERNAME_HINT}
          error={result?.errors?.username}
          defaultValue={result?.input.username}
          autoComplete="username"
        />
        <TextField
          name="password"
          label="Choose a password"
          hint={PASSWORD_HINT}
          type="password"
          error={result?.errors?.password}
          autoComplete="new-password"
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Join
        </button>
      </Form>
    </div>
  );
}
