/**
 * The README's "Running it for real" recipe, run as written in a fresh clone of this repository: install, build,
 * prune the development tools, make the first workspace, start. Only the address, the data folder, the port and
 * the password are changed (to a temporary folder, a free port and a test password). Then the started server must
 * answer its health and readiness checks, serve the sign-in page, sign the new coordinator in, render a PDF (its
 * worker threads are compiled JavaScript too), print no warnings, and stop cleanly.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/network";
import { projectRoot } from "../helpers/server";

const work = mkdtempSync(path.join(tmpdir(), "copress-recipe-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The commands of the README's production recipe (the sh block under "Running it for real"). */
function recipe(): string[] {
  const readme = readFileSync(path.join(projectRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Running it for real"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("README.md has no sh block under “Running it for real”.");
  return block.split("\n").filter((line) => line.trim() && !line.trim().startsWith("#"));
}

/**
 * A machine on the internet gets better-sqlite3's prebuilt binary from GitHub during `npm ci`. This one, and CI, reach
 * only the npm registry, so the fresh clone would compile SQLite from source a second time (two minutes of both
 * cores, beside the browser tests). The binary this checkout's own install made (the same version, Node and machine)
 * stands in for that download, through prebuild-install's "local prebuilds" folder; without one, it compiles.
 */
function prebuiltSqlite(): Record<string, string> {
  const module = path.join(projectRoot, "node_modules", "better-sqlite3");
  const binary = path.join(module, "build", "Release", "better_sqlite3.node");
  if (!existsSync(binary)) return {};
  const { version } = JSON.parse(readFileSync(path.join(module, "package.json"), "utf8")) as { version: string };
  const folder = mkdtempSync(path.join(work, "prebuilds-"));
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync("tar", ["-czf", path.join(folder, name), "-C", module, "build/Release/better_sqlite3.node"]);
  return { npm_config_better_sqlite3_local_prebuilds: folder };
}

describe("the README's production recipe", () => {
  it("installs, builds, prunes, makes the first workspace and starts on plain Node from a fresh clone", async () => {
    const clone = path.join(work, "copress");
    // A fresh clone of what is committed (the tests themselves run on a clean clone in CI).
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", projectRoot, clone], { stdio: "pipe" });
    const dataDir = path.join(work, "data");
    const port = await freePort();
    const password = "a long password for the recipe test";
    const lines = recipe();
    expect(lines.at(-1)).toBe("npm start");
    expect(lines).toContain("npm ci");
    expect(lines).toContain("npm prune --omit=dev");
    // Everything but the last line runs to completion; the only changes are the address, data folder, port and password.
    const adapt = (line: string) =>
      line
        .replace(/PUBLIC_URL=\S+/, `PUBLIC_URL=http://localhost:${port}`)
        .replace(/DATA_DIR=\S+/, `DATA_DIR=${dataDir}`)
        .replace(/PORT=\d+/, `PORT=${port}`)
        .replace(/--password "[^"]*"/, `--password "${password}"`);
    const setup = lines.slice(0, -1).map(adapt);
    const script = path.join(work, "recipe.sh");
    writeFileSync(script, ["set -euo pipefail", ...setup, "exec npm start"].join("\n") + "\n");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...prebuiltSqlite(),
      HOST: "127.0.0.1",
      npm_config_loglevel: "error",
    };
    for (const name of ["NODE_ENV", "VITEST", "VITEST_MODE", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) delete env[name];

    const server = spawn("bash", [script], { cwd: clone, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      const started = Date.now();
      for (;;) {
        if (server.exitCode !== null) throw new Error(`The recipe stopped early:\n${output}`);
        if (Date.now() - started > 600_000) throw new Error(`The server did not start in time:\n${output}`);
        const ready = await fetch(`${base}/ready`).then(
          (r) => r.status,
          () => 0,
        );
        if (ready === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/login`)).status).toBe(200);
      const session = await fetch(`${base}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "cora", password }),
      });
      expect(session.status).toBe(200);
      const { token } = (await session.json()) as { token: string };
      const auth = { authorization: `Bearer ${token}` };
      // No demo data in production: the workspace starts empty, so make a document and render its PDF.
      const made = await fetch(`${base}/api/documents`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ title: "First leaflet", templateId: "a5-booklet" }),
      });
      expect(made.status).toBe(201);
      const { id } = (await made.json()) as { id: string };
      const pdf = await fetch(`${base}/api/documents/${id}/pdf`, { headers: auth });
      expect(pdf.status).toBe(200);
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe("%PDF-");
      // The check and PDF threads were readied at start (WARM_WORKERS, on by default), from the compiled workers.
      await expect.poll(() => output, { timeout: 60_000 }).toMatch(/"message":"checks\.warm","threads":\d/);
      await expect.poll(() => output, { timeout: 60_000 }).toMatch(/"message":"pdf\.warm","threads":\d/);
      const checks = await fetch(`${base}/api/documents/${id}/checks`, { method: "POST", headers: auth });
      expect(checks.status).toBe(200);
      expect(((await checks.json()) as { axe: { ran: boolean } }).axe.ran).toBe(true);
      const list = (await (await fetch(`${base}/api/documents`, { headers: auth })).json()) as { documents: unknown[] };
      expect(list.documents).toHaveLength(1);
      // What the pruned install holds: no build tools, and the start printed no warnings.
      expect(
        spawnSync("node", ["-e", "require.resolve('@remix-run/dev/package.json')"], { cwd: clone }).status,
      ).not.toBe(0);
      const start = output.slice(output.lastIndexOf("copress@"), output.indexOf('"message":"server.listening"'));
      expect(start).toContain("node --enable-source-maps build/server/main.js");
      expect(start).not.toMatch(/warn|deprecat|future flag/i);
      // Nor did the build: no deprecation or future-flag notices from Remix or the tools under it.
      const build = output.slice(output.indexOf("remix build"), output.indexOf("Built the server"));
      expect(build).toContain("built");
      expect(build).not.toMatch(/deprecat|future flag/i);
    } finally {
      if (server.exitCode === null) process.kill(-server.pid!, "SIGTERM");
      await exited;
    }
    expect(output).toMatch(/"message":"server.stopping"/);
  }, 900_000);
});
