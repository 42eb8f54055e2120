/**
 * Where each worker thread's code is, and how to start it. The compiled server (`npm run build` writes
 * build/server/main.js with its workers in build/server/workers/, scripts/build-server.mjs) runs plain JavaScript
 * workers beside it. Run from source (tests' helpers can, `npm run dev` does), the workers are TypeScript and each
 * thread needs tsx.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "../project-root";

declare const COPRESS_COMPILED: boolean | undefined;

/** True in the compiled server: the build defines COPRESS_COMPILED. */
export const compiled = typeof COPRESS_COMPILED !== "undefined" && COPRESS_COMPILED === true;

export type WorkerName = "checks-worker" | "pdf-worker" | "wal-checkpointer";

/**
 * The file a worker thread starts from: build/server/workers/<name>.js when compiled. From source, this file is in
 * server/workers/ beside them; the PDF worker then starts from a small JavaScript entry that can register tsx in
 * its thread (pdf-worker-entry.mjs).
 */
export function workerFile(name: WorkerName): URL {
  if (compiled) return pathToFileURL(path.join(projectRoot, "build", "server", "workers", `${name}.js`));
  return new URL(name === "pdf-worker" ? "./pdf-worker-entry.mjs" : `./${name}.ts`, import.meta.url);
}

/** Node options for a worker thread: tsx when the workers are TypeScript, nothing more when compiled. */
export function workerExecArgv(): string[] {
  if (compiled || process.execArgv.some((arg) => arg.includes("tsx"))) return process.execArgv;
  return [...process.execArgv, "--import", "tsx"];
}
