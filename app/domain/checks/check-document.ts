/**
 * The pure check pipeline (no I/O, runs in the browser and on the server): every rule except axe-core, over a
 * ProseMirror document built from the one schema. Sections are checked one by one with section-relative
 * positions, so a `SectionCheckCache` lets the live editor re-check only the section that changed.
 *
 * The server's worker runs this, then axe-core over the rendered HTML, and merges the two with `mergeAxeFindings`.
 */
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { starterTextsOf } from "../placeholders";
import type { Design } from "../design";
import type { Template } from "../template";
import { findAcronyms, unexplainedAcronyms, type AcronymUse } from "./acronyms";
import { checkBrandLocks, checkColourContrast, checkCoverPicture, checkTypeSizes } from "./design-rules";
import { checkSectionLanguage } from "./language-rules";
import { checkEasyRead } from "./easy-read-rules";
import { checkSectionOtherLanguage, checksRunFor, type ChecksRun } from "./other-languages";
import { isEnglish } from "../languages";
import type { WordListEntry } from "./lived-experience-words";
import { addCounts, emptyCounts, parseReadingAge, readingAgeStatus, scoresFromCounts } from "./readability-formulas";
import { checkSectionStructure, type SectionFinding } from "./structure-rules";
import { readSection, sectionsOf, type SectionModel } from "./text-model";
import { withoutSuggestion } from "../suggestions";
import type {
  CheckSource,
  Dismissal,
  Finding,
  ReadabilityScores,
  ReadingAgeStatus,
  ReportedFinding,
  SectionSummary,
  Severity,
  TextCounts,
} from "./types";

/** Bump when rules change, so reports cached under the old rules are not served again. */
export const CHECK_ENGINE_VERSION = "checks-6";

export interface PureCheckOptions {
  template: Template;
  design: Design;
  /** The document's target reading age (meta.readingAge), e.g. "9–11". */
  readingAge: string;
  /** The workspace's lived-experience word list. */
  wordList: readonly WordListEntry[];
  /**
   * Starter texts of templates, normalised (`starterTextsOf`), found as "Template text is still here". The server
   * passes every template's, so a document whose template was switched is still caught; without it, the texts of
   * `template` are used.
   */
  starterTexts?: ReadonlySet<string>;
  /** The document's language (meta.language). English gets every rule; other languages the ones valid for them. */
  language?: string;
}

const starterTextsByTemplate = new WeakMap<Template, ReadonlySet<string>>();
function starterTextsFor(options: PureCheckOptions): ReadonlySet<string> {
  if (options.starterTexts) return options.starterTexts;
  let texts = starterTextsByTemplate.get(options.template);
  if (!texts) {
    texts = starterTextsOf([options.template]);
    starterTextsByTemplate.set(options.template, texts);
  }
  return texts;
}

export interface SectionCheck {
  model: SectionModel;
  counts: TextCounts;
  /** Section-relative ranges. */
  findings: SectionFinding[];
  acronyms: AcronymUse[];
  /** Whether the section holds a contact box anywhere (for a brand kit that locks one). */
  hasContactBlock: boolean;
}

function holdsContactBlock(section: ProseMirrorNode): boolean {
  let found = false;
  section.descendants((node) => {
    if (node.type.name === "contactBlock") found = true;
    return !found;
  });
  return found;
}

export function checkSection(section: ProseMirrorNode, options: PureCheckOptions): SectionCheck {
  const model = readSection(section);
  const language = isEnglish(options.language)
    ? checkSectionLanguage(model, {
        readingAgeMax: parseReadingAge(options.readingAge).max,
        maxSentenceWords: options.template.rules.maxSentenceWords,
        wordList: options.wordList,
      })
    : checkSectionOtherLanguage(model, {
        language: options.language ?? "en-GB",
        maxSentenceWords: options.template.rules.maxSentenceWords,
      });
  return {
    model,
    counts: language.counts,
    findings: [
      ...checkSectionStructure(model, options.template, starterTextsFor(options)),
      ...language.findings,
      ...(options.template.kind === "easy-read" ? checkEasyRead(model, options.language) : []),
    ],
    acronyms: findAcronyms(model),
    hasContactBlock: holdsContactBlock(section),
  };
}

