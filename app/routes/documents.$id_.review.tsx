import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { answerChangeRequestAction } from "~/change-requests.server";
import { ChangeRequestCard, formatWhen } from "~/components/change-requests";
import { DocumentHeader } from "~/components/document-nav";
import { ErrorSummary, firstFieldErrors } from "~/components/forms";
import { sectionChangeLabel } from "~/components/section-diff";
import { SCOPES, SEVERITIES, type ApprovalPolicy, type Scope } from "~/domain/approval-policy";
import { describeDesignChange } from "~/domain/design-change-words";
import type { SectionDiff } from "~/domain/document-diff";
import { isAppError } from "~/domain/errors";
import { ROLE_LABELS, ROLES } from "~/domain/permissions";
import { lazy, Suspense, useEffect, useRef } from "react";
import { useHydrated } from "~/components/use-hydrated";
import { requireViewer } from "~/session.server";
import { PRINTED_LAYOUT_RULES } from "~/domain/checks/layout-rules";
import editorStyles from "~/styles/editor.css";
import { DecisionsSection } from "~/components/decisions-section";
import { LanguagesSection, type FamilyMember } from "~/components/languages-section";
import { decisionRulesOf } from "~/domain/approval-policy";
import {
  DECISION_AREA_LABELS,
  DECISION_AREAS,
  decidersInWords,
  type DecisionArea,
  type DecisionRules,
} from "~/domain/decisions";
import type { AppLoadContext } from "@remix-run/node";
import type { Viewer } from "../../server/services/auth";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: editorStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Sign-off: ${data?.document.title ?? "a document"} – Copress` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  try {
    const state = await context.services.signoff.reviewState(viewer, params.id!, { withText: true });
    const report = await context.services.checks.runChecks(viewer, params.id!);
    // Open comments: nothing the sign-off rules count, but worth a look before publishing (a question unanswered).
    const openComments = (await context.services.comments.listThreads(viewer, params.id!)).filter(
      (thread) => !thread.resolved,
    ).length;
    const templateNames = Object.fromEntries([...context.services.templates.values()].map((t) => [t.id, t.name]));
    // How it prints (text set smaller, content that does not fit, blank pages), in the report's own words.
    const printFindings = report.findings
      .filter((finding) => PRINTED_LAYOUT_RULES.has(finding.rule) && !finding.dismissal)
      .map(({ id, severity, message, help }) => ({ id, severity, message, help }));
    // Group decisions (issue 15): who decides each area, in words, and a form filled in from the editor's link.
    const decisions = await context.services.decisions.list(viewer, params.id!);
    const members = await context.services.members.listMembers(viewer);
    const nameOf = (id: string) => members.find((m) => m.userId === id)?.displayName ?? null;
    const rules = decisionRulesOf(state.policy);
    const deciders = Object.fromEntries(
      DECISION_AREAS.map((area) => [area, decidersInWords(rules[area], nameOf)]),
    ) as Record<DecisionArea, string>;
    const url = new URL(request.url);
    const raiseArea = url.searchParams.get("area");
    const raise = url.searchParams.has("question")
      ? {
          question: (url.searchParams.get("question") ?? "").slice(0, 300),
          area: (DECISION_AREAS as readonly string[]).includes(raiseArea ?? "")
            ? (raiseArea as DecisionArea)
            : "content",
          options: url.searchParams.getAll("option").slice(0, 6),
          source:
            url.searchParams.get("sourceKind") && url.searchParams.get("sourceId")
              ? { kind: url.searchParams.get("sourceKind")!, id: url.searchParams.get("sourceId")! }
              : null,
        }
      : null;
    // The document's languages (issue 16): the original and every translation, each with where it stands.
    const family = await context.services.translations.family(viewer, params.id!);
    const familyMembers: FamilyMember[] = await Promise.all(
      [
        { ...family.source, needsWork: null as number | null },
        ...family.translations.map((t) => ({ ...t, needsWork: t.needsWork as number | null })),
      ].map(async (member) => {
        const releases = await context.services.signoff.listReleases(viewer, member.id);
        return {
          id: member.id,
          title: member.title,
          language: member.language,
          languageName: member.languageName,
          needsWork: member.needsWork,
          signedOff: await context.services.signoff.isApproved(member.id),
          latestRelease: releases[0]?.number ?? null,
        };
      }),
    );
    return json({
      ...state,
      familyMembers,
      checkCounts: report.counts,
      openComments,
      checkedHash: report.hash,
      templateNames,
      printFindings,
      decisions,
      deciders,
      raise,
      me: viewer.userId,
      workspaceName: viewer.member.workspaceName,
    });
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
  /** What the approver sent, kept when a decision is refused. */
  decision?: { scope: string; decision: string; comment: string; sectionIds: string[] };
  /** The group decision a form was about. */
  decisionId?: string;
}

function policyFromForm(form: FormData): ApprovalPolicy {
  const scope = (name: Scope) => ({
    required: Number(form.get(`${name}.required`) ?? 1),
    role: String(form.get(`${name}.role`) ?? "approver") as ApprovalPolicy["content"]["role"],
    requireLivedExperience: form.get(`${name}.requireLivedExperience`) === "on",
    contributorsCount: form.get(`${name}.contributorsCount`) === "on",
  });
  return {
    content: scope("content"),
    design: scope("design"),
    blockingSeverities: form.getAll("blockingSeverities").map(String) as ApprovalPolicy["blockingSeverities"],
    suggestionsBlock: form.get("suggestionsBlock") === "on",
    decisions: {
      ...(Object.fromEntries(
        DECISION_AREAS.map((area) => [
          area,
          {
            roles: form.getAll(`decisions.${area}.roles`).map(String),
            // Named people are kept as they were (they are chosen through the API).
            people: form.getAll(`decisions.${area}.people`).map(String),
            livedExperience: form.get(`decisions.${area}.livedExperience`) === "on",
          },
        ]),
      ) as unknown as Pick<DecisionRules, DecisionArea>),
      coordinatorOverride: form.get("decisions.coordinatorOverride") === "on",
      block: form.get("decisions.block") === "on",
    },
  };
}

/** The id of each decision form's field, so the error summary can link to it. */
const decisionFieldId = (scope: string, field: string) =>
  `${scope === "design" ? "design" : "content"}-${field === "sectionIds" ? "sections" : field}`;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const { signoff } = context.services;
  if (intent === "answer") return answerChangeRequestAction(context, viewer, params.id!, form);
  if (intent.startsWith("decision-")) return decisionAction(context, viewer, params.id!, intent, form);
  if (intent === "translation-add") {
    try {
      const made = await context.services.translations.create(viewer, params.id!, {
        language: String(form.get("language") ?? ""),
      });
      return redirect(`/documents/${made.id}?panel=source`);
    } catch (error) {
      if (!isAppError(error)) throw error;
      return json<ActionResult>({ intent, error: error.message }, { status: error.status });
    }
  }
  const decisionInput = {
    scope: String(form.get("scope") ?? ""),
    decision: String(form.get("decision") ?? ""),
    comment: String(form.get("comment") ?? ""),
    sectionIds: form.getAll("sectionIds").map(String),
  };
  try {
    switch (intent) {
      case "request": {
        await signoff.requestReview(viewer, params.id!, String(form.get("message") ?? ""));
        return json<ActionResult>({
          intent,
          message:
            "Done. The approvers have been told, and they'll see it when they next open Copress. A version was saved, so everyone can see what you sent.",
        });
      }
      case "decide": {
        const result = await signoff.decide(viewer, params.id!, {
          scope: form.get("scope"),
          decision: form.get("decision"),
          hash: form.get("hash"),
          comment: decisionInput.comment,
          sectionIds: decisionInput.sectionIds,
        });
        const what = result.scope === "content" ? "the words" : "the design";
        return json<ActionResult>({
          intent,
          message:
            result.decision === "approve"
              ? `Thank you. You signed off ${what} of this version.`
              : `Thank you. The people who can change ${what} have been told what you asked, and a version was saved. You'll hear when they answer.`,
        });
      }
      case "publish": {
        const release = await signoff.publish(viewer, params.id!, { shareLink: form.get("shareLink") === "on" });
        return json<ActionResult>({
          intent,
          message: `Published as release ${release.number}.`,
          releaseId: release.id,
        });
      }
      case "policy": {
        await signoff.setPolicy(viewer, params.id!, form.get("useWorkspace") === "yes" ? null : policyFromForm(form));
        return json<ActionResult>({ intent, message: "Sign-off rules saved for this document." });
      }
      default:
        return json<ActionResult>({ intent, error: "We didn't understand that request." }, { status: 400 });
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    const unmet = (error.details?.unmet as Array<{ message: string }> | undefined) ?? undefined;
    let fields = firstFieldErrors(error.details);
    if (intent === "decide")
      fields = Object.fromEntries(
        Object.entries(fields).map(([field, message]) => [decisionFieldId(decisionInput.scope, field), message]),
      );
    if (intent === "request")
      fields = Object.fromEntries(Object.entries(fields).map(([, message]) => ["message", message]));
    const hasFields = Object.values(fields).some(Boolean);
    return json<ActionResult>(
      {
        intent,
        error: hasFields
          ? undefined
          : intent === "publish" && unmet?.length
            ? `${error.message} What is still needed is listed under “This version”.`
            : error.message,
        fields,
        unmet,
        stale: error.code === "stale_hash",
        decision: intent === "decide" ? decisionInput : undefined,
      },
      { status: error.status },
    );
  }
}

