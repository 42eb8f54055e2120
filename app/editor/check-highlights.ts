/**
 * Checks in the editor, as people type.
 *
 * 1. `CheckHighlights` — a TipTap extension that draws findings as decorations: a wavy (must fix, should fix) or
 *    dotted (tip) underline under words, an outline around a whole block (a picture, a heading; none round a block
 *    that still shows its grey template hint, which says by itself that it waits for words), or an underline
 *    under a section's title. Decorations move with edits until the next results arrive. Add it to the editor's
 *    extensions: `[...documentExtensions(), CheckHighlights]`.
 *
 * 2. `useLiveChecks(editor, options)` — re-runs the pure rules (everything except axe-core) in the browser,
 *    debounced, re-checking only sections whose content changed (a `SectionCheckCache`), and returns the results.
 *    The rules are loaded on first use, so opening the editor is not slowed down.
 *
 *    Options (props):
 *    - `template: Template` — the document's template (its sentence length, heading levels, blocks); from the
 *      loader (`context.services.templates.get(design.templateId)`).
 *    - `design: Design` — the current design (`readDesign(doc.getMap("design").toJSON())`); used for colour
 *      contrast and type sizes, which belong to the whole document.
 *    - `readingAge: string` — the document's target reading age, `meta.readingAge` (e.g. "9–11").
 *    - `wordList?: WordListEntry[]` — the workspace's lived-experience list; from the loader
 *      (`context.services.checks.wordListEntries(viewer)`). Defaults to the starter list.
 *    - `delayMs?: number` — wait this long after the last change before checking (default 600 ms).
 *    - `highlight?: boolean` — draw the underlines (needs `CheckHighlights` in the editor; default true).
 *    - `enabled?: boolean` — turn live checks off (default true).
 *
 *    Returns `{ report, checking, lastRunMs, sectionsChecked }`: `report` is a `PureReport` (findings with
 *    ProseMirror positions in the editor's current document, scores per section and for the document) or null
 *    before the first run; pass `report.findings` and `report.sections` to `<ChecksPanel>` with
 *    `onSelect={(finding) => focusFinding(editor, finding)}`.
 *
 * 3. `focusFinding(editor, finding)` — selects the finding's words (or block), puts them in the middle of the
 *    screen, lights them up for a few seconds (app/editor/spotlight.ts) and marks the finding as the current one,
 *    so "Show in the text" in the panel jumps to its place. Needs `Spotlight` in the editor too.
 *
 * 4. `UnderlineTaps` — tapping or clicking an underlined word (a finding) or a commented word tells the page which
 *    one it was (`onTap({kind, id})`), so it can open that finding or thread; the caret still goes where the
 *    person tapped.
 *
 * In the editor component, for example:
 *
 *    const live = useLiveChecks(editor, { template, design, readingAge: meta.readingAge, wordList });
 *    <ChecksPanel findings={live.report?.findings ?? []} sections={live.report?.sections ?? []}
 *      readingAge={meta.readingAge} status={live.checking ? "checking" : "ready"}
 *      onSelect={(finding) => editor && focusFinding(editor, finding)} />
 *
 * The full report (with axe-core) is `POST /api/documents/:id/checks`; its findings use the same positions, so
 * `setCheckHighlights(editor, report.findings)` shows them too while the document is unchanged.
 */
import { Extension, type Editor } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { PureReport, SectionCheckCache, SuggestionImpact } from "~/domain/checks/check-document";
import { SEVERITY_LABELS } from "~/domain/checks/labels";
import type { WordListEntry } from "~/domain/checks/lived-experience-words";
import type { Finding } from "~/domain/checks/types";
import type { Design } from "~/domain/design";
import type { Template } from "~/domain/template";
import { printsNothing } from "~/domain/placeholders";
import { TEMPLATE_HINT_CLASS } from "./schema";
import { showInText } from "./spotlight";

type HighlightedFinding = Pick<Finding, "id" | "severity" | "range" | "target"> & { message?: string };

interface HighlightState {
  findings: readonly HighlightedFinding[];
  currentId: string | null;
  decorations: DecorationSet;
}

export const checkHighlightsKey = new PluginKey<HighlightState>("checkHighlights");

