/**
 * Writes compressed copies beside each script and stylesheet in public/build/ (`npm run build`'s last step): a
 * Brotli copy (`.br`, what every current browser asks for) and a gzip copy (`.gz`, for the rest) made with Zopfli,
 * which finds a smaller gzip stream than the server's on-the-fly compression. Both are made once per build at the
 * highest settings, instead of quickly on every request, and neither has the framing of a stream flushed as it goes.
 * server/main.ts serves them with express-static-gzip (Brotli first when the browser accepts it); any other request
 * gets the plain file. The build output is fingerprinted and immutable, so a copy is never older than its file.
 */
import { gzipAsync } from "@gfx/zopfli";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = path.join(root, "public", "build");
// Five iterations find almost all of what fifteen (the default) do, in well under half the time.
const ZOPFLI = { numiterations: 5 };
const BROTLI = {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  },
};
// Below this, a compressed copy's own framing outweighs what it saves (and the server sends such files as they are).
const SMALLEST = 256;
const brotli = promisify(brotliCompress);

const entries = await readdir(buildDir, { recursive: true, withFileTypes: true });
const files = entries
  .filter((entry) => entry.isFile() && /\.(js|css)$/.test(entry.name))
  .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
const total = { plain: 0, gzip: 0, brotli: 0, files: 0 };
for (const file of files) {
  const bytes = await readFile(file);
  if (bytes.length < SMALLEST) continue;
  const [gzipped, brotlied] = await Promise.all([gzipAsync(bytes, ZOPFLI), brotli(bytes, BROTLI)]);
  if (gzipped.length >= bytes.length) continue;
  await writeFile(`${file}.gz`, gzipped);
  if (brotlied.length < gzipped.length) await writeFile(`${file}.br`, brotlied);
  total.plain += bytes.length;
  total.gzip += gzipped.length;
  total.brotli += Math.min(brotlied.length, gzipped.length);
  total.files += 1;
}
const kib = (count) => `${(count / 1024).toFixed(0)} KiB`;
console.log(
  `Compressed ${total.files} files in public/build/: ${kib(total.plain)} as gzip ${kib(total.gzip)}, as Brotli ${kib(total.brotli)}.`,
);
