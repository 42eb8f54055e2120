/**
 * Linked translations (docs/ARCHITECTURE.md, "Translations"): where each section of a translation stands against
 * the document it was translated from. Sections are matched by id (a translation keeps its source's section ids).
 * For each section the server remembers the source's words when the translation was last checked against them;
 * a section whose source says something else now is "source-changed" until someone confirms it again.
 */
import { diffWords } from "diff";
import type { SectionText } from "./document-diff";

export type TranslationSectionState =
  /** Checked against the source as it is now. */
  | "up-to-date"
  /** The source section changed since the translation was last checked against it. */
  | "source-changed"
  /** Still the source's own words: nobody has translated it yet. */
  | "not-translated"
  /** Some of its paragraphs are still the source's own words, and nobody has said that is right. */
  | "partly-translated"
  /** A section the source gained after the translation was made. */
  | "new-in-source"
  /** The source no longer has this section. */
  | "removed-from-source";

export interface SectionRecord {
  sectionId: string;
  /** The source section's words (title, then one line per block) when last checked. */
  sourceText: string;
  /** Who confirmed it last, or null when it was only made (copied) and never confirmed. */
  confirmedByName: string | null;
  confirmedAt: string;
}

export interface TranslationSectionStatus {
  id: string;
  /** The section's title in the translation (or the source's, for a section only the source has). */
  title: string;
  state: TranslationSectionState;
  /** The source section's title and words now (null when the source no longer has it). */
  source: { title: string; text: string } | null;
  /** For "source-changed": what changed in the source since it was last checked, word by word. */
  changes: Array<{ kind: "same" | "added" | "removed"; text: string }>;
  confirmedByName: string | null;
  confirmedAt: string | null;
}

/** The words a section is checked on: its title and text, as the reader meets them. */
export function sectionWords(section: SectionText): string {
  return `${section.title.trim()}\n${section.text.trim()}`;
}

export function translationStatus(
  source: SectionText[],
  translation: SectionText[],
  records: SectionRecord[],
): TranslationSectionStatus[] {
  const sourceById = new Map(source.map((section) => [section.id, section]));
  const recordById = new Map(records.map((record) => [record.sectionId, record]));
  const seen = new Set<string>();
  const statuses: TranslationSectionStatus[] = translation.map((section) => {
    seen.add(section.id);
    const from = sourceById.get(section.id);
    const record = recordById.get(section.id);
    const base = {
      id: section.id,
      title: section.title,
      source: from ? { title: from.title, text: from.text } : null,
      changes: [] as TranslationSectionStatus["changes"],
      confirmedByName: record?.confirmedByName ?? null,
      confirmedAt: record?.confirmedByName ? record.confirmedAt : null,
    };
    if (!from) return { ...base, state: "removed-from-source" };
    const now = sectionWords(from);
    if (!record) return { ...base, state: "new-in-source" };
    if (record.sourceText !== now)
      return {
        ...base,
        state: "source-changed",
        changes: diffWords(record.sourceText, now).map((part) => ({
          kind: part.added ? "added" : part.removed ? "removed" : "same",
          text: part.value,
        })),
      };
    if (!record.confirmedByName && sectionWords(section) === record.sourceText)
      return { ...base, state: "not-translated" };
    if (!record.confirmedByName && leftoverLines(section, from) > 0) return { ...base, state: "partly-translated" };
    return { ...base, state: "up-to-date" };
  });
  // Sections only the source has, after the rest (a translator adds them to the translation).
  for (const section of source)
    if (!seen.has(section.id))
      statuses.push({
        id: section.id,
        title: section.title,
        state: "new-in-source",
        source: { title: section.title, text: section.text },
        changes: [],
        confirmedByName: null,
        confirmedAt: null,
      });
  return statuses;
}

/** Paragraphs (of three words or more) the translation still has word for word from the source. */
function leftoverLines(translation: SectionText, source: SectionText): number {
  const lines = (text: string) =>
    text
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.split(/\s+/).length >= 3 && /\p{L}/u.test(line));
  const original = new Set(lines(source.text));
  return lines(translation.text).filter((line) => original.has(line)).length;
}

/** Plain words for each state, as the translating view and the review page show them. */
export function translationStateLabel(state: TranslationSectionState, sourceLanguage: string): string {
  switch (state) {
    case "up-to-date":
      return "Up to date";
    case "source-changed":
      return `${sourceLanguage} changed — check this section`;
    case "not-translated":
      return "Not translated yet";
    case "partly-translated":
      return `Partly translated: some of it is still in ${sourceLanguage}`;
    case "new-in-source":
      return `New in ${sourceLanguage} — add it to this translation`;
    case "removed-from-source":
      return `No longer in ${sourceLanguage}`;
  }
}

/** Sections that need a translator: anything but up to date. */
export function needsTranslator(status: TranslationSectionStatus): boolean {
  return status.state !== "up-to-date";
}