/** A range that still fits the document (results can arrive just after an edit elsewhere). */
function fits(doc: ProseMirrorNode, finding: HighlightedFinding): boolean {
  const range = finding.range;
  if (!range || range.from < 0 || range.to > doc.content.size || range.to <= range.from) return false;
  if (finding.target === "text") return true;
  const node = doc.nodeAt(range.from);
  return Boolean(node && range.from + node.nodeSize === range.to);
}

export function buildCheckDecorations(
  doc: ProseMirrorNode,
  findings: readonly HighlightedFinding[],
  currentId: string | null,
): DecorationSet {
  const decorations: Decoration[] = [];
  for (const finding of findings) {
    if (!fits(doc, finding)) continue;
    const { from, to } = finding.range!;
    const current = finding.id === currentId;
    // What the underline means, for screen readers too (said after the words): "Must fix: …".
    const attributes: Record<string, string> = { "data-finding-id": finding.id };
    if (finding.message)
      attributes["aria-description"] = `${SEVERITY_LABELS[finding.severity].name}: ${finding.message}`;
    if (finding.target === "text") {
      decorations.push(
        Decoration.inline(
          from,
          to,
          {
            ...attributes,
            class: `check-mark check-mark--${finding.severity}${current ? " check-mark--current" : ""}`,
          },
          // Overlapping underlines share one element and one `data-finding-id`: a tap finds them by position.
          { findingId: finding.id },
        ),
      );
    } else if (finding.target === "title") {
      decorations.push(Decoration.node(from, to, { ...attributes, class: `check-title--${finding.severity}` }));
    } else {
      // A block still showing its grey template hint says by itself that it waits for words: a red outline around
      // every hint of a new document would alarm more than help. The finding is still described and listed.
      const hint = printsNothing(doc.nodeAt(from)?.toJSON());
      decorations.push(
        Decoration.node(from, to, {
          ...attributes,
          class: `${hint ? "check-node--hint" : `check-node--${finding.severity}`}${current ? " check-node--current" : ""}`,
        }),
      );
    }
  }
  return DecorationSet.create(doc, decorations);
}

export const CheckHighlights = Extension.create({
  name: "checkHighlights",
  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key: checkHighlightsKey,
        state: {
          init: () => ({ findings: [], currentId: null, decorations: DecorationSet.empty }),
          apply(transaction, value, _oldState, newState) {
            const next = transaction.getMeta(checkHighlightsKey) as
              Partial<Pick<HighlightState, "findings" | "currentId">> | undefined;
            if (next) {
              const findings = next.findings ?? value.findings;
              const currentId = next.currentId !== undefined ? next.currentId : value.currentId;
              return { findings, currentId, decorations: buildCheckDecorations(newState.doc, findings, currentId) };
            }
            // Until the next results, the marks move with the text people type.
            return transaction.docChanged
              ? { ...value, decorations: value.decorations.map(transaction.mapping, transaction.doc) }
              : value;
          },
        },
        props: {
          decorations: (state) => checkHighlightsKey.getState(state)?.decorations ?? DecorationSet.empty,
        },
      }),
    ];
  },
});

/** Shows these findings as underlines (positions must be those of the editor's current document). */
export function setCheckHighlights(
  editor: Editor,
  findings: readonly HighlightedFinding[],
  currentId?: string | null,
): void {
  if (editor.isDestroyed) return;
  const meta: Partial<HighlightState> = { findings, ...(currentId !== undefined ? { currentId } : {}) };
  editor.view.dispatch(editor.state.tr.setMeta(checkHighlightsKey, meta).setMeta("addToHistory", false));
}

/**
 * Selects a finding's place, centres it on the screen, lights it up, moves focus there and marks it as current.
 * False when it is no longer in the text.
 */
export function focusFinding(editor: Editor, finding: HighlightedFinding): boolean {
  if (editor.isDestroyed) return false;
  if (!fits(editor.state.doc, finding)) return false;
  return showInText(editor, finding.range!, (tr) => tr.setMeta(checkHighlightsKey, { currentId: finding.id }));
}

/** Marks a finding as the current one (after a tap on its underline) without moving anything. */
export function markCurrentFinding(editor: Editor, findingId: string | null): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(
    editor.state.tr.setMeta(checkHighlightsKey, { currentId: findingId }).setMeta("addToHistory", false),
  );
}

export interface UnderlineTap {
  kind: "finding" | "comment";
  id: string;
}

