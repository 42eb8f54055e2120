/**
 * Easy Read rules (issue 16), for documents in an Easy Read template, following the UK government's and Mencap's
 * Easy Read guidance: every row has a picture with a description (the picture carries the idea), one idea in each
 * sentence, and hard words explained where they are used. Sentence length (at most 15 words) is the template's
 * `maxSentenceWords`, checked for every document.
 *
 * "One idea" and "hard words" read English; in other languages only the picture rule runs (the report says so).
 */
import { isEnglish } from "../languages";
import type { SectionFinding } from "./structure-rules";
import { mapTextRange, type SectionModel } from "./text-model";

const EASY_READ_GUIDANCE = "Department of Health, “Making written information easier to understand” (2010); Mencap";

/**
 * Words Easy Read readers often do not know, from legal, care and benefits leaflets. Each must be explained where it
 * is used ("A tribunal is a kind of court.").
 */
export const HARD_WORDS: readonly string[] = [
  "accommodation",
  "advocate",
  "allegation",
  "appeal",
  "assessment",
  "benefit",
  "benefits",
  "confidential",
  "consent",
  "discrimination",
  "eligible",
  "entitled",
  "entitlement",
  "guardian",
  "harassment",
  "injunction",
  "legal aid",
  "local authority",
  "mediation",
  "proceedings",
  "safeguarding",
  "solicitor",
  "statutory",
  "tenancy",
  "tribunal",
];

/** Words that join two ideas into one sentence. */
const JOINING_WORDS = /\b(and|but|because|so|which|although|unless|whereas|or)\b/gi;

/**
 * Sentences that say what a word means: "A tribunal is a kind of court.", "This means …", "… (a kind of court)",
 * "This is called an assessment."
 */
const EXPLAINS =
  /\b(means?|is when|is where|is someone|is somebody|is a|is an|is the|are people|are things|is called|are called)\b|\(/i;

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

interface Sentence {
  text: string;
  start: number;
  end: number;
}

function bodySentences(model: SectionModel): Sentence[] {
  const sentences: Sentence[] = [];
  for (const segment of model.segments) {
    if (segment.kind !== "body") continue;
    const block = model.text.slice(segment.start, segment.end);
    for (const part of segmenter.segment(block)) {
      const text = part.segment.trimEnd();
      if (!text.trim()) continue;
      sentences.push({ text, start: segment.start + part.index, end: segment.start + part.index + text.length });
    }
  }
  return sentences;
}

function easyReadRows(model: SectionModel): Array<{ from: number; to: number; hasPicture: boolean }> {
  const rows: Array<{ from: number; to: number; hasPicture: boolean }> = [];
  model.node.descendants((node, pos) => {
    if (node.type.name !== "easyReadRow") return true;
    rows.push({ from: pos + 1, to: pos + 1 + node.nodeSize, hasPicture: Boolean(node.attrs.imageSrc) });
    return false;
  });
  return rows;
}

/**
 * A section written as plain text in an Easy Read template: no rows and no picture at all. It prints as plain text
 * with no picture beside any idea, which is not Easy Read (the row rule cannot see it: there is no row).
 */
function plainTextSection(model: SectionModel): { from: number; to: number } | null {
  let pictures = false;
  let first: { from: number; to: number } | null = null;
  model.node.descendants((node, pos) => {
    if (node.type.name === "easyReadRow" || node.type.name === "image") pictures = true;
    if (!first && node.isTextblock && node.type.name !== "heading" && node.textContent.trim())
      first = { from: pos + 1, to: pos + 1 + node.nodeSize };
    return !pictures;
  });
  return pictures ? null : first;
}

export function checkEasyRead(model: SectionModel, language: string | undefined): SectionFinding[] {
  const findings: SectionFinding[] = [];
  const plain = plainTextSection(model);
  if (plain)
    findings.push({
      rule: "easy-read-no-pictures",
      source: "template",
      severity: "warning",
      range: plain,
      target: "node",
      text: "Easy Read section with no pictures",
      message:
        "This section has no Easy Read rows, so it prints as plain text with no pictures. In Easy Read, each idea has a picture beside it.",
      help: "Put each idea in an Easy Read row with a picture: put the caret where it goes, then choose More, Easy Read row, and move the words into it.",
      sourceNote: EASY_READ_GUIDANCE,
    });
  for (const row of easyReadRows(model)) {
    if (row.hasPicture) continue; // its description is the picture rule's (image-alt)
    findings.push({
      rule: "easy-read-picture",
      source: "template",
      severity: "warning",
      range: { from: row.from, to: row.to },
      target: "node",
      text: "Easy Read row without a picture",
      message: "This Easy Read row has no picture. In Easy Read, the picture helps people understand the words.",
      help: "Add a picture that shows the idea, with a description: put the caret in the row, then choose More, Picture for this row, and Find a picture.",
      sourceNote: EASY_READ_GUIDANCE,
    });
  }
  if (!isEnglish(language)) return findings;

  const sentences = bodySentences(model);
  // A hard word is asked about once in a section: where it is first used without being explained. Once explained,
  // its later uses in the section are fine.
  const settled = new Set<string>();
  sentences.forEach((sentence, index) => {
    const range = mapTextRange(model, sentence.start, sentence.end);
    if (!range) return;
    const joins = sentence.text.match(JOINING_WORDS)?.length ?? 0;
    if (sentence.text.includes(";") || joins >= 2) {
      findings.push({
        rule: "easy-read-one-idea",
        source: "readability",
        severity: "tip",
        range: { from: range.from, to: range.to },
        target: "text",
        text: sentence.text,
        message: "This sentence may hold more than one idea. In Easy Read, each sentence says one thing.",
        help: "Split it where the ideas change, and give each its own sentence (and its own row if it needs a picture).",
        sourceNote: EASY_READ_GUIDANCE,
      });
    }
    const lower = sentence.text.toLowerCase();
    for (const word of HARD_WORDS) {
      const at = new RegExp(`\\b${word}\\b`, "i").exec(lower);
      if (!at || settled.has(word)) continue;
      settled.add(word);
      const next = sentences[index + 1]?.text ?? "";
      if (EXPLAINS.test(sentence.text) || EXPLAINS.test(next)) continue;
      const wordRange = mapTextRange(model, sentence.start + at.index, sentence.start + at.index + word.length);
      if (!wordRange) continue;
      const said = sentence.text.slice(at.index, at.index + word.length);
      findings.push({
        rule: "easy-read-hard-word",
        source: "language",
        severity: "warning",
        range: { from: wordRange.from, to: wordRange.to },
        target: "text",
        text: said,
        message: `‘${said}’ is a hard word for many Easy Read readers, and it is not explained here.`,
        help: `Say what it means in the same sentence or the next, for example “${capitalise(said)} means …”, or use an everyday word.`,
        sourceNote: EASY_READ_GUIDANCE,
      });
    }
  });
  return findings;
}

const capitalise = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);
