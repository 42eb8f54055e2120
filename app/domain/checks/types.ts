/**
 * The shapes of a check report (docs/ARCHITECTURE.md, "Checks pipeline"). Shared by the pure rules (browser and server), the
 * worker that adds axe-core, the API, the checks page and the editor's underlines.
 */
import type { ChecksRun } from "./other-languages";

export const CHECK_SOURCES = ["axe", "readability", "language", "contrast", "template"] as const;
export type CheckSource = (typeof CHECK_SOURCES)[number];

export const SEVERITIES = ["blocker", "warning", "tip"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** ProseMirror positions in the canonical document (`documentSchema.nodeFromJSON(content)`). */
export interface PositionRange {
  from: number;
  to: number;
}

/**
 * What a finding's range covers, so the editor knows how to mark it:
 * `text` = these characters; `node` = a whole block node (an image, a heading, a section);
 * `title` = the section's title (an attribute, shown in the section header).
 */
export type FindingTarget = "text" | "node" | "title";

export interface Finding {
  /** Stable across unrelated edits: rule + section + the words concerned + which occurrence. Used for dismissals. */
  id: string;
  rule: string;
  source: CheckSource;
  severity: Severity;
  /** The section the finding is in, or null for the whole document (colours, type sizes). */
  sectionId: string | null;
  /** Where it is, or null when it is not in the text (colours, type sizes). */
  range: PositionRange | null;
  target: FindingTarget;
  /** The words (or the thing) concerned, as the reader would see them. */
  text: string;
  /** What is wrong, in plain words. */
  message: string;
  /** How to fix it, in plain words. */
  help: string;
  /** Words to use instead, when there are any. */
  suggestions?: string[];
  /** Where the advice comes from (a guideline, a charity's style guide), when known. */
  sourceNote?: string;
  /** Other checkers that found the same problem at the same place (e.g. axe confirming a missing alt text). */
  alsoFoundBy?: CheckSource[];
}

/** A finding a writer has chosen to leave as it is, with their reason. Blockers can never be dismissed. */
export interface Dismissal {
  findingId: string;
  reason: string;
  dismissedBy: string;
  dismissedByName: string;
  dismissedAt: string;
}

export type ReportedFinding = Finding & { dismissal?: Dismissal };

/** Counts that readability scores are made from (headings and contact details are not counted). */
export interface TextCounts {
  words: number;
  sentences: number;
  syllables: number;
  longestSentenceWords: number;
}

export interface ReadabilityScores extends TextCounts {
  averageSentenceWords: number | null;
  /** Flesch reading ease (higher is easier; 60–70 is plain English). Null when there is no text to score. */
  fleschReadingEase: number | null;
  /** Flesch–Kincaid grade (US school grade). */
  fleschKincaidGrade: number | null;
  /** Reading age in years, from the Flesch–Kincaid grade (grade + 5). */
  readingAge: number | null;
}

/** "not-measured": the document's language has no valid reading-age formula (only English has). */
export type ReadingAgeStatus = "within" | "above" | "no-text" | "not-measured";

export interface SectionSummary {
  sectionId: string;
  title: string;
  scores: ReadabilityScores;
  readingAgeStatus: ReadingAgeStatus;
  /** Open findings in this section by severity. */
  counts: Record<Severity, number>;
}

/** An axe rule that could not decide (or cannot run without a real browser): never counted as passed. */
export interface NotChecked {
  rule: string;
  help: string;
  reason: string;
  /** How many places axe could not decide about (0 when the rule was not run at all). */
  places: number;
}

export interface AxeRun {
  ran: boolean;
  version: string;
  rulesRun: number;
  violations: string[];
  passes: string[];
  incomplete: string[];
  durationMs: number;
}

export interface CheckTarget {
  templateId: string;
  /** The document's target reading age, e.g. "9–11". */
  readingAge: string;
  maxSentenceWords: number;
}

export interface CheckReport {
  documentId: string;
  hash: string;
  contentHash: string;
  designHash: string;
  checkedAt: string;
  /** Changes when the rules change, so a cached report from older rules is not reused. */
  engineVersion: string;
  target: CheckTarget;
  document: ReadabilityScores;
  readingAgeStatus: ReadingAgeStatus;
  sections: SectionSummary[];
  findings: ReportedFinding[];
  notChecked: NotChecked[];
  axe: AxeRun;
  /** Open findings by severity (dismissed ones are not counted here). */
  counts: Record<Severity, number>;
  /** Which checks ran for the document's language, and which did not (with why). */
  checksRun: ChecksRun;
  /** How many findings someone chose to leave as they are. */
  dismissed: number;
  durationMs: number;
}
