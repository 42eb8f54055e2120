/**
 * The workspace's lived-experience word list: the words the checks suggest changing, what to say instead, why,
 * and where the advice comes from. Everyone can read it (it explains the findings); coordinators change it.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, firstFieldErrors } from "~/components/forms";
import { isAppError } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { requireViewer } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Word list – Copress" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const list = await context.services.checks.wordList(viewer);
  return json({ ...list, workspaceName: viewer.member.workspaceName, canManage: can(viewer.member, "manage") });
}

const FIELDS = ["phrase", "suggestion", "reason", "source"] as const;
type Field = (typeof FIELDS)[number];

interface ActionResult {
  intent: string;
  entryId?: string;
  message?: string;
  formError?: string;
  errors?: Partial<Record<Field, string>>;
  values?: Partial<Record<Field, string>>;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const entryId = String(form.get("entryId") ?? "");
  const values = Object.fromEntries(FIELDS.map((field) => [field, String(form.get(field) ?? "")])) as Record<
    Field,
    string
  >;
  const { checks } = context.services;
  try {
    switch (intent) {
      case "add":
        await checks.addWordListEntry(viewer, values);
        return json<ActionResult>({
          intent,
          message: `Added “${values.phrase.trim()}”. The checks look for it from now on.`,
        });
      case "update":
        await checks.updateWordListEntry(viewer, entryId, values);
        return json<ActionResult>({ intent, entryId, message: `Saved “${values.phrase.trim()}”.` });
      case "remove":
        await checks.removeWordListEntry(viewer, entryId);
        return json<ActionResult>({ intent, message: "Removed. The checks no longer look for those words." });
      case "restore":
        await checks.restoreStarterList(viewer);
        return json<ActionResult>({ intent, message: "Your workspace uses the starter list again." });
      default:
        return json<ActionResult>({ intent, formError: "We didn't understand that request." }, { status: 400 });
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    const fields = firstFieldErrors(error.details) as Partial<Record<Field, string>>;
    const hasFields = FIELDS.some((field) => fields[field]);
    return json<ActionResult>(
      { intent, entryId, formError: hasFields ? undefined : error.message, errors: fields, values },
      { status: error.status },
    );
  }
}

const LABELS: Record<Field, { label: string; hint: string }> = {
  phrase: {
    label: "Words to look for",
    hint: "For example “addicts”. Add the singular and the plural as separate entries.",
  },
  suggestion: { label: "What to say instead", hint: "For example “people with an addiction”." },
  reason: {
    label: "Why (optional)",
    hint: "One plain sentence writers will see, for example “It defines people by their drug use.”",
  },
  source: {
    label: "Where this advice comes from",
    hint: "For example a charity’s style guide, or “Our lived experience panel, May 2026”.",
  },
};

function EntryFields({
  prefix,
  values,
  errors,
}: {
  prefix: string;
  values?: Partial<Record<Field, string>>;
  errors?: Partial<Record<Field, string>>;
}) {
  return (
    <>
      {FIELDS.map((field) => {
        const id = `${prefix}${field}`;
        const error = errors?.[field];
        return (
          <div key={field} className={`field${error ? " field--error" : ""}`}>
            <label htmlFor={id}>{LABELS[field].label}</label>
            <p className="hint" id={`${id}-hint`}>
              {LABELS[field].hint}
            </p>
            {error ? (
              <p className="field-error" id={`${id}-error`}>
                <span className="visually-hidden">Error: </span>
                {error}
              </p>
            ) : null}
            <input
              id={id}
              name={field}
              type="text"
              defaultValue={values?.[field]}
              aria-invalid={error ? true : undefined}
              aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ")}
            />
          </div>
        );
      })}
    </>
  );
}

export default function WordList() {
  const { entries, own, workspaceName, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const addFailed = result?.intent === "add" && Boolean(result.errors || result.formError);
  // Field ids by position: entry ids may hold spaces ("starter:the homeless"), which ids and links cannot.
  const prefixFor = (intent: string, entryId?: string) =>
    intent === "add" ? "new-" : `entry-${entries.findIndex((entry) => entry.id === entryId)}-`;
  const summaryErrors = result?.errors
    ? Object.fromEntries(
        Object.entries(result.errors).map(([field, message]) => [
          `${prefixFor(result.intent, result.entryId)}${field}`,
          message,
        ]),
      )
    : undefined;

  return (
    <div className="page word-list-page">
      <h1>Word list</h1>
      <p className="lede">
        Words many people with lived experience find stigmatising, and kinder words to use. The checks point them out
        while people write in {workspaceName}.
      </p>
      <p>
        {own
          ? "Your workspace has its own list."
          : "Your workspace uses the Copress starter list. Changing any entry makes it your own list."}
      </p>
      <ErrorSummary errors={summaryErrors} formError={result?.formError} />
      {result?.message ? (
        <div className="notice notice--success" role="status">
          {result.message}
        </div>
      ) : null}

      {canManage ? (
        <section aria-labelledby="add-heading" className="word-list-add">
          <h2 id="add-heading">Add words</h2>
          <Form method="post" noValidate key={result?.intent === "add" && result.message ? "added" : "adding"}>
            <input type="hidden" name="intent" value="add" />
            <EntryFields
              prefix="new-"
              values={addFailed ? result?.values : undefined}
              errors={addFailed ? result?.errors : undefined}
            />
            <button type="submit" className="button" disabled={busy}>
              Add to the word list
            </button>
          </Form>
        </section>
      ) : (
        <p className="hint">
          Only coordinators can change the word list. Ask a coordinator if a word should be added or changed.
        </p>
      )}

      <section aria-labelledby="entries-heading">
        <h2 id="entries-heading">
          Words we look for <span className="hint">({entries.length})</span>
        </h2>
        {entries.length === 0 ? <p>The list is empty, so the checks suggest no words of their own.</p> : null}
        <ul className="word-list">
          {entries.map((entry, index) => {
            const failedHere =
              result?.intent === "update" && result.entryId === entry.id && Boolean(result.errors || result.formError);
            return (
              <li key={entry.id} className="word-list__entry">
                <p className="word-list__words">
                  <strong>“{entry.phrase}”</strong> → “{entry.suggestion}”
                </p>
                {entry.reason ? <p>{entry.reason}</p> : null}
                <p className="hint">Source: {entry.source}</p>
                {canManage ? (
                  <div className="word-list__actions">
                    <details open={failedHere}>
                      <summary>
                        Change<span className="visually-hidden"> “{entry.phrase}”</span>
                      </summary>
                      <Form method="post" noValidate>
                        <input type="hidden" name="intent" value="update" />
                        <input type="hidden" name="entryId" value={entry.id} />
                        <EntryFields
                          prefix={`entry-${index}-`}
                          values={failedHere ? result?.values : entry}
                          errors={failedHere ? result?.errors : undefined}
                        />
                        <button type="submit" className="button button--secondary button--small" disabled={busy}>
                          Save<span className="visually-hidden"> “{entry.phrase}”</span>
                        </button>
                      </Form>
                    </details>
                    <details>
                      <summary>
                        Remove<span className="visually-hidden"> “{entry.phrase}”</span>
                      </summary>
                      <p>The checks will stop pointing out “{entry.phrase}”.</p>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="entryId" value={entry.id} />
                        <button type="submit" className="button button--warning button--small" disabled={busy}>
                          Yes, remove “{entry.phrase}”
                        </button>
                      </Form>
                    </details>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>

      {canManage && own ? (
        <section aria-labelledby="restore-heading">
          <h2 id="restore-heading">Start again</h2>
          <details>
            <summary>Go back to the starter list</summary>
            <p>This removes every change your workspace made to the list and uses the Copress starter list again.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="restore" />
              <button type="submit" className="button button--warning" disabled={busy}>
                Yes, use the starter list
              </button>
            </Form>
          </details>
        </section>
      ) : null}
      <p>
        <Link to="/documents">Back to your documents</Link>
      </p>
    </div>
  );
}
