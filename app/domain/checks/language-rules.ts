/**
 * The language pass over one section's text: one retext run with
 * - the workspace's lived-experience word list (our own plugin) and retext-equality,
 * - retext-simplify and its UK spellings, retext-passive, UK spelling,
 * - retext-readability at the document's target age (hard sentences),
 * and, from the same tree, the counts for readability scores and sentences longer than the template allows.
 *
 * Calibration, measured on the demo documents (plain UK leaflet text):
 * - retext-readability's formulas are American and flag most plain UK sentences at the default 4 of 7; 6 of 7
 *   agreeing flags the sentences a writer would agree are hard.
 * - retext-equality's gendered-pair patterns ("women", "maternity", "landlord") carry no note and are wrong for
 *   leaflets written for women or about maternity rights, so only its patterns that explain themselves (a note
 *   and a source: disability, mental health, addiction…) are kept, minus a few UK terms of art.
 * - retext-simplify's "leave these words out" tips ("it is", "there are", "very") are dropped: they break
 *   sentences more often than they help.
 */
import type { Root, Sentence } from "nlcst";
import { toString } from "nlcst-to-string";
import { retext } from "retext";
import retextEquality from "retext-equality";
import retextPassive from "retext-passive";
import retextReadability from "retext-readability";
import retextSimplify from "retext-simplify";
import { syllable } from "syllable";
import type { Transformer } from "unified";
import { phraseKey, type WordListEntry } from "./lived-experience-words";
import retextLivedExperience, { LIVED_EXPERIENCE_SOURCE } from "./retext-lived-experience";
import {
  retextUkSimplerWords,
  retextUkSpelling,
  UK_SIMPLER_WORDS_SOURCE,
  UK_SPELLING_SOURCE,
} from "./retext-uk-english";
import { mapTextRange, type SectionModel, type SegmentKind } from "./text-model";
import type { SectionFinding } from "./structure-rules";
import type { TextCounts } from "./types";
import { isUsedAsNoun, NOUN_OR_VERB } from "./word-sense";

export const HARD_SENTENCE_THRESHOLD = 6 / 7;
const SIMPLIFY_IGNORED = ["it is", "there are", "there is", "type", "very", "overall"];
/** UK terms of art or words retext-equality reads the American way ("special guardianship order", "Easy Read"). */
const EQUALITY_IGNORED_RULES = new Set([
  "easy",
  "special",
  "simple",
  "just",
  "obvious",
  "basically",
  "of-course",
  "clearly",
]);

export interface LanguageOptions {
  /** Upper end of the target reading age, e.g. 11 for "9–11". */
  readingAgeMax: number;
  maxSentenceWords: number;
  wordList: readonly WordListEntry[];
}

interface SentenceInfo {
  start: number;
  end: number;
  words: number;
  syllables: number;
}

// Counting syllables runs a dozen regular expressions per word; the same words come back all the time.
const syllableCache = new Map<string, number>();
/** The sentence of `text` that holds [start, end): from after the last full stop (or ? !) before it to the next. */
function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from = Math.max(
    before.lastIndexOf(". "),
    before.lastIndexOf("? "),
    before.lastIndexOf("! "),
    before.lastIndexOf("\n"),
  );
  const after = text.slice(end).search(/[.?!](\s|$)|\n/);
  return text.slice(from + 1, after < 0 ? text.length : end + after + 1);
}

function syllablesOf(word: string): number {
  let count = syllableCache.get(word);
  if (count === undefined) {
    if (syllableCache.size > 50_000) syllableCache.clear();
    count = syllable(word);
    syllableCache.set(word, count);
  }
  return count;
}

/** Collects each sentence's place, words and syllables into `file.data.sentences`. */
function collectSentences(): Transformer<Root, Root> {
  return (tree, file) => {
    const sentences: SentenceInfo[] = [];
    const visit = (node: Root | Root["children"][number]) => {
      if (node.type === "SentenceNode") {
        let words = 0;
        let syllables = 0;
        for (const child of (node as Sentence).children) {
          if (child.type !== "WordNode") continue;
          words++;
          syllables += syllablesOf(toString(child));
        }
        const start = node.position?.start.offset;
        const end = node.position?.end.offset;
        if (start !== undefined && end !== undefined && words > 0) sentences.push({ start, end, words, syllables });
        return;
      }
      if ("children" in node) for (const child of node.children) visit(child as Root["children"][number]);
    };
    visit(tree);
    file.data.sentences = sentences;
  };
}

/**
 * retext-equality searches each paragraph separately and re-indexes its ~1,000 phrases every time; with a blank
 * line between blocks that is once per block. Phrases never span sentences, so while it runs, every sentence sits
 * in one paragraph (one index per run), and the paragraphs are put back afterwards.
 */
