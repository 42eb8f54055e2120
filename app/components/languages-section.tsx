/**
 * The document's family on the sign-off page (issue 16): the original and every translation, each signed off and
 * published on its own, with where it stands — and, for coordinators, "Add a language". The form posts to the
 * sign-off page's action (intent `translation-add`), which calls the translations service.
 */
import { Form, Link } from "@remix-run/react";
import { LANGUAGES, languageChoice, languageOf } from "~/domain/languages";

export interface FamilyMember {
  id: string;
  title: string;
  language: string;
  languageName: string;
  /** Sections needing a translator (null for the original). */
  needsWork: number | null;
  /** Whether this version meets its sign-off rules, and its latest release number. */
  signedOff: boolean;
  latestRelease: number | null;
}

interface LanguagesSectionProps {
  currentId: string;
  members: FamilyMember[];
  canAdd: boolean;
  busy: boolean;
  result: { intent: string; error?: string } | undefined;
}

export function LanguagesSection({ currentId, members, canAdd, busy, result }: LanguagesSectionProps) {
  const taken = new Set(members.map((member) => languageOf(member.language).code));
  const choices = LANGUAGES.filter((language) => !taken.has(language.code));
  const error = result?.intent === "translation-add" ? result.error : undefined;
  return (
    <section aria-labelledby="languages-heading" id="languages">
      <h3 id="languages-heading">Languages</h3>
      <p className="hint">
        Each language is signed off and published on its own, by people who read it. When the original changes, its
        translations show which sections to check.
      </p>
      <ul className="languages-list">
        {members.map((member, index) => {
          const language = languageOf(member.language);
          return (
            <li key={member.id}>
              <strong>
                {member.id === currentId ? (
                  <span>
                    {member.languageName} <span className="hint">(this document)</span>
                  </span>
                ) : (
                  <Link to={`/documents/${member.id}/review`}>{member.languageName}</Link>
                )}
              </strong>
              {index === 0 ? " — the original" : null}
              {": "}
              <span lang={language.code} dir={language.direction}>
                {member.title}
              </span>
              <ul className="languages-list__state">
                {member.needsWork === null ? null : member.needsWork === 0 ? (
                  <li>Every section is translated and up to date.</li>
                ) : (
                  <li>
                    <Link to={`/documents/${member.id}?panel=source`}>
                      {member.needsWork === 1 ? "1 section needs" : `${member.needsWork} sections need`} a translator
                    </Link>
                  </li>
                )}
                <li>{member.signedOff ? "This version is signed off." : "Not signed off yet."}</li>
                <li>
                  {member.latestRelease === null ? "Not published yet." : `Published: release ${member.latestRelease}.`}
                </li>
              </ul>
            </li>
          );
        })}
      </ul>
      {canAdd && choices.length > 0 ? (
        <Form method="post" className="review-box">
          <input type="hidden" name="intent" value="translation-add" />
          <div className={`field${error ? " field--error" : ""}`}>
            <label htmlFor="translation-language">Add a language</label>
            <p className="hint" id="translation-language-hint">
              The translation starts as a copy of the original&apos;s sections, design and template. Translators then
              write over each section in the new language.
            </p>
            {error ? (
              <p className="field-error" id="translation-language-error">
                {error}
              </p>
            ) : null}
            <select
              // A fresh list after each answer: a language that went away is never swapped for its neighbour.
              key={`${members.length}:${error ?? ""}`}
              id="translation-language"
              name="language"
              aria-describedby={`translation-language-hint${error ? " translation-language-error" : ""}`}
              defaultValue=""
            >
              <option value="" disabled>
                Choose a language
              </option>
              {choices.map((language) => (
                <option key={language.code} value={language.code} lang={language.code}>
                  {languageChoice(language)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={busy}>
            Add this language
          </button>
        </Form>
      ) : null}
    </section>
  );
}
