/**
 * Compiles the server to plain JavaScript for `npm start` (so production runs Node, not a TypeScript loader):
 * build/server/main.js (the server), admin.js (the admin command line) and workers/*.js (the worker threads).
 * Packages stay external: they are imported from node_modules at run time, so yjs exists once per process.
 * The Remix app itself is built by `remix build` into build/index.js and public/build/.
 */
import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "build", "server");
rmSync(outdir, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: {
    main: "server/main.ts",
    admin: "scripts/admin.ts",
    "workers/checks-worker": "server/workers/checks-worker.ts",
    "workers/pdf-worker": "server/workers/pdf-worker.ts",
    "workers/wal-checkpointer": "server/workers/wal-checkpointer.ts",
  },
  outdir,
  bundle: true,
  splitting: true, // modules the server and its workers share are written once, as chunks
  chunkNames: "chunks/[name]-[hash]",
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  jsx: "automatic",
  sourcemap: true,
  // Lets server/workers/worker-files.ts know it is compiled (its workers are the .js files beside it).
  define: { COPRESS_COMPILED: "true" },
  logLevel: "warning",
  tsconfig: path.join(root, "tsconfig.json"),
});
console.log("Built the server into build/server/.");