export interface SuggestionImpact {
  /** Findings that go once the suggestion is taken. */
  fixes: SectionFinding[];
  /** Findings that come with it. */
  causes: SectionFinding[];
}

/**
 * What one open suggestion changes in its section's findings (issue 15). The checks read the text as if every
 * suggestion were taken (text-model.ts), so the section is checked as it is and with this one suggestion turned down.
 */
export function suggestionImpact(
  section: ProseMirrorNode,
  suggestionId: string,
  options: PureCheckOptions,
): SuggestionImpact {
  const taken = checkSection(section, options).findings;
  const without = section.type.schema.nodeFromJSON(withoutSuggestion(section.toJSON(), suggestionId));
  const turnedDown = checkSection(without, options).findings;
  const key = (finding: SectionFinding) => `${finding.rule}\u0000${finding.text}`;
  const count = (findings: SectionFinding[]) => {
    const counts = new Map<string, number>();
    for (const finding of findings) counts.set(key(finding), (counts.get(key(finding)) ?? 0) + 1);
    return counts;
  };
  const only = (these: SectionFinding[], others: SectionFinding[]) => {
    const remaining = count(others);
    return these.filter((finding) => {
      const left = remaining.get(key(finding)) ?? 0;
      remaining.set(key(finding), left - 1);
      return left <= 0;
    });
  };
  return { fixes: only(turnedDown, taken), causes: only(taken, turnedDown) };
}

/**
 * Remembers each section's result while its node is unchanged. ProseMirror keeps unchanged nodes identical
 * between transactions, so typing in one section re-checks only that one. Make a new cache when the options
 * (template, reading age, word list) change.
 */
export class SectionCheckCache {
  private readonly entries = new Map<string, { node: ProseMirrorNode; check: SectionCheck }>();
  hits = 0;
  misses = 0;

  get(section: ProseMirrorNode, options: PureCheckOptions): SectionCheck {
    const key = String(section.attrs.id ?? "");
    const cached = this.entries.get(key);
    if (cached && (cached.node === section || cached.node.eq(section))) {
      this.hits++;
      return cached.check;
    }
    this.misses++;
    const check = checkSection(section, options);
    this.entries.set(key, { node: section, check });
    return check;
  }

  /** Forgets sections that are gone (deleted, or their id changed). */
  keepOnly(ids: ReadonlySet<string>) {
    for (const key of this.entries.keys()) if (!ids.has(key)) this.entries.delete(key);
  }
}

export interface PureReport {
  findings: Finding[];
  document: ReadabilityScores;
  readingAgeStatus: ReadingAgeStatus;
  sections: SectionSummary[];
  counts: Record<Severity, number>;
  /** Which checks ran for the document's language, and which did not (with why). */
  checksRun: ChecksRun;
}

type UnidentifiedFinding = Omit<Finding, "id">;

/** One section's results with absolute positions, as plain data (it crosses from worker threads). */
export interface SectionResult {
  sectionId: string;
  title: string;
  index: number;
  pos: number;
  counts: TextCounts;
  findings: UnidentifiedFinding[];
  acronyms: AcronymUse[];
  hasContactBlock: boolean;
}

function toSectionResult(check: SectionCheck, index: number, pos: number): SectionResult {
  const sectionId = check.model.id;
  return {
    sectionId,
    title: check.model.title,
    index,
    pos,
    counts: check.counts,
    findings: check.findings.map((finding) => ({
      ...finding,
      sectionId,
      range: finding.range ? { from: pos + finding.range.from, to: pos + finding.range.to } : null,
    })),
    acronyms: check.acronyms.map((use) => ({ ...use, from: pos + use.from, to: pos + use.to })),
    hasContactBlock: check.hasContactBlock,
  };
}

