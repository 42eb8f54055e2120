/**
 * The checks, shown to people: findings grouped by section (whole-document ones first), each with its plain
 * message and how to fix it, and a reading-age badge per section. Used by the editor (live findings from
 * `useLiveChecks`, with `onSelect` to jump to the place and `onReplace` for one-tap fixes) and by the checks page
 * (the full report, with `renderActions` for the "leave as it is" form, and `fixInTextHref` to send people to the
 * editor for a fix).
 *
 * One-tap fixes: a finding whose `suggestions` are words that can stand in for its words (`canReplace`) gets a
 * "Replace with ‘…’" button for each of its first two suggestions. The host does the replacing (the editor:
 * `applyFix` from app/editor/apply-fix.ts) and says whether it worked; the panel says what happened, politely,
 * and moves focus to the next finding once the fixed one has gone.
 *
 * Severity is always said in words ("Must fix", "Should fix", "Tip"), never by colour alone.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { canReplace } from "~/domain/checks/fixes";
import { seenBand } from "./seen-band";
import { ruleName, SEVERITY_LABELS } from "~/domain/checks/labels";
import type {
  ReadabilityScores,
  ReadingAgeStatus,
  ReportedFinding,
  SectionSummary,
  Severity,
} from "~/domain/checks/types";

/** Whether to offer a finding's suggestions as one-tap replacements (not for findings left as they are). */
export function offersReplacement(finding: ReportedFinding): boolean {
  return !finding.dismissal && canReplace(finding);
}

/** At most this many one-tap replacements per finding: one clear choice, or two. */
const MAX_REPLACEMENTS = 2;

export function SeverityTag({ severity }: { severity: Severity }) {
  return <span className={`checks-severity checks-severity--${severity}`}>{SEVERITY_LABELS[severity].name}</span>;
}

const STATUS_WORDS: Record<ReadingAgeStatus, string> = {
  within: "on target",
  above: "above target",
  "no-text": "no text yet",
  "not-measured": "only measured for English",
};

/**
 * "Reading age 10 (on target: 9–11)", "Reading age 7 (easier than the target: 9–11)". The age comes from the
 * Flesch–Kincaid grade of the section's body text.
 */
export function ReadingAgeBadge({
  scores,
  status,
  target,
}: {
  scores: ReadabilityScores;
  status: ReadingAgeStatus;
  target: string;
}) {
  const age = scores.readingAge === null ? "–" : String(scores.readingAge);
  // Below the target counts as within it (easier to read is never a problem), but it is not "on target": say so.
  const lowest = Number.parseInt(target, 10);
  const easier = status === "within" && scores.readingAge !== null && scores.readingAge < lowest;
  return (
    <span className={`checks-age checks-age--${status}`}>
      Reading age {age}
      <span className="checks-age__status">
        {" "}
        ({easier ? "easier than the target" : STATUS_WORDS[status]}
        {status === "no-text" || status === "not-measured" ? "" : `: ${target}`})
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
          <span className="visually-hidden">The words: </span>“
          {finding.text.length > 160 ? `${finding.text.slice(0, 157)}…` : finding.text}”
        </p>
      ) : null}
      <p>{finding.message}</p>
      <p>
        <strong>How to fix it:</strong> {finding.help}
      </p>
      {finding.sourceNote ? <p className="hint">Why we ask: {finding.sourceNote}</p> : null}
      {finding.alsoFoundBy?.includes("axe") ? (
        <p className="hint">The automatic accessibility checker found this too.</p>
      ) : null}
      {finding.dismissal ? (
        <p className="checks-finding__dismissed">
          Left as it is by {finding.dismissal.dismissedByName} on {formatDate(finding.dismissal.dismissedAt)}: “
          {finding.dismissal.reason}”
        </p>
      ) : null}
    </div>
  );
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/London",
});
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
  /**
   * One-tap fix (the editor): put `replacement` in place of the finding's words; return whether the text changed.
   * Without it, no "Replace with" buttons.
   */
  onReplace?: (finding: ReportedFinding, replacement: string) => boolean;
  /** Where to fix a finding that has suggestions, when this panel cannot (the checks page → the editor). */
  fixInTextHref?: (finding: ReportedFinding) => string;
  /**
   * The sections the person looks after (the editor): listed first and counted apart, so a writer on a new
   * document finds what is theirs to fix among everyone's template hints.
   */
  yours?: ReadonlySet<string>;
  /** Take away a template hint's empty line (the editor); return whether the text changed. Without it, no button. */
  onRemoveHint?: (finding: ReportedFinding) => boolean;
}

