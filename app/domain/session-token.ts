/**
 * Where a request carries its session token: `Authorization: Bearer <token>` (scripts) wins over the
 * `copress_session` cookie (browsers). Used by the routes and by the server's body limit, which must know whether a
 * request comes from someone signed in before anything reads its body.
 */
export const SESSION_COOKIE = "copress_session";

/** One cookie's value from a `Cookie` header, or null. */
export function readCookie(header: string, name: string): string | null {
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return null; // a malformed cookie is no token
    }
  }
  return null;
}

export function sessionTokenFrom(
  authorization: string | null | undefined,
  cookie: string | null | undefined,
): string | null {
  if (authorization?.toLowerCase().startsWith("bearer ")) return authorization.slice(7).trim();
  return readCookie(cookie ?? "", SESSION_COOKIE);
}
