/**
 * A first look at an uploaded SVG, before any XML parser or sanitiser sees it: one pass over the text, each
 * character looked at a bounded number of times, so a hostile 2 MB file costs about as much as a friendly one.
 *
 * It refuses what no logo needs and what makes parsers do unbounded work: a DOCTYPE with its own declarations (an
 * internal subset), any `<!ENTITY` or other markup declaration ("billion laughs"), nesting deeper than
 * `maxDepth`, and more than `maxElements` elements. It also finds the DOCTYPE (which is cut out before parsing) and
 * tells an SVG from something else. It reports `steps`, the character comparisons it made, so tests can hold it
 * to linear work.
 *
 * It is not an XML parser: what it lets through is parsed (jsdom) and sanitised (DOMPurify) afterwards.
 */
export interface SvgScanLimits {
  maxDepth: number;
  maxElements: number;
}

/** Deeper than any drawing program nests groups; far shallower than what strains a recursive serialiser. */
export const SVG_SCAN_LIMITS: SvgScanLimits = { maxDepth: 256, maxElements: 20_000 };

export type SvgScanProblem =
  /** Not an SVG at all (no root element, or a root other than <svg>). */
  | "not-svg"
  /** A DOCTYPE with an internal subset, or an <!ENTITY> (or other markup declaration) anywhere. */
  | "declarations"
  | "too-deep"
  | "too-many-elements"
  /** Unclosed comments, tags or quotes, end tags that close nothing, a second root… */
  | "malformed";

export type SvgScan =
  | { ok: true; steps: number; elements: number; maxDepthSeen: number; doctype: { start: number; end: number } | null }
  | { ok: false; steps: number; problem: SvgScanProblem };

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

function isSpace(code: number) {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

export function scanSvg(text: string, limits: SvgScanLimits = SVG_SCAN_LIMITS): SvgScan {
  const length = text.length;
  let steps = 0;
  let i = 0;
  let depth = 0;
  let maxDepthSeen = 0;
  let elements = 0;
  let rootSeen = false;
  let rootClosed = false;
  let doctype: { start: number; end: number } | null = null;
  const fail = (problem: SvgScanProblem): SvgScan => ({ ok: false, steps, problem });

  /** Whether `literal` starts at `at` (ASCII letters compared without case when `anyCase`). */
  const startsWith = (literal: string, at: number, anyCase = false) => {
    if (at + literal.length > length) return false;
    for (let k = 0; k < literal.length; k++) {
      steps++;
      let code = text.charCodeAt(at + k);
      if (anyCase && code >= 0x61 && code <= 0x7a) code -= 0x20;
      if (code !== literal.charCodeAt(k)) return false;
    }
    return true;
  };
  /** The index just past the next `terminator` at or after `from`, or -1. Each position costs one or a few steps. */
  const skipPast = (terminator: string, from: number) => {
    const first = terminator.charCodeAt(0);
    for (let j = from; j + terminator.length <= length; j++) {
      steps++;
      if (text.charCodeAt(j) === first && startsWith(terminator, j)) return j + terminator.length;
    }
    return -1;
  };
  /** The index of the `>` ending a tag or declaration from `from`, skipping quoted values; -1 if there is none. */
  const tagEnd = (from: number, refuseBracket: boolean): number | "bracket" => {
    let quote = 0;
    for (let j = from; j < length; j++) {
      steps++;
      const code = text.charCodeAt(j);
      if (quote) {
        if (code === quote) quote = 0;
      } else if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
        quote = code;
      } else if (code === GT) {
        return j;
      } else if (refuseBracket && code === OPEN_BRACKET) {
        return "bracket";
      } else if (code === LT) {
        return -1; // a tag never holds "<" outside quotes
      }
    }
    return -1;
  };

  while (i < length) {
    steps++;
    const code = text.charCodeAt(i);
    if (code !== LT) {
      // Text: only white space may stand outside the root element.
      if (!rootSeen && !isSpace(code)) return fail("not-svg");
      i++;
      continue;
    }
    const next = i + 1 < length ? text.charCodeAt(i + 1) : -1;
    if (next === QUESTION) {
      // <?xml …?> and other processing instructions.
      const end = skipPast("?>", i + 2);
      if (end < 0) return fail("malformed");
      i = end;
    } else if (next === BANG) {
      if (startsWith("<!--", i)) {
        const end = skipPast("-->", i + 4);
        if (end < 0) return fail("malformed");
        i = end;
      } else if (startsWith("<![CDATA[", i)) {
        if (depth === 0) return fail("malformed");
        const end = skipPast("]]>", i + 9);
        if (end < 0) return fail("malformed");
        i = end;
      } else if (startsWith("<!DOCTYPE", i, true)) {
        if (rootSeen || doctype) return fail("malformed");
        const end = tagEnd(i + 9, true);
        if (end === "bracket") return fail("declarations");
        if (end < 0) return fail("malformed");
        doctype = { start: i, end: end + 1 };
        i = end + 1;
      } else {
        // <!ENTITY, <!ELEMENT, <!ATTLIST, <!NOTATION: declarations belong only in a DOCTYPE, which may hold none.
        return fail("declarations");
      }
    } else if (next === SLASH) {
      const end = tagEnd(i + 2, false);
      if (end === "bracket" || end < 0) return fail("malformed");
      if (depth === 0) return fail("malformed");
      depth--;
      if (depth === 0) rootClosed = true;
      i = end + 1;
    } else {
      // A start tag: its name, then attributes up to ">" (or "/>").
      let nameEnd = i + 1;
      while (nameEnd < length) {
        steps++;
        const c = text.charCodeAt(nameEnd);
        if (isSpace(c) || c === GT || c === SLASH || c === LT) break;
        nameEnd++;
      }
      if (nameEnd === i + 1) return fail("malformed");
      if (!rootSeen) {
        const name = text.slice(i + 1, nameEnd);
        const localName = name.slice(name.indexOf(":") + 1);
        if (localName !== "svg") return fail("not-svg");
        rootSeen = true;
      } else if (rootClosed) {
        return fail("malformed");
      }
      if (++elements > limits.maxElements) return fail("too-many-elements");
      const end = tagEnd(nameEnd, false);
      if (end === "bracket" || end < 0) return fail("malformed");
      const selfClosing = text.charCodeAt(end - 1) === SLASH;
      if (!selfClosing) {
        depth++;
        if (depth > limits.maxDepth) return fail("too-deep");
        if (depth > maxDepthSeen) maxDepthSeen = depth;
      } else if (depth === 0) {
        rootClosed = true;
      }
      i = end + 1;
    }
  }
  if (!rootSeen) return fail("not-svg");
  if (depth !== 0) return fail("malformed");
  return { ok: true, steps, elements, maxDepthSeen, doctype };
}
