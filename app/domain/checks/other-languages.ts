/**
 * The language pass for documents not in English (issue 16). Readability formulas (Flesch, Flesch–Kincaid) and the
 * word rules (simpler words, passive voice, UK spelling, equality, the lived-experience list) were made for English
 * and are not run: a score from them would be wrong, and the report says which checks ran and which did not.
 * Sentence length is counted for every language, with the browser's and Node's own Unicode segmenter
 * (`Intl.Segmenter`), which knows where sentences and words end in Arabic, Urdu, Welsh or Polish.
 */
import { isEnglish, languageOf } from "../languages";
import type { SectionFinding } from "./structure-rules";
import { longSentence } from "./language-rules";
import { mapTextRange, type SectionModel } from "./text-model";
import type { TextCounts } from "./types";

export interface ChecksRun {
  language: string;
  languageName: string;
  ran: string[];
  notRun: Array<{ check: string; reason: string }>;
}

const EVERY_LANGUAGE = [
  "Sentence length",
  "Headings, lists and structure",
  "Picture descriptions",
  "Links",
  "Language tags",
  "Colour contrast and type size",
];
const ENGLISH_ONLY = ["Reading age (Flesch–Kincaid)", "Simpler words", "Passive voice", "UK spelling", "Kinder words"];

/** Which checks run for a document in `language`, in plain words for the Checks page and the API. */
export function checksRunFor(language: string | undefined): ChecksRun {
  const { code, name } = languageOf(language);
  if (isEnglish(language))
    return {
      language: code,
      languageName: name,
      ran: [...EVERY_LANGUAGE, ...ENGLISH_ONLY, "Lived-experience words"],
      notRun: [],
    };
  return {
    language: code,
    languageName: name,
    ran: EVERY_LANGUAGE,
    notRun: [
      ...ENGLISH_ONLY.map((check) => ({
        check,
        reason: `Made for English: it would give wrong answers for ${name}.`,
      })),
      {
        check: "Lived-experience words",
        reason: `The workspace's word list is in English. A list in ${name} is not set up yet.`,
      },
    ],
  };
}

const segmenters = new Map<string, { sentences: Intl.Segmenter; words: Intl.Segmenter }>();
function segmentersFor(language: string) {
  let found = segmenters.get(language);
  if (!found) {
    found = {
      sentences: new Intl.Segmenter(language, { granularity: "sentence" }),
      words: new Intl.Segmenter(language, { granularity: "word" }),
    };
    segmenters.set(language, found);
  }
  return found;
}

/** Sentence counts and long sentences of one section's body text, in any language. */
export function checkSectionOtherLanguage(
  model: SectionModel,
  options: { language: string; maxSentenceWords: number },
): { counts: TextCounts; findings: SectionFinding[] } {
  const counts: TextCounts = { words: 0, sentences: 0, syllables: 0, longestSentenceWords: 0 };
  const findings: SectionFinding[] = [];
  if (!model.text.trim()) return { counts, findings };
  const { sentences, words } = segmentersFor(languageOf(options.language).code);
  // Blocks are separated by blank lines in the section's text: a sentence never runs on into the next block.
  let offset = 0;
  for (const block of model.text.split(/(\n\n)/)) {
    if (block !== "\n\n") {
      for (const sentence of sentences.segment(block)) {
        const text = sentence.segment.trimEnd();
        const wordCount = [...words.segment(text)].filter((part) => part.isWordLike).length;
        if (wordCount === 0) continue;
        const start = offset + sentence.index;
        const end = start + text.length;
        const range = mapTextRange(model, start, end);
        if (!range || range.kind !== "body") continue;
        counts.words += wordCount;
        counts.sentences += 1;
        counts.longestSentenceWords = Math.max(counts.longestSentenceWords, wordCount);
        if (wordCount > options.maxSentenceWords)
          findings.push(longSentence(range, text, wordCount, options.maxSentenceWords));
      }
    }
    offset += block.length;
  }
  return { counts, findings };
}
