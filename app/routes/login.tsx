import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import * as z from "zod/mini";
import { ErrorSummary, TextField, type FormResult } from "~/components/forms";
import { isAppError } from "~/domain/errors";
import { safeRedirectPath } from "~/domain/safe-redirect";
import { signInInput } from "~/domain/sign-in";
import { removeOfflineCopies } from "~/offline-copies.client";
import { clearSignedOutCookie, getViewer, justSignedOut, sessionCookie } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Copress" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getViewer(request, context)) return redirect("/documents");
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  // Right after a sign-out (once): this page removes the device's offline copies and says so.
  if (justSignedOut(request))
    return json({ signedOut: true, redirectTo }, { headers: { "Set-Cookie": clearSignedOutCookie() } });
  return json({ signedOut: false, redirectTo });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const username = String(form.get("username") ?? "");
  const parsed = signInInput.safeParse({ username, password: form.get("password") ?? "" });
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    const errors = { username: fields.username?.[0], password: fields.password?.[0] };
    return json<FormResult>({ errors, values: { username: username.slice(0, 200) } }, { status: 400 });
  }
  try {
    const { token } = await context.services.auth.signIn(
      parsed.data.username,
      parsed.data.password,
      context.clientAddress,
    );
    return redirect(safeRedirectPath(form.get("redirectTo")), {
      headers: { "Set-Cookie": sessionCookie(token, request, context.services.config.SESSION_DAYS) },
    });
  } catch (error) {
    if (isAppError(error))
      return json<FormResult>(
        { formError: error.message, values: { username: parsed.data.username } },
        { status: error.status },
      );
    throw error;
  }
}

type Removal = "waiting" | "blocked" | "removed" | "none" | "failed";

const REMOVAL_MESSAGES: Record<Removal, string> = {
  waiting: "You're signed out. Removing the copies of your documents kept on this device…",
  blocked:
    "You're signed out. Close any other Copress tabs or windows so that Copress can remove the copies of your documents kept on this device.",
  removed: "You're signed out. Copress removed the copies of your documents kept on this device.",
  none: "You're signed out. No copies of your documents are kept on this device.",
  failed:
    "You're signed out, but Copress couldn't remove the copies of your documents kept on this device. To remove them, clear this site's data in your browser's settings, or ask a member of staff to help.",
};

/** Removes this device's offline copies once, after a sign-out, and keeps the person told how it went. */
function useOfflineCopiesRemoval(signedOut: boolean): Removal | null {
  // Before the page's script runs nothing has been removed yet, so the first render promises nothing.
  const [removal, setRemoval] = useState<Removal | null>(null);
  useEffect(() => {
    if (!signedOut) return;
    let current = true;
    setRemoval("waiting");
    void removeOfflineCopies({ onBlocked: () => current && setRemoval("blocked") }).then((result) => {
      if (!current) return;
      setRemoval(result.outcome === "failed" ? "failed" : result.count > 0 ? "removed" : "none");
    });
    return () => {
      current = false;
    };
  }, [signedOut]);
  return removal;
}

export default function Login() {
  const { signedOut, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const removal = useOfflineCopiesRemoval(signedOut);
  return (
    <div className="page page--narrow">
      <h1>Sign in to Copress</h1>
      <p className="lede">Write, check and publish leaflets together.</p>
      {params.get("deleted") ? (
        <div className="notice notice--success" role="status">
          Your account has been deleted. Thank you for all you did.
        </div>
      ) : null}
      {signedOut ? (
        <div
          className={removal === "failed" || removal === "blocked" ? "notice" : "notice notice--success"}
          role="status"
        >
          {removal ? REMOVAL_MESSAGES[removal] : "You're signed out."}
        </div>
      ) : null}
      <ErrorSummary errors={result?.errors} formError={result?.formError} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          name="username"
          label="Username"
          autoComplete="username"
          error={result?.errors?.username}
          defaultValue={result?.values?.username}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          error={result?.errors?.password}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <p className="hint" style={{ marginTop: "1.5rem" }}>
        New here? Ask your coordinator for an invite link. Forgotten your password? Your coordinator can help.
      </p>
    </div>
  );
}
