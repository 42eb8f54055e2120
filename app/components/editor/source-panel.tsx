/**
 * The translating view (issue 16): in a translation, a side tab shows each section of the original beside the text
 * being translated, with its state — "English changed — check this section" with what changed, "Not translated
 * yet", "New in English" — and "I've checked this section" to confirm a section against the original as it is now.
 * The states come from the server (GET /api/documents/:id/translations), fetched when the tab opens, every 20
 * seconds while it is open, and after each confirmation; the original is another document, with its own room.
 */
import { useCallback, useEffect, useState } from "react";
import type { TranslationSectionStatus } from "~/domain/translations";
import { languageOf } from "~/domain/languages";
import { translationStateLabel } from "~/domain/translations";

interface Family {
  source: { id: string; title: string; language: string; languageName: string };
  translations: Array<{ id: string; sections: TranslationSectionStatus[] }>;
}

interface SourcePanelProps {
  documentId: string;
  /** Whether this panel is showing (it refreshes only then). */
  visible: boolean;
  canConfirm: boolean;
  onShowSection: (sectionId: string) => void;
  announce: (message: string) => void;
}

const REFRESH_MS = 20_000;

const CONTEXT_WORDS = 8;

/**
 * Words that did not change, cut to the few next to a change: the whole section is already shown above, so "what
 * changed" shows only what is needed to find the change.
 */
function around(text: string, first: boolean, last: boolean): string {
  const words = text.split(/(\s+)/);
  const count = words.filter((word) => word.trim()).length;
  if (count <= CONTEXT_WORDS * (first || last ? 1 : 2)) return text;
  const take = (from: "start" | "end") => {
    const kept: string[] = [];
    let seen = 0;
    const list = from === "start" ? words : [...words].reverse();
    for (const word of list) {
      if (word.trim()) seen += 1;
      if (seen > CONTEXT_WORDS) break;
      kept.push(word);
    }
    return from === "start" ? kept.join("") : kept.reverse().join("");
  };
  if (first) return `… ${take("end").trimStart()}`;
  if (last) return `${take("start").trimEnd()} …`;
  return `${take("start").trimEnd()} … ${take("end").trimStart()}`;
}

/** Still (partly) in the original's words: confirming says they stay as they are, not that they were checked. */
const keptAsItIs = (section: TranslationSectionStatus) =>
  section.state === "not-translated" || section.state === "partly-translated";

export function SourcePanel({ documentId, visible, canConfirm, onShowSection, announce }: SourcePanelProps) {
  const [family, setFamily] = useState<Family | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const response = await fetch(`/api/documents/${documentId}/translations`, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      setFamily((await response.json()) as Family);
      setError(null);
    } catch {
      setError("We couldn't get the original just now. We'll try again in a moment.");
    }
  }, [documentId]);

  useEffect(() => {
    if (!visible) return;
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [visible, load]);

  const confirm = async (section: TranslationSectionStatus) => {
    setBusy(section.id);
    try {
      const response = await fetch(`/api/documents/${documentId}/translation/confirmations`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sectionId: section.id }),
      });
      const body = (await response.json()) as { error?: { message: string } };
      if (!response.ok) {
        setError(body.error?.message ?? "That didn't work. Please try again.");
        return;
      }
      announce(`Thank you. “${section.title || "Untitled section"}” is marked as checked.`);
      await load();
    } finally {
      setBusy(null);
    }
  };

  const sections = family?.translations.find((t) => t.id === documentId)?.sections ?? null;
  const source = family?.source;
  const sourceLanguage = source ? languageOf(source.language) : null;
  const sourceName = sourceLanguage?.name ?? "the original";
  const waiting = sections?.filter((section) => section.state !== "up-to-date").length ?? 0;

  return (
    <section className="side-panel source-panel" aria-labelledby="source-heading">
      <h2 id="source-heading">{source ? `The ${sourceName} original` : "The original"}</h2>
      <p className="hint">
        Each section of the original is here, beside your translation. When the original changes, the section is marked
        so you can check your words still match.
      </p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {!sections ? (
        <p className="hint">Getting the original…</p>
      ) : (
        <>
          <p role="status">
            {waiting === 0
              ? "Every section is translated and up to date."
              : `${waiting === 1 ? "1 section needs" : `${waiting} sections need`} ${canConfirm ? "you" : "a translator"}.`}
          </p>
          <button type="button" className="button button--secondary button--small" onClick={() => void load()}>
            Look at the original again
          </button>
          <ol className="source-panel__sections">
            {sections.map((section) => (
              <li key={section.id} className={`source-section source-section--${section.state}`}>
                <h3 className="source-section__title">
                  {section.title || "Untitled section"}{" "}
                  <span className={`tag${section.state === "up-to-date" ? "" : " tag--warning"}`}>
                    {translationStateLabel(section.state, sourceName)}
                  </span>
                </h3>
                {section.source ? (
                  <div
                    className="source-section__original"
                    lang={sourceLanguage?.code}
                    dir={sourceLanguage?.direction}
                    aria-label={`${sourceName} original`}
                  >
                    <p className="source-section__original-title">
                      <strong>{section.source.title}</strong>
                    </p>
                    {section.source.text
                      .split("\n")
                      .filter((line) => line.trim())
                      .map((line, index) => (
                        <p key={index}>{line}</p>
                      ))}
                  </div>
                ) : null}
                {section.state === "source-changed" ? (
                  <div className="source-section__changes">
                    <p>
                      <strong>What changed in the {sourceName}:</strong>
                    </p>
                    <p lang={sourceLanguage?.code} dir={sourceLanguage?.direction}>
                      {section.changes.map((part, index) =>
                        part.kind === "added" ? (
                          <ins key={index} className="diff-added">
                            <span className="diff-label">Added</span> {part.text}
                          </ins>
                        ) : part.kind === "removed" ? (
                          <del key={index} className="diff-removed">
                            <span className="diff-label">Removed</span> {part.text}
                          </del>
                        ) : (
                          <span key={index}>
                            {around(part.text, index === 0, index === section.changes.length - 1)}
                          </span>
                        ),
                      )}
                    </p>
                  </div>
                ) : null}
                {keptAsItIs(section) && canConfirm ? (
                  <p className="hint">
                    Write over the {sourceName} words in this language. If some must stay as they are (a name, an
                    address), say so with “It needs no translation”.
                  </p>
                ) : null}
                {section.state === "new-in-source" ? (
                  <p className="hint">Add a section for this to your translation, then translate it.</p>
                ) : null}
                {section.state === "removed-from-source" ? (
                  <p className="hint">The original no longer has this section. You may want to remove it.</p>
                ) : null}
                <div className="button-row">
                  {section.state !== "new-in-source" ? (
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => onShowSection(section.id)}
                    >
                      Show in the text
                      <span className="visually-hidden"> (“{section.title || "Untitled section"}”)</span>
                    </button>
                  ) : null}
                  {canConfirm && section.source && section.state !== "up-to-date" ? (
                    <button
                      type="button"
                      className="button button--small"
                      disabled={busy === section.id}
                      onClick={() => void confirm(section)}
                    >
                      {keptAsItIs(section) ? "It needs no translation" : "I've checked this section"}
                      <span className="visually-hidden"> (“{section.title || "Untitled section"}”)</span>
                    </button>
                  ) : null}
                </div>
                {section.confirmedByName && section.confirmedAt ? (
                  <p className="hint">Last checked by {section.confirmedByName}.</p>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
