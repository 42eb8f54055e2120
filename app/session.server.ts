/**
 * Who is asking, for loaders and actions: from the session cookie or a bearer token.
 */
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { AppError, errors, isAppError } from "./domain/errors";
import { can, type Capability } from "./domain/permissions";
import { readCookie, SESSION_COOKIE, sessionTokenFrom } from "./domain/session-token";
import type { Viewer } from "../server/services/auth";

export { SESSION_COOKIE };

export function tokenOf(request: Request): string | null {
  return sessionTokenFrom(request.headers.get("authorization"), request.headers.get("cookie"));
}

export async function getViewer(request: Request, context: AppLoadContext): Promise<Viewer | null> {
  return context.services.auth.authenticate(tokenOf(request));
}

/** For pages: the viewer, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireViewer(request: Request, context: AppLoadContext): Promise<Viewer> {
  const viewer = await getViewer(request, context);
  if (!viewer) {
    const url = new URL(request.url);
    url.searchParams.delete("_routes"); // Remix's own, when the page's data is fetched by single fetch
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return viewer;
}

/**
 * For an API route people also open in the browser (a release's web version or PDF, linked from its page): someone
 * signed out who opens it gets the sign-in page, and then the file — not the API's JSON error. Programs (no
 * `Sec-Fetch-Dest: document`) still get the JSON error.
 */
export async function signInFirstWhenOpenedAsPage(request: Request, context: AppLoadContext): Promise<void> {
  if (request.headers.get("sec-fetch-dest") === "document") await requireViewer(request, context);
}

/** For pages: refuses with a 403 page when the viewer lacks the capability. */
export function requireCapability(viewer: Viewer, capability: Capability) {
  if (!can(viewer.member, capability)) throw new Response("Your role doesn't let you open this page.", { status: 403 });
}

export function sessionCookie(token: string, request: Request, maxAgeDays: number): string {
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.round(maxAgeDays * 86400)}${secure ? "; Secure" : ""}`;
}

export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/**
 * Sent with a sign-out, read once by the sign-in page: it then removes this device's offline copies and says so. A
 * cookie rather than a query parameter, so a link to the sign-in page cannot make someone's browser delete them.
 */
const SIGNED_OUT_COOKIE = "copress_signed_out";

export function signedOutCookie(request: Request): string {
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  // Path "/" rather than "/login": the sign-in page's data is also fetched as /login.data (Remix single fetch).
  return `${SIGNED_OUT_COOKIE}=1; Path=/; HttpOnly; SameSite=Lax; Max-Age=300${secure ? "; Secure" : ""}`;
}

export function justSignedOut(request: Request): boolean {
  return readCookie(request.headers.get("cookie") ?? "", SIGNED_OUT_COOKIE) === "1";
}

export function clearSignedOutCookie(): string {
  return `${SIGNED_OUT_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** The headers of a response that ends this browser's session: no session cookie, and the note for the sign-in page. */
export function signOutHeaders(request: Request): Headers {
  const headers = new Headers();
  headers.append("Set-Cookie", clearSessionCookie());
  headers.append("Set-Cookie", signedOutCookie(request));
  return headers;
}

/**
 * Wraps an /api handler: finds the viewer (401 JSON when there is none) and turns AppErrors into the one JSON
 * error shape `{error: {code, message}}` with their status.
 */
export async function apiRoute<T>(
  request: Request,
  context: AppLoadContext,
  handler: (viewer: Viewer) => T | Promise<T>,
): Promise<Response> {
  try {
    const viewer = await getViewer(request, context);
    if (!viewer) throw errors.unauthenticated();
    const result = await handler(viewer);
    return result instanceof Response ? result : json(result);
  } catch (error) {
    return errorResponse(error);
  }
}

export function errorResponse(error: unknown): Response {
  if (error instanceof Response) return error;
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    const retry = error.details?.retryAfterSeconds;
    if (typeof retry === "number") headers["Retry-After"] = String(retry);
    return json(error.toJSON(), { status: error.status, headers });
  }
  console.error(error);
  return json(new AppError(500, "internal", "Something went wrong on our side. Please try again.").toJSON(), {
    status: 500,
  });
}

const MAX_JSON_BYTES = 1024 * 1024;

/**
 * Reads a JSON object body, refusing anything else with a clear 400. With `allowEmpty`, no body at all reads as `{}`.
 * (The server's body limit has bounded the body already; the checks here keep the promise for any other caller.)
 */
export async function readJson(
  request: Request,
  options: { allowEmpty?: boolean } = {},
): Promise<Record<string, unknown>> {
  const isJson = (request.headers.get("content-type") ?? "").includes("application/json");
  if (!isJson && !options.allowEmpty)
    throw errors.badRequest("Send the request body as JSON (Content-Type: application/json).");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_JSON_BYTES)
    throw errors.tooLarge("That request is too large.");
  let text: string;
  try {
    text = await request.text();
  } catch {
    // The sender went away, or the body limit stopped the body (and has answered already).
    throw errors.badRequest("We couldn't read the whole request. Please send it again.");
  }
  if (options.allowEmpty && text.trim() === "") return {};
  if (!isJson) throw errors.badRequest("Send the request body as JSON (Content-Type: application/json).");
  if (text.length > MAX_JSON_BYTES) throw errors.tooLarge("That request is too large.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw errors.badRequest("The request body is not valid JSON.");
  }
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw errors.badRequest("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

export function methodNotAllowed(): Response {
  return json(
    { error: { code: "method_not_allowed", message: "That method is not supported here." } },
    { status: 405 },
  );
}
