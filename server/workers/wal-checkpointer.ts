/**
 * A worker thread that checkpoints the SQLite write-ahead log (server/db/checkpointer.ts starts it). It has its own
 * connection to the same file; in WAL mode a checkpoint runs alongside the main connection's commits, so the fsync
 * and page copying it does never hold up an edit waiting to be stored and broadcast.
 */
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";
import { CheckpointerState, type CheckpointerData } from "../db/checkpointer";

const { file, intervalMs, state } = workerData as CheckpointerData;
const flag = new Int32Array(state);
const db = new Database(file);
db.pragma("busy_timeout = 1000");
Atomics.store(flag, 0, CheckpointerState.open);

function checkpoint() {
  // PASSIVE: copy what it can without waiting for anyone; the log is reused from its start once all of it is copied.
  const [result] = db.pragma("wal_checkpoint(PASSIVE)") as Array<{ busy: number; log: number; checkpointed: number }>;
  return result!;
}

// Under heavy writing, come back sooner: the more the worker has copied, the less a backstop checkpoint on the main
// connection (server/db/checkpointer.ts) has left to do.
const BUSY_FRAMES = 2000;
const BUSY_INTERVAL_MS = 50;
let copied = 0;
let timer: NodeJS.Timeout;
function tick() {
  try {
    const { checkpointed } = checkpoint();
    // `checkpointed` counts from the log's start, which moves back to 0 when the log starts again.
    const copiedNow = checkpointed >= copied ? checkpointed - copied : checkpointed;
    copied = checkpointed;
    const busy = copiedNow > BUSY_FRAMES;
    timer = setTimeout(tick, busy ? BUSY_INTERVAL_MS : intervalMs);
  } catch (error) {
    parentPort?.postMessage({ error: String(error) });
    timer = setTimeout(tick, intervalMs);
  }
}
timer = setTimeout(tick, intervalMs);

parentPort?.on("message", (message: unknown) => {
  if (message !== "close") return;
  clearTimeout(timer);
  db.close();
  Atomics.store(flag, 0, CheckpointerState.closed);
  Atomics.notify(flag, 0);
  parentPort?.close();
});
