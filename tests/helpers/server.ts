/**
 * Starts the real Copress server — the compiled one that `npm start` runs (build/server/main.js, made by
 * `npm run build`) — as a child process on a free port with its own data folder. It refuses to start an
 * out-of-date build, so a test never checks yesterday's code.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dropStoreFor, storeEnvironment } from "./store";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  /** What else a command needs to reach this server's store (DATABASE_URL on PostgreSQL; nothing on SQLite). */
  storeEnv: Record<string, string>;
  output: () => string;
  /** Graceful stop (SIGTERM): the server stores everything first. */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL): nothing is flushed on purpose. */
  kill(): Promise<void>;
  process: ChildProcess;
}

export function makeDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), "copress-test-"));
}

/** Removes a test data folder, and the PostgreSQL database made for it when the tests run on PostgreSQL. */
export async function removeDataDir(dataDir: string): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  await dropStoreFor(dataDir);
}

let buildChecked = false;

export async function startServer(
  options: { dataDir?: string; env?: Record<string, string>; port?: number } = {},
): Promise<TestServer> {
  if (!buildChecked) {
    const { buildState } = (await import("../../scripts/ensure-built.mjs")) as { buildState: () => string };
    const state = buildState();
    if (state !== "current")
      throw new Error(
        `The built server is ${state === "missing" ? "missing" : "older than the source"}: run \`npm run build\` first (npm test does).`,
      );
    buildChecked = true;
  }
  const dataDir = options.dataDir ?? makeDataDir();
  const store = await storeEnvironment(dataDir);
  const child = spawn(process.execPath, ["--enable-source-maps", "build/server/main.js"], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: String(options.port ?? 0),
      DATA_DIR: dataDir,
      SEED_DEMO: "true",
      LOG_LEVEL: "info",
      SYNC_ROOM_IDLE_MS: "2000",
      // Threads start on demand: most test servers never check or render anything (the recipe test keeps the default).
      WARM_WORKERS: "false",
      ...store,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server did not start in time:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.COPRESS_SERVER_LOG === "1") process.stderr.write(chunk); // see what the server says, when debugging
      const match = /"message":"server.listening","port":(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    storeEnv: store,
    output: () => output,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
