/**
 * `npm run bench` runs every benchmark; `npm run bench:<name>` (i.e. `tsx bench/run.ts <name>…`) runs some.
 *
 * A benchmark is any module `bench/<name>.ts` (lower-case name, not this file) that exports
 * `async function run(): Promise<BenchSection>` (see `bench/lib/report.ts`). Adding `bench/checks.ts`, `bench/pdf.ts`
 * or `bench/load.ts` registers it; nothing here needs editing. `ORDER` only fixes the order of runs and sections.
 * Shared helpers live in `bench/lib/`. Results are merged by name into `bench/results.json` and `bench/REPORT.md`.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  benchDir,
  machineFacts,
  readResults,
  reportPath,
  resultsPath,
  writeReport,
  type BenchModule,
} from "./lib/report";

const ORDER = ["sync", "cluster", "checks", "pdf", "load", "page"];

function availableBenchmarks(): string[] {
  const found = readdirSync(benchDir)
    .filter((file) => /^[a-z][a-z0-9-]*\.ts$/.test(file) && file !== "run.ts")
    .map((file) => file.slice(0, -3));
  return found.sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia === -1 ? ORDER.length : ia) - (ib === -1 ? ORDER.length : ib) || a.localeCompare(b);
  });
}

/**
 * Benchmarks on one machine must not run at the same time (they would measure each other). A lock file in the temp
 * folder holds the running benchmark's pid; another `npm run bench…` waits for it (up to 20 minutes, then goes on
 * with a warning). A lock whose process is gone is taken over.
 */
const lockPath = path.join(os.tmpdir(), "copress-bench.lock");

function lockHolder(): number | null {
  try {
    const pid = Number(readFileSync(lockPath, "utf8").trim());
    if (!Number.isInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0); // throws when no such process
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? -1 : null;
  }
}

async function acquireLock(): Promise<() => void> {
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = lockHolder();
      if (holder === null) {
        rmSync(lockPath, { force: true }); // stale: its process has gone
        continue;
      }
      if (Date.now() - started > 20 * 60_000) {
        console.warn(
          `Another benchmark (pid ${holder}) still holds ${lockPath}; running anyway, figures may be disturbed.`,
        );
        return () => undefined;
      }
      if (!told) console.log(`Waiting for another benchmark (pid ${holder}) to finish…`);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  const release = () => {
    try {
      if (readFileSync(lockPath, "utf8").trim() === String(process.pid)) rmSync(lockPath, { force: true });
    } catch {
      // already gone
    }
  };
  process.once("exit", release);
  return release;
}

async function main() {
  const available = availableBenchmarks();
  const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const names = requested.length > 0 ? requested : available;
  for (const name of names) {
    if (!existsSync(path.join(benchDir, `${name}.ts`))) {
      throw new Error(
        `No benchmark called "${name}": expected bench/${name}.ts exporting run(). Available: ${available.join(", ") || "none"}.`,
      );
    }
  }
  if (names.length === 0) throw new Error("No benchmarks found in bench/.");

  const release = await acquireLock();
  const machine = machineFacts();
  console.log(`Benchmarks: ${names.join(", ")} on ${machine.cpuModel} (${machine.cores} cores), Node ${machine.node}`);
  const failures: string[] = [];
  for (const name of names) {
    const module = (await import(pathToFileURL(path.join(benchDir, `${name}.ts`)).href)) as Partial<BenchModule>;
    if (typeof module.run !== "function") throw new Error(`bench/${name}.ts does not export run()`);
    console.log(`\n== ${name} ==`);
    const started = Date.now();
    let section;
    try {
      section = await module.run();
    } catch (error) {
      // A failed benchmark leaves its previous section alone and fails the whole command.
      console.error(`\nBenchmark "${name}" failed:`, error);
      failures.push(name);
      continue;
    }
    const results = readResults(); // re-read each time: never lose sections written meanwhile
    results.sections[name] = {
      name,
      ...section,
      ranAt: new Date(started).toISOString(),
      durationSeconds: (Date.now() - started) / 1000,
      machine,
    };
    results.updatedAt = new Date().toISOString();
    writeReport(results, ORDER, machine);
    console.log(
      `\n${name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s; targets ${section.targetsMet === undefined ? "n/a" : section.targetsMet ? "met" : "NOT all met"}`,
    );
  }
  release();
  console.log(`\nWrote ${path.relative(process.cwd(), reportPath)} and ${path.relative(process.cwd(), resultsPath)}`);
  if (failures.length > 0) {
    console.error(`Failed: ${failures.join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
