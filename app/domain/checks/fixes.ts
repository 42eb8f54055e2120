/**
 * One-tap fixes. A finding about some words (`target: "text"`, with a range) whose `suggestions` are words that can
 * stand in for them ("people with an addiction" for "addicts") can be fixed by replacing exactly its range. The Checks
 * panel offers that; the editor does it (app/editor/apply-fix.ts).
 */
import type { Finding } from "./types";

export function canReplace(finding: Pick<Finding, "target" | "range" | "text" | "suggestions">): boolean {
  return (
    finding.target === "text" &&
    finding.range !== null &&
    finding.text.length > 0 &&
    (finding.suggestions?.length ?? 0) > 0
  );
}

/**
 * The suggested words as they should stand where the finding's words are: with a capital when those had one (the
 * start of a sentence: "Addicts can…" → "People who use drugs can…"), and with "a" or "an" before them changed to
 * suit the new first word ("an addict" → "a person with an addiction"). `before` is the text just before the finding's
 * words in the same paragraph. `from` is how many characters before the words the replacement starts (the article,
 * when it changes; otherwise 0).
 */
export function fitReplacement(before: string, original: string, replacement: string): { text: string; from: number } {
  let text = replacement;
  const first = original.charAt(0);
  if (first && first === first.toUpperCase() && first !== first.toLowerCase() && original !== original.toUpperCase())
    text = text.charAt(0).toUpperCase() + text.slice(1);
  const article = /(?:^|[^\p{L}])(an?)(\s+)$/iu.exec(before);
  if (!article) return { text, from: 0 };
  const [, word, space] = article as unknown as [string, string, string];
  // By the first letter: right for the words a word list suggests ("an hour" or "a university" would need more).
  const wanted = /^[aeiou]/i.test(text) ? "an" : "a";
  if (word.toLowerCase() === wanted) return { text, from: 0 };
  const fitted = word.charAt(0) === "A" ? wanted.charAt(0).toUpperCase() + wanted.slice(1) : wanted;
  return { text: `${fitted}${space}${text}`, from: word.length + space.length };
}
