/**
 * Copress: one process, one port. Reads top to bottom:
 * environment → services (database, sync) → demo data → HTTP app → WebSocket upgrade → listen → graceful stop.
 */
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import expressStaticGzip from "express-static-gzip";
import express from "express";
import { sql } from "kysely";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sessionTokenFrom } from "../app/domain/session-token";
import { limitRequestBodies } from "./body-limit";
import { readConfig } from "./config";
import { createServices, projectRoot } from "./context";
import { seedDemoData } from "./demo/seed";
import { contentSecurityPolicy, refuseCrossSiteRequests } from "./http-security";
import { createRemixHandler } from "./remix-handler";

const config = readConfig();
const FRAMEABLE_BY_OUR_PAGES = /^\/api\/pdf-exports\/[^/]+\/file$/;
const services = await createServices(config);

// Demo data goes into an empty database only, and never in production.
if (config.seedDemo && (await seedDemoData(services))) {
  services.log("demo.seeded", { workspace: "Demo Charity" });
}

const buildPath = path.join(projectRoot, "build", "index.js");
const importBuild = async () => (await import(`${pathToFileURL(buildPath).href}?t=${Date.now()}`)) as ServerBuild;
let build = await importBuild();

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", "loopback");

// Compression for pages and assets (the WebSocket is not compressed).
app.use(compression());

// Security headers with a fresh nonce per response for our own scripts.
app.use((request, response, next) => {
  response.locals.cspNonce = randomBytes(16).toString("base64");
  if (FRAMEABLE_BY_OUR_PAGES.test(request.path)) {
    // A finished PDF is previewed in a frame on our own export page, and shown by the browser's PDF viewer.
    response.setHeader("Content-Security-Policy", "frame-ancestors 'self'");
    response.setHeader("X-Frame-Options", "SAMEORIGIN");
  } else {
    response.setHeader(
      "Content-Security-Policy",
      contentSecurityPolicy(response.locals.cspNonce as string, config.production),
    );
    response.setHeader("X-Frame-Options", "DENY");
  }
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("Referrer-Policy", "same-origin");
  response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  next();
});

// Every request body is bounded before anything reads it: 413 for a declared length over the limit, and chunked
// bodies counted as they arrive (small before sign-in; uploads get the upload limit; 1 MiB otherwise).
app.use(
  limitRequestBodies({
    uploadMaxBytes: services.uploads.maxBytes,
    isSignedIn: async (request) =>
      (await services.auth.authenticate(sessionTokenFrom(request.headers.authorization, request.headers.cookie))) !==
      null,
  }),
);

// Health for a reverse proxy or an orchestrator: /health says the process answers; /ready also that it can serve
// (its database answers and it is not stopping), so a proxy stops sending work to a process that is going away.
app.get("/health", (_request, response) => void response.json({ status: "ok" }));
app.get("/ready", async (_request, response) => {
  let databaseAnswers = true;
  try {
    await sql`SELECT 1`.execute(services.db);
  } catch {
    databaseAnswers = false;
  }
  // In a cluster, a process that cannot reach Redis would serve documents without the other processes' changes.
  const redisAnswers = services.cluster ? await services.cluster.answers() : true;
  const ready = databaseAnswers && redisAnswers && !stopping;
  const status = ready
    ? "ready"
    : stopping
      ? "stopping"
      : !databaseAnswers
        ? "database_unavailable"
        : "redis_unavailable";
  response.status(ready ? 200 : 503).json({ status });
});

// Static files: fingerprinted build output is cached for a year, the rest briefly. The build's scripts and
// stylesheets are sent as the Brotli or gzip copies made at build time (scripts/precompress.mjs), smaller than
// compressing them on each request.
app.use(
  "/build",
  expressStaticGzip(path.join(projectRoot, "public", "build"), {
    index: false,
    enableBrotli: true,
    orderPreference: ["br", "gzip"],
    serveStatic: { immutable: true, maxAge: "1y", index: false },
  }),
);
app.use(express.static(path.join(projectRoot, "public"), { maxAge: "1h" }));

// Every state-changing request from a browser must come from our own pages.
app.use(refuseCrossSiteRequests(config.PUBLIC_URL));

// Remix: pages, form actions and the /api routes, with the services in the load context. It reads request bodies
// through the body limit's counter.
app.all(
  "*",
  createRemixHandler({
    build: () => build,
    getLoadContext: (request, response) => ({
      services,
      cspNonce: response.locals.cspNonce as string,
      clientAddress: request.ip ?? "unknown",
      publicUrl: config.PUBLIC_URL ?? `${request.protocol}://${request.get("host")}`,
    }),
  }),
);

const server = createServer(app);

// The WebSocket shares the port: /sync/<documentId>; every other upgrade is refused.
server.on("upgrade", (request, socket, head) => {
  if (!services.sync.handleUpgrade(request, socket, head)) socket.destroy();
});

server.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const url = `http://localhost:${port}`;
  services.log("server.listening", { port, url });
  if (config.seedDemo && config.LOG_LEVEL !== "silent") {
    console.log(
      `\n  Copress is running at ${url}\n  Demo sign-ins (password "copress-demo"): cora (coordinator), wren and will (writers),\n  dana (designer), abi and alex (approvers), vic (viewer).\n`,
    );
  }
  if (build.mode === "development") void broadcastDevReady(build);
});

if (!config.production && process.env.REMIX_DEV_ORIGIN) {
  // `npm run dev`: pick up a new build without dropping editing sessions.
  const { watch } = await import("node:fs");
  watch(path.dirname(buildPath), { persistent: false }, async () => {
    build = await importBuild();
    void broadcastDevReady(build);
  });
}

// Graceful stop: refuse new work, store every open document, close the database, exit.
let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  services.log("server.stopping", { signal });
  server.close();
  try {
    await services.close();
  } catch (error) {
    services.log("server.stop_failed", { error: String(error) });
    process.exitCode = 1;
  }
  server.closeAllConnections();
  process.exit();
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
