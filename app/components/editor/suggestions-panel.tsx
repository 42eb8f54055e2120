/**
 * The open suggestions (issue 15): who suggested what, when and why, in reading order. People who may change a
 * section's words take (Accept) or turn down (Reject) the suggestions in it — the server makes the change, so it is
 * recorded and everyone sees it at once. Suggesters can give a short reason; anyone can discuss one in a comment.
 * Keyboard: Alt+Down / Alt+Up move between suggestions in the text; Ctrl+Alt+Enter accepts and Ctrl+Alt+Backspace
 * rejects the one at the caret (app/editor/suggesting.ts).
 */
import type { Editor } from "@tiptap/core";
import { useMemo, useState } from "react";
import type { SuggestionImpact } from "~/domain/checks/check-document";
import { personColour } from "~/domain/person-colour";
import { canEditSection, type OwnershipMode, type SectionEditor } from "~/domain/sections";
import { SUGGESTION_REASON_MAX, suggestionSummary } from "~/domain/suggestions";
import { raiseDecisionLink, SUGGESTION_DECISION_OPTIONS } from "~/domain/decision-link";
import { setSuggestionReason, withdrawSuggestion, type SuggestionInText } from "~/editor/suggesting";
import { shortcutLabel } from "./shortcuts";
import { decideSuggestion } from "./use-suggestions";

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

interface SuggestionsPanelProps {
  editor: Editor;
  documentId: string;
  suggestions: SuggestionInText[];
  person: SectionEditor;
  mode: OwnershipMode;
  nameOf: (id: string | null) => string | null;
  mac: boolean;
  /** A phone: no keyboard, so no shortcuts to learn. */
  small?: boolean;
  announce: (message: string) => void;
  /** Go to a suggestion's words (the phone sheet first gets out of the way). */
  onShow: (suggestion: SuggestionInText) => void;
  /** Start a comment on a suggestion's words. */
  onDiscuss: ((suggestion: SuggestionInText) => void) | null;
  /** What a suggestion fixes or causes in the checks (null while the rules load). */
  impactOf: (suggestion: SuggestionInText) => SuggestionImpact | null;
}

/** "“addicts”: Many people find …" — a finding in a line. */
function findingLine(finding: SuggestionImpact["fixes"][number]): string {
  return finding.text ? `“${finding.text}”: ${finding.message}` : finding.message;
}

/** The suggestions of each section, in reading order. */
function bySection(suggestions: SuggestionInText[]): SuggestionInText[][] {
  const groups = new Map<string, SuggestionInText[]>();
  for (const suggestion of suggestions) {
    const group = groups.get(suggestion.sectionId);
    if (group) group.push(suggestion);
    else groups.set(suggestion.sectionId, [suggestion]);
  }
  return [...groups.values()];
}

export function SuggestionsPanel(props: SuggestionsPanelProps) {
  const { suggestions, mac, small = false } = props;
  return (
    <section className="side-panel" aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading" tabIndex={-1}>
        Suggestions
      </h2>
      {suggestions.length === 0 ? (
        <p className="hint">
          No open suggestions. When someone suggests a change to the words, it shows here for the section&apos;s writers
          to accept or reject.
        </p>
      ) : small ? null : (
        <p className="hint">
          In the text: {shortcutLabel("nextSuggestion", mac)} and {shortcutLabel("previousSuggestion", mac)} move
          between suggestions; {shortcutLabel("acceptSuggestion", mac)} accepts and{" "}
          {shortcutLabel("rejectSuggestion", mac)} rejects the one you are on.
        </p>
      )}
      {bySection(suggestions).map((group) => (
        <SectionSuggestions key={group[0]!.sectionId} {...props} group={group} />
      ))}
    </section>
  );
}

/** Accept and Reject, each named in full for screen readers (which suggestion, or which section). */
function DecideButtons(props: {
  accept: string;
  reject: string;
  about: string;
  busy: boolean;
  onDecide: (decision: "accept" | "reject") => void;
}) {
  const { accept, reject, about, busy, onDecide } = props;
  return (
    <>
      <button type="button" className="button button--small" disabled={busy} onClick={() => onDecide("accept")}>
        {accept}
        <span className="visually-hidden">{about}</span>
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={busy}
        onClick={() => onDecide("reject")}
      >
        {reject}
        <span className="visually-hidden">{about}</span>
      </button>
    </>
  );
}