/** The finding or comment thread whose underline an element belongs to (the innermost one), if any. */
export function underlineAt(target: EventTarget | null, root: Element): UnderlineTap | null {
  if (!(target instanceof Element)) return null;
  const marked = target.closest("[data-finding-id], [data-thread-id]");
  if (!marked || !root.contains(marked)) return null;
  // A tap on a greyed template hint means "write here", not "tell me about this": the caret goes in, nothing opens.
  if (marked.closest(`.${TEMPLATE_HINT_CLASS}`)) return null;
  const findingId = marked.getAttribute("data-finding-id");
  if (findingId) return { kind: "finding", id: findingId };
  const threadId = marked.getAttribute("data-thread-id");
  return threadId ? { kind: "comment", id: threadId } : null;
}

/**
 * Of the underlined findings at `pos`, the one about the fewest words: tapping "addicts" in a long sentence means the
 * word (which may have a one-tap fix), not the sentence.
 */
export function mostSpecificFindingAt(state: EditorState, pos: number): string | null {
  const found = (checkHighlightsKey.getState(state)?.decorations ?? DecorationSet.empty)
    .find(pos, pos, (spec: { findingId?: unknown }) => typeof spec.findingId === "string")
    .filter((decoration) => decoration.from <= pos && pos <= decoration.to)
    .sort((a, b) => a.to - a.from - (b.to - b.from));
  return (found[0]?.spec as { findingId?: string } | undefined)?.findingId ?? null;
}

export const UnderlineTaps = Extension.create<{ onTap: (tap: UnderlineTap) => void; onTapElsewhere: () => void }>({
  name: "underlineTaps",
  addOptions() {
    return { onTap: () => {}, onTapElsewhere: () => {} };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: new PluginKey("underlineTaps"),
        props: {
          // A click (a tap on a touch screen) on an underline; the caret is placed as usual (return false). The page
          // is told after this click is over: a transaction dispatched now, while the browser's new selection is not
          // yet read, would put the caret back where it was and the person's typing would land there.
          handleClick(view, pos, event) {
            let tap = underlineAt(event.target, view.dom);
            if (tap?.kind === "finding")
              tap = { kind: "finding", id: mostSpecificFindingAt(view.state, pos) ?? tap.id };
            if (tap) setTimeout(() => options.onTap(tap), 0);
            else setTimeout(() => options.onTapElsewhere(), 0);
            return false;
          },
        },
      }),
    ];
  },
});

export interface LiveCheckOptions {
  template: Template;
  /** The design, or its map's JSON as stored (read with defaults, as `readDesign` does, when the checks run). */
  design: Design | Readonly<Record<string, unknown>>;
  readingAge: string;
  /** The document's language (meta.language): English gets every rule, others the ones valid for them. */
  language?: string;
  wordList?: readonly WordListEntry[];
  delayMs?: number;
  highlight?: boolean;
  enabled?: boolean;
}

export interface LiveChecks {
  report: PureReport | null;
  /** True from a change until its results are ready. */
  checking: boolean;
  /** How long the last run took, in milliseconds. */
  lastRunMs: number | null;
  /** How many sections the last run actually re-checked (the others came from the cache). */
  sectionsChecked: number;
  /**
   * What one open suggestion fixes or causes in its section (null until the rules have loaded). The same rules and
   * options as the report.
   */
  impact: (section: ProseMirrorNode, suggestionId: string) => SuggestionImpact | null;
}

type ChecksModule = typeof import("~/domain/checks/check-document") &
  typeof import("~/domain/checks/lived-experience-words") & { readDesign: typeof import("~/domain/design").readDesign };

let checksModule: Promise<ChecksModule> | null = null;
function loadChecks(): Promise<ChecksModule> {
  // Loaded on first use: the rules (retext and its word lists) are a large part of the editor's code.
  checksModule ??= Promise.all([
    import("~/domain/checks/check-document"),
    import("~/domain/checks/lived-experience-words"),
    import("~/domain/design"),
  ]).then(([document, words, design]) => ({ ...document, ...words, readDesign: design.readDesign }));
  return checksModule;
}

