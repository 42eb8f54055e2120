/**
 * Words a reader copies as one and must not find broken over two lines: a UK postcode ("AN1 2XY") and a phone number
 * written in groups ("0808 157 0123", "+44 20 7946 0000"). Their spaces become no-break spaces (U+00A0), which the
 * PDF's line breaker and browsers alike never break at, so the PDF, the live preview and the web version keep them
 * whole. The text is otherwise the same, character for character (same length: positions found in the original, such
 * as the addresses `addressesIn` finds, still hold).
 */
const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?) (\d[A-Z]{2})\b/g;
/** Groups of digits after a leading 0 or +: a phone number, never "between 9 and 5" or a list of years. */
const GROUPED_NUMBER = /(?<![\d\p{L}])(?:\+\d{1,3}|0\d{1,4})(?: \d{2,4}){1,3}(?![\d\p{L}])/gu;

export function keepTogether(text: string): string {
  if (!/\d/.test(text)) return text;
  return text.replace(POSTCODE, "$1\u00a0$2").replace(GROUPED_NUMBER, (number) => number.replaceAll(" ", "\u00a0"));
}
