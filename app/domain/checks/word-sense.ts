/**
 * Is a word used as a noun here? retext-simplify suggests verbs for words that are also everyday nouns: "address"
 * → "discuss", "request" → "ask", "attempt" → "try". Those tips are right for "We will address your worries" and
 * wrong for "your email address" or "Email: add your web address". Rather than drop the words, the language rules
 * ask this small look at the words around it, and keep the tip only where the word is not a noun.
 *
 * A word counts as a noun when the word before it (in the same block) is a determiner, a possessive or a number
 * ("your address", "the request", "2 attempts"), or a word that makes a compound noun with it ("email address",
 * "home address", "web address"), or when a colon follows it ("Address: 1 High Street"). Anything else keeps the
 * tip, so a verb is never let off by mistake; a noun the look does not recognise just keeps its (harmless) tip.
 */

/** retext-simplify's words whose suggestions are verbs, but which UK leaflets use as nouns all the time. */
export const NOUN_OR_VERB = new Set([
  "address",
  "request",
  "attempt",
  "purchase",
  "function",
  "permit",
  "monitor",
  "desire",
  "benefit",
  "warrant",
  "effect",
  "interface",
  "implement",
  "forward",
]);

const DETERMINERS = new Set([
  "a",
  "an",
  "the",
  "this",
  "that",
  "these",
  "those",
  "my",
  "your",
  "our",
  "his",
  "her",
  "its",
  "their",
  "any",
  "each",
  "every",
  "no",
  "another",
  "some",
  "which",
  "what",
  "whose",
  "one",
  "first",
  "last",
  "next",
  "new",
  "old",
  "same",
  "full",
  "correct",
  "right",
  "wrong",
  "current",
  "previous",
  "main",
  "usual",
  "formal",
  "written",
  "simple",
  "special",
]);

/** Words that make a compound noun with the next ("email address", "home address", "subject access request"). */
const COMPOUND_MODIFIERS = new Set([
  "email",
  "e-mail",
  "web",
  "website",
  "internet",
  "ip",
  "home",
  "postal",
  "post",
  "street",
  "office",
  "work",
  "business",
  "billing",
  "delivery",
  "forwarding",
  "return",
  "contact",
  "mailing",
  "correspondence",
  "school",
  "care",
  "side",
  "parking",
  "travel",
  "housing",
  "council",
  "disability",
  "carer's",
  "carers",
  "child",
  // Requests people make by name: "a subject access request", "a flexible working request", "a repair request".
  "access",
  "information",
  "working",
  "repair",
  "repairs",
  "transfer",
  "change",
  "data",
]);

const WORD_BEFORE = /([\p{L}\p{N}'’-]+)[^\S\n]*$/u;

/**
 * Whether the word at [start, end) of `text` reads as a noun (see above). `text` is a section's text as the checks
 * see it; blocks are separated by blank lines, so the look never reaches into the block before.
 */
export function isUsedAsNoun(text: string, start: number, end: number): boolean {
  const after = text.slice(end, end + 3);
  if (/^[^\S\n]*:/.test(after)) return true;
  const before = text.slice(Math.max(0, start - 40), start);
  const previous = WORD_BEFORE.exec(before)?.[1];
  if (!previous) return false;
  const word = previous.toLowerCase().replace(/’/g, "'");
  return DETERMINERS.has(word) || COMPOUND_MODIFIERS.has(word) || /^\d+$/.test(word);
}
