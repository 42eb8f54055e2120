/**
 * Keeps SQLite's write-ahead log short without pausing the event loop. By default SQLite checkpoints inside the
 * commit that pushes the log past 1,000 pages: that commit then copies pages into the database and fsyncs, several
 * milliseconds during which no edit is stored or broadcast (measured: ~4 ms, every ~300 small commits). Here a
 * worker thread (server/workers/wal-checkpointer.ts) checkpoints twice a second on its own connection instead, and
 * the main connection only as a backstop when the log gets long (see BACKSTOP_PAGES). Durability is unchanged:
 * every commit is in the log before it is acknowledged, and the log is fsynced by each checkpoint, exactly as with
 * SQLite's own checkpoints ([decision 009](../../docs/decisions/009-wal-checkpoints-on-a-worker.md)).
 *
 * If the worker cannot start or stops, the main connection goes back to SQLite's automatic checkpoints.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { compiled, workerExecArgv, workerFile } from "../workers/worker-files";
import type { SqliteConnection } from "./database";

/** Shared with the worker through one Int32 of a SharedArrayBuffer. */
export const CheckpointerState = { starting: 0, open: 1, closed: 2 } as const;

export interface CheckpointerData {
  /** The worker's TypeScript module (loaded by server/workers/typescript-entry.cjs). */
  module: string;
  file: string;
  intervalMs: number;
  state: SharedArrayBuffer;
}

export interface Checkpointer {
  readonly worker: Worker;
  /** True once the worker has its connection open, until it stops. */
  running(): boolean;
  /** Closes the worker's connection (waits up to a second for it), so the main connection's close is the last one. */
  close(): void;
}

const AUTOMATIC_PAGES = 1000; // SQLite's default wal_autocheckpoint
/**
 * The main connection still checkpoints past this many pages (~16 MiB of log). The worker copies pages while
 * commits go on, but the log can only start again from its beginning once a checkpoint has caught up with the
 * last commit; under non-stop writing that may not happen (without this backstop the log grew past 400 MiB in a
 * 60,000-commit burst). Measured with small commits: at 250 commits/s the backstop never ran (log ≤ 3.4 MiB, no
 * commit over 1 ms, against 10 of 3.3–4.6 ms per 3,000 with SQLite's own checkpoints); flat out, it pauses about
 * as long in total as SQLite's own checkpoints would, in half as many pauses.
 */
const BACKSTOP_PAGES = 4_000;
/** After the log starts again, its file is cut back to this size. */
const LOG_FILE_LIMIT_BYTES = 8 * 1024 * 1024;

export function startCheckpointer(
  db: SqliteConnection,
  options: { intervalMs?: number; log: (message: string, fields?: Record<string, unknown>) => void },
): Checkpointer {
  const state = new SharedArrayBuffer(4);
  const flag = new Int32Array(state);
  const module = fileURLToPath(workerFile("wal-checkpointer"));
  const data: CheckpointerData = { module, file: db.name, intervalMs: options.intervalMs ?? 500, state };
  let closing = false;
  let stopped = false;
  const fallBack = (reason: string) => {
    if (closing || stopped) return;
    stopped = true;
    options.log("db.checkpointer_stopped", { reason });
    db.pragma(`wal_autocheckpoint = ${AUTOMATIC_PAGES}`);
  };
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  db.pragma(`journal_size_limit = ${LOG_FILE_LIMIT_BYTES}`);
  // From source the worker is TypeScript: a worker's own entry file does not go through tsx, but what it requires
  // does, so a small CommonJS entry loads it. Compiled, the worker starts directly.
  const entry = compiled ? module : fileURLToPath(new URL("../workers/typescript-entry.cjs", import.meta.url));
  const worker = new Worker(entry, { workerData: data, execArgv: workerExecArgv() });
  worker.unref();
  worker.on("message", (message: { error?: string }) => {
    if (message.error) options.log("db.checkpoint_failed", { error: message.error });
  });
  worker.on("error", (error) => fallBack(String(error)));
  worker.on("exit", (code) => fallBack(`exited with ${code}`));
  return {
    worker,
    running: () => Atomics.load(flag, 0) === CheckpointerState.open && !stopped,
    close() {
      if (closing) return;
      closing = true;
      if (Atomics.load(flag, 0) === CheckpointerState.open) {
        worker.postMessage("close");
        Atomics.wait(flag, 0, CheckpointerState.open, 1000);
      }
      void worker.terminate();
    },
  };
}
