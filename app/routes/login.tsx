import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextField, type FormResult } from "~/components/forms";
import { isAppError } from "~/domain/errors";
import { getViewer, sessionCookie } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Copress" }];

function safeRedirect(to: FormDataEntryValue | string | null): string {
  const value = typeof to === "string" ? to : "";
  return value.startsWith("/") && !value.startsWith("//") ? value : "/documents";
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (getViewer(request, context)) return redirect("/documents");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const username = String(form.get("username") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const errors: Record<string, string> = {};
  if (!username) errors.username = "Enter your username.";
  if (!password) errors.password = "Enter your password.";
  if (Object.keys(errors).length > 0) return json<FormResult>({ errors, values: { username } }, { status: 400 });
  try {
    const { token } = await context.services.auth.signIn(username, password, context.clientAddress);
    return redirect(safeRedirect(form.get("redirectTo")), {
      headers: { "Set-Cookie": sessionCookie(token, request, context.services.config.SESSION_DAYS) },
    });
  } catch (error) {
    if (isAppError(error)) return json<FormResult>({ formError: error.message, values: { username } }, { status: error.status });
    throw error;
  }
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  return (
    <div className="page page--narrow">
      <h1>Sign in to Copress</h1>
      <p className="lede">Write, check and publish leaflets together.</p>
      {params.get("deleted") ? (
        <div className="notice notice--success" role="status">
          Your account has been deleted. Thank you for all you did.
        </div>
      ) : null}
      <ErrorSummary errors={result?.errors} formError={result?.formError} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/documents"} />
        <TextField name="username" label="Username" autoComplete="username" error={result?.errors?.username} defaultValue={result?.values?.username} />
        <TextField name="password" label="Password" type="password" autoComplete="current-password" error={result?.errors?.password} />
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
