/**
 * Runs before `npm start` and `npm run admin`: builds the app and the server when the built files are missing or
 * older than the source, so `npm install && npm start` works on a fresh clone. A production install built once and
 * pruned of the build tools (the README's recipe) just starts. The tests' server helper asks `buildState()` too,
 * so they never test an out-of-date build.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The newest modification time of the files the build reads. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ["app", "server"]) walk(path.join(root, dir));
  for (const file of ["remix.config.js", "tsconfig.json", "scripts/admin.ts", "scripts/build-server.mjs"])
    newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  return newest;
}

/** The built files' state: "current", "stale" (older than the source) or "missing". */
export function buildState() {
  const outputs = ["build/index.js", "build/server/main.js", "build/server/admin.js"].map((file) =>
    path.join(root, file),
  );
  if (outputs.some((file) => !existsSync(file))) return "missing";
  return Math.min(...outputs.map((file) => statSync(file).mtimeMs)) < newestSource() ? "stale" : "current";
}

function haveBuildTools() {
  try {
    const require = createRequire(import.meta.url);
    require.resolve("@remix-run/dev/package.json");
    require.resolve("esbuild");
    return true;
  } catch {
    return false;
  }
}

/** Builds when needed; the exit code says whether it is ready to start. */
function ensureBuilt() {
  const state = buildState();
  if (state === "current") return 0;
  if (!haveBuildTools()) {
    if (state === "missing") {
      console.error(
        "Copress has not been built, and the build tools are not installed. Run `npm ci && npm run build` first.",
      );
      return 1;
    }
    console.warn(
      "The built files are older than the source, but the build tools are not installed: starting what was built.",
    );
    return 0;
  }
  console.log(
    state === "missing"
      ? "Building Copress (first start)…"
      : "The source changed since the last build: building again…",
  );
  return spawnSync("npm", ["run", "-s", "build"], { cwd: root, stdio: "inherit" }).status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(ensureBuilt());
