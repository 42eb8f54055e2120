/**
 * Hands Express requests to Remix. It does what `@remix-run/express`'s handler does, with one difference: the body
 * Remix reads is the body limit's counted stream (server/body-limit.ts), not the raw request, so a chunked body
 * that passes its limit fails Remix's reading at that point — and the 413 the limit sent is not followed by Remix's
 * own answer.
 */
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { bodyRefusedSignal, bodyWasRefused, requestBody } from "./body-limit";

export interface RemixHandlerOptions {
  /** The current server build (it changes under `npm run dev`). */
  build: () => ServerBuild;
  getLoadContext: (request: ExpressRequest, response: ExpressResponse) => AppLoadContext;
}

export function createRemixHandler(options: RemixHandlerOptions): RequestHandler {
  const handlers = new WeakMap<ServerBuild, ReturnType<typeof createRequestHandler>>();
  return async (request, response, next) => {
    try {
      const build = options.build();
      let handle = handlers.get(build);
      if (!handle) {
        handle = createRequestHandler(build, build.mode);
        handlers.set(build, handle);
      }
      const remixResponse = await handle(toFetchRequest(request, response), options.getLoadContext(request, response));
      if (bodyWasRefused(request) || response.headersSent) {
        // The body limit has answered already (413); Remix's answer to a failed read is not wanted.
        await remixResponse.body?.cancel().catch(() => undefined);
        return;
      }
      await sendResponse(response, remixResponse);
    } catch (error) {
      if (bodyWasRefused(request) || response.headersSent) return;
      next(error);
    }
  };
}

function toFetchRequest(request: ExpressRequest, response: ExpressResponse): Request {
  // req.hostname leaves out the port, and honours "trust proxy"; take the port from X-Forwarded-Host or Host.
  const hostPort = (request.get("X-Forwarded-Host") ?? request.get("host") ?? "").split(":")[1];
  const port = Number.parseInt(hostPort ?? "", 10);
  const url = new URL(
    `${request.protocol}://${request.hostname}${Number.isSafeInteger(port) ? `:${port}` : ""}${request.originalUrl}`,
  );

  // Abort loaders and actions once no answer can be sent (the connection closed before it finished), or once the
  // body limit has answered instead.
  const controller = new AbortController();
  let finished = false;
  response.on("finish", () => (finished = true));
  response.on("close", () => {
    if (!finished) controller.abort();
  });
  const refused = bodyRefusedSignal(request);
  const signal = refused ? AbortSignal.any([controller.signal, refused]) : controller.signal;

  const headers = new Headers();
  for (const [key, values] of Object.entries(request.headers)) {
    if (values === undefined) continue;
    for (const value of [values].flat()) headers.append(key, value);
  }
  const init: RequestInit & { duplex?: "half" } = { method: request.method, headers, signal };
  if (request.method !== "GET" && request.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(requestBody(request));
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

async function sendResponse(response: ExpressResponse, remixResponse: Response) {
  response.statusMessage = remixResponse.statusText;
  response.status(remixResponse.status);
  for (const [key, value] of remixResponse.headers.entries()) response.append(key, value);
  if (/text\/event-stream/i.test(remixResponse.headers.get("Content-Type") ?? "")) response.flushHeaders();
  if (remixResponse.body) await writeReadableStreamToWritable(remixResponse.body, response);
  else response.end();
}
