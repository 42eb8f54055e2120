/**
 * The build's scripts and stylesheets are sent as the compressed copies made at build time (scripts/precompress.mjs):
 * Brotli to a browser that accepts it, gzip to one that accepts only gzip, the plain file otherwise — always the same
 * bytes once decompressed, cached for a year, and never a copy for a file that is not there.
 */
import { readdirSync, readFileSync } from "node:fs";
import { get, type IncomingHttpHeaders } from "node:http";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot, removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;

/** The body exactly as sent (not decompressed) and the headers. */
function fetchRaw(
  url: string,
  acceptEncoding?: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    }).on("error", reject);
  });
}

/** The largest script of the build (the one with ProseMirror, say). */
function largestScript(): { url: string; plain: Buffer } {
  const folder = path.join(projectRoot, "public", "build", "_shared");
  const name = readdirSync(folder)
    .filter((file) => file.endsWith(".js"))
    .map((file) => ({ file, size: readFileSync(path.join(folder, file)).length }))
    .sort((a, b) => b.size - a.size)[0]!.file;
  return { url: `/build/_shared/${name}`, plain: readFileSync(path.join(folder, name)) };
}

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

describe("the build's scripts", () => {
  it("go to a browser that accepts Brotli as Brotli, smaller than gzip, and decompress to the file", async () => {
    const { url, plain } = largestScript();
    const brotli = await fetchRaw(`${server.url}${url}`, "gzip, deflate, br, zstd");
    expect(brotli.status).toBe(200);
    expect(brotli.headers["content-encoding"]).toBe("br");
    expect(brotli.headers.vary).toMatch(/Accept-Encoding/i);
    expect(brotli.headers["cache-control"]).toContain("immutable");
    expect(brotli.headers["content-type"]).toMatch(/javascript/);
    expect(brotliDecompressSync(brotli.body).equals(plain)).toBe(true);

    const gzip = await fetchRaw(`${server.url}${url}`, "gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).equals(plain)).toBe(true);
    expect(brotli.body.length).toBeLessThan(gzip.body.length);
    expect(gzip.body.length).toBeLessThan(plain.length / 2);
  });

  it("go as they are to a browser that asks for no compression", async () => {
    const { url, plain } = largestScript();
    const response = await fetchRaw(`${server.url}${url}`, "identity");
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.body.equals(plain)).toBe(true);
  });

  it("answer 404 for a file the build does not have, whatever compression is asked for", async () => {
    for (const encoding of ["br", "gzip", undefined]) {
      const response = await fetchRaw(`${server.url}/build/_shared/not-a-chunk.js`, encoding);
      expect(response.status).toBe(404);
    }
    // No folder listing or index page either.
    expect((await fetchRaw(`${server.url}/build/`, "gzip")).status).toBe(404);
  });
});
