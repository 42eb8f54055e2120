/**
 * Acronyms not explained at first use. A whole-document rule (an acronym explained in section 1 is fine in
 * section 4), but cheap: one regular expression over each section's body text, collected per section so the
 * live editor can reuse unchanged sections.
 *
 * Explained means, at that place: "local authority (LA)", "LA (local authority)", or "LA stands for / means / is
 * short for …". Headings and titles do not count as first use: they repeat what the text explains.
 */
import type { SectionModel } from "./text-model";

/** Acronyms most UK readers know without help (GOV.UK style). */
export const WELL_KNOWN_ACRONYMS = new Set([
  "UK",
  "NHS",
  "GP",
  "BBC",
  "TV",
  "OK",
  "ID",
  "EU",
  "MP",
  "CV",
  "PIN",
  "DIY",
  "USA",
  "PDF",
  "A&E",
  "ATM",
  "SMS",
]);

export interface AcronymUse {
  acronym: string;
  /** As written (e.g. "GPs"). */
  text: string;
  explained: boolean;
  /** Section-relative range. */
  from: number;
  to: number;
}

// Not part of a longer word, and not part of a dotted name such as "GOV.UK" or a web address.
const ACRONYM = /(?<![\p{L}\p{N}&.])([A-Z][A-Z&]{1,5})(s?)(?![\p{L}\p{N}&]|\.[\p{L}\p{N}])/gu;
const EXPLAINED_AFTER = /^\s*(\(\s*\p{L}[^)]{2,}\)|(stands for|means|is short for)\b)/u;
const SHOUTING_NEIGHBOUR = /[A-Z]{2,}\s*$/;

export function findAcronyms(model: SectionModel): AcronymUse[] {
  const uses: AcronymUse[] = [];
  for (const segment of model.segments) {
    if (segment.kind !== "body") continue;
    const text = model.text.slice(segment.start, segment.end);
    for (const match of text.matchAll(ACRONYM)) {
      const acronym = match[1]!;
      if (acronym.endsWith("&") || WELL_KNOWN_ACRONYMS.has(acronym)) continue;
      const index = match.index;
      const before = text.slice(0, index);
      const after = text.slice(index + match[0].length);
      // A run of capitals ("CALL US NOW") is shouting, not an acronym.
      if (SHOUTING_NEIGHBOUR.test(before) || /^\s*[A-Z]{2,}\b/.test(after)) continue;
      const inBracketsAfterWords = /[\p{L}]\s*\(\s*$/u.test(before) && /^\s*\)/.test(after);
      const explained = inBracketsAfterWords || EXPLAINED_AFTER.test(after);
      uses.push({
        acronym,
        text: match[0],
        explained,
        from: segment.pos + index,
        to: segment.pos + index + match[0].length,
      });
    }
  }
  return uses;
}

/** The first use of each acronym, in document order, when it is not explained there. */
export function unexplainedAcronyms<T extends { sectionIndex: number; use: AcronymUse }>(
  usesInOrder: readonly T[],
): T[] {
  const seen = new Set<string>();
  const unexplained: T[] = [];
  for (const item of usesInOrder) {
    if (seen.has(item.use.acronym)) continue;
    seen.add(item.use.acronym);
    if (!item.use.explained) unexplained.push(item);
  }
  return unexplained;
}
