import type { RequestHandler } from "express";
import { errors } from "../app/domain/errors";

export function contentSecurityPolicy(nonce: string, production: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // TipTap and the collaboration cursors set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${production ? "" : " ws://localhost:* ws://127.0.0.1:*"}`,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests that a browser sent from another site. A request with no cookie carries no
 * ambient credentials (scripts using a bearer token, or signing in), so only requests with cookies are checked.
 */
export function refuseCrossSiteRequests(publicUrl: string | undefined): RequestHandler {
  return (request, response, next) => {
    if (SAFE_METHODS.has(request.method)) return next();
    const hasCookie = Boolean(request.headers.cookie);
    const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
    if (!origin && !hasCookie) return next();
    const expected = publicUrl ? new URL(publicUrl).origin : `${request.protocol}://${request.get("host")}`;
    if (origin === expected) return next();
    const error = errors.crossSite();
    response.status(error.status).json(error.toJSON());
  };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