/** One section's suggestions, with "Accept all" and "Reject all" for the people who may decide them. */
function SectionSuggestions(props: SuggestionsPanelProps & { group: SuggestionInText[] }) {
  const { group, person, mode, documentId, nameOf, announce } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = group[0]!;
  const title = first.sectionTitle.trim() ? `“${first.sectionTitle.trim()}”` : "the section without a title";
  const mayDecide = group.length > 1 && canEditSection(person, mode, first.sectionOwner);
  const decideAll = async (decision: "accept" | "reject") => {
    setBusy(true);
    setError(null);
    let done = 0;
    try {
      // One by one, so each is recorded (and one already decided by someone else does not stop the rest).
      for (const suggestion of group) {
        try {
          await decideSuggestion(documentId, suggestion, decision, nameOf, person.userId);
          done++;
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : String(failure));
        }
      }
      announce(
        `${decision === "accept" ? "Accepted" : "Rejected"} ${done} ${done === 1 ? "suggestion" : "suggestions"} in ${title}.`,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="suggestion-group" role="group" aria-label={`Suggestions in ${title}`}>
      {mayDecide ? (
        <div className="suggestion__actions">
          <DecideButtons
            accept={`Accept all ${group.length}`}
            reject={`Reject all ${group.length}`}
            about={` in ${title}`}
            busy={busy}
            onDecide={(decision) => void decideAll(decision)}
          />
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <ul className="suggestion-list">
        {group.map((suggestion) => (
          <SuggestionItem key={suggestion.id} {...props} suggestion={suggestion} />
        ))}
      </ul>
    </div>
  );
}

function SuggestionItem({
  editor,
  documentId,
  suggestion,
  person,
  mode,
  nameOf,
  announce,
  onShow,
  onDiscuss,
  impactOf,
}: SuggestionsPanelProps & { suggestion: SuggestionInText }) {
  // Checked again only when the suggestion's words change.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  const impact = useMemo(() => impactOf(suggestion), [suggestion.id, suggestion.text, suggestion.removed, impactOf]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editingReason, setEditingReason] = useState(false);
  const [reason, setReason] = useState(suggestion.reason ?? "");
  const name = nameOf(suggestion.authorId) ?? "Someone";
  const mine = suggestion.authorId === person.userId;
  const mayDecide = canEditSection(person, mode, suggestion.sectionOwner);
  const summary = suggestionSummary(suggestion);
  const headingId = `suggestion-${suggestion.id}`;

  const decide = async (decision: "accept" | "reject") => {
    setBusy(true);
    setError(null);
    try {
      announce(await decideSuggestion(documentId, suggestion, decision, nameOf, person.userId));
      // The card goes with the suggestion: the keyboard goes back to the list's heading, not to the top of the page.
      requestAnimationFrame(() => document.getElementById("suggestions-heading")?.focus());
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="suggestion-item" aria-labelledby={headingId}>
      <h3 id={headingId} className="suggestion__title">
        <span
          className="dot"
          style={{ background: suggestion.authorId ? personColour(suggestion.authorId) : "#ccc" }}
          aria-hidden="true"
        />
        {mine ? "You" : name} suggested
        {suggestion.createdAt ? (
          <span className="hint"> · {timeFormat.format(new Date(suggestion.createdAt))}</span>
        ) : null}
      </h3>
      <p className="suggestion__change">
        {suggestion.kind !== "deletion" ? (
          <>
            <span className="visually-hidden">Adding: </span>
            <ins>{suggestion.text.trim() || "a space"}</ins>
          </>
        ) : null}
        {suggestion.kind === "replacement" ? <span className="hint"> instead of </span> : null}
        {suggestion.kind !== "insertion" ? (
          <>
            <span className="visually-hidden">Taking out: </span>
            <del>{suggestion.removed.trim() || "a space"}</del>
          </>
        ) : null}
      </p>
      <p className="hint">In “{suggestion.sectionTitle.trim() || "the section without a title"}”</p>
      {suggestion.reason && !editingReason ? <p className="suggestion__reason">Why: {suggestion.reason}</p> : null}
      {impact && impact.fixes.length > 0 ? (
        <div className="suggestion__impact">
          <p>Accepting it fixes:</p>
          <ul>
            {impact.fixes.map((finding, index) => (
              <li key={index}>{findingLine(finding)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {impact && impact.causes.length > 0 ? (
        <div className="suggestion__impact suggestion__impact--causes">
          <p>The checks would find:</p>
          <ul>
            {impact.causes.map((finding, index) => (
              <li key={index}>{findingLine(finding)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {editingReason ? (
        <form
          className="suggestion__reason-form"
          onSubmit={(event) => {
            event.preventDefault();
            const text = reason.trim().slice(0, SUGGESTION_REASON_MAX);
            editor.view.dispatch(setSuggestionReason(editor.state, suggestion.id, text || null));
            setEditingReason(false);
            announce(text ? "Reason saved." : "Reason taken away.");
          }}
        >
          <div className="field">
            <label htmlFor={`${headingId}-reason`}>Why you suggest it (optional)</label>
            <input
              id={`${headingId}-reason`}
              value={reason}
              maxLength={SUGGESTION_REASON_MAX}
              onChange={(event) => setReason(event.target.value)}
              autoFocus
            />
          </div>
          <button type="submit" className="button button--small">
            Save reason
          </button>{" "}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setEditingReason(false)}
          >
            Cancel
          </button>
        </form>
      ) : null}
      <div className="suggestion__actions">
        <button type="button" className="link-button" onClick={() => onShow(suggestion)}>
          Show in the text<span className="visually-hidden">: {summary}</span>
        </button>
        {mayDecide ? (
          <DecideButtons
            accept="Accept"
            reject="Reject"
            about={` ${name}'s suggestion: ${summary}`}
            busy={busy}
            onDecide={(decision) => void decide(decision)}
          />
        ) : null}
        {mine && !mayDecide ? (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              editor.view.dispatch(withdrawSuggestion(editor.state, suggestion.id));
              announce(`You took back your suggestion: ${summary}`);
            }}
          >
            Take it back<span className="visually-hidden">: {summary}</span>
          </button>
        ) : null}
        {mine && !editingReason ? (
          <button type="button" className="link-button" onClick={() => setEditingReason(true)}>
            {suggestion.reason ? "Change the reason" : "Add a reason"}
            <span className="visually-hidden">: {summary}</span>
          </button>
        ) : null}
        {onDiscuss ? (
          <button type="button" className="link-button" onClick={() => onDiscuss(suggestion)}>
            Discuss<span className="visually-hidden">: {summary}</span>
          </button>
        ) : null}
        <a
          className="link-button"
          href={raiseDecisionLink(documentId, {
            question: `Should we take ${name}'s suggestion: ${summary}?`,
            area: "content",
            options: [...SUGGESTION_DECISION_OPTIONS],
            source: { kind: "suggestion", id: suggestion.id },
          })}
        >
          Raise a decision<span className="visually-hidden">: {summary}</span>
        </a>
      </div>
    </li>
  );
}
