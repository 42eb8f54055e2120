/**
 * The checks, shown to people: findings grouped by section (whole-document ones first), each with its plain
 * message and how to fix it, and a reading-age badge per section. Used by the editor (live findings from
 * `useLiveChecks`, with `onSelect` to jump to the place) and by the checks page (the full report, with
 * `renderActions` for the "leave as it is" form).
 *
 * Severity is always said in words ("Must fix", "Should fix", "Tip"), never by colour alone.
 */
import type { ReactNode } from "react";
import { ruleName, SEVERITY_LABELS } from "~/domain/checks/labels";
import type { ReadabilityScores, ReadingAgeStatus, ReportedFinding, SectionSummary, Severity } from "~/domain/checks/types";

export function SeverityTag({ severity }: { severity: Severity }) {
  return <span className={`checks-severity checks-severity--${severity}`}>{SEVERITY_LABELS[severity].name}</span>;
}

const STATUS_WORDS: Record<ReadingAgeStatus, string> = { within: "on target", above: "above target", "no-text": "no text yet" };

/** "Reading age 10 (on target: 9–11)". The age comes from the Flesch–Kincaid grade of the section's body text. */
export function ReadingAgeBadge({ scores, status, target }: { scores: ReadabilityScores; status: ReadingAgeStatus; target: string }) {
  const age = scores.readingAge === null ? "–" : String(scores.readingAge);
  return (
    <span className={`checks-age checks-age--${status}`}>
      Reading age {age}
      <span className="checks-age__status">
        {" "}
        ({STATUS_WORDS[status]}
        {status === "no-text" ? "" : `: ${target}`})
      </span>
    </span>
  );
}

/** The numbers behind a reading age, for people who want them. */
export function ScoreDetails({ scores }: { scores: ReadabilityScores }) {
  if (scores.words === 0) return null;
  return (
    <details className="checks-scores">
      <summary>How this is worked out</summary>
      <dl>
        <dt>Words</dt>
        <dd>{scores.words}</dd>
        <dt>Sentences</dt>
        <dd>{scores.sentences}</dd>
        <dt>Words in an average sentence</dt>
        <dd>{scores.averageSentenceWords ?? "–"}</dd>
        <dt>Longest sentence</dt>
        <dd>{scores.longestSentenceWords} words</dd>
        <dt>Flesch reading ease (higher is easier)</dt>
        <dd>{scores.fleschReadingEase ?? "–"}</dd>
        <dt>Flesch–Kincaid grade</dt>
        <dd>{scores.fleschKincaidGrade ?? "–"}</dd>
      </dl>
    </details>
  );
}

