/**
 * The project's folder (where package.json, templates/ and public/ are), found by walking up from this code's own
 * file: the same answer whether it runs from its TypeScript source (server/…, under tsx) or compiled
 * (build/server/…, `npm start`), wherever the bundler put it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`Copress cannot find its project folder (no package.json above ${start}).`);
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