/**
 * Checks some or all sections (by index). The server splits a long document over worker threads this way; the
 * results are put together by `assembleReport`.
 */
export function checkSections(
  doc: ProseMirrorNode,
  options: PureCheckOptions,
  indices?: readonly number[],
  cache?: SectionCheckCache,
): SectionResult[] {
  const sections = sectionsOf(doc);
  const wanted = indices ?? sections.map((_, index) => index);
  const results = wanted.map((index) => {
    const { node, pos } = sections[index]!;
    return toSectionResult(cache ? cache.get(node, options) : checkSection(node, options), index, pos);
  });
  if (cache && !indices) cache.keepOnly(new Set(sections.map(({ node }) => String(node.attrs.id ?? ""))));
  return results;
}

/**
 * Whole-document rules (colours, type sizes, the brand kit's locks, acronyms across sections), scores, order and ids, over the results
 * of every section (in any order) plus any extra findings (axe-core's).
 */
export function assembleReport(
  sectionResults: readonly SectionResult[],
  options: PureCheckOptions,
  extra: readonly UnidentifiedFinding[] = [],
): PureReport {
  const sections = [...sectionResults].sort((a, b) => a.index - b.index);
  const sectionOrder = sections.map((section) => section.sectionId);
  const findings: UnidentifiedFinding[] = [
    ...checkColourContrast(options.design),
    ...checkTypeSizes(options.template, options.design),
    ...checkCoverPicture(options.template, options.design),
    ...checkBrandLocks(
      options.design,
      sections.some((section) => section.hasContactBlock),
    ),
  ];
  let documentCounts = emptyCounts();
  for (const section of sections) {
    findings.push(...section.findings);
    documentCounts = addCounts(documentCounts, section.counts);
  }

  const uses = sections.flatMap((section) =>
    section.acronyms.map((use) => ({ sectionIndex: section.index, sectionId: section.sectionId, use })),
  );
  for (const { sectionId, use } of unexplainedAcronyms(uses)) {
    findings.push({
      rule: "acronym",
      source: "language",
      severity: "warning",
      sectionId,
      range: { from: use.from, to: use.to },
      target: "text",
      text: use.text,
      message: `Not everyone knows what ‘${use.acronym}’ means.`,
      help: `Write it out in full the first time you use it, with the short form after it in brackets, for example “local authority (LA)”.`,
    });
  }

  const identified = mergeAxeFindings(withFindingIds(sortFindings(findings, sectionOrder)), extra, sectionOrder);
  // Reading-age formulas are only valid for English: other languages get word and sentence counts, no age.
  const formulas = isEnglish(options.language);
  const summaries: SectionSummary[] = sections.map((section) => {
    const scores = scoresFromCounts(section.counts, formulas);
    return {
      sectionId: section.sectionId,
      title: section.title,
      scores,
      readingAgeStatus: formulas ? readingAgeStatus(scores, options.readingAge) : "not-measured",
      counts: countBySeverity(identified.filter((finding) => finding.sectionId === section.sectionId)),
    };
  });
  const scores = scoresFromCounts(documentCounts, formulas);
  return {
    findings: identified,
    document: scores,
    readingAgeStatus: formulas ? readingAgeStatus(scores, options.readingAge) : "not-measured",
    sections: summaries,
    counts: countBySeverity(identified),
    checksRun: checksRunFor(options.language),
  };
}

/** Every rule except axe-core over a whole document (the browser's live checks, and the server's first half). */
/** How many sections `checkSections` can be asked about (their indices run from 0). */
export function sectionCount(doc: ProseMirrorNode): number {
  return sectionsOf(doc).length;
}

export function checkDocument(doc: ProseMirrorNode, options: PureCheckOptions, cache?: SectionCheckCache): PureReport {
  return assembleReport(checkSections(doc, options, undefined, cache), options);
}

const SEVERITY_ORDER: Record<Severity, number> = { blocker: 0, warning: 1, tip: 2 };