const paragraphStash = new WeakMap<Root, Root["children"]>();
function joinParagraphsForSearch(): Transformer<Root, Root> {
  return (tree) => {
    paragraphStash.set(tree, tree.children);
    const children = tree.children.flatMap((child) => (child.type === "ParagraphNode" ? child.children : []));
    tree.children = [{ type: "ParagraphNode", children }];
  };
}
function restoreParagraphs(): Transformer<Root, Root> {
  return (tree) => {
    const original = paragraphStash.get(tree);
    if (original) tree.children = original;
    paragraphStash.delete(tree);
  };
}

// Building a processor compiles hundreds of patterns; keep one per configuration (a small cache, never cleared:
// there are only a handful of reading ages and one word list per workspace).
const processors = new Map<string, ReturnType<typeof buildProcessor>>();

function buildProcessor(readingAgeMax: number, wordList: readonly WordListEntry[]) {
  return retext()
    .use(retextLivedExperience, { entries: wordList })
    .use(retextSimplify, { ignore: SIMPLIFY_IGNORED })
    .use(retextUkSimplerWords)
    .use(retextPassive)
    .use(retextUkSpelling)
    .use(retextReadability, { age: readingAgeMax, threshold: HARD_SENTENCE_THRESHOLD, minWords: 5 })
    .use(collectSentences)
    .use(joinParagraphsForSearch)
    .use(retextEquality)
    .use(restoreParagraphs)
    .freeze();
}

function processorFor(options: LanguageOptions) {
  const key = `${options.readingAgeMax}|${options.wordList.map((entry) => `${phraseKey(entry.phrase)}→${entry.suggestion}`).join("|")}`;
  let processor = processors.get(key);
  if (!processor) {
    if (processors.size > 20) processors.clear();
    processor = buildProcessor(options.readingAgeMax, options.wordList);
    processors.set(key, processor);
  }
  return processor;
}

export interface LanguageResult {
  counts: TextCounts;
  findings: SectionFinding[];
}

const SCORED_KINDS: ReadonlySet<SegmentKind> = new Set(["body"]);

function capitaliseLike(example: string, value: string): string {
  return example[0] && example[0] !== example[0].toLowerCase() ? value[0]!.toUpperCase() + value.slice(1) : value;
}

/**
 * Suggestions are words that can replace the finding's words as they are (the Checks panel offers them as one-tap
 * fixes), so retext-simplify's instructions ("remove") and patterns ("… or … or both") are not suggestions.
 */
function replacementWords(expected: readonly string[]): string[] {
  return expected.filter((word) => word.trim() && !word.includes("…") && !word.includes("...") && word !== "remove");
}

function stripUrl(note: string | undefined): { note: string; url?: string } {
  if (!note) return { note: "" };
  const match = /\s*\(source: ([^)]+)\)\s*$/.exec(note);
  return match ? { note: note.slice(0, match.index).trim(), url: match[1]!.split(",")[0] } : { note: note.trim() };
}

/** The finding for a sentence longer than the template allows (English and every other language alike). */
export function longSentence(
  range: { from: number; to: number },
  text: string,
  words: number,
  maxSentenceWords: number,
): SectionFinding {
  return {
    rule: "long-sentence",
    source: "readability",
    severity: "warning",
    range: { from: range.from, to: range.to },
    target: "text",
    text,
    message: `This sentence has ${words} words. Sentences of up to ${maxSentenceWords} words are easier to follow.`,
    help: "Split it into two or more sentences. Put one idea in each sentence.",
  };
}

