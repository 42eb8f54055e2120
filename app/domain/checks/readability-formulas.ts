/**
 * Readability formulas over plain counts. retext-readability only scores single sentences, so section and
 * whole-document scores are computed here from the counts the language pass collects.
 */
import type { ReadabilityScores, ReadingAgeStatus, TextCounts } from "./types";

/** Flesch reading ease: 206.835 − 1.015 × (words ÷ sentences) − 84.6 × (syllables ÷ words). */
export function fleschReadingEase({
  sentences,
  words,
  syllables,
}: Pick<TextCounts, "sentences" | "words" | "syllables">): number {
  return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words);
}

/** Flesch–Kincaid grade level: 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59. */
export function fleschKincaidGrade({
  sentences,
  words,
  syllables,
}: Pick<TextCounts, "sentences" | "words" | "syllables">): number {
  return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59;
}

/**
 * Reading age in years from a US school grade: children start grade 1 at about 6, so age ≈ grade + 5 (the same
 * conversion retext-readability uses). Never below 5: very short, simple text still needs a reader.
 */
export function readingAgeFromGrade(grade: number): number {
  return Math.max(5, Math.round(grade + 5));
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function emptyCounts(): TextCounts {
  return { words: 0, sentences: 0, syllables: 0, longestSentenceWords: 0 };
}

export function addCounts(a: TextCounts, b: TextCounts): TextCounts {
  return {
    words: a.words + b.words,
    sentences: a.sentences + b.sentences,
    syllables: a.syllables + b.syllables,
    longestSentenceWords: Math.max(a.longestSentenceWords, b.longestSentenceWords),
  };
}

/** Scores from counts; null scores when there is nothing to score (no sentences or no words). */
export function scoresFromCounts(counts: TextCounts, formulas = true): ReadabilityScores {
  if (!formulas)
    return {
      ...counts,
      averageSentenceWords: counts.sentences ? round(counts.words / counts.sentences, 1) : null,
      fleschReadingEase: null,
      fleschKincaidGrade: null,
      readingAge: null,
    };
  if (counts.sentences === 0 || counts.words === 0) {
    return {
      ...counts,
      averageSentenceWords: null,
      fleschReadingEase: null,
      fleschKincaidGrade: null,
      readingAge: null,
    };
  }
  const grade = fleschKincaidGrade(counts);
  return {
    ...counts,
    averageSentenceWords: round(counts.words / counts.sentences, 1),
    fleschReadingEase: round(fleschReadingEase(counts), 1),
    fleschKincaidGrade: round(grade, 1),
    readingAge: readingAgeFromGrade(grade),
  };
}

/** "9–11" → {min: 9, max: 11}; "12" → {min: 12, max: 12}. Unreadable targets fall back to the default 9–11. */
export function parseReadingAge(target: string): { min: number; max: number } {
  const match = /^\s*(\d+)\s*(?:[–-]\s*(\d+))?\s*$/.exec(target);
  if (!match) return { min: 9, max: 11 };
  const min = Number(match[1]);
  const max = match[2] ? Number(match[2]) : min;
  return { min: Math.min(min, max), max: Math.max(min, max) };
}

export function readingAgeStatus(scores: ReadabilityScores, target: string): ReadingAgeStatus {
  if (scores.readingAge === null) return "no-text";
  return scores.readingAge > parseReadingAge(target).max ? "above" : "within";
}
