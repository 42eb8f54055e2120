import express from "express";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  bodyLimitFor,
  limitRequestBodies,
  REQUEST_BODY_BYTES,
  requestBody,
  SIGN_IN_BODY_BYTES,
  tooLargeMessage,
} from "./body-limit";

const UPLOAD = 2 * 1024 * 1024;

describe("bodyLimitFor", () => {
  it("keeps the sign-in, sign-out and invite doors small, however the path is spelt", () => {
    for (const path of [
      "/api/session",
      "/login",
      "/LOGIN",
      "/login/",
      "/logout",
      "/invite/abc",
      "/Invite/abc/",
      "/API/Session",
    ]) {
      expect(bodyLimitFor(path, true, UPLOAD), path).toEqual({ kind: "sign-in", bytes: SIGN_IN_BODY_BYTES });
    }
  });

  it("gives anyone not signed in the small limit on every route", () => {
    for (const path of ["/api/documents", "/api/uploads", "/brand-kits/new", "/documents/x/checks", "/anything"]) {
      expect(bodyLimitFor(path, false, UPLOAD), path).toEqual({ kind: "sign-in", bytes: SIGN_IN_BODY_BYTES });
    }
  });

  it("gives signed-in uploads the upload limit plus room for the form, and everything else 1 MiB", () => {
    for (const path of ["/api/uploads", "/brand-kits/new", "/brand-kits/3f2c", "/brand-kits/3f2c/"]) {
      expect(bodyLimitFor(path, true, UPLOAD), path).toEqual({ kind: "upload", bytes: UPLOAD + 64 * 1024 });
    }
    for (const path of [
      "/api/documents",
      "/api/uploads/x",
      "/brand-kits",
      "/brand-kits/a/b",
      "/documents/x",
      "/word-list",
    ]) {
      expect(bodyLimitFor(path, true, UPLOAD), path).toEqual({ kind: "request", bytes: REQUEST_BODY_BYTES });
    }
  });

  it("says what the limit is in plain words", () => {
    expect(tooLargeMessage(bodyLimitFor("/login", false, UPLOAD), UPLOAD)).toBe(
      "That is more than Copress accepts before you are signed in (16 KB). Check what you typed and try again.",
    );
    expect(tooLargeMessage(bodyLimitFor("/api/uploads", true, UPLOAD), UPLOAD)).toBe(
      "That file is bigger than 2 MB. Save it smaller and try again.",
    );
    expect(tooLargeMessage(bodyLimitFor("/api/documents", true, UPLOAD), UPLOAD)).toBe(
      "That is more than Copress accepts in one go (1 MB). Send less at a time.",
    );
  });
});

describe("limitRequestBodies", () => {
  let server: http.Server | undefined;
  afterEach(() => server?.close());

  /** A server whose one route reads the body as Remix does (through requestBody) and reports how the read ended. */
  async function serve(signedIn: boolean) {
    let report: (outcome: string) => void = () => undefined;
    const outcome = new Promise<string>((resolve) => (report = resolve));
    const app = express();
    app.use(limitRequestBodies({ uploadMaxBytes: UPLOAD, isSignedIn: async () => signedIn }));
    app.post("/read", (request, response) => {
      const chunks: Buffer[] = [];
      const body = requestBody(request);
      body.on("data", (chunk: Buffer) => chunks.push(chunk));
      body.on("end", () => {
        report(`read ${Buffer.concat(chunks).toString()}`);
        response.end("ok");
      });
      body.on("error", (error) => report(`failed: ${error.message}`));
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server!.once("listening", resolve));
    return { port: (server.address() as AddressInfo).port, outcome };
  }

  const chunked = (port: number) =>
    http.request({
      host: "127.0.0.1",
      port,
      path: "/read",
      method: "POST",
      headers: { "transfer-encoding": "chunked" },
    });

  it("passes a chunked body within the limit on untouched", async () => {
    const { port, outcome } = await serve(true);
    const request = chunked(port);
    request.on("response", (response) => response.resume());
    for (const piece of ["first ", "second ", "third"]) request.write(piece);
    request.end();
    expect(await outcome).toBe("read first second third");
  });

  it("fails the reader and answers 413 the moment the count passes the limit, before the body ends", async () => {
    const { port, outcome } = await serve(false);
    const request = chunked(port);
    const status = new Promise<number>((resolve) =>
      request.on("response", (response) => (response.resume(), resolve(response.statusCode!))),
    );
    request.on("error", () => undefined);
    request.write(Buffer.alloc(SIGN_IN_BODY_BYTES + 1, 0x61)); // and the body stays open
    expect(await status).toBe(413);
    expect(await outcome).toBe("failed: The request body is larger than its limit.");
    request.destroy();
  });

  it("fails the reader when the sender goes away mid-body, rather than leaving it waiting for ever", async () => {
    const { port, outcome } = await serve(true);
    const request = chunked(port);
    request.on("error", () => undefined);
    request.write("title=Cut+off");
    await new Promise((resolve) => setTimeout(resolve, 100));
    request.destroy();
    expect(await outcome).toBe("failed: The sender went away before the request body ended.");
  });
});
