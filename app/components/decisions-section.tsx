/**
 * Group decisions on the sign-off page (issue 15): what the group disagrees on, everyone's view, and what was decided,
 * by whom and why — next to the approvals. The forms post to the sign-off page's action (intents `decision-raise`,
 * `decision-view`, `decision-outcome`), which calls the decisions service.
 */
import { Form } from "@remix-run/react";
import { useId } from "react";
import { DECISION_AREA_LABELS, DECISION_AREAS, type Decision, type DecisionArea } from "~/domain/decisions";
import { formatWhen } from "./change-requests";

interface DecisionsSectionProps {
  decisions: Decision[];
  me: string;
  /** "approvers, with lived experience" for each area. */
  deciders: Record<DecisionArea, string>;
  busy: boolean;
  /** Prefilled "raise a decision" form (from a suggestion or a comment in the editor). */
  raise: {
    question: string;
    area: DecisionArea;
    options: string[];
    source: { kind: string; id: string } | null;
  } | null;
  /** What the last decision form said (its intent and decision id), and its error. */
  result: { intent: string; decisionId?: string; error?: string; message?: string } | undefined;
}

export function DecisionsSection({ decisions, me, deciders, busy, raise, result }: DecisionsSectionProps) {
  const open = decisions.filter((d) => d.status === "open");
  const decided = decisions.filter((d) => d.status === "decided");
  return (
    <section aria-labelledby="group-decisions-heading" id="decisions">
      <h3 id="group-decisions-heading">Group decisions</h3>
      <p className="hint">
        When the group disagrees, raise a decision: everyone can say what they think, and the people chosen for that
        part decide and say why. Who decides: the words — {deciders.content}; the design — {deciders.design}; wording
        about lived experience — {deciders["lived-experience"]}.
      </p>
      {open.length === 0 && decided.length === 0 ? <p>No decisions yet.</p> : null}
      {open.map((decision) => (
        <OpenDecision key={decision.id} decision={decision} me={me} busy={busy} result={result} />
      ))}
      {decided.length > 0 ? (
        <>
          <h4>Decided</h4>
          <ul className="decision-list">
            {decided.map((decision) => (
              <li key={decision.id} id={`decision-${decision.id}`} className="decision decision--decided">
                <p className="decision__question">
                  <strong>{decision.question}</strong>{" "}
                  <span className="tag">{DECISION_AREA_LABELS[decision.area]}</span>
                </p>
                <p>
                  Decided: <strong>{decision.outcome!.text}</strong>, by {decision.outcome!.by.name}
                  {decision.outcome!.overridden ? " (stepping in as coordinator)" : ""},{" "}
                  {formatWhen(decision.outcome!.at)}.
                </p>
                <p>Why: {decision.outcome!.reason}</p>
                <Views decision={decision} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {/* A new form (empty) after each decision raised. */}
      <RaiseDecision key={decisions.length} busy={busy} raise={raise} result={result} />
    </section>
  );
}

function Views({ decision }: { decision: Decision }) {
  if (decision.views.length === 0) return <p className="hint">No views given yet.</p>;
  return (
    <ul className="decision__views" aria-label="Views">
      {decision.views.map((view) => (
        <li key={view.userId}>
          <strong>{view.name}</strong>: {view.option === null ? "no preference" : `“${decision.options[view.option]}”`}
          {view.note ? <> — {view.note}</> : null}
        </li>
      ))}
    </ul>
  );
}

function OpenDecision({
  decision,
  me,
  busy,
  result,
}: {
  decision: Decision;
  me: string;
  busy: boolean;
  result: DecisionsSectionProps["result"];
}) {
  const id = useId();
  const mine = decision.views.find((view) => view.userId === me);
  const error = result?.decisionId === decision.id ? result.error : undefined;
  return (
    <article id={`decision-${decision.id}`} className="decision review-box" aria-labelledby={`${id}-question`}>
      <h4 id={`${id}-question`} className="decision__question">
        {decision.question} <span className="tag">{DECISION_AREA_LABELS[decision.area]}</span>
      </h4>
      <p className="hint">
        Raised by {decision.raisedBy.name}, {formatWhen(decision.raisedAt)}.
      </p>
      <Views decision={decision} />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <Form method="post" preventScrollReset className="decision__form">
        <input type="hidden" name="intent" value="decision-view" />
        <input type="hidden" name="decisionId" value={decision.id} />
        <fieldset className="field checkboxes">
          <legend>What do you think?</legend>
          {decision.options.map((option, index) => (
            <label key={index}>
              <input type="radio" name="option" value={index} defaultChecked={mine?.option === index} /> {option}
            </label>
          ))}
          <label>
            <input type="radio" name="option" value="" defaultChecked={mine ? mine.option === null : false} /> No
            preference
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-note`}>Why (optional)</label>
          <textarea id={`${id}-note`} name="note" rows={2} maxLength={1000} defaultValue={mine?.note ?? ""} />
        </div>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {mine ? "Change my view" : "Give my view"}
        </button>
      </Form>
      {decision.canDecide ? (
        <Form method="post" preventScrollReset className="decision__form">
          <input type="hidden" name="intent" value="decision-outcome" />
          <input type="hidden" name="decisionId" value={decision.id} />
          <fieldset className="field checkboxes">
            <legend>
              {decision.canDecide === "decider"
                ? "You decide this. What is decided?"
                : "You can step in as coordinator. What is decided?"}
            </legend>
            {decision.options.map((option, index) => (
              <label key={index}>
                <input type="radio" name="option" value={index} required /> {option}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-reason`}>Why (everyone will see this)</label>
            <textarea id={`${id}-reason`} name="reason" rows={2} maxLength={1000} required />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {decision.canDecide === "decider" ? "Decide" : "Decide as coordinator"}
          </button>
        </Form>
      ) : null}
    </article>
  );
}

function RaiseDecision({
  busy,
  raise,
  result,
}: {
  busy: boolean;
  raise: DecisionsSectionProps["raise"];
  result: DecisionsSectionProps["result"];
}) {
  const error = result?.intent === "decision-raise" ? result.error : undefined;
  return (
    <details className="decision-raise" open={Boolean(raise) || Boolean(error)}>
      <summary>Raise a decision</summary>
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="decision-raise" />
        {raise?.source ? (
          <>
            <input type="hidden" name="sourceKind" value={raise.source.kind} />
            <input type="hidden" name="sourceId" value={raise.source.id} />
          </>
        ) : null}
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="decision-question">The question</label>
          <input id="decision-question" name="question" maxLength={300} defaultValue={raise?.question ?? ""} required />
        </div>
        <div className="field">
          <label htmlFor="decision-area">What it is about</label>
          <select id="decision-area" name="area" defaultValue={raise?.area ?? "content"}>
            {DECISION_AREAS.map((area) => (
              <option key={area} value={area}>
                {DECISION_AREA_LABELS[area]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="decision-options">The options, one on each line</label>
          <textarea
            id="decision-options"
            name="options"
            rows={3}
            defaultValue={raise?.options.join("\n") ?? ""}
            aria-describedby="decision-options-hint"
            required
          />
          <p className="hint" id="decision-options-hint">
            At least two, at most six.
          </p>
        </div>
        <button type="submit" className="button button--secondary" disabled={busy}>
          Raise the decision
        </button>
      </Form>
    </details>
  );
}