export function useLiveChecks(editor: Editor | null, options: LiveCheckOptions): LiveChecks {
  const { template, design, readingAge, language, wordList, delayMs = 600, highlight = true, enabled = true } = options;
  const loaded = useRef<ChecksModule | null>(null);
  const impact = useCallback((section: ProseMirrorNode, suggestionId: string): SuggestionImpact | null => {
    const checks = loaded.current;
    if (!checks) return null;
    const current = latest.current;
    return checks.suggestionImpact(section, suggestionId, {
      template: current.template,
      design: checks.readDesign({ ...current.design }, current.template.id),
      readingAge: current.readingAge,
      language: current.language,
      wordList: current.wordList ?? checks.DEFAULT_WORD_LIST,
    });
  }, []);
  const [state, setState] = useState<Omit<LiveChecks, "impact">>({
    report: null,
    checking: enabled,
    lastRunMs: null,
    sectionsChecked: 0,
  });
  const cache = useRef<{ key: string; cache: SectionCheckCache } | null>(null);
  // Options in a ref, so a new object each render does not restart the checks.
  const latest = useRef({ template, design, readingAge, language, wordList, highlight });
  latest.current = { template, design, readingAge, language, wordList, highlight };
  const sectionKey = `${template.id}|${JSON.stringify(template.rules)}|${readingAge}|${language ?? ""}|${(wordList ?? []).map((entry) => `${entry.phrase}>${entry.suggestion}`).join("|")}`;
  const designKey = JSON.stringify(design);

  useEffect(() => {
    if (!editor || !enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;

    const run = async () => {
      const checks = await loadChecks();
      loaded.current = checks;
      if (cancelled || editor.isDestroyed) return;
      const current = latest.current;
      const options = {
        template: current.template,
        design: checks.readDesign({ ...current.design }, current.template.id),
        readingAge: current.readingAge,
        language: current.language,
        wordList: current.wordList ?? checks.DEFAULT_WORD_LIST,
      };
      let fresh = false;
      if (!cache.current || cache.current.key !== sectionKey) {
        cache.current = { key: sectionKey, cache: new checks.SectionCheckCache() };
        fresh = true;
      }
      const before = cache.current.cache.misses;
      if (fresh) {
        // Every section is new to the cache: check them one at a time, giving way between them, so a slow phone is
        // never held up for the whole document at once while the person starts typing (later runs re-check only the
        // sections that changed).
        for (let index = 0; index < checks.sectionCount(editor.state.doc); index++) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (cancelled || editor.isDestroyed) return;
          if (index < checks.sectionCount(editor.state.doc))
            checks.checkSections(editor.state.doc, options, [index], cache.current.cache);
        }
      }
      const started = performance.now();
      const report = checks.checkDocument(editor.state.doc, options, cache.current.cache);
      const lastRunMs = Math.round(performance.now() - started);
      // Same document as the positions: nothing can change between the run and this dispatch (both synchronous).
      if (current.highlight) setCheckHighlights(editor, report.findings);
      const sectionsChecked = cache.current.cache.misses - before;
      // The results are drawn when the page has a moment: a transition gives way to the person's taps and keys.
      startTransition(() => setState({ report, checking: false, lastRunMs, sectionsChecked }));
    };
    let idle: number | undefined;
    const schedule = (first = false) => {
      setState((previous) => (previous.checking ? previous : { ...previous, checking: true }));
      clearTimeout(timer);
      if (idle !== undefined) window.cancelIdleCallback(idle);
      // The first run (loading the rules, checking every section) waits for a quiet moment: it is not what the person
      // opened the page for, and on a slow phone it would hold up their first words.
      const start =
        first && typeof window.requestIdleCallback === "function"
          ? () => (idle = window.requestIdleCallback(() => void run(), { timeout: 3000 }))
          : () => void run();
      timer = setTimeout(start, delayMs);
    };
    const onUpdate = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged) schedule();
    };
    editor.on("update", onUpdate);
    schedule(true);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      if (idle !== undefined) window.cancelIdleCallback(idle);
      editor.off("update", onUpdate);
    };
  }, [editor, enabled, delayMs, sectionKey, designKey]);

  useEffect(() => {
    if (editor && !enabled && highlight && !editor.isDestroyed) setCheckHighlights(editor, []);
  }, [editor, enabled, highlight]);

  // The same object until something changes: what is drawn from it is not drawn again for nothing.
  return useMemo(() => ({ ...state, impact }), [state, impact]);
}