/** The group-decision forms: raise, give a view, decide (app/components/decisions-section.tsx). */
async function decisionAction(
  context: AppLoadContext,
  viewer: Viewer,
  documentId: string,
  intent: string,
  form: FormData,
) {
  const decisionId = String(form.get("decisionId") ?? "");
  const { decisions } = context.services;
  try {
    if (intent === "decision-raise") {
      const sourceKind = String(form.get("sourceKind") ?? "");
      const sourceId = String(form.get("sourceId") ?? "");
      await decisions.raise(viewer, documentId, {
        question: String(form.get("question") ?? ""),
        area: String(form.get("area") ?? ""),
        options: String(form.get("options") ?? "")
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean),
        ...(sourceKind && sourceId ? { source: { kind: sourceKind, id: sourceId } } : {}),
      });
      return json<ActionResult>({ intent, message: "Decision raised. The people who decide it have been told." });
    }
    if (intent === "decision-view") {
      const option = String(form.get("option") ?? "");
      await decisions.setView(viewer, documentId, decisionId, {
        option: option === "" ? null : Number(option),
        note: String(form.get("note") ?? ""),
      });
      return json<ActionResult>({ intent, decisionId, message: "Thank you. Your view is with the others." });
    }
    if (intent === "decision-outcome") {
      await decisions.decide(viewer, documentId, decisionId, {
        option: Number(form.get("option") ?? NaN),
        reason: String(form.get("reason") ?? ""),
      });
      return json<ActionResult>({ intent, decisionId, message: "Decided. Everyone can see what was decided and why." });
    }
    return json<ActionResult>({ intent, error: "We didn't understand that request." }, { status: 400 });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json<ActionResult>({ intent, decisionId, error: error.message }, { status: error.status });
  }
}

