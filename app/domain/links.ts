/**
 * Which link targets and picture sources a document may hold: the one rule the editor, the checks, the HTML and the
 * PDF all apply.
 */

/** Link targets we allow anywhere (editor, HTML, PDF). Everything else is dropped, never rendered. */
export const ALLOWED_LINK_PROTOCOLS = ["http", "https", "mailto", "tel"] as const;

export function isAllowedHref(href: string): boolean {
  const trimmed = href.trim();
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed);
  if (!match) return false;
  return (ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(match[1]!.toLowerCase());
}

/** Picture sources we show: our own uploads (same-site paths), http(s), and inline PNG/JPEG/GIF/WebP data. */
export function isAllowedImageSource(src: string): boolean {
  const value = src.trim();
  if (/^\/(?!\/)/.test(value)) return true;
  if (/^https?:\/\//i.test(value)) return true;
  return /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i.test(value);
}

/**
 * A link's address as people would type it from paper: no `https://`, `mailto:` or `tel:`, no `www.`, no trailing
 * slash ("https://www.demo-charity.example/" → "demo-charity.example").
 */
export function addressForPaper(href: string): string {
  return href
    .trim()
    .replace(/^(https?:\/\/|mailto:|tel:)/i, "")
    .replace(/^www\./i, "")
    .replace(/\/$/, "");
}

/**
 * What paper should print after a link's words so the reader can still follow it ("our website" → "demo-charity.example"),
 * or null when the words already say the address (or the link is not one people can type).
 */
export function printedAddress(text: string, href: string): string | null {
  if (!isAllowedHref(href)) return null;
  const address = addressForPaper(href);
  if (!address) return null;
  const squash = (value: string) => addressForPaper(value.toLowerCase()).replace(/[\s()-]/g, "");
  return squash(text).includes(squash(address)) ? null : address;
}

const EMAIL_IN_TEXT = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[a-z]{2,}(?<![.])/gi;
const PHONE_IN_TEXT = /\+?\d(?:[\s-]?\d){8,13}/g;
const WEBSITE_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>()"']+[^\s<>()"'.,;:!?]/gi;
/** A web address written after "Website:" without its "www." or "https://" ("Website: demo-charity.example/help"). */
const LABELLED_WEBSITE_IN_TEXT =
  /\b(?:website|web|site)\s*:\s*([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}(?:\/[^\s<>()"']*[^\s<>()"'.,;:!?])?)/dgi;
/**
 * A number someone is told to call, anywhere in the words: "call 999", "ring 111", "call the police on 999", "Phone:
 * 0808 2000 247". The word before it says it is a phone number, so short ones (999, 111, 116 123) count too.
 */
const CALLED_NUMBER_IN_TEXT =
  /\b(?:call|ring|phone|dial)(?::|(?:\s+[\p{L}’'-]+){0,6}?\s+on)?\s+(\+?\d(?:[ -]?\d){2,13})(?!\d)/dgiu;

export interface AddressInText {
  start: number;
  end: number;
  href: string;
}

/**
 * The email addresses, web addresses and (when `phones`) phone numbers written in plain text, as links to make of
 * them: people write "Email: help@…" or "Website: www.…" without making it a link. The web version and the PDF both
 * use it, so a reader can tap the same addresses in either. Phone numbers where the text is contact details, and
 * elsewhere only a number people are told to call ("call 999"): a long number alone is more often a reference.
 */
export function addressesIn(text: string, options: { phones: boolean }): AddressInText[] {
  const found: AddressInText[] = [];
  const free = (start: number, end: number) => !found.some((f) => start < f.end && end > f.start);
  for (const match of text.matchAll(EMAIL_IN_TEXT))
    found.push({ start: match.index, end: match.index + match[0].length, href: `mailto:${match[0]}` });
  for (const match of text.matchAll(WEBSITE_IN_TEXT)) {
    const end = match.index + match[0].length;
    if (free(match.index, end))
      found.push({
        start: match.index,
        end,
        href: /^https?:\/\//i.test(match[0]) ? match[0] : `https://${match[0]}`,
      });
  }
  for (const match of text.matchAll(LABELLED_WEBSITE_IN_TEXT)) {
    const [start, end] = match.indices![1]!;
    if (free(start, end)) found.push({ start, end, href: `https://${match[1]}` });
  }
  const phone = (start: number, number: string) => {
    const end = start + number.length;
    if (free(start, end)) found.push({ start, end, href: `tel:${number.replace(/[\s-]/g, "")}` });
  };
  if (options.phones) for (const match of text.matchAll(PHONE_IN_TEXT)) phone(match.index, match[0]);
  for (const match of text.matchAll(CALLED_NUMBER_IN_TEXT)) phone(match.indices![1]![0], match[1]!);
  return found.filter((address) => isAllowedHref(address.href)).sort((a, b) => a.start - b.start);
}
