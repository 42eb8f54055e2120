/**
 * Who is asking, for loaders and actions: from the session cookie or a bearer token.
 */
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { AppError, errors, isAppError } from "./domain/errors";
import { can, type Capability } from "./domain/permissions";
import type { Viewer } from "../server/services/auth";

export const SESSION_COOKIE = "copress_session";

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

export function tokenOf(request: Request): string | null {
  const authorization = request.headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) return authorization.slice(7).trim();
  return readCookie(request, SESSION_COOKIE);
}

export function getViewer(request: Request, context: AppLoadContext): Viewer | null {
  return context.services.auth.authenticate(tokenOf(request));
}

/** For pages: the viewer, or a redirect to the sign-in page that comes back here afterwards. */
export function requireViewer(request: Request, context: AppLoadContext): Viewer {
  const viewer = getViewer(request, context);
  if (!viewer) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return viewer;
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
 * Wraps an /api handler: finds the viewer (401 JSON when there is none) and turns AppErrors into the one JSON
 * error shape `{error: {code, message}}` with their status.
 */
export async function apiRoute<T>(
  request: Request,
  context: AppLoadContext,
  handler: (viewer: Viewer) => T | Promise<T>,
): Promise<Response> {
  try {
    const viewer = getViewer(request, context);
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
  return json(new AppError(500, "internal", "Something went wrong on our side. Please try again.").toJSON(), { status: 500 });
}

const MAX_JSON_BYTES = 1024 * 1024;

/** Reads a JSON body, refusing anything else with a clear 400. */
export async function readJson(request: Request): Promise<Record<string, unknown>> {
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    throw errors.badRequest("Send the request body as JSON (Content-Type: application/json).");
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_JSON_BYTES) throw errors.tooLarge("That request is too large.");
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES) throw errors.tooLarge("That request is too large.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw errors.badRequest("The request body is not valid JSON.");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw errors.badRequest("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

export function methodNotAllowed(): Response {
  return json({ error: { code: "method_not_allowed", message: "That method is not supported here." } }, { status: 405 });
}
