/**
 * A worker thread (piscina) that checks part of a document: the pure rules for its sections, then axe-core in
 * jsdom over the same sections rendered by the one HTML renderer. CPU-heavy work stays off the event loop, so
 * typing and sync stay smooth while a long guide is checked.
 *
 * axe-core in jsdom: jsdom has no layout, so rules that measure the page (colour contrast, target size, …) are not
 * run and are reported as "not checked"; so is anything axe itself could not decide ("incomplete"), never as
 * passed. `document.elementsFromPoint` is stubbed so landmark and heading rules run. The page's `<style>` is
 * removed before axe runs: with no layout it informs no rule that works here, and jsdom's style cascade would
 * double axe's time. Justified text is checked from the styles first.
 *
 * Each worker keeps one jsdom window with axe loaded and swaps the page in for every task (loading axe costs more
 * than checking a leaflet).
 */
import axeCore from "axe-core";
import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { checkSections, type PureCheckOptions, type SectionResult } from "../../app/domain/checks/check-document";
import type { WordListEntry } from "../../app/domain/checks/lived-experience-words";
import type { Finding, NotChecked, Severity } from "../../app/domain/checks/types";
import type { DocumentMeta } from "../../app/domain/document-hash";
import type { Design } from "../../app/domain/design";
import type { Template } from "../../app/domain/template";
import { documentSchema } from "../../app/editor/schema.server";
import { renderDocumentHtml } from "../../app/render/html";

export interface CheckChunkTask {
  content: unknown;
  meta: DocumentMeta;
  template: Template;
  design: Design;
  wordList: WordListEntry[];
  /** Every template's starter texts, normalised (see `PureCheckOptions.starterTexts`). */
  starterTexts?: string[];
  /** The sections to check, by index (the others are checked by other parts, or were checked before). */
  sections: number[];
  /**
   * Whether this part also checks the page around the sections (cover, contents, footer): one part of every run
   * does, and only its findings outside sections are kept.
   */
  page: boolean;
  runAxe: boolean;
}

export interface AxeChunkResult {
  findings: Array<Omit<Finding, "id">>;
  violations: string[];
  passes: string[];
  notChecked: NotChecked[];
  /** Where axe could not decide: rule → section id ("" outside sections) → places. */
  undecided: Record<string, Record<string, number>>;
  rulesRun: number;
  version: string;
  durationMs: number;
}

export interface CheckChunkResult {
  sections: SectionResult[];
  axe: AxeChunkResult | null;
  pureMs: number;
}

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] as const;

/** Rules that need a real browser's layout or colours (jsdom would only guess), in plain words. */
export const AXE_RULES_NEEDING_A_BROWSER: Record<string, { name: string; reason: string }> = {
  "color-contrast": {
    name: "Colour contrast of text on the web page",
    reason:
      "Needs a real browser to see the colours on the page. Copress checks your brand colours itself (see “Whole document”).",
  },
  "target-size": {
    name: "Size of links on screen",
    reason: "Needs a real browser to measure how big links are on screen.",
  },
  "scrollable-region-focusable": {
    name: "Keyboard access to parts that scroll",
    reason: "Needs a real browser to know which parts of the page scroll.",
  },
  "link-in-text-block": {
    name: "Links that stand out from the words around them",
    reason: "Needs a real browser to compare the colours of links and text.",
  },
};

type AxeWindow = Window & typeof globalThis & { axe: typeof axeCore };

let axeWindow: AxeWindow | null = null;

function loadAxeWindow(): AxeWindow {
  if (axeWindow) return axeWindow;
  const require = createRequire(import.meta.url);
  const source = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const dom = new JSDOM("<!doctype html><html><head></head><body></body></html>", {
    runScripts: "outside-only",
    pretendToBeVisual: true,
  });
  const window = dom.window as unknown as AxeWindow;
  // jsdom has no layout: with no element "at" any point, axe's landmark and heading rules still run.
  window.document.elementsFromPoint = () => [];
  window.eval(source);
  axeWindow = window;
  return window;
}

/** Puts a rendered page into the worker's window. */
function showPage(window: AxeWindow, html: string): Document {
  const parsed = new window.DOMParser().parseFromString(html, "text/html");
  const document = window.document;
  document.replaceChild(document.adoptNode(parsed.documentElement), document.documentElement);
  return document;
}

