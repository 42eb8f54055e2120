/**
 * Where to send a person after signing in. `redirectTo` comes from the address bar, so anyone can write a link that
 * fills it in; only a path on our own site may be followed, or a sign-in would hand the person to another site.
 */
export const DEFAULT_REDIRECT = "/documents";

/** Longer than any path of ours with its query; a longer value is not one we made. */
const MAX_LENGTH = 2048;

/**
 * Browsers read `\` as `/` and some servers decode `%5C` and `%2F` into them, so `/\evil.example` and
 * `/%5Cevil.example` can become `//evil.example` (another site). Control characters (raw or encoded) are dropped or
 * folded by URL parsers, which turns `/\t/evil.example` into `//evil.example` too.
 */
const ENCODED_SEPARATOR_OR_CONTROL = /%(2f|5c|[01][0-9a-f]|7f)/i;

/**
 * `value` if it is a path on this site, else `fallback` (`/documents`). A path must start with one `/` (not `//`),
 * hold only printable ASCII (what `URL` makes of our own paths), and no backslash, encoded slash or backslash, or
 * control character, raw or percent-encoded.
 */
export function safeRedirectPath(value: unknown, fallback = DEFAULT_REDIRECT): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  if (value[0] !== "/" || value[1] === "/") return fallback;
  // Printable ASCII without spaces: no control characters, no Unicode look-alikes of "/", nothing a header refuses.
  if (!/^[\x21-\x7e]+$/.test(value)) return fallback;
  if (value.includes("\\") || ENCODED_SEPARATOR_OR_CONTROL.test(value)) return fallback;
  // Belt and braces: the way a browser resolves it must stay on our origin.
  const base = "http://copress.invalid";
  let resolved: URL;
  try {
    resolved = new URL(value, base);
  } catch {
    return fallback;
  }
  return resolved.origin === base ? value : fallback;
}