/** Whole-document findings first, then in reading order; at the same place, the most serious first. */
export function sortFindings<T extends UnidentifiedFinding>(findings: T[], sectionOrder: readonly string[] = []): T[] {
  const sectionIndex = (id: string | null) => (id === null ? -1 : sectionOrder.indexOf(id));
  return [...findings].sort(
    (a, b) =>
      sectionIndex(a.sectionId) - sectionIndex(b.sectionId) ||
      (a.range?.from ?? -1) - (b.range?.from ?? -1) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.rule.localeCompare(b.rule),
  );
}

/** 32-bit FNV-1a as 8 hex digits: short, stable ids in the browser and on the server alike. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * Gives each finding an id from its rule, section and words (and which occurrence of those it is), not its
 * position: a dismissed warning stays dismissed while people edit other parts of the document.
 */
export function withFindingIds(findings: readonly UnidentifiedFinding[]): Finding[] {
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const base = `${finding.rule}|${finding.sectionId ?? "document"}|${finding.text.trim().toLowerCase().replace(/\s+/g, " ")}`;
    const occurrence = occurrences.get(base) ?? 0;
    occurrences.set(base, occurrence + 1);
    return { ...finding, id: `${finding.rule}-${fnv1a(`${base}|${occurrence}`)}` } as Finding;
  });
}

export function countBySeverity(findings: readonly Pick<Finding, "severity">[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { blocker: 0, warning: 0, tip: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** Axe rules that find what one of our own rules finds; our finding is kept (its message is kinder). */
const AXE_EQUIVALENTS: Record<string, string> = {
  "image-alt": "image-alt",
  "heading-order": "heading-order",
  "empty-heading": "empty-heading",
  "p-as-heading": "bold-as-heading",
};

/**
 * Adds axe-core's findings to the pure ones. Where axe found the same problem at the same place as one of our
 * rules, our finding stays and notes that axe agrees (`alsoFoundBy`), so nobody is asked to fix one thing twice.
 */
export function mergeAxeFindings(
  pure: readonly Finding[],
  axe: readonly UnidentifiedFinding[],
  sectionOrder: readonly string[],
): Finding[] {
  const merged = pure.map((finding) => ({ ...finding }));
  const extra: UnidentifiedFinding[] = [];
  for (const finding of axe) {
    const ownRule = AXE_EQUIVALENTS[finding.rule.replace(/^axe-/, "")];
    const twin = ownRule
      ? merged.find(
          (own) =>
            own.rule === ownRule &&
            own.sectionId === finding.sectionId &&
            (!own.range || !finding.range || (own.range.from < finding.range.to && finding.range.from < own.range.to)),
        )
      : undefined;
    if (twin) {
      const also = new Set<CheckSource>(twin.alsoFoundBy ?? []);
      also.add("axe");
      twin.alsoFoundBy = [...also];
    } else extra.push(finding);
  }
  const withoutIds = merged.map(({ id: _id, ...rest }) => rest);
  return withFindingIds(sortFindings([...withoutIds, ...extra], sectionOrder));
}

/** Marks dismissed findings. Blockers cannot be dismissed, so a dismissal of one (from an older rule) is ignored. */
export function applyDismissals(findings: readonly Finding[], dismissals: readonly Dismissal[]): ReportedFinding[] {
  const byId = new Map(dismissals.map((dismissal) => [dismissal.findingId, dismissal]));
  return findings.map((finding) => {
    const dismissal = finding.severity === "blocker" ? undefined : byId.get(finding.id);
    return dismissal ? { ...finding, dismissal } : finding;
  });
}

/**
 * The gate for sign-off and release: findings whose severity the approval policy says blocks, and which nobody
 * has dismissed (only warnings and tips can be dismissed, with a reason).
 */
export function blockingFindings<T extends Pick<ReportedFinding, "severity" | "dismissal">>(
  report: { findings: readonly T[] },
  blockingSeverities: readonly Severity[],
): T[] {
  const blocking = new Set(blockingSeverities);
  return report.findings.filter((finding) => blocking.has(finding.severity) && !finding.dismissal);
}