function rangeOf(element: Element | null): { sectionId: string | null; range: { from: number; to: number } | null } {
  const section = element?.closest("[data-section-id]");
  const block = element?.closest("[data-pm-range]");
  const match = block ? /^(\d+)-(\d+)$/.exec(block.getAttribute("data-pm-range") ?? "") : null;
  return {
    sectionId: section?.getAttribute("data-section-id") ?? null,
    range: match ? { from: Number(match[1]), to: Number(match[2]) } : null,
  };
}

/**
 * Elements whose text is justified. The renderer never justifies, so this guards its stylesheet: rules or inline
 * styles that say `justify` give the candidates, and the computed style confirms each one (computing every
 * element's style in jsdom would be slow).
 */
export function findJustifiedText(document: Document): Element[] {
  const window = document.defaultView!;
  const fromStyles = new Set<Element>();
  const fromMediaRules = new Set<Element>();
  const visit = (rules: CSSRuleList, nested: boolean) => {
    for (const rule of Array.from(rules)) {
      const grouping = rule as CSSGroupingRule;
      if (grouping.cssRules) visit(grouping.cssRules, true);
      const styleRule = rule as CSSStyleRule;
      // jsdom's CSSOM has no named properties (style.textAlign); getPropertyValue works.
      if (!styleRule.selectorText || !/justify/i.test(styleRule.style?.getPropertyValue("text-align") ?? "")) continue;
      document
        .querySelectorAll(styleRule.selectorText)
        .forEach((element) => (nested ? fromMediaRules : fromStyles).add(element));
    }
  };
  for (const sheet of Array.from(document.styleSheets)) visit(sheet.cssRules, false);
  document.querySelectorAll('[style*="justify" i]').forEach((element) => fromStyles.add(element));

  const blocks = new Set<Element>();
  const textBlocksIn = (element: Element) =>
    [element, ...Array.from(element.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6"))].filter(
      (block) => /^(P|LI|H[1-6])$/.test(block.tagName) && block.textContent?.trim(),
    );
  for (const candidate of fromStyles) {
    for (const block of textBlocksIn(candidate))
      if (window.getComputedStyle(block).textAlign === "justify") blocks.add(block);
  }
  // jsdom does not apply @media rules (print), so a print-only rule is taken at its word.
  for (const candidate of fromMediaRules) for (const block of textBlocksIn(candidate)) blocks.add(block);
  return [...blocks];
}

const FRIENDLY_AXE_MESSAGES: Record<string, { message: string; help: string }> = {
  "p-as-heading": {
    message: "This paragraph is all in bold, so it looks like a heading, but screen readers will not treat it as one.",
    help: "If it is a heading, make it a heading. If not, make only the most important words bold.",
  },
  "link-name": {
    message: "This link has no words, so people who use screen readers cannot tell where it goes.",
    help: "Give the link words that say where it goes.",
  },
  "empty-heading": {
    message: "This heading has no words. Screen readers announce it as an empty heading.",
    help: "Type the heading's words, or turn it back into a paragraph.",
  },
};

function severityOf(impact: string | null | undefined, tags: string[]): Severity {
  const wcag = tags.some((tag) => /^wcag2(1|2)?a{1,2}$/.test(tag));
  if ((impact === "critical" || impact === "serious") && wcag && !tags.includes("experimental")) return "blocker";
  return impact === "minor" ? "tip" : "warning";
}

/** axe-core over a rendered page (already in `document`), as findings that point into the document. */
export async function runAxe(window: AxeWindow, document: Document): Promise<AxeChunkResult> {
  const started = performance.now();
  const findings: AxeChunkResult["findings"] = [];
  for (const element of findJustifiedText(document)) {
    findings.push({
      rule: "justified-text",
      source: "template",
      severity: "warning",
      ...rangeOf(element),
      target: "node",
      text: (element.textContent ?? "").trim().slice(0, 80),
      message:
        "This text is justified. The uneven gaps between words make it harder to read, especially for people with dyslexia.",
      help: "Line the text up on the left only.",
      sourceNote: "RNIB Clear Print guidelines; British Dyslexia Association style guide",
    });
  }
  document.querySelectorAll("style").forEach((style) => style.remove());

  const rules: Record<string, { enabled: boolean }> = { "p-as-heading": { enabled: true } };
  for (const rule of Object.keys(AXE_RULES_NEEDING_A_BROWSER)) rules[rule] = { enabled: false };
  // Nothing changes the page while axe runs, so each element's computed style is worked out once: axe asks for it
  // again and again (is it visible? focusable?), and jsdom computes it afresh every time.
  const computedStyle = window.getComputedStyle;
  const styles = new WeakMap<Element, Map<string, CSSStyleDeclaration>>();
  window.getComputedStyle = (element: Element, pseudo?: string | null) => {
    let known = styles.get(element);
    if (!known) styles.set(element, (known = new Map()));
    const key = pseudo ?? "";
    let style = known.get(key);
    if (!style) known.set(key, (style = computedStyle.call(window, element, pseudo)));
    return style;
  };
  let results: axeCore.AxeResults;
  try {
    results = await window.axe.run(document, {
      runOnly: { type: "tag", values: [...AXE_TAGS] },
      rules,
      resultTypes: ["violations", "incomplete"],
    });
  } finally {
    window.getComputedStyle = computedStyle;
  }

  for (const violation of results.violations) {
    const friendly = FRIENDLY_AXE_MESSAGES[violation.id];
    for (const node of violation.nodes) {
      const selector = node.target[0];
      const element = typeof selector === "string" ? document.querySelector(selector) : null;
      findings.push({
        rule: `axe-${violation.id}`,
        source: "axe",
        severity: severityOf(violation.impact, violation.tags),
        ...rangeOf(element),
        target: "node",
        text: (element?.textContent ?? "").trim().slice(0, 80) || violation.id,
        message: friendly?.message ?? `${violation.help}.`,
        help: friendly?.help ?? `${violation.description}. (Found by the axe accessibility checker.)`,
        sourceNote: violation.helpUrl,
      });
    }
  }
  const notChecked: NotChecked[] = Object.entries(AXE_RULES_NEEDING_A_BROWSER).map(([rule, { name, reason }]) => ({
    rule,
    help: name,
    reason,
    places: 0,
  }));
  const undecided: AxeChunkResult["undecided"] = {};
  for (const incomplete of results.incomplete) {
    const places = (undecided[incomplete.id] ??= {});
    for (const node of incomplete.nodes) {
      const selector = node.target[0];
      const element = typeof selector === "string" ? document.querySelector(selector) : null;
      const sectionId = rangeOf(element).sectionId ?? "";
      places[sectionId] = (places[sectionId] ?? 0) + 1;
    }
    const firstCheck = incomplete.nodes[0]?.any[0] ?? incomplete.nodes[0]?.none[0] ?? incomplete.nodes[0]?.all[0];
    const detail = firstCheck?.message ? `: ${firstCheck.message.replace(/[.\s]*$/, "")}.` : ".";
    notChecked.push({
      rule: incomplete.id,
      help: incomplete.help,
      reason: `The checker could not decide this on its own${detail} A person should look.`,
      places: incomplete.nodes.length,
    });
  }
  return {
    findings,
    violations: results.violations.map((violation) => violation.id),
    passes: results.passes.map((pass) => pass.id),
    notChecked,
    undecided,
    rulesRun:
      results.violations.length + results.incomplete.length + results.passes.length + results.inapplicable.length,
    version: window.axe.version,
    durationMs: performance.now() - started,
  };
}

/** Checks a rendered page (any HTML) with axe-core; for tests and for pages that are not documents. */
export async function runAxeOnHtml(html: string): Promise<AxeChunkResult> {
  const window = loadAxeWindow();
  return runAxe(window, showPage(window, html));
}

/** The piscina task: pure rules for some sections, then axe-core over the same sections. */
export default async function checkDocumentChunk(task: CheckChunkTask): Promise<CheckChunkResult> {
  const started = performance.now();
  const doc = documentSchema.nodeFromJSON(task.content);
  const options: PureCheckOptions = {
    template: task.template,
    design: task.design,
    readingAge: task.meta.readingAge,
    language: task.meta.language,
    wordList: task.wordList,
    starterTexts: task.starterTexts ? new Set(task.starterTexts) : undefined,
  };
  const sections = checkSections(doc, options, task.sections);
  const pureMs = performance.now() - started;
  if (!task.runAxe) return { sections, axe: null, pureMs };
  const html = renderDocumentHtml(
    { content: task.content, meta: task.meta },
    {
      template: task.template,
      design: task.design,
      standalone: true,
      sourcePositions: true,
      onlySections: { indices: task.sections, contents: task.page },
    },
  );
  const window = loadAxeWindow();
  const axe = await runAxe(window, showPage(window, html));
  return { sections, axe, pureMs };
}
