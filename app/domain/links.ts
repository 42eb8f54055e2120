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
