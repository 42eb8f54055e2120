/**
 * Minifies the browser's scripts in public/build/ again with Terser (`npm run build`, after `remix build` and before
 * the compressed copies are made). The classic Remix compiler minifies with esbuild, which is fast but leaves about
 * 4 % of the gzipped size that Terser's compressor and name mangling remove (issue 12: the editor page must stay
 * under 250 KiB of gzipped JavaScript). File names stay as Remix fingerprinted them: the same source always gives
 * the same output, so a name still stands for one content. Licence comments (`@license`, `/*!`) are kept.
 *
 * The files are shared out over worker threads (Terser takes a few seconds per large chunk).
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { minify } from "terser";

const TERSER = {
  module: true,
  ecma: 2020,
  compress: { passes: 1 },
  mangle: true,
  format: { comments: "some" },
};

async function minifyFiles(files) {
  let before = 0;
  let after = 0;
  for (const file of files) {
    const code = await readFile(file, "utf8");
    let result;
    try {
      result = await minify(code, TERSER);
    } catch (error) {
      throw new Error(`Terser could not minify ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (result.code === undefined || result.code.length >= code.length) continue;
    await writeFile(file, result.code);
    before += code.length;
    after += result.code.length;
  }
  return { before, after, files: files.length };
}

if (isMainThread) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const buildDir = path.join(root, "public", "build");
  const entries = await readdir(buildDir, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
      .map(async (entry) => {
        const file = path.join(entry.parentPath ?? entry.path, entry.name);
        return { file, size: (await stat(file)).size };
      }),
  );
  // Largest first, dealt round the threads, so each gets about the same work.
  files.sort((a, b) => b.size - a.size);
  const threads = Math.max(1, Math.min(4, availableParallelism(), files.length));
  const shares = Array.from({ length: threads }, (_, thread) =>
    files.filter((_, index) => index % threads === thread).map(({ file }) => file),
  );
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: share });
          worker.once("message", resolve);
          worker.once("error", reject);
          worker.once("exit", (code) => {
            if (code !== 0) reject(new Error(`A minifying thread stopped with code ${code}.`));
          });
        }),
    ),
  );
  const total = results.reduce(
    (sum, result) => ({
      before: sum.before + result.before,
      after: sum.after + result.after,
      files: sum.files + result.files,
    }),
    { before: 0, after: 0, files: 0 },
  );
  const kib = (count) => `${(count / 1024).toFixed(0)} KiB`;
  console.log(
    `Minified ${total.files} scripts in public/build/ with Terser: ${kib(total.before)} to ${kib(total.after)}.`,
  );
} else {
  parentPort.postMessage(await minifyFiles(workerData));
}
