/**
 * The house's layers, kept by a test (issue 13): the pure domain (`app/domain`) is at the bottom and imports nothing
 * from the editor, the renderers, the components, the routes or the server; server code never loads a browser-only
 * `.client` module; routes never reach into `server/db` (they go through the services). A broken rule names the file
 * and the import.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/server";

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(projectRoot, dir), { withFileTypes: true })) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(relative));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) found.push(relative);
  }
  return found;
}

/** Every module a file imports (static, re-exports and dynamic `import()`), as a path from the project root when it is ours. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(projectRoot, file), "utf8");
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => (match[1] ?? match[2])!);
  return specifiers.map((specifier) => {
    if (specifier.startsWith("~/")) return path.join("app", specifier.slice(2));
    if (specifier.startsWith(".")) return path.join(path.dirname(file), specifier);
    return specifier; // a package
  });
}

function violations(files: string[], forbidden: (target: string) => boolean): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((target) => `${file} imports ${target}`),
  );
}

describe("the layers", () => {
  it("the domain imports nothing from the editor, the renderers, the components, the routes or the server", () => {
    const upward = /^(app\/(editor|render|components|routes)\/|server\/)|\.(client|server)$/;
    expect(violations(sourceFiles("app/domain"), (target) => upward.test(target))).toEqual([]);
  });

  it("server code never loads a browser-only module", () => {
    expect(violations(sourceFiles("server"), (target) => /\.client(\.tsx?)?$/.test(target))).toEqual([]);
  });

  it("routes go through the services, never straight to the database", () => {
    expect(
      violations(sourceFiles("app/routes"), (target) => /^server\/db\//.test(target) || target === "better-sqlite3"),
    ).toEqual([]);
  });
});
