import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DocumentHeader } from "~/components/document-nav";
import { ErrorSummary, firstFieldErrors } from "~/components/forms";
import { SectionDiffList } from "~/components/section-diff";
import { SCOPES, SEVERITIES, type ApprovalPolicy, type Scope } from "~/domain/approval-policy";
import { isAppError } from "~/domain/errors";
import { ROLE_LABELS, ROLES } from "~/domain/permissions";
import { requireViewer } from "~/session.server";
import editorStyles from "~/styles/editor.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: editorStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Sign-off: ${data?.document.title ?? "a document"} – Copress` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(request, context);
  try {
    const state = await context.services.signoff.reviewState(viewer, params.id!);
    const report = await context.services.checks.runChecks(viewer, params.id!);
    return json({ ...state, checkCounts: report.counts, checkedHash: report.hash });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

interface ActionResult {
  intent: string;
  message?: string;
  error?: string;
  fields?: Record<string, string | undefined>;
  unmet?: Array<{ message: string }>;
  stale?: boolean;
  releaseId?: string;
}

function policyFromForm(form: FormData): ApprovalPolicy {
  const scope = (name: Scope) => ({
    required: Number(form.get(`${name}.required`) ?? 1),
    role: String(form.get(`${name}.role`) ?? "approver") as ApprovalPolicy["content"]["role"],
    requireLivedExperience: form.get(`${name}.requireLivedExperience`) === "on",
    contributorsCount: form.get(`${name}.contributorsCount`) === "on",
  });
  return { content: scope("content"), design: scope("design"), blockingSeverities: form.getAll("blockingSeverities").map(String) as ApprovalPolicy["blockingSeverities"] };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireViewer(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const { signoff } = context.services;
  try {
    switch (intent) {
      case "request": {
        signoff.requestReview(viewer, params.id!, String(form.get("message") ?? ""));
        return json<ActionResult>({ intent, message: "Done. The approvers have been told, and they'll see it when they next open Copress." });
      }
      case "decide": {
        const result = await signoff.decide(viewer, params.id!, {
          scope: form.get("scope"),
          decision: form.get("decision"),
          hash: form.get("hash"),
          comment: String(form.get("comment") ?? ""),
        });
        const what = result.scope === "content" ? "the words" : "the design";
        return json<ActionResult>({ intent, message: result.decision === "approve" ? `Thank you. You signed off ${what} of this version.` : `Thank you. Your request for changes to ${what} has been recorded.` });
      }
      case "publish": {
        const release = await signoff.publish(viewer, params.id!, { shareLink: form.get("shareLink") === "on" });
        return json<ActionResult>({ intent, message: `Published as release ${release.number}.`, releaseId: release.id });
      }
      case "policy": {
        signoff.setPolicy(viewer, params.id!, form.get("useWorkspace") === "yes" ? null : policyFromForm(form));
        return json<ActionResult>({ intent, message: "Sign-off rules saved for this document." });
      }
      default:
        return json<ActionResult>({ intent, error: "We didn't understand that request." }, { status: 400 });
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    const unmet = (error.details?.unmet as Array<{ message: string }> | undefined) ?? undefined;
    return json<ActionResult>(
      { intent, error: error.message, fields: firstFieldErrors(error.details), unmet, stale: error.code === "stale_hash" },
      { status: error.status },
    );
  }
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/London" });
const SCOPE_NAMES: Record<Scope, string> = { content: "Words (content)", design: "Design" };
const STATUS_TEXT = { counts: "Counts", stale: "Out of date", "not-counted": "Doesn't count", "changes-requested": "Asked for changes" } as const;

export default function Review() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { document, result: policyResult } = data;
  const approvals = [...policyResult.approvals].reverse();
  const mayDecide = (scope: Scope) => (scope === "content" ? data.can.approveContent : data.can.approveDesign);
  const fingerprint = data.hash.slice(0, 12);

  return (
    <div className="editor-page">
      <DocumentHeader document={document} current="signoff" />
      <h2>Sign-off</h2>
      <ErrorSummary errors={result?.fields} formError={result?.error} />
      {result?.stale ? (
        <p className="notice">
          <Link to=".">Open the latest version</Link> to review it.
        </p>
      ) : null}
      {result?.unmet?.length ? (
        <ul className="notice notice--error" aria-label="What is still needed">
          {result.unmet.map((u) => (
            <li key={u.message}>{u.message}</li>
          ))}
        </ul>
      ) : null}
      {result?.message ? (
        <div className="notice notice--success" role="status">
          {result.message} {result.releaseId ? <Link to={`/releases/${result.releaseId}`}>See the release</Link> : null}
        </div>
      ) : null}

      <section aria-labelledby="version-heading" className="review-box">
        <h3 id="version-heading">This version</h3>
        <p>
          Fingerprint <code className="fingerprint">{fingerprint}</code>{" "}
          <span className="hint">(it changes with every edit, so an approval is always for exactly what you saw)</span>
        </p>
        {policyResult.met ? (
          <p className="status-line status-line--ok">
            <strong>Ready to publish.</strong> Everything the sign-off rules ask for is done.
          </p>
        ) : (
          <>
            <p className="status-line">
              <strong>Not ready to publish yet.</strong> Still needed:
            </p>
            <ul>
              {policyResult.unmet.map((u) => (
                <li key={u.code}>{u.message}</li>
              ))}
            </ul>
          </>
        )}
        <p>
          Checks: {data.checkCounts.blocker} must-fix, {data.checkCounts.warning} warnings, {data.checkCounts.tip} tips.{" "}
          <Link to={`/documents/${document.id}/checks`}>See the checks</Link> ·{" "}
          <a href={`/api/documents/${document.id}/pdf`} target="_blank" rel="noreferrer">
            Preview the PDF<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </p>
      </section>

      {data.can.requestReview ? (
        <section aria-labelledby="request-heading">
          <h3 id="request-heading">Ask for sign-off</h3>
          <Form method="post">
            <input type="hidden" name="intent" value="request" />
            <div className="field">
              <label htmlFor="message">Message for the approvers (optional)</label>
              <textarea id="message" name="message" rows={2} maxLength={1000} />
            </div>
            <button type="submit" className="button button--secondary" disabled={busy}>
              Ask for sign-off
            </button>
          </Form>
        </section>
      ) : null}
      {data.reviewRequests.length > 0 ? (
        <details>
          <summary>Requests so far ({data.reviewRequests.length})</summary>
          <ul>
            {data.reviewRequests.map((r) => (
              <li key={r.id}>
                {r.by}, {dateFormat.format(new Date(r.at))}
                {r.message ? `: “${r.message}”` : ""} {r.hash === data.hash ? "(this version)" : "(an earlier version)"}
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      {SCOPES.filter(mayDecide).map((scope) => {
        const since = data.sinceMine[scope];
        return (
          <section key={scope} aria-labelledby={`decide-${scope}`} className="review-box">
            <h3 id={`decide-${scope}`}>Your decision: {SCOPE_NAMES[scope]}</h3>
            {since ? (
              <details open={scope === "content" ? since.content.length > 0 : since.design.length > 0}>
                <summary>What changed since you last approved ({dateFormat.format(new Date(since.approvedAt))})</summary>
                {scope === "content" ? (
                  <>
                    {since.titleChanged ? (
                      <p>
                        The title changed from “{since.titleChanged.from}” to “{since.titleChanged.to}”.
                      </p>
                    ) : null}
                    <SectionDiffList sections={since.content} headingLevel={4} />
                  </>
                ) : since.design.length === 0 ? (
                  <p>No design changes.</p>
                ) : (
                  <ul>
                    {since.design.map((change) => (
                      <li key={change.key}>
                        {change.key}: {JSON.stringify(change.from)} → {JSON.stringify(change.to)}
                      </li>
                    ))}
                  </ul>
                )}
              </details>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="decide" />
              <input type="hidden" name="scope" value={scope} />
              <input type="hidden" name="hash" value={data.hash} />
              <fieldset className="field checkboxes">
                <legend>Your decision on version {fingerprint}</legend>
                <label>
                  <input type="radio" name="decision" value="approve" defaultChecked /> Approve
                </label>
                <label>
                  <input type="radio" name="decision" value="changes" /> Ask for changes
                </label>
              </fieldset>
              <div className="field">
                <label htmlFor={`comment-${scope}`}>Comment</label>
                <p className="hint" id={`comment-${scope}-hint`}>
                  Needed if you ask for changes: say what should change.
                </p>
                <textarea id={`comment-${scope}`} name="comment" rows={3} maxLength={2000} aria-describedby={`comment-${scope}-hint`} />
              </div>
              <button type="submit" className="button" disabled={busy}>
                Send decision<span className="visually-hidden"> on {SCOPE_NAMES[scope]}</span>
              </button>
            </Form>
          </section>
        );
      })}

      <section aria-labelledby="approvals-heading">
        <h3 id="approvals-heading">Decisions so far</h3>
        {approvals.length === 0 ? (
          <p>Nobody has signed off yet.</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">Approvals and requests for changes, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">Part</th>
                <th scope="col">Decision</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {approvals.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.memberName}
                    {a.livedExperience ? <span className="tag">Lived experience</span> : null}
                  </td>
                  <td>{SCOPE_NAMES[a.scope]}</td>
                  <td>{a.decision === "approve" ? "Approved" : "Asked for changes"}</td>
                  <td>
                    <span className={`approval-status approval-status--${a.status}`}>{STATUS_TEXT[a.status]}</span>
                    {a.reason ? <span className="hint"> — {a.reason}</span> : null}
                  </td>
                  <td>{dateFormat.format(new Date(a.createdAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {data.can.release ? (
        <section aria-labelledby="publish-heading" className="review-box">
          <h3 id="publish-heading">Publish</h3>
          <p>Publishing makes a release that never changes: its PDF and web page stay exactly as signed off, whatever happens to the document later.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <div className="field checkboxes">
              <label>
                <input type="checkbox" name="shareLink" /> Also make a web link anyone can open (no sign-in)
              </label>
            </div>
            <button type="submit" className="button" disabled={busy}>
              Publish this version
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="releases-heading">
        <h3 id="releases-heading">Published releases</h3>
        {data.releases.length === 0 ? (
          <p>Nothing published yet.</p>
        ) : (
          <ul>
            {data.releases.map((r) => (
              <li key={r.id}>
                <Link to={`/releases/${r.id}`}>Release {r.number}</Link> — {dateFormat.format(new Date(r.createdAt))}, by {r.releasedBy}
              </li>
            ))}
          </ul>
        )}
      </section>

      {data.can.release ? <PolicyForm policy={data.policy} source={data.policySource} /> : null}
    </div>
  );
}

function PolicyForm({ policy, source }: { policy: ApprovalPolicy; source: string }) {
  return (
    <details className="review-box">
      <summary>Who signs off this document? ({source === "document" ? "rules for this document" : "the workspace's rules"})</summary>
      <Form method="post">
        <input type="hidden" name="intent" value="policy" />
        {SCOPES.map((scope) => (
          <fieldset key={scope} className="field">
            <legend>{SCOPE_NAMES[scope]}</legend>
            <div className="field">
              <label htmlFor={`${scope}-required`}>Approvals needed</label>
              <select id={`${scope}-required`} name={`${scope}.required`} defaultValue={policy[scope].required}>
                {[0, 1, 2, 3].map((n) => (
                  <option key={n} value={n}>
                    {n === 0 ? "None" : n}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${scope}-role`}>From someone with the role</label>
              <select id={`${scope}-role`} name={`${scope}.role`} defaultValue={policy[scope].role}>
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {ROLE_LABELS[role]}
                  </option>
                ))}
              </select>
            </div>
            <div className="checkboxes">
              <label>
                <input type="checkbox" name={`${scope}.requireLivedExperience`} defaultChecked={policy[scope].requireLivedExperience} /> At least one from someone with lived experience
              </label>
              <label>
                <input type="checkbox" name={`${scope}.contributorsCount`} defaultChecked={policy[scope].contributorsCount} /> Approvals from people who worked on it count
              </label>
            </div>
          </fieldset>
        ))}
        <fieldset className="field checkboxes">
          <legend>Check results that stop sign-off</legend>
          {SEVERITIES.map((severity) => (
            <label key={severity}>
              <input type="checkbox" name="blockingSeverities" value={severity} defaultChecked={policy.blockingSeverities.includes(severity)} />
              {severity === "blocker" ? "Must-fix problems" : severity === "warning" ? "Warnings" : "Tips"}
            </label>
          ))}
        </fieldset>
        <div className="checkboxes field">
          <label>
            <input type="checkbox" name="useWorkspace" value="yes" /> Use the workspace's rules instead
          </label>
        </div>
        <button type="submit" className="button button--secondary">
          Save sign-off rules
        </button>
      </Form>
    </details>
  );
}
