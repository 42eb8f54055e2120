/**
 * The checks page: the full report for the document as it is now (cached by hash), grouped by section with a
 * reading-age badge for each, every finding with what is wrong and how to fix it. Writers and coordinators can
 * leave a warning or tip as it is, with a reason everyone sees; blockers must be fixed.
 *
 * (`$id_` keeps this page out of the editor's layout: it is a page of its own at /documents/:id/checks.)
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChecksPanel, countsSentence, ReadingAgeBadge, ScoreDetails } from "~/components/checks-panel";
import { DocumentHeader } from "~/components/document-nav";
import { ErrorSummary, firstFieldErrors } from "~/components/forms";
import { ruleName, SEVERITY_LABELS } from "~/domain/checks/labels";
import type { ReportedFinding } from "~/domain/checks/types";
import { isAppError } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { requireViewer } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Checks: ${data?.document.title ?? "a document"} – Copress` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  try {
    const summary = await context.services.documents.getSummary(viewer, params.id!);
    const report = await context.services.checks.runChecks(viewer, params.id!);
    return json({
      document: { id: summary.id, title: summary.title, templateName: summary.templateName },
      report,
      canDismiss: can(viewer.member, "content:edit"),
      canManageWords: can(viewer.member, "manage"),
    });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

interface ActionResult {
  intent: string;
  findingId?: string;
  message?: string;
  formError?: string;
  errors?: Record<string, string | undefined>;
  values?: { reason?: string };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const findingId = String(form.get("findingId") ?? "");
  const reason = String(form.get("reason") ?? "");
  try {
    if (intent === "dismiss") {
      await context.services.checks.dismissFinding(viewer, params.id!, { findingId, reason });
      return json<ActionResult>({
        intent,
        findingId,
        message: "Done: it is left as it is, with your reason. Anyone can check it again later.",
      });
    }
    if (intent === "undismiss") {
      await context.services.checks.undismissFinding(viewer, params.id!, { findingId });
      return json<ActionResult>({ intent, findingId, message: "Done: it is back on the list." });
    }
    return json<ActionResult>({ intent, formError: "We didn't understand that request." }, { status: 400 });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const fields = firstFieldErrors(error.details);
    return json<ActionResult>(
      {
        intent,
        findingId,
        formError: fields.reason ? undefined : error.message,
        errors: { reason: fields.reason },
        values: { reason },
      },
      { status: error.status },
    );
  }
}

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/London",
});

export default function ChecksPage() {
  const { document, report, canDismiss, canManageWords } = useLoaderData<typeof loader>();
  const documentId = document.id;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const checking =
    navigation.state === "loading" &&
    navigation.location?.pathname === `/documents/${documentId}/checks` &&
    !navigation.formMethod;
  const reasonError = result?.errors?.reason;
  const findings = report.findings as ReportedFinding[];

  const actions = (finding: ReportedFinding) => {
    if (!canDismiss) return null;
    if (finding.dismissal) {
      return (
        <Form method="post" className="checks-dismiss">
          <input type="hidden" name="intent" value="undismiss" />
          <input type="hidden" name="findingId" value={finding.id} />
          <button type="submit" className="button button--secondary button--small" disabled={busy}>
            Put it back on the list<span className="visually-hidden">: {ruleName(finding.rule)}</span>
          </button>
        </Form>
      );
    }
    if (finding.severity === "blocker") return <p className="hint">This must be fixed before sign-off.</p>;
    const fieldId = `reason-${finding.id}`;
    const mine = result?.findingId === finding.id && result.intent === "dismiss";
    const error = mine ? reasonError : undefined;
    return (
      <details className="checks-dismiss" open={mine && Boolean(error ?? result?.formError)}>
        <summary>
          Leave it as it is<span className="visually-hidden">: {ruleName(finding.rule)}</span>
        </summary>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="dismiss" />
          <input type="hidden" name="findingId" value={finding.id} />
          <div className={`field${error ? " field--error" : ""}`}>
            <label htmlFor={fieldId}>Why is it right as it is?</label>
            <p className="hint" id={`${fieldId}-hint`}>
              For example: “This is the legal name of the order.” Everyone working on the document will see your reason.
            </p>
            {error ? (
              <p className="field-error" id={`${fieldId}-error`}>
                <span className="visually-hidden">Error: </span>
                {error}
              </p>
            ) : null}
            <textarea
              id={fieldId}
              name="reason"
              rows={2}
              defaultValue={mine ? result?.values?.reason : undefined}
              aria-invalid={error ? true : undefined}
              aria-describedby={[`${fieldId}-hint`, error ? `${fieldId}-error` : null].filter(Boolean).join(" ")}
            />
          </div>
          <button type="submit" className="button button--secondary button--small" disabled={busy}>
            Leave it as it is
          </button>
        </Form>
      </details>
    );
  };

  return (
    <div className="editor-page checks-page">
      <DocumentHeader document={document} current="checks" />
      <h2>Checks</h2>
      <ErrorSummary
        errors={reasonError && result?.findingId ? { [`reason-${result.findingId}`]: reasonError } : undefined}
        formError={result?.formError}
      />
      {result?.message ? (
        <div className="notice notice--success" role="status">
          {result.message}
        </div>
      ) : null}

      <div className="checks-overview">
        <p className="checks-overview__counts">
          <strong>{countsSentence(report.counts)}</strong>
          {report.dismissed ? `, and ${report.dismissed} left as ${report.dismissed === 1 ? "it is" : "they are"}` : ""}
          .
        </p>
        <p>
          Whole document:{" "}
          <ReadingAgeBadge
            scores={report.document}
            status={report.readingAgeStatus}
            target={report.target.readingAge}
          />
        </p>
        <ScoreDetails scores={report.document} />
        <p className="hint">
          Checked {timeFormat.format(new Date(report.checkedAt))} for this version of the document. Sentences of up to{" "}
          {report.target.maxSentenceWords} words suit this template.
        </p>
        <Form method="get" replace>
          <button type="submit" className="button" disabled={busy}>
            {checking ? "Checking…" : "Check again"}
          </button>
        </Form>
      </div>

      {report.checksRun ? (
        <details className="checks-key" open={report.checksRun.notRun.length > 0}>
          <summary>Which checks ran for {report.checksRun.languageName}</summary>
          <p>Ran: {report.checksRun.ran.join(", ")}.</p>
          {report.checksRun.notRun.length > 0 ? (
            <>
              <p>Not run:</p>
              <ul>
                {report.checksRun.notRun.map((entry) => (
                  <li key={entry.check}>
                    {entry.check}. {entry.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </details>
      ) : null}

      <details className="checks-key">
        <summary>What “must fix”, “should fix” and “tip” mean</summary>
        <dl>
          {(["blocker", "warning", "tip"] as const).map((severity) => (
            <div key={severity}>
              <dt>{SEVERITY_LABELS[severity].name}</dt>
              <dd>{SEVERITY_LABELS[severity].explanation}</dd>
            </div>
          ))}
        </dl>
      </details>

      <ChecksPanel
        findings={findings}
        sections={report.sections}
        readingAge={report.target.readingAge}
        renderActions={actions}
        headingLevel={3}
        showSummary={false}
      />

      {report.notChecked.length > 0 ? (
        <section className="checks-group" aria-labelledby="not-checked">
          <h3 id="not-checked">Not checked automatically</h3>
          <p>
            The automatic checker could not decide these. They are not counted as passed: a person should look at them
            in the printed leaflet or the web version.
          </p>
          <ul className="checks-not-checked">
            {report.notChecked.map((item) => (
              <li key={item.rule}>
                <strong>{item.help}</strong>
                {item.places > 0 ? ` (${item.places} ${item.places === 1 ? "place" : "places"})` : ""}. {item.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <p className="hint checks-page__words">
        Words we suggest changing come from your workspace’s word list
        {canManageWords ? (
          <>
            {" "}
            — <Link to="/word-list">change the word list</Link>
          </>
        ) : (
          <>
            {" "}
            — <Link to="/word-list">see the word list</Link>
          </>
        )}
        .
      </p>
    </div>
  );
}
