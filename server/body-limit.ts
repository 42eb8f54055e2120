/**
 * Every request body is bounded at the door, before anything reads or parses it.
 *
 * - A request that says it is bigger than its limit (`Content-Length`) is answered 413 at once.
 * - A chunked request (no length given) is counted as it streams: the moment the count passes the limit the answer is
 *   413 and the rest is thrown away as it arrives. Nothing is buffered here; Remix reads the body through the counter
 *   (server/remix-handler.ts), and its reading fails when the limit is passed, so no action ever sees half a body.
 * - Whatever a route leaves unread is thrown away in the same way, and a sender that goes on past a generous allowance
 *   is cut off.
 *
 * Limits: 16 KiB for anyone not signed in and for the sign-in, sign-out and invite forms; the upload limit (plus room
 * for the form around the file) for uploads and the brand-kit forms; 1 MiB for everything else.
 */
import type { IncomingMessage } from "node:http";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import type { Request, RequestHandler, Response } from "express";
import { safeRedirectPath } from "../app/domain/safe-redirect";
import { UPLOAD_FORM_OVERHEAD_BYTES } from "../app/upload-form.server";

export const SIGN_IN_BODY_BYTES = 16 * 1024;
export const REQUEST_BODY_BYTES = 1024 * 1024;

/** After refusing, read on (and throw away) up to this much more, so that a sender still sending gets our answer. */
const DRAIN_ALLOWANCE_BYTES = { "sign-in": 1024 * 1024, request: 4 * 1024 * 1024, upload: 32 * 1024 * 1024 } as const;
/** A sender that keeps a refused or unread body going longer than this is cut off. */
const DRAIN_TIMEOUT_MS = 60_000;
/** How long a sender that went past the allowance has to read our answer before the connection is cut. */
const CUT_GRACE_MS = 1_000;

export type BodyLimitKind = keyof typeof DRAIN_ALLOWANCE_BYTES;
export interface BodyLimit {
  kind: BodyLimitKind;
  bytes: number;
}

/** Pages and API routes used before signing in. Case-insensitive and with an optional "/" because routing is. */
const SIGN_IN_PATHS = /^\/(?:api\/session|login|logout|invite\/[^/]+)\/?$/i;
/** The routes that take a picture: the upload API and the brand-kit form (/brand-kits/new, /brand-kits/:id). */
const UPLOAD_PATHS = /^\/(?:api\/uploads|brand-kits\/[^/]+)\/?$/i;

/** The limit for one request: by its path, and small for anyone not signed in (who can only sign in or join). */
export function bodyLimitFor(path: string, signedIn: boolean, uploadMaxBytes: number): BodyLimit {
  if (!signedIn || SIGN_IN_PATHS.test(path)) return { kind: "sign-in", bytes: SIGN_IN_BODY_BYTES };
  if (UPLOAD_PATHS.test(path)) return { kind: "upload", bytes: uploadMaxBytes + UPLOAD_FORM_OVERHEAD_BYTES };
  return { kind: "request", bytes: REQUEST_BODY_BYTES };
}

function megabytes(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 10) / 10);
}

/** What the person is told, in plain words. */
export function tooLargeMessage(limit: BodyLimit, uploadMaxBytes: number): string {
  switch (limit.kind) {
    case "sign-in":
      return `That is more than Copress accepts before you are signed in (${limit.bytes / 1024} KB). Check what you typed and try again.`;
    case "upload":
      return `That file is bigger than ${megabytes(uploadMaxBytes)} MB. Save it smaller and try again.`;
    case "request":
      return `That is more than Copress accepts in one go (${megabytes(limit.bytes)} MB). Send less at a time.`;
  }
}

/** Counts the bytes passing through and fails as soon as they pass the limit. */
class BodyCounter extends Transform {
  seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.seen += chunk.byteLength;
    if (this.seen > this.limit) return callback(new BodyTooLargeError());
    callback(null, chunk);
  }
}

export class BodyTooLargeError extends Error {
  constructor() {
    super("The request body is larger than its limit.");
    this.name = "BodyTooLargeError";
  }
}

interface LimitedBody {
  stream: Readable;
  /** Aborted when the limit refuses the body, so whoever was reading stops quietly. */
  refused: AbortSignal;
}
const limitedBodies = new WeakMap<IncomingMessage, LimitedBody>();
const refusedRequests = new WeakSet<IncomingMessage>();

/** The stream to read a request's body from: the counter for chunked bodies, else the request itself. */
export function requestBody(request: IncomingMessage): Readable {
  return limitedBodies.get(request)?.stream ?? request;
}

/** A signal that fires when the body limit has answered this request (with 413) instead of the app. */
export function bodyRefusedSignal(request: IncomingMessage): AbortSignal | undefined {
  return limitedBodies.get(request)?.refused;
}

