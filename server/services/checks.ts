/**
 * Checks (issue 5): the full report for a document's current hash, cached by hash; dismissing a warning with a
 * reason; and the workspace's lived-experience word list.
 *
 * The work runs in worker threads (server/workers/checks-worker.ts): a long document is split into as many parts
 * as there are threads, each part gets the pure rules and axe-core, and the parts are put together here
 * (`assembleReport`: whole-document rules, order, ids, scores), which is cheap. Blank pages need the PDF's layout:
 * the PDF service lays the same version out (a draft render, shared with draft exports) while the workers check.
 */
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { LRUCache } from "lru-cache";
import { Piscina } from "piscina";
import * as z from "zod";
import {
  applyDismissals,
  assembleReport,
  CHECK_ENGINE_VERSION,
  countBySeverity,
  type PureCheckOptions,
  type SectionResult,
} from "../../app/domain/checks/check-document";
import { checkFit, checkPrintedPages, pagesNotChecked, type PrintedLayout } from "../../app/domain/checks/layout-rules";
import {
  DEFAULT_WORD_LIST,
  phraseKey,
  wordListEntrySchema,
  type WordListEntry,
} from "../../app/domain/checks/lived-experience-words";
import type { AxeRun, CheckReport, Finding, NotChecked, ReportedFinding } from "../../app/domain/checks/types";
import { readDesign } from "../../app/domain/design";
import { isObject } from "../../app/domain/json";
import { pictureCredits } from "../../app/domain/picture-credits";
import { nodeSize } from "../../app/render/html";
import { AppError, errors } from "../../app/domain/errors";
import { can } from "../../app/domain/permissions";
import type { CanonicalDocument, DocumentMeta } from "../../app/domain/document-hash";
import type { Template } from "../../app/domain/template";
import { starterTextsOf } from "../../app/domain/placeholders";
import { STARTER_ID_PREFIX, type CheckRepository, type StoredWordListEntry } from "../db/checks";
import type { Viewer } from "./auth";
import { hashCanonical } from "./document-state";
import type { DocumentService } from "./documents";
import type { AxeChunkResult, CheckChunkResult, CheckChunkTask } from "../workers/checks-worker";
import { warmUpDocument } from "../workers/warm-up";
import { workerExecArgv, workerFile } from "../workers/worker-files";

