/**
 * Repeated runs of a benchmark against several targets on a shared machine: ABBA order, runs disturbed by other
 * processes marked and replaced within a time budget, medians over the undisturbed ones.
 */
import { SHORT_LABEL, type TargetKind } from "./targets";

type Mode = TargetKind;

export interface Pick<R> {
  used: R[];
  all: R[];
  onlyUndisturbed: boolean;
}

/**
 * Runs `once` for every mode in ABBA order (A B C D, D C B A, …) so drift over time favours none, until each mode has
 * `runsPerMode` undisturbed runs or the budget is spent (each mode still gets at least `runsPerMode` runs). A run
 * during which other processes took more than `maxOtherShare` of the machine is kept but marked disturbed.
 */
export async function runSeries<R extends { mode: Mode }>(
  label: string,
  modes: Mode[],
  runsPerMode: number,
  budgetSeconds: number,
  once: (mode: Mode) => Promise<R>,
  disturbed: (run: R) => boolean,
  describe: (run: R) => string,
): Promise<R[]> {
  const runs: R[] = [];
  const started = Date.now();
  const enough = (mode: Mode) => runs.filter((r) => r.mode === mode && !disturbed(r)).length >= runsPerMode;
  const tried = (mode: Mode) => runs.filter((r) => r.mode === mode).length;
  for (let i = 0; ; i++) {
    const minimumDone = modes.every((mode) => tried(mode) >= runsPerMode);
    if (minimumDone && (modes.every(enough) || Date.now() - started > budgetSeconds * 1000)) break;
    for (const mode of i % 2 === 0 ? modes : [...modes].reverse()) {
      if (enough(mode) && tried(mode) >= runsPerMode) continue;
      if (tried(mode) >= runsPerMode && Date.now() - started > budgetSeconds * 1000) continue;
      const result = await once(mode);
      runs.push(result);
      console.log(
        `  ${label} ${SHORT_LABEL[mode].padEnd(15)} run ${tried(mode)}${disturbed(result) ? " (disturbed)" : ""}: ${describe(result)}`,
      );
    }
  }
  return runs;
}

/** Medians over the undisturbed runs of a mode when there are at least three, otherwise over all its runs (said so). */
export function pickRuns<R extends { mode: Mode }>(
  runs: R[],
  mode: Mode,
  disturbed: (run: R) => boolean,
  wanted: number,
): Pick<R> {
  const all = runs.filter((r) => r.mode === mode);
  const clean = all.filter((r) => !disturbed(r));
  return clean.length >= Math.min(3, wanted)
    ? { used: clean, onlyUndisturbed: true, all }
    : { used: all, onlyUndisturbed: false, all };
}