/** Whether an element is wholly in the window and in every box around it that scrolls. */
function inSight(element: HTMLElement): boolean {
  const rect = element.getBoundingClientRect();
  if (rect.height === 0) return true; // not drawn (a closed tab): nothing to bring into view
  const { top, bottom } = seenBand(element);
  return rect.top >= top - 1 && rect.bottom <= bottom + 1;
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
  onReplace,
  fixInTextHref,
  yours,
  onRemoveHint,
}: ChecksPanelProps) {
  const Heading = `h${headingLevel}` as const;
  const [announcement, setAnnouncement] = useState("");
  const [refused, setRefused] = useState<string | null>(null);
  // After a fix: the finding that was fixed and the one to move focus to once it has gone from the list.
  const pendingFocus = useRef<{ fixedId: string; nextId: string | null } | null>(null);
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  // A finding made current from the text (an underline clicked) stays in sight while the page settles: the tab's code,
  // the first results and new ones after typing can arrive after the click and move it, and so can the text beside it.
  // Looked at each frame, brought back into view when it has gone; until the person scrolls, types or clicks, or for
  // ten seconds at most: never a fight with where they have gone.
  useEffect(() => {
    if (!currentId) return;
    let keeping = true;
    const stop = () => {
      keeping = false;
    };
    const events = ["wheel", "touchstart", "keydown", "pointerdown"] as const;
    for (const type of events) window.addEventListener(type, stop, { capture: true, passive: true });
    const until = performance.now() + 10_000;
    let lastScroll = 0;
    let frame = requestAnimationFrame(function keep(now) {
      if (!keeping || now > until) return;
      const current = panelRef.current?.querySelector<HTMLElement>(
        ".checks-finding--current, .checks-hints__item--current",
      );
      // Not again while a scroll just asked for may still be moving (a smooth one takes a few hundred ms).
      if (current && now - lastScroll > 400 && !inSight(current)) {
        current.scrollIntoView({ block: "nearest" });
        lastScroll = now;
      }
      frame = requestAnimationFrame(keep);
    });
    return () => {
      cancelAnimationFrame(frame);
      for (const type of events) window.removeEventListener(type, stop, { capture: true });
    };
  }, [currentId]);

  useEffect(() => {
    const pending = pendingFocus.current;
    if (!pending || findings.some((finding) => finding.id === pending.fixedId)) return;
    pendingFocus.current = null;
    const next = pending.nextId
      ? panelRef.current?.querySelector<HTMLElement>(`[id="finding-${CSS.escape(pending.nextId)}"]`)
      : null;
    (next ?? summaryRef.current ?? panelRef.current)?.focus();
  }, [findings]);

  /** After a one-tap change: focus moves on to the next finding once this one has gone, and it is said; or why not. */
  const settle = (finding: ReportedFinding, order: readonly ReportedFinding[], changed: boolean, said: string) => {
    if (changed) {
      const index = order.findIndex((candidate) => candidate.id === finding.id);
      pendingFocus.current = { fixedId: finding.id, nextId: order[index + 1]?.id ?? order[index - 1]?.id ?? null };
      setRefused(null);
      setAnnouncement(said);
    } else {
      setRefused(finding.id);
      setAnnouncement("");
    }
  };
  const replace = (finding: ReportedFinding, replacement: string, order: readonly ReportedFinding[]) => {
    if (onReplace)
      settle(
        finding,
        order,
        onReplace(finding, replacement),
        `Changed ‘${finding.text}’ to ‘${replacement}’. Checking again.`,
      );
  };
  const removeHint = (finding: ReportedFinding, order: readonly ReportedFinding[]) => {
    if (onRemoveHint)
      settle(finding, order, onRemoveHint(finding), `Took away the hint ‘${finding.text}’. Checking again.`);
  };
  const visible = findings.filter((finding) => showDismissed || !finding.dismissal);
  const open = findings.filter((finding) => !finding.dismissal);
  const counts: Record<Severity, number> = { blocker: 0, warning: 0, tip: 0 };
  for (const finding of open) counts[finding.severity]++;
  const whole = visible.filter((finding) => finding.sectionId === null);
  const known = new Set(sections.map((section) => section.sectionId));
  const orphans = visible.filter((finding) => finding.sectionId !== null && !known.has(finding.sectionId));

  // Theirs first (in the document's order), then everyone else's.
  const mine = (section: SectionSummary) => yours?.has(section.sectionId) ?? false;
  const ordered = yours ? [...sections.filter(mine), ...sections.filter((section) => !mine(section))] : sections;
  const yourCounts: Record<Severity, number> = { blocker: 0, warning: 0, tip: 0 };
  for (const finding of open) if (finding.sectionId && yours?.has(finding.sectionId)) yourCounts[finding.severity]++;
  const summary =
    yours && yours.size > 0 && open.length > 0
      ? `${countsSentence(counts)}. In your sections: ${countsSentence(yourCounts).replace(/^Nothing/, "nothing")}.`
      : countsSentence(counts);

  const inOrder = [
    ...whole,
    ...ordered.flatMap((section) => visible.filter((finding) => finding.sectionId === section.sectionId)),
    ...orphans,
  ];

  const fixes = (finding: ReportedFinding) => {
    if (!offersReplacement(finding)) return null;
    if (onReplace) {
      return (
        <>
          <div className="checks-fixes">
            {finding.suggestions!.slice(0, MAX_REPLACEMENTS).map((suggestion) => (
              <button
                key={suggestion}
                type="button"
                className="button button--small"
                onClick={() => replace(finding, suggestion, inOrder)}
              >
                Replace with ‘{suggestion}’<span className="visually-hidden"> (instead of ‘{finding.text}’)</span>
              </button>
            ))}
          </div>
          {refused === finding.id ? (
            <p className="checks-finding__refused" role="alert">
              Those words have changed since the check, or you can't change this section. Use “Show in the text” and
              change them there.
            </p>
          ) : null}
        </>
      );
    }
    return fixInTextHref ? (
      <p>
        <a href={fixInTextHref(finding)}>
          Fix it in the text<span className="visually-hidden">: {finding.text}</span>
        </a>
      </p>
    ) : null;
  };

  /** A hint the writer does not need: its empty line taken away in one tap (the line stays if it is the section's last). */
  const removeHintButton = (finding: ReportedFinding) =>
    onRemoveHint && finding.rule === "template-text" && finding.target === "node" && !finding.dismissal ? (
      <>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => removeHint(finding, inOrder)}
        >
          Not needed: take it away<span className="visually-hidden"> (hint ‘{finding.text}’)</span>
        </button>
        {refused === finding.id ? (
          <p className="checks-finding__refused" role="alert">
            This line can't be taken away: someone has written in it since the check, it is the section's only line, or
            the section is someone else's. Use “Show in the text” to see it.
          </p>
        ) : null}
      </>
    ) : null;

  const showButton = (finding: ReportedFinding, name: string) =>
    onSelect && finding.range ? (
      <button type="button" className="button button--secondary button--small" onClick={() => onSelect(finding)}>
        Show in the text<span className="visually-hidden">: {name}</span>
      </button>
    ) : null;

  /**
   * A section's grey template hints, when it has more than one, in one card: a new document has one in nearly every
   * line, and a card for each crowded out everything else the checks had to say. Each hint keeps its own place (its
   * `finding-…` id, for underlines and for the focus after a fix) and its own "Show in the text".
   */
  const hintGroup = (hints: readonly ReportedFinding[]) => (
    <li
      key={`hints-${hints[0]!.id}`}
      className={`checks-finding checks-finding--blocker${hints.some((hint) => hint.id === currentId) ? " checks-finding--current" : ""}`}
    >
      <div className="checks-finding__body">
        <p className="checks-finding__title">
          <SeverityTag severity="blocker" /> <strong>{ruleName("template-text")}</strong>
        </p>
        <p>
          Nothing is written in {hints.length} places here yet. Each grey hint below is from the template, and hints are
          never printed.
        </p>
        <p>
          <strong>How to fix it:</strong> {hints[0]!.help}
        </p>
      </div>
      <ul className="checks-hints">
        {hints.map((hint) => (
          <li
            key={hint.id}
            id={`finding-${hint.id}`}
            tabIndex={-1}
            className={`checks-hints__item${hint.id === currentId ? " checks-hints__item--current" : ""}`}
          >
            <span className="checks-finding__quote">
              <span className="visually-hidden">Hint: </span>“{hint.text}”
            </span>
            {showButton(hint, `hint ${hint.text}`)} {removeHintButton(hint)}
            {renderActions?.(hint)}
          </li>
        ))}
      </ul>
    </li>
  );

  const list = (items: readonly ReportedFinding[]) => {
    if (items.length === 0) return <p className="checks-panel__none">Nothing to fix here.</p>;
    const hints = items.filter(
      (finding) => finding.rule === "template-text" && finding.target === "node" && !finding.dismissal,
    );
    const grouped = new Set(hints.length > 1 ? hints.map((hint) => hint.id) : []);
    return (
      <ul className="checks-list">
        {items.map((finding) =>
          grouped.has(finding.id) ? (
            finding.id === hints[0]!.id ? (
              hintGroup(hints)
            ) : null
          ) : (
            <li
              key={finding.id}
              className={`checks-finding checks-finding--${finding.severity}${finding.dismissal ? " checks-finding--dismissed" : ""}${finding.id === currentId ? " checks-finding--current" : ""}`}
              id={`finding-${finding.id}`}
              tabIndex={-1}
            >
              <FindingDetails finding={finding} />
              {fixes(finding)}
              {showButton(finding, ruleName(finding.rule))} {removeHintButton(finding)}
              {renderActions?.(finding)}
            </li>
          ),
        )}
      </ul>
    );
  };

  return (
    <div className="checks-panel" ref={panelRef} tabIndex={-1}>
      {showSummary ? (
        <p className="checks-panel__summary" role="status" aria-live="polite" ref={summaryRef} tabIndex={-1}>
          {status === "checking" ? "Checking…" : summary}
        </p>
      ) : null}
      {onReplace ? (
        <p className="visually-hidden" aria-live="polite">
          {announcement}
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
      {ordered.map((section) => {
        const items = visible.filter((finding) => finding.sectionId === section.sectionId);
        const headingId = `checks-group-${section.sectionId}`;
        return (
          <section key={section.sectionId} className="checks-group" aria-labelledby={headingId}>
            <Heading id={headingId} className="checks-group__title">
              {section.title || "Untitled section"}
              {mine(section) ? <span className="checks-group__yours"> (yours)</span> : null}
            </Heading>
            <p className="checks-group__meta">
              {section.readingAgeStatus === "not-measured" ? null : (
                <ReadingAgeBadge scores={section.scores} status={section.readingAgeStatus} target={readingAge} />
              )}
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