const SCOPE_NAMES: Record<Scope, string> = { content: "Words", design: "Design" };
const SCOPE_WORDS: Record<Scope, string> = { content: "the words", design: "the design" };
const STATUS_TEXT = {
  counts: "Counts",
  stale: "Out of date",
  "not-counted": "Doesn't count",
  "changes-requested": "Asked for changes",
} as const;
const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
const dayFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/London",
});

export default function Review() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData && "requestId" in actionData ? undefined : (actionData as ActionResult | undefined);
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { document, result: policyResult } = data;
  const approvals = [...policyResult.approvals].reverse();
  const mayDecide = (scope: Scope) => (scope === "content" ? data.can.approveContent : data.can.approveDesign);
  const decidingScopes = SCOPES.filter(mayDecide);
  // At the top: requests still open, and ones answered since their approver last decided on that part (she needs to
  // look again). Below: the rest, for the record.
  const decidedSince = (r: (typeof data.changeRequests)[number]) =>
    policyResult.approvals.some(
      (a) => a.userId === r.by.userId && a.scope === r.scope && r.closedAt !== null && a.createdAt > r.closedAt,
    );
  const currentRequests = data.changeRequests.filter(
    (r) => r.status === "open" || (r.status === "done" && !decidedSince(r)),
  );
  const openCount = currentRequests.filter((r) => r.status === "open").length;
  const answeredCount = currentRequests.length - openCount;
  const settledRequests = data.changeRequests.filter((r) => !currentRequests.includes(r));
  // A request for sign-off that a release has since answered is not shown any more.
  const latest =
    data.latestReviewRequest &&
    !data.releases.some((release) => Date.parse(release.createdAt) > Date.parse(data.latestReviewRequest!.at))
      ? data.latestReviewRequest
      : null;
  // Publishing the same version again would only make a copy: once it is out, the page says where it is instead.
  const publishedNow = data.releases.find((release) => release.hash === data.hash) ?? null;
  const notDone = data.sections.filter((section) => section.status !== "done");
  const unfinished = unfinishedWords(notDone.length, data.openComments);
  const earlierRequests = data.reviewRequests.filter((r) => r.id !== latest?.id);
  const savedAt = new Date(document.updatedAt);
  // What a decision, a request or publishing did is said where the person is: on a phone the form is far below the
  // top, so the confirmation takes the focus and comes into view (a second tap would send it again).
  const confirmation = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!result?.message || !confirmation.current) return;
    confirmation.current.focus();
    confirmation.current.scrollIntoView({ block: "center" });
  }, [result]);
  const since = data.sinceLastDecision.content;

  return (
    <div className="editor-page review-page">
      <DocumentHeader document={document} current="signoff" />
      <h2>Sign-off</h2>
      <ErrorSummary errors={result?.fields} formError={result?.error} />
      {result?.stale ? (
        <p className="notice">
          <Link to=".">Open the latest version</Link> to review it.
        </p>
      ) : null}
      {/* A refused publish: what is still needed is listed once, under "This version" (it is kept up to date). */}
      {result?.unmet?.length && result.intent !== "publish" ? (
        <ul className="notice notice--error notice--list" aria-label="What is still needed">
          {result.unmet.map((u) => (
            <li key={u.message}>{u.message}</li>
          ))}
        </ul>
      ) : null}
      {result?.message ? (
        <div className="notice notice--success" role="status" tabIndex={-1} ref={confirmation}>
          {result.message} {result.releaseId ? <Link to={`/releases/${result.releaseId}`}>See the release</Link> : null}
        </div>
      ) : null}

      {latest ? (
        <section aria-labelledby="request-message-heading" className="review-request">
          <h3 id="request-message-heading">{latest.by} asked for sign-off</h3>
          <p className="hint">
            {formatWhen(latest.at)},{" "}
            {latest.hash === data.hash
              ? "for the version you see here."
              : "for an earlier version. The document has changed since."}
          </p>
          {latest.message ? (
            <blockquote className="review-request__message">
              <p>{latest.message}</p>
            </blockquote>
          ) : (
            <p>{latest.by} did not add a message.</p>
          )}
        </section>
      ) : null}

      {currentRequests.length > 0 ? (
        <section aria-labelledby="open-changes-heading" className="review-changes">
          <h3 id="open-changes-heading">
            Changes asked for
            {openCount > 0 ? `: ${openCount} waiting for an answer` : ""}
            {answeredCount > 0 ? `${openCount > 0 ? "," : ":"} ${answeredCount} answered` : ""}
          </h3>
          {currentRequests.map((request) => (
            <ChangeRequestCard
              key={request.id}
              request={request}
              viewerId={data.viewerId}
              canMarkDone={request.scope === "content" ? data.can.answerContent : data.can.answerDesign}
              action={`/documents/${document.id}/review`}
              headingLevel={4}
            />
          ))}
        </section>
      ) : null}

      <section aria-labelledby="version-heading" className="review-box">
        <h3 id="version-heading">This version</h3>
        <p>
          This version was saved at {timeFormat.format(savedAt)} on {dayFormat.format(savedAt)}. A sign-off is for
          exactly this version: if anyone changes it afterwards, Copress shows that, and the sign-off no longer counts
          for the part that changed.
        </p>
        {policyResult.met && publishedNow ? (
          <p className="status-line status-line--ok">
            <strong>Published.</strong> This version is{" "}
            <Link to={`/releases/${publishedNow.id}`}>release {publishedNow.number}</Link>.
          </p>
        ) : policyResult.met ? (
          <p className="status-line status-line--ok">
            <strong>Ready to publish.</strong> Everything the sign-off rules ask for is done.
            {data.can.release ? (
              <>
                {" "}
                <a href="#publish-heading">Go to Publish</a>
              </>
            ) : null}
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
        {publishedNow ? null : (
          <WorthALook documentId={document.id} sections={notDone} openComments={data.openComments} />
        )}
        <p>
          {/* In the Checks page's own words. */}
          Checks: {data.checkCounts.blocker} must fix, {data.checkCounts.warning} should fix, {data.checkCounts.tip}{" "}
          {data.checkCounts.tip === 1 ? "tip" : "tips"}.{" "}
          <Link to={`/documents/${document.id}/checks`}>See the checks</Link> ·{" "}
          <a href={`/api/documents/${document.id}/pdf`} target="_blank" rel="noreferrer">
            Preview the PDF<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </p>
        {data.printFindings.length > 0 ? (
          <div className="notice notice--warning">
            <h4 className="notice__title">How it prints</h4>
            <ul>
              {data.printFindings.map((finding) => (
                <li key={finding.id}>
                  {finding.severity === "blocker" ? <strong>Must fix: </strong> : null}
                  {finding.message} {finding.help}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      {decidingScopes.length > 0 && data.text ? (
        <section aria-labelledby="text-heading" className="review-text">
          <h3 id="text-heading">Read the text</h3>
          <p>
            <a href={`#decide-${decidingScopes[0]}`}>Go straight to your decision</a>
          </p>
          {since ? (
            <>
              <p>
                Since your last decision (
                {since.decision === "approve" ? "you approved the words" : "you asked for changes"} on{" "}
                {formatWhen(since.decidedAt)}), changes are marked{" "}
                <ins className="diff-added">
                  <span className="diff-label">Added</span> like this
                </ins>{" "}
                and{" "}
                <del className="diff-removed">
                  <span className="diff-label">Removed</span> like this
                </del>
                .
              </p>
              {since.titleChanged ? (
                <p>
                  The title changed from “{since.titleChanged.from}” to “{since.titleChanged.to}”.
                </p>
              ) : null}
              <ReviewText sections={since.content} />
            </>
          ) : (
            <>
              <p className="hint">
                You have not decided on this document before, so here is the whole text as readers will see it.
              </p>
              {/* Built from validated design values only (hex colours, known fonts): safe to write as it is. */}
              <style dangerouslySetInnerHTML={{ __html: data.text.css }} />
              {/* The one HTML renderer (app/render/html.ts) escapes every text and allows only safe links and pictures. */}
              <div
                className="version-view review-text__document"
                dangerouslySetInnerHTML={{ __html: data.text.markup }}
              />
            </>
          )}
        </section>
      ) : null}

      {decidingScopes.includes("design") && data.pages ? (
        <section aria-labelledby="pages-heading" className="review-text">
          <h3 id="pages-heading">Look at the pages</h3>
          <p>
            The pages as they will print, with this design.{" "}
            <a href={`#decide-design`}>Go to your decision on the design</a>
          </p>
          <DesignPages pages={data.pages} workspaceName={data.workspaceName} />
        </section>
      ) : null}

      {decidingScopes.map((scope) => (
        <DecisionForm
          key={scope}
          scope={scope}
          hash={data.hash}
          sections={data.sections}
          busy={busy}
          sent={result?.intent === "decide" && result.decision?.scope === scope ? result : undefined}
          designChanges={scope === "design" && data.sinceLastDecision.design ? data.sinceLastDecision.design : null}
          templateNames={data.templateNames}
        />
      ))}

      {/* Once this version is signed off (or published), there is nothing to ask for: the form would only send again. */}
      {data.can.requestReview && !policyResult.met ? (
        <section aria-labelledby="request-heading" className="review-box">
          <h3 id="request-heading">Ask for sign-off</h3>
          <p>
            The approvers will be told, with your message. Copress saves a version too, so everyone can see what you
            sent.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="request" />
            <div className={`field${result?.fields?.message ? " field--error" : ""}`}>
              <label htmlFor="message">Message for the approvers (optional)</label>
              {result?.fields?.message ? (
                <p className="field-error" id="message-error">
                  <span className="visually-hidden">Error: </span>
                  {result.fields.message}
                </p>
              ) : null}
              <textarea
                id="message"
                name="message"
                rows={3}
                maxLength={1000}
                aria-describedby={result?.fields?.message ? "message-error" : undefined}
              />
            </div>
            <button
              type="submit"
              className={`button${decidingScopes.length > 0 || data.can.release ? " button--secondary" : ""}`}
              disabled={busy}
            >
              Ask for sign-off
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="approvals-heading">
        <h3 id="approvals-heading">Decisions so far</h3>
        {approvals.length === 0 ? (
          <p>Nobody has signed off yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="table table--stack">
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
                    <td data-label="Who">
                      {a.memberName}
                      {a.livedExperience ? <span className="tag">Lived experience</span> : null}
                    </td>
                    <td data-label="Part">{SCOPE_NAMES[a.scope]}</td>
                    <td data-label="Decision">{a.decision === "approve" ? "Approved" : "Asked for changes"}</td>
                    <td data-label="Status">
                      <span className={`approval-status approval-status--${a.status}`}>{STATUS_TEXT[a.status]}</span>
                      {a.reason ? <span className="hint"> — {a.reason}</span> : null}
                    </td>
                    <td data-label="When">{formatWhen(a.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <LanguagesSection
        currentId={document.id}
        members={data.familyMembers}
        canAdd={data.can.release}
        busy={busy}
        result={result}
      />

      <DecisionsSection
        decisions={data.decisions}
        me={data.me}
        deciders={data.deciders}
        busy={busy}
        // Once raised, the form is empty again (and the link's question is not offered twice).
        raise={result?.intent === "decision-raise" && result.message ? null : data.raise}
        result={result?.intent.startsWith("decision-") ? result : undefined}
      />

      {settledRequests.length > 0 ? (
        <section aria-labelledby="settled-changes-heading">
          <h3 id="settled-changes-heading">Earlier requests for changes</h3>
          {settledRequests.map((request) => (
            <ChangeRequestCard
              key={request.id}
              request={request}
              viewerId={data.viewerId}
              canMarkDone={false}
              action={`/documents/${document.id}/review`}
              headingLevel={4}
            />
          ))}
        </section>
      ) : null}

      {earlierRequests.length > 0 ? (
        <section aria-labelledby="earlier-requests-heading">
          <h3 id="earlier-requests-heading">Earlier requests for sign-off</h3>
          <ul>
            {earlierRequests.map((r) => (
              <li key={r.id}>
                {r.by}, {formatWhen(r.at)}
                {r.message ? (
                  <>
                    : <q>{r.message}</q>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.can.release && publishedNow ? (
        <section aria-labelledby="publish-heading" className="review-box">
          <h3 id="publish-heading">Publish</h3>
          <p>
            This version is already published as{" "}
            <Link to={`/releases/${publishedNow.id}`}>release {publishedNow.number}</Link>. Once the document changes
            and is signed off again, you can publish the new version here.
          </p>
        </section>
      ) : data.can.release && !policyResult.met ? (
        // Not offered before the version is ready: a button that can only be refused would be a trap.
        <section aria-labelledby="publish-heading" className="review-box">
          <h3 id="publish-heading">Publish</h3>
          <p>
            You can publish this version once it is ready. <a href="#version-heading">See what is still needed</a> under
            “This version”.
          </p>
        </section>
      ) : data.can.release ? (
        <section aria-labelledby="publish-heading" className="review-box">
          <h3 id="publish-heading">Publish</h3>
          <p>
            Publishing makes a release that never changes: its PDF and web page stay exactly as signed off, whatever
            happens to the document later.
          </p>
          {unfinished ? (
            <p>
              Before you publish: {unfinished} (<a href="#worth-a-look-heading">worth a look</a>).
            </p>
          ) : null}
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
                <Link to={`/releases/${r.id}`}>Release {r.number}</Link> — {formatWhen(r.createdAt)}, by {r.releasedBy}
                {r.hash === data.hash ? " (the version you see here)" : ""}.{" "}
                <a href={`/api/releases/${r.id}/pdf`} download>
                  PDF<span className="visually-hidden"> of release {r.number}</span>
                </a>{" "}
                ·{" "}
                <a href={`/api/releases/${r.id}/html`} target="_blank" rel="noopener noreferrer">
                  Web version<span className="visually-hidden"> of release {r.number} (opens in a new tab)</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      {data.can.release ? <PolicyForm policy={data.policy} source={data.policySource} /> : null}
    </div>
  );
}

// The live page preview of the design page, drawn in the browser; fetched only for people who sign off the design.
const LayoutPreview = lazy(() =>
  import("~/components/layout-preview").then((module) => ({ default: module.LayoutPreview })),
);

/** The pages as they will print, for a design approver to look at before deciding. */
function DesignPages({
  pages,
  workspaceName,
}: {
  pages: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["pages"]>;
  workspaceName: string;
}) {
  const hydrated = useHydrated();
  const drawing = <p className="hint">Drawing the pages…</p>;
  if (!hydrated) return drawing;
  return (
    <div className="review-pages">
      <Suspense fallback={drawing}>
        <LayoutPreview
          content={pages.content as Parameters<typeof LayoutPreview>[0]["content"]}
          title={pages.title}
          workspaceName={workspaceName}
          design={pages.design}
          template={pages.template}
          logoUrl={pages.design.logoUploadId ? `/uploads/${pages.design.logoUploadId}` : null}
          colourVision={null}
          zoom="fit"
        />
      </Suspense>
    </div>
  );
}

/** "3 sections are not marked done and 1 comment is still open", or null when there is nothing to say. */
function unfinishedWords(sections: number, comments: number): string | null {
  const parts = [
    sections > 0 ? `${sections === 1 ? "1 section is" : `${sections} sections are`} not marked done` : "",
    comments > 0 ? `${comments === 1 ? "1 comment is" : `${comments} comments are`} still open` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" and ") : null;
}

/**
 * What the sign-off rules do not count but a group would want to know before publishing: sections their writers have
 * not marked done, and comments nobody has resolved. Neither stops publishing (the sign-offs are for the words as they
 * are); both are easy to miss from this page.
 */
function WorthALook({
  documentId,
  sections,
  openComments,
}: {
  documentId: string;
  sections: Array<{ id: string; title: string; statusLabel: string }>;
  openComments: number;
}) {
  if (sections.length === 0 && openComments === 0) return null;
  const named = (section: { title: string; statusLabel: string }) =>
    `“${section.title.trim() || "Untitled section"}” (${section.statusLabel.toLowerCase()})`;
  return (
    <div className="notice" role="note" aria-labelledby="worth-a-look-heading">
      <h4 className="notice__title" id="worth-a-look-heading">
        Worth a look before publishing
      </h4>
      <ul>
        {sections.length > 0 ? (
          <li>
            {sections.length === 1 ? "1 section is" : `${sections.length} sections are`} not marked done yet:{" "}
            {sections.map(named).join(", ")}.
          </li>
        ) : null}
        {openComments > 0 ? (
          <li>{openComments === 1 ? "1 comment is" : `${openComments} comments are`} still open.</li>
        ) : null}
      </ul>
      <p>
        These do not stop publishing: a sign-off is for the words as they are now.{" "}
        <Link to={`/documents/${documentId}`}>Open the document</Link> to see them (Sections and Comments, beside the
        text).
      </p>
    </div>
  );
}

/** The text of every section with the words added and removed since the approver's last decision marked in words. */
function ReviewText({ sections }: { sections: SectionDiff[] }) {
  return (
    <div className="review-text__sections">
      {sections.map((section) => (
        <article
          key={section.sectionId}
          className={`review-text__section review-text__section--${section.change}`}
          aria-labelledby={`text-${section.sectionId}`}
        >
          <h4 id={`text-${section.sectionId}`}>
            {section.title || "Untitled section"}{" "}
            {section.change === "unchanged" ? (
              <span className="hint review-text__same">No changes</span>
            ) : (
              <span className="tag">{sectionChangeLabel(section.change)}</span>
            )}
          </h4>
          {section.previousTitle ? <p className="hint">Was called “{section.previousTitle}”.</p> : null}
          <p className="review-text__words">
            {section.parts.map((part, index) =>
              part.added ? (
                <ins key={index} className="diff-added">
                  <span className="diff-label">Added</span> {part.value}
                </ins>
              ) : part.removed ? (
                <del key={index} className="diff-removed">
                  <span className="diff-label">Removed</span> {part.value}
                </del>
              ) : (
                <span key={index}>{part.value}</span>
              ),
            )}
          </p>
        </article>
      ))}
    </div>
  );
}

function DecisionForm({
  scope,
  hash,
  sections,
  busy,
  sent,
  designChanges,
  templateNames,
}: {
  scope: Scope;
  hash: string;
  sections: Array<{ id: string; title: string }>;
  busy: boolean;
  sent?: ActionResult;
  designChanges: { decidedAt: string; design: Array<{ key: string; from?: unknown; to?: unknown }> } | null;
  templateNames: Record<string, string>;
}) {
  const fieldError = (field: string) => sent?.fields?.[`${scope}-${field}`];
  const decisionError = fieldError("decision");
  const commentError = fieldError("comment");
  const sectionsError = fieldError("sections");
  const kept = sent?.decision;
  const sectionChoices = (
    <div className={`field${sectionsError ? " field--error" : ""}`}>
      <fieldset
        className="review-sections"
        aria-describedby={`${scope}-sections-hint${sectionsError ? ` ${scope}-sections-error` : ""}`}
      >
        <legend>Which sections is it about? (optional)</legend>
        <p className="hint" id={`${scope}-sections-hint`}>
          Leave these empty if it is about the whole document.
        </p>
        {sectionsError ? (
          <p className="field-error" id={`${scope}-sections-error`}>
            <span className="visually-hidden">Error: </span>
            {sectionsError}
          </p>
        ) : null}
        {sections.map((section, index) => (
          <label key={section.id}>
            <input
              type="checkbox"
              id={index === 0 ? `${scope}-sections` : undefined}
              name="sectionIds"
              value={section.id}
              defaultChecked={kept?.sectionIds.includes(section.id)}
            />{" "}
            {section.title || "Untitled section"}
          </label>
        ))}
      </fieldset>
    </div>
  );
  const lines =
    designChanges?.design.flatMap((change) =>
      describeDesignChange({ key: change.key, from: change.from ?? null, to: change.to ?? null }, templateNames),
    ) ?? [];
  return (
    <section aria-labelledby={`decide-${scope}`} className="review-box review-decision">
      <h3 id={`decide-${scope}`}>Your decision on {SCOPE_WORDS[scope]}</h3>
      {designChanges ? (
        <>
          <h4>What changed in the design since your last decision ({formatWhen(designChanges.decidedAt)})</h4>
          {lines.length === 0 ? (
            <p>Nothing has changed in the design since then.</p>
          ) : (
            <ul className="design-change-list">
              {lines.map((line, index) => (
                <li key={index}>
                  {line.what}:{" "}
                  {line.colours ? (
                    <span
                      className="colour-swatch colour-swatch--small"
                      style={{ background: line.colours.from }}
                      aria-hidden="true"
                    />
                  ) : null}{" "}
                  {line.from} →{" "}
                  {line.colours ? (
                    <span
                      className="colour-swatch colour-swatch--small"
                      style={{ background: line.colours.to }}
                      aria-hidden="true"
                    />
                  ) : null}{" "}
                  {line.to}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="scope" value={scope} />
        {/* The exact version this decision is for (its hash), so a decision never lands on a version nobody saw. */}
        <input type="hidden" name="hash" value={hash} />
        <div className={`field${decisionError ? " field--error" : ""}`}>
          <fieldset className="checkboxes" aria-describedby={decisionError ? `${scope}-decision-error` : undefined}>
            <legend>Do you approve {SCOPE_WORDS[scope]} of this version?</legend>
            {decisionError ? (
              <p className="field-error" id={`${scope}-decision-error`}>
                <span className="visually-hidden">Error: </span>
                {decisionError}
              </p>
            ) : null}
            <label>
              <input
                type="radio"
                id={`${scope}-decision`}
                name="decision"
                value="approve"
                defaultChecked={kept?.decision === "approve"}
              />{" "}
              Approve
            </label>
            <label>
              <input type="radio" name="decision" value="changes" defaultChecked={kept?.decision === "changes"} /> Ask
              for changes
            </label>
          </fieldset>
        </div>
        <div className={`field${commentError ? " field--error" : ""}`}>
          <label htmlFor={`${scope}-comment`}>Your comment</label>
          <p className="hint" id={`${scope}-comment-hint`}>
            If you ask for changes, say what should change. The people who can change it will see your words.
          </p>
          {commentError ? (
            <p className="field-error" id={`${scope}-comment-error`}>
              <span className="visually-hidden">Error: </span>
              {commentError}
            </p>
          ) : null}
          <textarea
            id={`${scope}-comment`}
            name="comment"
            rows={4}
            maxLength={2000}
            defaultValue={kept?.comment}
            aria-describedby={[`${scope}-comment-hint`, commentError ? `${scope}-comment-error` : null]
              .filter(Boolean)
              .join(" ")}
          />
        </div>
        {sections.length > 0 && scope === "design" ? (
          <details className="review-sections-more" open={Boolean(sectionsError) || Boolean(kept?.sectionIds.length)}>
            <summary>Is it about particular sections? (optional)</summary>
            {sectionChoices}
          </details>
        ) : sections.length > 0 ? (
          sectionChoices
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          Send decision<span className="visually-hidden"> on {SCOPE_WORDS[scope]}</span>
        </button>
      </Form>
    </section>
  );
}

function PolicyForm({ policy, source }: { policy: ApprovalPolicy; source: string }) {
  return (
    <details className="review-box">
      <summary>
        Who signs off this document? ({source === "document" ? "rules for this document" : "the workspace's rules"})
      </summary>
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
                <input
                  type="checkbox"
                  name={`${scope}.requireLivedExperience`}
                  defaultChecked={policy[scope].requireLivedExperience}
                />{" "}
                At least one from someone with lived experience
              </label>
              <label>
                <input
                  type="checkbox"
                  name={`${scope}.contributorsCount`}
                  defaultChecked={policy[scope].contributorsCount}
                />{" "}
                Approvals from people who worked on it count
              </label>
            </div>
          </fieldset>
        ))}
        <fieldset className="field checkboxes">
          <legend>Check results that stop sign-off</legend>
          {SEVERITIES.map((severity) => (
            <label key={severity}>
              <input
                type="checkbox"
                name="blockingSeverities"
                value={severity}
                defaultChecked={policy.blockingSeverities.includes(severity)}
              />
              {severity === "blocker" ? "Must-fix problems" : severity === "warning" ? "Warnings" : "Tips"}
            </label>
          ))}
        </fieldset>
        <div className="checkboxes field">
          <label>
            <input type="checkbox" name="suggestionsBlock" defaultChecked={policy.suggestionsBlock !== false} /> Open
            suggestions stop publishing
          </label>
        </div>
        {DECISION_AREAS.map((area) => {
          const rules = decisionRulesOf(policy)[area];
          return (
            <fieldset key={area} className="field checkboxes">
              <legend>Who decides disagreements about {DECISION_AREA_LABELS[area].toLowerCase()}</legend>
              {ROLES.filter((role) => role !== "viewer").map((role) => (
                <label key={role}>
                  <input
                    type="checkbox"
                    name={`decisions.${area}.roles`}
                    value={role}
                    defaultChecked={rules.roles.includes(role)}
                  />{" "}
                  {ROLE_LABELS[role]}s
                </label>
              ))}
              {rules.people.map((person) => (
                <input key={person} type="hidden" name={`decisions.${area}.people`} value={person} />
              ))}
              <label>
                <input
                  type="checkbox"
                  name={`decisions.${area}.livedExperience`}
                  defaultChecked={rules.livedExperience}
                />{" "}
                Only people with lived experience
              </label>
            </fieldset>
          );
        })}
        <div className="checkboxes field">
          <label>
            <input
              type="checkbox"
              name="decisions.coordinatorOverride"
              defaultChecked={decisionRulesOf(policy).coordinatorOverride}
            />{" "}
            Coordinators can step in and decide, giving a reason
          </label>
          <label>
            <input type="checkbox" name="decisions.block" defaultChecked={decisionRulesOf(policy).block} /> Open
            decisions stop publishing
          </label>
        </div>
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