export function checkSectionLanguage(model: SectionModel, options: LanguageOptions): LanguageResult {
  const counts: TextCounts = { words: 0, sentences: 0, syllables: 0, longestSentenceWords: 0 };
  const findings: SectionFinding[] = [];
  if (!model.text.trim()) return { counts, findings };

  const file = processorFor(options).processSync(model.text);
  const sentences = (file.data.sentences as SentenceInfo[] | undefined) ?? [];
  const entries = new Map(options.wordList.map((entry) => [phraseKey(entry.phrase), entry]));
  const longSentences = new Set<number>();

  for (const sentence of sentences) {
    const range = mapTextRange(model, sentence.start, sentence.end);
    if (!range || !SCORED_KINDS.has(range.kind)) continue;
    counts.words += sentence.words;
    counts.sentences += 1;
    counts.syllables += sentence.syllables;
    counts.longestSentenceWords = Math.max(counts.longestSentenceWords, sentence.words);
    if (sentence.words > options.maxSentenceWords) {
      longSentences.add(sentence.start);
      findings.push(
        longSentence(range, model.text.slice(sentence.start, sentence.end), sentence.words, options.maxSentenceWords),
      );
    }
  }

  // Lived-experience words win over retext-equality's view of the same words.
  const livedRanges: Array<[number, number]> = [];
  const messages = [...file.messages].sort(
    (a, b) => (a.source === LIVED_EXPERIENCE_SOURCE ? -1 : 0) - (b.source === LIVED_EXPERIENCE_SOURCE ? -1 : 0),
  );

  for (const message of messages) {
    const start = message.place && "start" in message.place ? message.place.start.offset : undefined;
    const end = message.place && "end" in message.place ? message.place.end.offset : undefined;
    if (start === undefined || end === undefined) continue;
    const range = mapTextRange(model, start, end);
    if (!range) continue;
    const target = range.kind === "title" ? "title" : "text";
    const where = { from: range.from, to: range.to };
    const actual = message.actual ?? model.text.slice(start, end);
    const expected = (message.expected ?? []).filter(Boolean);

    switch (message.source) {
      case LIVED_EXPERIENCE_SOURCE: {
        const entry = entries.get(String(message.ruleId));
        if (!entry) break;
        livedRanges.push([start, end]);
        const suggestion = capitaliseLike(actual, entry.suggestion);
        // "Some people call us addicts, but we are people with an addiction": the better words are already there (the
        // label is being quoted), so a one-tap swap would only repeat them.
        const alreadySaid = sentenceAround(model.text, start, end)
          .toLowerCase()
          .includes(entry.suggestion.toLowerCase());
        findings.push({
          rule: "lived-experience",
          source: "language",
          severity: "warning",
          range: where,
          target,
          text: actual,
          message: `Many people find ‘${actual}’ stigmatising; try ‘${suggestion}’.`,
          help: entry.reason
            ? `${entry.reason} Describe the person first, not a label.`
            : "Describe the person first, not a label.",
          ...(alreadySaid ? {} : { suggestions: [suggestion] }),
          sourceNote: entry.source,
        });
        break;
      }
      case "retext-equality": {
        if (!message.note || EQUALITY_IGNORED_RULES.has(String(message.ruleId))) break;
        if (livedRanges.some(([s, e]) => start < e && end > s)) break;
        const { note, url } = stripUrl(message.note);
        findings.push({
          rule: "equality",
          source: "language",
          severity: "tip",
          range: where,
          target,
          text: actual,
          message: expected.length
            ? `Some people may find ‘${actual}’ hurtful; you could try ‘${expected.slice(0, 2).join("’ or ‘")}’.`
            : `Some people may find ‘${actual}’ hurtful.`,
          help: note || "Think about whether a different word would be kinder.",
          suggestions: replacementWords(expected).slice(0, 3),
          sourceNote: url,
        });
        break;
      }
      case "retext-simplify":
      case UK_SIMPLER_WORDS_SOURCE: {
        if (!expected.length) break;
        // "your email address" is not "discuss": verb-only tips are kept for verbs (word-sense.ts).
        if (NOUN_OR_VERB.has(actual.toLowerCase()) && isUsedAsNoun(model.text, start, end)) break;
        const words = replacementWords(expected);
        findings.push({
          rule: "simpler-words",
          source: "language",
          severity: "tip",
          range: where,
          target,
          text: actual,
          message: `‘${actual}’ can be hard to read; try ‘${expected
            .slice(0, 2)
            .map((word) => capitaliseLike(actual, word))
            .join("’ or ‘")}’.`,
          help: "Everyday words are quicker to read for everyone, and easier for people who are stressed or tired.",
          ...(words.length ? { suggestions: words.map((word) => capitaliseLike(actual, word)) } : {}),
        });
        break;
      }
      case "retext-passive": {
        if (range.kind !== "body") break;
        findings.push({
          rule: "passive-voice",
          source: "language",
          severity: "tip",
          range: where,
          target,
          text: actual,
          message: `‘${actual}’ may make this sentence passive, so it does not say who does what.`,
          help: "Say who does it, for example “We will send you a letter” rather than “A letter will be sent”.",
        });
        break;
      }
      case UK_SPELLING_SOURCE: {
        findings.push({
          rule: "uk-spelling",
          source: "language",
          severity: "tip",
          range: where,
          target,
          text: actual,
          message: `‘${actual}’ is the American spelling; UK readers expect ‘${expected[0]}’.`,
          help: `Change it to ‘${expected[0]}’.`,
          suggestions: expected.slice(0, 1),
        });
        break;
      }
      case "retext-readability": {
        // Only body sentences, and not again when the sentence is already flagged as too long.
        if (range.kind !== "body" || longSentences.has(start)) break;
        findings.push({
          rule: "hard-sentence",
          source: "readability",
          severity: "tip",
          range: where,
          target,
          text: actual,
          message: `This sentence may be hard to read for readers aged up to ${options.readingAgeMax}.`,
          help: "Try shorter, everyday words, or split it into two sentences.",
        });
        break;
      }
    }
  }
  return { counts, findings };
}