export interface CheckServiceOptions {
  checks: CheckRepository;
  documents: DocumentService;
  templates: Map<string, Template>;
  /**
   * What each page of this version prints, from its PDF layout (the PDF service's `printedLayout`), for the
   * blank-page rule. Without it, pages are not checked (the benchmark, unit tests).
   */
  printedLayout?: (viewer: Viewer, documentId: string, document: CanonicalDocument) => Promise<PrintedLayout>;
  /** Worker threads (default: the cores, at most 4). */
  threads?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** Documents smaller than this (characters of JSON) are checked in one part: splitting costs more than it saves. */
const SPLIT_ABOVE_CHARACTERS = 40_000;

export const dismissInput = z.object({
  findingId: z
    .string({ error: "Say which finding to leave as it is." })
    .min(1, "Say which finding to leave as it is.")
    .max(100),
  reason: z
    .string({ error: "Say why it is right as it is." })
    .trim()
    .min(3, "Say why it is right as it is, so others understand (at least a few words).")
    .max(500, "Keep the reason under 500 characters."),
});

export const undismissInput = z.object({
  findingId: z
    .string({ error: "Say which finding to check again." })
    .min(1, "Say which finding to check again.")
    .max(100),
});

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

type Unidentified = Omit<Finding, "id">;
type Range = { from: number; to: number } | null;

/** What axe found in one section, or on the page around the sections; ranges relative to the section's start. */
interface AxeWork {
  findings: Unidentified[];
  violations: string[];
  /** Rule → places axe could not decide here. */
  undecided: Record<string, number>;
  /** What each rule axe could not decide is, in words (from the run this came from). */
  undecidedRules: NotChecked[];
  /** Rules that passed in the run this came from. */
  passes: string[];
  rulesRun: number;
  version: string;
}

/** One section's check work, kept while the section and the document's rules are unchanged. */
interface SectionWork {
  /** Ranges relative to the section's start. */
  pure: Omit<SectionResult, "index" | "pos">;
  axe: AxeWork | null;
}

const shiftRange = (range: Range, by: number): Range => (range ? { from: range.from + by, to: range.to + by } : null);

function shiftSection(result: Omit<SectionResult, "index" | "pos">, by: number): Omit<SectionResult, "index" | "pos"> {
  return {
    ...result,
    findings: result.findings.map((finding) => ({ ...finding, range: shiftRange(finding.range, by) })),
    acronyms: result.acronyms.map((use) => ({ ...use, from: use.from + by, to: use.to + by })),
  };
}

/** The part of a worker's axe run that concerns one section ("" for the page around the sections). */
function axeWorkFor(axe: AxeChunkResult, sectionId: string, by: number): AxeWork {
  const findings = axe.findings.filter((finding) => (finding.sectionId ?? "") === sectionId);
  const undecided: Record<string, number> = {};
  for (const [rule, places] of Object.entries(axe.undecided))
    if (places[sectionId]) undecided[rule] = places[sectionId];
  return {
    findings: findings.map((finding) => ({ ...finding, range: shiftRange(finding.range, by) })),
    violations: [
      ...new Set(findings.filter((f) => f.source === "axe").map((finding) => finding.rule.replace(/^axe-/, ""))),
    ],
    undecided,
    // The page's part names every rule axe could not decide, or could not run here (needing a browser).
    undecidedRules: sectionId === "" ? axe.notChecked : axe.notChecked.filter((item) => undecided[item.rule]),
    passes: axe.passes,
    rulesRun: axe.rulesRun,
    version: axe.version,
  };
}

/** axe's summary for the whole document, from each section's work and the page's. */
function mergeAxeWork(works: AxeWork[], durationMs: number): { axe: AxeRun; notChecked: NotChecked[] } {
  const violations = new Set(works.flatMap((work) => work.violations));
  const passes = new Set(works.flatMap((work) => work.passes).filter((rule) => !violations.has(rule)));
  const notChecked = new Map<string, NotChecked>();
  for (const work of works) {
    for (const item of work.undecidedRules) {
      const places = work.undecided[item.rule] ?? 0;
      const known = notChecked.get(item.rule);
      if (known) known.places += places;
      else notChecked.set(item.rule, { ...item, places });
    }
  }
  return {
    axe: {
      ran: works.length > 0,
      version: works[0]?.version ?? "",
      rulesRun: Math.max(0, ...works.map((work) => work.rulesRun)),
      violations: [...violations],
      passes: [...passes],
      incomplete: [...notChecked.values()].filter((item) => item.places > 0).map((item) => item.rule),
      durationMs,
    },
    notChecked: [...notChecked.values()],
  };
}

/** Splits sections [0, count) into `parts` contiguous runs of about equal size. */
export function splitSections(sizes: readonly number[], parts: number): Array<{ start: number; end: number }> {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const runs: Array<{ start: number; end: number }> = [];
  let start = 0;
  let accumulated = 0;
  for (let index = 0; index < sizes.length; index++) {
    accumulated += sizes[index]!;
    const boundary = (total * (runs.length + 1)) / parts;
    if (accumulated >= boundary && runs.length < parts - 1 && index < sizes.length - 1) {
      runs.push({ start, end: index + 1 });
      start = index + 1;
    }
  }
  runs.push({ start, end: sizes.length });
  return runs.filter((run) => run.end > run.start);
}

export interface CheckRunInput {
  documentId: string;
  canonical: {
    content: unknown;
    meta: DocumentMeta;
    design: Record<string, unknown>;
    templateId: string;
    hash: string;
    contentHash: string;
    designHash: string;
  };
  template: Template;
  wordList: WordListEntry[];
  /** Every template's starter texts, normalised; without them, the document template's. */
  starterTexts?: ReadonlySet<string>;
  /**
   * The version's printed pages, laid out meanwhile (null: there are none to check; a rejection: they could not
   * be laid out, which is reported as a blocker, `pagesNotChecked`).
   */
  printedLayout?: Promise<PrintedLayout | null>;
}

export interface CheckRunnerOptions {
  /** Worker threads (default: the cores, at most 4). */
  threads?: number;
  /** Sections whose check work is kept (default 5,000: about 100 long guides). */
  sectionCacheSize?: number;
}

/**
 * The check pipeline on worker threads, without caching whole reports or permissions (the service adds those; the
 * benchmark uses this directly). Each section's work (pure rules and axe-core over its HTML) is kept by the
 * section's content and the document's rules (template, design, reading age, language, word list), so after an
 * edit only the sections that changed are checked again; the rules over the whole document (colours, type sizes,
 * the brand kit, acronyms across sections, scores) run every time. The threads start lazily, or at once with
 * `warm()`.
 */
export function createCheckRunner(options: CheckRunnerOptions = {}) {
  const threads = options.threads ?? Math.max(1, Math.min(4, availableParallelism()));
  const execArgv = workerExecArgv();
  const sectionWork = new LRUCache<string, SectionWork>({ max: options.sectionCacheSize ?? 5_000 });
  const pageWork = new LRUCache<string, AxeWork>({ max: 500 });
  let pool: Piscina | null = null;
  const poolOf = (minThreads = 0) =>
    (pool ??= new Piscina({
      filename: workerFile("checks-worker").href,
      minThreads,
      maxThreads: threads,
      // A warm worker (axe loaded, rules compiled) checks several times faster than a cold one: keep it a while.
      idleTimeout: 10 * 60_000,
      // Past this, a request is refused ("busy") rather than left waiting behind a long queue.
      maxQueue: threads * 16,
      execArgv,
    }));

  function runTask(task: CheckChunkTask): Promise<CheckChunkResult> {
    return (poolOf().run(task) as Promise<CheckChunkResult>).catch((error: unknown) => {
      if (error instanceof Error && /queue is at limit/i.test(error.message)) {
        throw new AppError(
          503,
          "checks_busy",
          "Copress is checking a lot of documents right now. Please try again in a minute.",
        );
      }
      throw error;
    });
  }

  async function run({
    documentId,
    canonical,
    template,
    wordList,
    starterTexts,
    printedLayout,
  }: CheckRunInput): Promise<CheckReport & { parts: CheckChunkResult[]; pagesChecked: boolean; reused: number }> {
    const started = performance.now();
    const design = readDesign(canonical.design, canonical.templateId);
    const root = isObject(canonical.content) ? canonical.content : {};
    const children = Array.isArray(root.content) ? root.content.filter(isObject) : [];
    // Each section with where it starts in the document (ProseMirror positions), as the worker's parse gives.
    const sections: Array<{ json: Record<string, unknown>; pos: number; id: string; title: string }> = [];
    let pos = 0;
    for (const child of children) {
      if (child.type === "section") {
        const attrs = isObject(child.attrs) ? child.attrs : {};
        sections.push({ json: child, pos, id: String(attrs.id ?? ""), title: String(attrs.title ?? "") });
      }
      pos += nodeSize(child);
    }
    const rulesKey = sha256(
      JSON.stringify([
        CHECK_ENGINE_VERSION,
        template,
        design,
        canonical.meta.readingAge,
        canonical.meta.language,
        wordList,
        starterTexts ? [...starterTexts].sort() : null,
      ]),
    );
    const texts = sections.map((section) => JSON.stringify(section.json));
    const keys = texts.map((text) => sha256(`${rulesKey}\u0000${text}`));
    const pageKey = sha256(
      JSON.stringify([
        rulesKey,
        canonical.meta.title,
        sections.map((section) => [section.id, section.title]),
        pictureCredits(canonical.content),
      ]),
    );
    const known = keys.map((key) => sectionWork.get(key));
    const page = pageWork.get(pageKey);
    const missing = known.flatMap((work, index) => (work ? [] : [index]));
    const parts = splitSections(
      missing.map((index) => texts[index]!.length),
      missing.reduce((sum, index) => sum + texts[index]!.length, 0) > SPLIT_ABOVE_CHARACTERS
        ? Math.min(threads, missing.length)
        : 1,
    ).map((run) => missing.slice(run.start, run.end));
    if (!page && parts.length === 0) parts.push([]);

    const base = {
      content: canonical.content,
      meta: canonical.meta,
      template,
      design,
      wordList,
      starterTexts: starterTexts ? [...starterTexts] : undefined,
      runAxe: true,
    };
    // Started before the workers' results are awaited, so a failed layout is never an unhandled rejection.
    const pages = (printedLayout ?? Promise.resolve(null)).then(
      (layout) => ({ findings: layout ? [...checkPrintedPages(layout), ...checkFit(layout)] : [], checked: true }),
      (error: unknown) => {
        console.error(
          JSON.stringify({
            at: new Date().toISOString(),
            message: "checks.layout_failed",
            documentId,
            error: String(error),
          }),
        );
        return { findings: [pagesNotChecked()], checked: false };
      },
    );
    const results = await Promise.all(
      parts.map((indices, part) => runTask({ ...base, sections: indices, page: !page && part === 0 })),
    );

    // Keep what the workers found, by section (relative to its start) and for the page.
    let pageNow = page;
    results.forEach((result, part) => {
      for (const found of result.sections) {
        const { index: _index, pos: at, ...pure } = found;
        const work: SectionWork = {
          pure: shiftSection(pure, -at),
          axe: result.axe ? axeWorkFor(result.axe, found.sectionId, -at) : null,
        };
        known[found.index] = work;
        sectionWork.set(keys[found.index]!, work);
      }
      if (!page && part === 0 && result.axe) {
        pageNow = axeWorkFor(result.axe, "", 0);
        pageWork.set(pageKey, pageNow);
      }
    });

    const sectionResults: SectionResult[] = sections.map((section, index) => {
      const work = known[index];
      if (!work) throw new Error(`Section ${index} of ${documentId} was not checked.`);
      return { ...shiftSection(work.pure, section.pos), index, pos: section.pos };
    });
    const axeWorks = [
      ...(pageNow ? [pageNow] : []),
      ...sections.flatMap((section, index) => {
        const axe = known[index]?.axe;
        return axe
          ? [{ ...axe, findings: axe.findings.map((f) => ({ ...f, range: shiftRange(f.range, section.pos) })) }]
          : [];
      }),
    ];

    const pureOptions: PureCheckOptions = {
      template,
      design,
      readingAge: canonical.meta.readingAge,
      wordList,
      starterTexts,
      language: canonical.meta.language,
    };
    const pageResult = await pages;
    const assembled = assembleReport(sectionResults, pureOptions, [
      ...axeWorks.flatMap((work) => work.findings),
      ...pageResult.findings,
    ]);
    const { axe, notChecked } = mergeAxeWork(
      axeWorks,
      Math.max(0, ...results.map((result) => result.axe?.durationMs ?? 0)),
    );
    return {
      documentId,
      hash: canonical.hash,
      contentHash: canonical.contentHash,
      designHash: canonical.designHash,
      checkedAt: new Date().toISOString(),
      engineVersion: CHECK_ENGINE_VERSION,
      target: {
        templateId: template.id,
        readingAge: canonical.meta.readingAge,
        maxSentenceWords: template.rules.maxSentenceWords,
      },
      document: assembled.document,
      readingAgeStatus: assembled.readingAgeStatus,
      sections: assembled.sections,
      findings: assembled.findings,
      notChecked,
      axe,
      counts: assembled.counts,
      checksRun: assembled.checksRun,
      dismissed: 0,
      durationMs: Math.round(performance.now() - started),
      parts: results,
      pagesChecked: pageResult.checked,
      reused: sections.length - missing.length,
    };
  }

  /**
   * Starts every thread and has each load its rules, jsdom and axe-core and check the demo guide a few times (so the
   * code is compiled for real text), so the first check after a start costs about what later ones do. The threads
   * then stay.
   */
  async function warm(template: Template, rounds = 5): Promise<void> {
    poolOf(threads);
    const { content, meta, design } = warmUpDocument(template);
    const sectionCount = Array.isArray((content as { content?: unknown[] }).content)
      ? (content as { content: unknown[] }).content.length
      : 0;
    const task: CheckChunkTask = {
      content,
      meta,
      template,
      design: readDesign(design, template.id),
      wordList: [...DEFAULT_WORD_LIST],
      sections: Array.from({ length: sectionCount }, (_, index) => index),
      page: true,
      runAxe: true,
    };
    for (let round = 0; round < rounds; round++)
      await Promise.all(Array.from({ length: threads }, () => runTask(task)));
  }

  /** Forgets every section's work (the benchmark measures checks from nothing this way). */
  const forget = () => {
    sectionWork.clear();
    pageWork.clear();
  };

  return { run, warm, forget, threads, close: async () => void (await pool?.destroy()) };
}

export function createCheckService(options: CheckServiceOptions) {
  const { checks, documents, templates } = options;
  const runner = createCheckRunner({ threads: options.threads });
  const inFlight = new Map<string, Promise<CheckReport>>();
  // Every template's, so a document whose template was switched still has its old starter text found.
  const starterTexts = starterTextsOf(templates.values());

  async function wordListOf(workspaceId: string): Promise<{ entries: WordListEntry[]; own: boolean }> {
    const own = await checks.listWordListEntries(workspaceId);
    return own
      ? {
          entries: own.map(({ phrase, suggestion, reason, source }) => ({ phrase, suggestion, reason, source })),
          own: true,
        }
      : { entries: [...DEFAULT_WORD_LIST], own: false };
  }

  function templateFor(design: ReturnType<typeof readDesign>, fallbackId: string): Template {
    const template = templates.get(design.templateId) ?? templates.get(fallbackId);
    if (!template)
      throw errors.badRequest(
        "This document's template is missing, so it cannot be checked. Ask a designer to choose a template.",
      );
    return template;
  }

  /** Dismissals applied, and counts of what is still open (dismissed findings are counted apart). */
  async function present(report: CheckReport, documentId: string): Promise<CheckReport> {
    const findings: ReportedFinding[] = applyDismissals(report.findings, await checks.listDismissals(documentId));
    const open = findings.filter((finding) => !finding.dismissal);
    return {
      ...report,
      findings,
      counts: countBySeverity(open),
      dismissed: findings.length - open.length,
      sections: report.sections.map((section) => ({
        ...section,
        counts: countBySeverity(open.filter((finding) => finding.sectionId === section.sectionId)),
      })),
    };
  }

  /**
   * The report for the document as it is now, or for `snapshot` (a version the caller read before an `await`, such
   * as the one being published): from the cache when that exact version was checked before.
   */
  async function reportFor(viewer: Viewer, documentId: string, snapshot?: CanonicalDocument): Promise<CheckReport> {
    // Both refuse documents the viewer cannot read. A snapshot's hashes are worked out here, never taken on trust:
    // they are the cache key.
    let canonical: Awaited<ReturnType<DocumentService["getCanonical"]>>;
    if (snapshot) {
      const { id, templateId } = await documents.getSummary(viewer, documentId);
      const { content, meta, design } = snapshot;
      canonical = { id, templateId, content, meta, design, ...hashCanonical({ content, meta, design }) };
    } else {
      canonical = await documents.getCanonical(viewer, documentId);
    }
    const design = readDesign(canonical.design, canonical.templateId);
    const template = templateFor(design, canonical.templateId);
    const wordList = (await wordListOf(viewer.member.workspaceId)).entries;
    const cacheKey = sha256(
      JSON.stringify([
        canonical.hash,
        CHECK_ENGINE_VERSION,
        sha256(JSON.stringify(template)),
        sha256(JSON.stringify(wordList)),
      ]),
    );
    const stored = await checks.getReport(canonical.id, cacheKey);
    if (stored) return present(JSON.parse(stored) as CheckReport, canonical.id);

    let running = inFlight.get(cacheKey);
    if (!running) {
      const document: CanonicalDocument = {
        content: canonical.content,
        meta: canonical.meta,
        design: canonical.design,
      };
      const printedLayout = options.printedLayout?.(viewer, canonical.id, document);
      running = runner
        .run({ documentId: canonical.id, canonical, template, wordList, starterTexts, printedLayout })
        .then(async ({ parts: _parts, pagesChecked, reused: _reused, ...report }) => {
          // A report whose pages could not be laid out is not kept: the next request tries again.
          if (pagesChecked) await checks.saveReport(canonical.id, cacheKey, canonical.hash, JSON.stringify(report));
          options.log?.("checks.ran", {
            documentId: canonical.id,
            findings: report.findings.length,
            ms: report.durationMs,
          });
          return report;
        })
        .finally(() => inFlight.delete(cacheKey));
      inFlight.set(cacheKey, running);
    }
    return present(await running, canonical.id);
  }

  function requireEditor(viewer: Viewer) {
    if (!can(viewer.member, "content:edit")) {
      throw errors.forbidden(
        "Only writers and coordinators can leave a finding as it is. Ask one of them if you think it is right.",
      );
    }
  }

  function requireCoordinator(viewer: Viewer) {
    if (!can(viewer.member, "manage"))
      throw errors.forbidden("Only coordinators can change the word list. Ask a coordinator to change it.");
  }

  function parseEntry(input: unknown): WordListEntry {
    const parsed = wordListEntrySchema.safeParse(input);
    if (!parsed.success)
      throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
    return parsed.data;
  }

  const duplicate = (phrase: string) =>
    errors.badRequest(`The word list already looks for “${phrase}”. Change that entry instead.`, {
      fields: { phrase: ["The word list already has these words."] },
    });

  return {
    /**
     * Starts the worker threads and has them load everything a check needs, so the first check after a start is as
     * quick as later ones; the threads then stay. A failure is logged, never thrown: checks start them again.
     */
    async warm(): Promise<void> {
      const template = templates.values().next().value;
      if (!template) return;
      const started = performance.now();
      await runner.warm(template).then(
        () => options.log?.("checks.warm", { threads: runner.threads, ms: Math.round(performance.now() - started) }),
        (error: unknown) => options.log?.("checks.warm_failed", { error: String(error) }),
      );
    },

    /** POST /api/documents/:id/checks: the full report for the current hash (or for a snapshot's, for sign-off). */
    runChecks: reportFor,

    /** Leaves a warning or tip as it is, with a reason (recorded with who and when). Blockers must be fixed. */
    async dismissFinding(viewer: Viewer, documentId: string, input: unknown): Promise<CheckReport> {
      requireEditor(viewer);
      const parsed = dismissInput.safeParse(input);
      if (!parsed.success)
        throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
      const report = await reportFor(viewer, documentId);
      const finding = report.findings.find((candidate) => candidate.id === parsed.data.findingId);
      if (!finding) throw errors.notFound("That finding");
      if (finding.severity === "blocker") {
        throw errors.badRequest("This must be fixed before sign-off, so it cannot be left as it is.", {
          fields: { findingId: ["Blockers cannot be dismissed."] },
        });
      }
      await checks.saveDismissal(report.documentId, {
        findingId: finding.id,
        rule: finding.rule,
        text: finding.text,
        reason: parsed.data.reason,
        userId: viewer.userId,
      });
      return reportFor(viewer, documentId);
    },

    /** Brings a dismissed finding back. */
    async undismissFinding(viewer: Viewer, documentId: string, input: unknown): Promise<CheckReport> {
      requireEditor(viewer);
      const parsed = undismissInput.safeParse(input);
      if (!parsed.success)
        throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
      const { id } = await documents.getCanonical(viewer, documentId);
      if (!(await checks.removeDismissal(id, parsed.data.findingId))) throw errors.notFound("That dismissed finding");
      return reportFor(viewer, documentId);
    },

    /** The workspace's word list (any member may read it: it explains the findings). */
    async wordList(viewer: Viewer): Promise<{ entries: StoredWordListEntry[]; own: boolean }> {
      const own = await checks.listWordListEntries(viewer.member.workspaceId);
      if (own) return { entries: own, own: true };
      return {
        entries: DEFAULT_WORD_LIST.map((entry) => ({ ...entry, id: `${STARTER_ID_PREFIX}${phraseKey(entry.phrase)}` })),
        own: false,
      };
    },

    /** The entries the live checks in the editor use (the same list as the server's). */
    wordListEntries: async (viewer: Viewer): Promise<WordListEntry[]> =>
      (await wordListOf(viewer.member.workspaceId)).entries,

    async addWordListEntry(viewer: Viewer, input: unknown) {
      requireCoordinator(viewer);
      const entry = parseEntry(input);
      const result = await checks.addWordListEntry(viewer.member.workspaceId, viewer.userId, DEFAULT_WORD_LIST, entry);
      if (result === "duplicate") throw duplicate(entry.phrase);
    },

    async updateWordListEntry(viewer: Viewer, entryId: string, input: unknown) {
      requireCoordinator(viewer);
      const entry = parseEntry(input);
      const result = await checks.updateWordListEntry(
        viewer.member.workspaceId,
        viewer.userId,
        DEFAULT_WORD_LIST,
        entryId,
        entry,
      );
      if (result === "duplicate") throw duplicate(entry.phrase);
      if (result === "missing") throw errors.notFound("That word list entry");
    },

    async removeWordListEntry(viewer: Viewer, entryId: string) {
      requireCoordinator(viewer);
      const result = await checks.removeWordListEntry(
        viewer.member.workspaceId,
        viewer.userId,
        DEFAULT_WORD_LIST,
        entryId,
      );
      if (result === "missing") throw errors.notFound("That word list entry");
    },

    async restoreStarterList(viewer: Viewer) {
      requireCoordinator(viewer);
      await checks.restoreStarterList(viewer.member.workspaceId);
    },

    close: () => runner.close(),
  };
}
export type CheckService = ReturnType<typeof createCheckService>;