export function bodyWasRefused(request: IncomingMessage): boolean {
  return refusedRequests.has(request);
}

/**
 * Reads and throws away what is left of a request, so the sender (still sending) gets our answer rather than a
 * reset connection, and the connection can serve the next request. Nothing is kept, so this costs time, not memory.
 * Past `maxBytes` in all, or after a minute, reading stops and, a moment later (time for the sender to read our
 * answer while its own sending is held up), the connection is cut.
 */
function discardRest(request: IncomingMessage, seenSoFar: number, maxBytes: number) {
  if (request.complete || request.destroyed) return;
  request.unpipe();
  let seen = seenSoFar;
  let cutting = false;
  const cut = () => {
    if (cutting) return;
    cutting = true;
    clearTimeout(timer);
    request.pause();
    setTimeout(() => request.socket?.destroy(), CUT_GRACE_MS).unref();
  };
  const timer = setTimeout(cut, DRAIN_TIMEOUT_MS);
  timer.unref();
  request.on("data", (chunk: Buffer) => {
    seen += chunk.byteLength;
    if (seen > maxBytes) cut();
  });
  request.once("end", () => clearTimeout(timer));
  request.once("close", () => clearTimeout(timer));
  request.resume();
}

function sendTooLarge(request: Request, response: Response, message: string) {
  if (response.headersSent) return;
  response.status(413);
  const body = { error: { code: "too_large", message } };
  if (/^\/api(\/|$)/i.test(request.path)) {
    response.setHeader("Content-Type", "application/json; charset=utf-8");
    response.end(JSON.stringify(body));
  } else if (new URL(request.originalUrl, "http://copress.invalid").searchParams.has("_data")) {
    // A Remix page fetch from our own script: a caught response shows the message in the page's error boundary.
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.setHeader("X-Remix-Catch", "yes");
    response.end(message);
  } else {
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.end(tooLargePage(message, safeRedirectPath(request.path, "/")));
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page that says what happened and offers the way back to the form. */
function tooLargePage(message: string, back: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too much to send – Copress</title></head>
<body>
<main>
<h1>That was too much to send</h1>
<p>${escapeHtml(message)}</p>
<p><a href="${escapeHtml(back)}">Go back and try again</a></p>
</main>
</body>
</html>
`;
}

export interface BodyLimitOptions {
  /** The largest picture anyone may upload (the form around it gets some room on top). */
  uploadMaxBytes: number;
  /** Whether the request carries a live session (cookie or bearer token). */
  isSignedIn: (request: IncomingMessage) => Promise<boolean>;
}

/** Express middleware: put it before anything that reads a body. */
export function limitRequestBodies(options: BodyLimitOptions): RequestHandler {
  return (request, response, next) => {
    const lengthHeader = request.headers["content-length"];
    const declared = lengthHeader === undefined ? null : Number(lengthHeader);
    const chunked = request.headers["transfer-encoding"] !== undefined;
    if (!chunked && !declared) return next(); // no body at all
    // Nothing reads the body while the session is looked up: it waits in the socket.
    options.isSignedIn(request).then(
      (signedIn) => limitBody(request, response, next, declared, chunked, signedIn),
      (error: unknown) => next(error),
    );
  };

  function limitBody(
    request: Parameters<RequestHandler>[0],
    response: Parameters<RequestHandler>[1],
    next: Parameters<RequestHandler>[2],
    declared: number | null,
    chunked: boolean,
    signedIn: boolean,
  ) {
    const limit = bodyLimitFor(request.path, signedIn, options.uploadMaxBytes);
    const allowance = limit.bytes + DRAIN_ALLOWANCE_BYTES[limit.kind];
    const message = tooLargeMessage(limit, options.uploadMaxBytes);

    if (declared !== null && declared > limit.bytes) {
      refusedRequests.add(request);
      sendTooLarge(request, response, message);
      discardRest(request, 0, allowance);
      return;
    }
    // A declared length within the limit bounds the body already (Node's parser holds the sender to it).
    if (!chunked) return next();

    const counter = new BodyCounter(limit.bytes);
    const refusal = new AbortController();
    limitedBodies.set(request, { stream: counter, refused: refusal.signal });
    counter.on("error", (error) => {
      if (!(error instanceof BodyTooLargeError)) return;
      refusedRequests.add(request);
      refusal.abort(error);
      sendTooLarge(request, response, message);
      discardRest(request, counter.seen, allowance);
    });
    // Whatever the route did not read is counted on and thrown away once the answer has gone.
    response.once("finish", () => {
      if (!refusedRequests.has(request)) discardRest(request, counter.seen, allowance);
    });
    // A sender that goes away mid-body: the reader must fail, not wait for ever (a pipe does not pass this on).
    request.once("close", () => {
      if (!request.complete) counter.destroy(new Error("The sender went away before the request body ended."));
    });
    request.pipe(counter);
    next();
  }
}
