/**
 * docs/API.md stays true: its "Routes at a glance" table lists exactly the HTTP routes and methods the code serves
 * (read from app/routes: a route serves GET when it exports a real loader, and the methods its action compares
 * `request.method` with), and its "Environment variables" table lists exactly what server/config.ts reads.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/server";

const apiDoc = readFileSync(path.join(projectRoot, "docs", "API.md"), "utf8");

/** The rows of the markdown table that follows a heading. */
function tableAfter(heading: string): string[][] {
  const start = apiDoc.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`docs/API.md has no heading "${heading}"`);
  const lines = apiDoc.slice(start).split("\n").slice(2);
  const rows: string[][] = [];
  let inTable = false;
  for (const line of lines) {
    if (line.startsWith("|")) {
      inTable = true;
      rows.push(
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    } else if (inTable) break;
  }
  return rows.slice(2); // header and separator
}

/** ":threadId", ":kitId"… are names only: compare shapes. */
const shape = (route: string) => route.replace(/\?.*$/, "").replace(/:[A-Za-z]+/g, ":param");

/** A Remix flat-route file name as the URL path it serves (`api.documents.$id_.design-changes` → `/api/documents/:param/design-changes`). */
function pathOf(file: string): string {
  const segments = file
    .replace(/\.tsx?$/, "")
    .split(".")
    .filter((segment) => segment !== "_index")
    .map((segment) => segment.replace(/_$/, ""))
    .map((segment) => (segment === "$" ? "*" : segment.startsWith("$") ? ":param" : segment));
  return `/${segments.join("/")}`;
}

/** The methods a route file serves. */
function methodsOf(source: string): string[] {
  const methods = new Set<string>();
  const loader = /export (async function loader|const loader = (\w+))/.exec(source);
  if (loader && !["methodNotAllowed", "notFound"].includes(loader[2] ?? "")) methods.add("GET");
  if (/export (async function action|const action = (?!methodNotAllowed|notFound))/.test(source)) {
    for (const match of source.matchAll(/request\.method\s*[!=]==\s*"([A-Z]+)"/g)) methods.add(match[1]!);
  }
  return [...methods];
}

describe("docs/API.md", () => {
  it("lists every HTTP route and method the code serves, and no other", () => {
    const routesDir = path.join(projectRoot, "app", "routes");
    const files = readdirSync(routesDir).filter(
      (file) =>
        /^(api\.|uploads\.|fonts\.|pictures\.|r\.).*\.ts$/.test(file) &&
        !file.includes(".test.") &&
        file !== "api.$.ts",
    );
    const fromCode = new Set<string>();
    for (const file of files)
      for (const method of methodsOf(readFileSync(path.join(routesDir, file), "utf8")))
        fromCode.add(`${method} ${pathOf(file)}`);

    const fromDocs = new Set<string>();
    for (const [route] of tableAfter("## Routes at a glance")) {
      const match = /^`([A-Z]+) (\/[^`]*)`$/.exec(route ?? "");
      if (match) fromDocs.add(`${match[1]} ${shape(match[2]!)}`);
    }
    expect([...fromCode].filter((route) => !fromDocs.has(route)).sort(), "served but missing from docs/API.md").toEqual(
      [],
    );
    expect([...fromDocs].filter((route) => !fromCode.has(route)).sort(), "in docs/API.md but not served").toEqual([]);
  });

  it("lists every environment variable server/config.ts reads, and no other", () => {
    const config = readFileSync(path.join(projectRoot, "server", "config.ts"), "utf8");
    const schema = config.slice(config.indexOf("z.object({"), config.indexOf("});", config.indexOf("z.object({")));
    const fromCode = [...schema.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]!).sort();
    const fromDocs = tableAfter("## Environment variables")
      .map(([name]) => /^`([A-Z][A-Z0-9_]+)`$/.exec(name ?? "")?.[1])
      .filter((name): name is string => Boolean(name))
      .sort();
    expect(fromCode.length).toBeGreaterThan(5);
    expect(fromDocs).toEqual(fromCode);
  });
});