export function FindingDetails({ finding }: { finding: ReportedFinding }) {
  const quote = finding.range && finding.target !== "node" && finding.text.length > 0;
  return (
    <div className="checks-finding__body">
      <p className="checks-finding__title">
        <SeverityTag severity={finding.severity} /> <strong>{ruleName(finding.rule)}</strong>
      </p>
      {quote ? (
        <p className="checks-finding__quote">
          <span className="visually-hidden">The words: </span>“{finding.text.length > 160 ? `${finding.text.slice(0, 157)}…` : finding.text}”
        </p>
      ) : null}
      <p>{finding.message}</p>
      <p>
        <strong>How to fix it:</strong> {finding.help}
      </p>
      {finding.sourceNote ? <p className="hint">Why we ask: {finding.sourceNote}</p> : null}
      {finding.alsoFoundBy?.includes("axe") ? <p className="hint">The automatic accessibility checker found this too.</p> : null}
      {finding.dismissal ? (
        <p className="checks-finding__dismissed">
          Left as it is by {finding.dismissal.dismissedByName} on {formatDate(finding.dismissal.dismissedAt)}: “{finding.dismissal.reason}”
        </p>
      ) : null}
    </div>
  );
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function countsSentence(counts: Record<Severity, number>): string {
  const parts = [
    counts.blocker ? `${counts.blocker} must fix` : null,
    counts.warning ? `${counts.warning} should fix` : null,
    counts.tip ? `${counts.tip} ${counts.tip === 1 ? "tip" : "tips"}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "Nothing to fix";
}

export interface ChecksPanelProps {
  findings: readonly ReportedFinding[];
  sections: readonly SectionSummary[];
  /** The document's target reading age, e.g. "9–11". */
  readingAge: string;
  /** Jump to a finding's place (the editor). Without it, no "Show" buttons. */
  onSelect?: (finding: ReportedFinding) => void;
  /** Extra controls under each finding (the checks page's "leave as it is" form). */
  renderActions?: (finding: ReportedFinding) => ReactNode;
  /** "checking" while new results are on their way; the list stays as it was meanwhile. */
  status?: "checking" | "ready";
  /** Heading level for the section titles in the panel (the panel sits under the host's own heading). */
  headingLevel?: 2 | 3;
  /** Show dismissed findings (greyed, with who and why). */
  showDismissed?: boolean;
  /** The finding the person is looking at (tapped in the text): marked, and focusable so the page can move there. */
  currentId?: string | null;
  /** Say the counts (or "Checking…") at the top, politely announced; off when the host page says them already. */
  showSummary?: boolean;
}

export function ChecksPanel({
  findings,
  sections,
  readingAge,
  onSelect,
  renderActions,
  status = "ready",
  headingLevel = 3,
  showDismissed = true,
  showSummary = true,
  currentId = null,
}: ChecksPanelProps) {
  const Heading = `h${headingLevel}` as const;
  const visible = findings.filter((finding) => showDismissed || !finding.dismissal);
  const open = findings.filter((finding) => !finding.dismissal);
  const counts: Record<Severity, number> = { blocker: 0, warning: 0, tip: 0 };
  for (const finding of open) counts[finding.severity]++;
  const whole = visible.filter((finding) => finding.sectionId === null);
  const known = new Set(sections.map((section) => section.sectionId));
  const orphans = visible.filter((finding) => finding.sectionId !== null && !known.has(finding.sectionId));

  const list = (items: readonly ReportedFinding[]) =>
    items.length === 0 ? (
      <p className="checks-panel__none">Nothing to fix here.</p>
    ) : (
      <ul className="checks-list">
        {items.map((finding) => (
          <li
            key={finding.id}
            className={`checks-finding checks-finding--${finding.severity}${finding.dismissal ? " checks-finding--dismissed" : ""}${finding.id === currentId ? " checks-finding--current" : ""}`}
            id={`finding-${finding.id}`}
            tabIndex={finding.id === currentId ? -1 : undefined}
          >
            <FindingDetails finding={finding} />
            {onSelect && finding.range ? (
              <button type="button" className="button button--secondary button--small" onClick={() => onSelect(finding)}>
                Show in the text<span className="visually-hidden">: {ruleName(finding.rule)}</span>
              </button>
            ) : null}
            {renderActions?.(finding)}
          </li>
        ))}
      </ul>
    );

  return (
    <div className="checks-panel">
      {showSummary ? (
        <p className="checks-panel__summary" role="status" aria-live="polite">
          {status === "checking" ? "Checking…" : countsSentence(counts)}
        </p>
      ) : null}
      {whole.length > 0 ? (
        <section className="checks-group" aria-labelledby="checks-group-document">
          <Heading id="checks-group-document" className="checks-group__title">
            Whole document
          </Heading>
          {list(whole)}
        </section>
      ) : null}
      {sections.map((section) => {
        const items = visible.filter((finding) => finding.sectionId === section.sectionId);
        const headingId = `checks-group-${section.sectionId}`;
        return (
          <section key={section.sectionId} className="checks-group" aria-labelledby={headingId}>
            <Heading id={headingId} className="checks-group__title">
              {section.title || "Untitled section"}
            </Heading>
            <p className="checks-group__meta">
              <ReadingAgeBadge scores={section.scores} status={section.readingAgeStatus} target={readingAge} />
            </p>
            <ScoreDetails scores={section.scores} />
            {list(items)}
          </section>
        );
      })}
      {orphans.length > 0 ? (
        <section className="checks-group" aria-labelledby="checks-group-other">
          <Heading id="checks-group-other" className="checks-group__title">
            Other findings
          </Heading>
          {list(orphans)}
        </section>
      ) : null}
    </div>
  );
}
