/**
 * Sync benchmark: two workloads, each run in the same benchmark against Copress (durable and in memory) and two anchors
 * in memory — the reference server logic of `@y/websocket-server@0.1.1` (the last release for Yjs 13) and Hocuspocus
 * 4.x with its own provider (bench/lib/targets.ts) — so Copress's figures can be given as ratios to the faster anchor.
 *
 * 1. The sequential trace: one writer replays a real keystroke-level editing trace (automerge-paper, 259,778 edits)
 *    to ten readers; total time, updates/s, delivery latency (p50/p99 over every edit × reader), database size.
 * 2. The crowd: 50 clients in one document each typing 5 edits/s (bench/lib/crowd.ts); delivery latency p50/p99 over
 *    every edit × every other client, server CPU and memory.
 *
 * How delivery of trace edit k is detected exactly, without changing the workload: the writer notes, for every edit,
 * the time it made it and either its own Yjs clock after the edit (edits that insert) or the id of one character it
 * deleted (delete-only edits, 30 % of this trace). The servers apply and broadcast a writer's updates in order,
 * so after each transaction a reader advances a cursor over the edits while "clock reached" / "that character is
 * deleted here" holds; each edit passed gets latency = now − time made. Writer and readers share one process and
 * one clock (performance.now()).
 *
 * Settings (environment): BENCH_SYNC_RUNS (undisturbed trace runs wanted per target, default 4), BENCH_SYNC_READERS
 * (10), BENCH_SYNC_WINDOW (edits the writer may be ahead of the slowest reader, default 1000), BENCH_SYNC_CHUNK (edits
 * per event-loop turn, default 100), BENCH_SYNC_MODES (trace targets, "sqlite,memory,reference,hocuspocus"),
 * BENCH_SYNC_WARMUP (edits in the untimed warm-up, 30000; 0 skips it), BENCH_SYNC_QUIET_WAIT_MS (how long to wait
 * for an idle machine before each run, 20000), BENCH_SYNC_MAX_OTHER_PERCENT (other processes' CPU share that marks a
 * run disturbed, 10), BENCH_SYNC_BUDGET_S (no new trace runs to replace disturbed ones after this many seconds, 480),
 * BENCH_SYNC_LIMIT (replay only the first N edits, for quick trials; the report says so), BENCH_TRACE (another trace
 * file of the same format). Crowd: BENCH_CROWD_MODES (same targets), BENCH_CROWD_RUNS (7), BENCH_CROWD_CLIENTS (50),
 * BENCH_CROWD_RATE (edits/s per client, 5), BENCH_CROWD_SECONDS (measured seconds per run, 20), BENCH_CROWD_WARMUP_S
 * (5), BENCH_CROWD_CURSORS (1 = also move the awareness cursor with every edit; default 0), BENCH_CROWD_BUDGET_S (900).
 *
 * `import("./bench/sync.ts").then((m) => m.run())` runs it without touching REPORT.md / results.json.
 */
import Database from "better-sqlite3";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";
import * as Y from "yjs";
import { connect, signIn, waitForSync } from "../tests/helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../tests/helpers/server";
import { runCrowd, type CrowdOptions, type CrowdResult } from "./lib/crowd";
import { intEnv } from "./lib/env";
import { machineBusySeconds, processCpuSeconds, waitForQuietMachine } from "./lib/proc";
import { pickRuns, runSeries, type Pick } from "./lib/series";
import { projectRoot, type BenchSection } from "./lib/report";
import { formatBytes, median, percentileSorted, round } from "./lib/stats";
import {
  ANCHORS,
  appendSection,
  SHORT_LABEL,
  startCopressCluster,
  startTarget,
  TARGET_LABEL,
  VERSIONS,
  type BenchClient,
  type Target,
  type TargetKind,
} from "./lib/targets";

type Patch = [position: number, deleteCount: number, insertText: string];
interface Trace {
  startContent: string;
  endContent: string;
  txns: Array<{ time: string; patches: Patch[] }>;
}

type Mode = TargetKind;
const ALL_TARGETS: Mode[] = ["sqlite", "memory", "reference", "hocuspocus"];

function modesEnv(name: string): Mode[] {
  const raw = process.env[name];
  if (!raw) return ALL_TARGETS;
  const modes = raw.split(",").map((m) => m.trim()) as Mode[];
  for (const mode of modes)
    if (!ALL_TARGETS.includes(mode))
      throw new Error(`${name}: unknown target "${mode}" (use ${ALL_TARGETS.join(", ")})`);
  return modes;
}

const SETTINGS = {
  runsPerMode: intEnv("BENCH_SYNC_RUNS", 4),
  warmupEdits: intEnv("BENCH_SYNC_WARMUP", 30_000),
  readers: intEnv("BENCH_SYNC_READERS", 10),
  window: intEnv("BENCH_SYNC_WINDOW", 1000),
  chunk: intEnv("BENCH_SYNC_CHUNK", 100),
  limit: intEnv("BENCH_SYNC_LIMIT", 0),
  modes: modesEnv("BENCH_SYNC_MODES"),
  messagesPerSecond: 1_000_000,
  stallMs: 60_000,
  quietWaitMs: intEnv("BENCH_SYNC_QUIET_WAIT_MS", 20_000),
  /** Share of the machine's CPU other processes may use during a run before it counts as disturbed (percent in the env). */
  maxOtherShare: intEnv("BENCH_SYNC_MAX_OTHER_PERCENT", 10) / 100,
  /** Seconds after which no further runs start to replace disturbed ones. */
  budgetSeconds: intEnv("BENCH_SYNC_BUDGET_S", 480),
};

const CROWD = {
  modes: modesEnv("BENCH_CROWD_MODES"),
  // The crowd's p99 moves by a quarter between runs of the same server on this shared machine: many short runs in
  // ABBA order give steadier medians than a few long ones.
  runsPerMode: intEnv("BENCH_CROWD_RUNS", 7),
  budgetSeconds: intEnv("BENCH_CROWD_BUDGET_S", 900),
  options: {
    documents: 1,
    clientsPerDocument: intEnv("BENCH_CROWD_CLIENTS", 50),
    writersPerDocument: intEnv("BENCH_CROWD_CLIENTS", 50),
    editsPerSecond: intEnv("BENCH_CROWD_RATE", 5),
    warmupSeconds: intEnv("BENCH_CROWD_WARMUP_S", 5),
    durationSeconds: intEnv("BENCH_CROWD_SECONDS", 20),
    drainSeconds: 15,
    cursors: intEnv("BENCH_CROWD_CURSORS", 0) === 1,
    connectBatch: 25,
  } satisfies CrowdOptions,
};

const TARGETS = { durabilityCost: 0.2, p99Ms: 50, ratioToFasterAnchor: 1.0, crowdP99Ms: 50 };

const defaultTracePath = path.resolve(projectRoot, "bench", "data", "automerge-paper.json.gz");

export function loadTrace(): { trace: Trace; file: string } {
  const file = process.env.BENCH_TRACE ? path.resolve(process.env.BENCH_TRACE) : defaultTracePath;
  if (!existsSync(file)) {
    throw new Error(`Editing trace not found at ${file}. It is kept in bench/data/ (or set BENCH_TRACE).`);
  }
  const raw = readFileSync(file);
  const trace = JSON.parse((file.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8")) as Trace;
  if (!Array.isArray(trace.txns) || typeof trace.endContent !== "string")
    throw new Error(`${file} is not an editing trace`);
  return { trace, file };
}

/** The text after the first `count` transactions, computed directly (only needed for BENCH_SYNC_LIMIT trials). */
export function expectedText(trace: Trace, count: number): string {
  if (count === trace.txns.length) return trace.endContent;
  const doc = new Y.Doc();
  const text = doc.getText();
  text.insert(0, trace.startContent);
  for (let i = 0; i < count; i++) for (const [pos, del, ins] of trace.txns[i]!.patches) applyPatch(text, pos, del, ins);
  return text.toString();
}

function applyPatch(text: Y.Text | Y.XmlText, position: number, deleteCount: number, insertText: string) {
  if (deleteCount > 0) text.delete(position, deleteCount);
  if (insertText.length > 0) text.insert(position, insertText);
}

function dataDirBytes(dataDir: string): { total: number; files: Record<string, number> } {
  const files: Record<string, number> = {};
  let total = 0;
  const sizeOf = (target: string): number => {
    const stat = statSync(target);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(target).reduce((sum, name) => sum + sizeOf(path.join(target, name)), 0);
  };
  for (const name of readdirSync(dataDir)) {
    const size = sizeOf(path.join(dataDir, name));
    files[name] = size;
    total += size;
  }
  return { total, files };
}

/** Bytes the benchmark document occupies in the database (compacted state + update log), read after the server stopped. */
function storedDocumentBytes(dataDir: string, documentId: string): { state: number; log: number; logRows: number } {
  const db = new Database(path.join(dataDir, "copress.sqlite"), { readonly: true });
  try {
    const state = db
      .prepare<[string], { n: number | null }>("SELECT length(state) AS n FROM document_states WHERE document_id = ?")
      .get(documentId);
    const log = db
      .prepare<[string], { n: number | null; rows: number }>(
        "SELECT sum(length(data)) AS n, count(*) AS rows FROM document_updates WHERE document_id = ?",
      )
      .get(documentId);
    return { state: state?.n ?? 0, log: log?.n ?? 0, logRows: log?.rows ?? 0 };
  } finally {
    db.close();
  }
}

function findTraceText(doc: Y.Doc): Y.XmlText | null {
  const content = doc.getXmlFragment("content");
  if (content.length === 0) return null;
  const section = content.get(content.length - 1);
  if (!(section instanceof Y.XmlElement) || section.getAttribute("title") !== "Editing trace") return null;
  const paragraph = section.get(0);
  if (!(paragraph instanceof Y.XmlElement)) return null;
  const text = paragraph.get(0);
  return text instanceof Y.XmlText ? text : null;
}

async function waitFor<T>(what: string, get: () => T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = get();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface RunResult {
  mode: Mode;
  totalSeconds: number;
  updatesPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number; samples: number };
  serverCpuSeconds: number;
  clientCpuSeconds: number;
  dataDirBytesBefore: number;
  dataDirBytesAfterRun: number;
  dataDirBytesAfterStop: number;
  dataDirFilesAfterRun: Record<string, number>;
  documentBytes: { state: number; log: number; logRows: number } | null;
  docStateBytes: number;
  reconnects: number;
  /** Share of wall time the benchmark process's event loop was busy, and time the writer waited for the window. */
  clientLoopUtilisation: number;
  /** CPU seconds other processes used during the replay, and the machine's busy share just before it. */
  otherCpuSeconds: number;
  busyShareBefore: number;
  quietWaitSeconds: number;
  writerWaitSeconds: number;
  /** Updates each reader received from the server (one per server flush) and edits per such update. */
  broadcastsPerReader: number;
  maxEditsPerBroadcast: number;
  verifiedAfterRestart: boolean;
}

/**
 * One replay of the trace. With `cluster`, against Copress on PostgreSQL and Redis with that many processes (the
 * cluster benchmark): the writer talks to the first process and, with more than one, every reader to another one, so
 * every edit crosses processes on its way to the readers.
 */
export async function replayOnce(
  mode: Mode,
  trace: Trace,
  count: number,
  expected: string,
  cluster?: { processes: number },
): Promise<RunResult> {
  let target: Target | null = null;
  const clients: BenchClient[] = [];
  let stallCheck: NodeJS.Timeout | undefined;
  const readerIndex = (r: number) =>
    cluster && cluster.processes > 1 ? r + Math.floor(r / (cluster.processes - 1)) + 1 : r;
  try {
    const env = { SYNC_MESSAGES_PER_SECOND: String(SETTINGS.messagesPerSecond), SYNC_ROOM_IDLE_MS: "60000" };
    target = cluster ? await startCopressCluster(cluster.processes, env) : await startTarget(mode, env);
    const server = target.copress; // undefined for the anchors
    // Copress: the coordinator creates a fresh A5 booklet; anchors: an empty document.
    const documentId = await target.newDocument("Bench");

    // The writer (role "writer") adds one section with an empty paragraph at the end of the document.
    const writer = target.connect(documentId, "writer", 0);
    clients.push(writer);
    await writer.synced();
    appendSection(writer.doc, "s-benchtrace", "Editing trace", [trace.startContent]);
    const writerText = findTraceText(writer.doc)!;

    // Ten readers (role "viewer": read-only, as most people watching a document are).
    const readers: Array<{ client: BenchClient; next: number; text: Y.XmlText | null }> = [];
    for (let r = 0; r < SETTINGS.readers; r++) {
      const client = target.connect(documentId, "reader", readerIndex(r));
      clients.push(client);
      readers.push({ client, next: 0, text: null });
    }
    await Promise.all(readers.map((reader) => reader.client.synced()));
    for (const reader of readers)
      reader.text = await waitFor("the readers to see the new section", () => findTraceText(reader.client.doc));
    let reconnects = 0;
    let broadcasts = 0;
    let maxEditsPerBroadcast = 0;
    for (const client of clients) client.onConnectionLost(() => (reconnects += 1));
    const dataDirBytesBefore = server ? dataDirBytes(server.dataDir).total : NaN;

    // Per edit: when it was made, and how a reader recognises it has arrived.
    const writerId = writer.doc.clientID;
    const madeAt = new Float64Array(count);
    const clockAfter = new Float64Array(count).fill(-1); // writer clock after an inserting edit
    const deletedClock = new Float64Array(count).fill(-1); // a deleted character's clock, for delete-only edits
    const deletedClient = new Float64Array(count).fill(-1);
    const latencies = new Float64Array(count * SETTINGS.readers);
    let lastDelete: { client: number; clock: number } | null = null;
    writer.doc.on("afterTransaction", (transaction: Y.Transaction) => {
      const first = transaction.deleteSet.clients.entries().next();
      lastDelete =
        first.done || first.value[1].length === 0 ? null : { client: first.value[0], clock: first.value[1][0]!.clock };
    });

    let finished = 0;
    let endedAt = 0;
    let lastProgressAt = performance.now();
    let wakeWriter: (() => void) | null = null;
    let allDone!: () => void;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    let made = 0; // edits made so far by the writer

    readers.forEach((reader, r) => {
      const store = reader.client.doc.store;
      reader.client.doc.on("afterTransaction", () => {
        if (reader.next >= count) return;
        const now = performance.now();
        const clock = Y.getState(store, writerId);
        let next = reader.next;
        while (next < made) {
          if (clockAfter[next]! >= 0) {
            if (clock < clockAfter[next]!) break;
          } else {
            const item = Y.getItem(store, Y.createID(deletedClient[next]!, deletedClock[next]!));
            if (!item.deleted) break;
          }
          latencies[r * count + next] = now - madeAt[next]!;
          next += 1;
        }
        broadcasts += 1;
        if (next === reader.next) return;
        maxEditsPerBroadcast = Math.max(maxEditsPerBroadcast, next - reader.next);
        reader.next = next;
        lastProgressAt = now;
        if (next === count) {
          finished += 1;
          if (finished === readers.length) {
            endedAt = now;
            allDone();
          }
        }
        if (wakeWriter) {
          const wake = wakeWriter;
          wakeWriter = null;
          wake();
        }
      });
    });

    const quiet = await waitForQuietMachine(SETTINGS.quietWaitMs);
    const machineBefore = machineBusySeconds();
    const serverCpuBefore = processCpuSeconds(target.pid);
    const clientCpuBefore = process.cpuUsage();
    const eluBefore = performance.eventLoopUtilization();
    let writerWaitMs = 0;
    const startedAt = performance.now();
    lastProgressAt = startedAt;
    let stalled: Error | null = null;
    let failRun!: (error: Error) => void;
    const failed = new Promise<never>((_, reject) => (failRun = reject));
    failed.catch(() => undefined); // handled through Promise.race below
    stallCheck = setInterval(() => {
      if (stalled || performance.now() - lastProgressAt <= SETTINGS.stallMs) return;
      stalled = new Error(
        `No reader progressed for ${SETTINGS.stallMs / 1000} s; writer made ${made}, readers at ${readers.map((x) => x.next).join(", ")}`,
      );
      failRun(stalled);
      wakeWriter?.();
    }, 1000);

    const txns = trace.txns;
    while (made < count) {
      if (stalled) throw stalled;
      let slowest = count;
      for (const reader of readers) slowest = Math.min(slowest, reader.next);
      const limit = Math.min(count, made + SETTINGS.chunk, slowest + SETTINGS.window);
      if (limit <= made) {
        const waitStarted = performance.now();
        await new Promise<void>((resolve) => (wakeWriter = resolve));
        writerWaitMs += performance.now() - waitStarted;
        continue;
      }
      for (; made < limit;) {
        const i = made;
        const [position, deleteCount, insertText] = txns[i]!.patches[0]!;
        madeAt[i] = performance.now();
        writer.doc.transact(() => {
          for (const [pos, del, ins] of txns[i]!.patches) applyPatch(writerText, pos, del, ins);
        });
        if (txns[i]!.patches.length === 1 && insertText.length === 0 && deleteCount > 0) {
          const probe = lastDelete as { client: number; clock: number } | null; // set by the afterTransaction handler
          if (!probe) throw new Error(`Edit ${i} deleted nothing (position ${position})`);
          deletedClient[i] = probe.client;
          deletedClock[i] = probe.clock;
        } else {
          clockAfter[i] = Y.getState(writer.doc.store, writerId);
        }
        made += 1;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.race([done, failed]);
    clearInterval(stallCheck);
    const reconnectsDuringRun = reconnects;
    const broadcastsPerReader = broadcasts / readers.length;
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const clientLoopUtilisation = performance.eventLoopUtilization(eluBefore).utilization;
    const serverCpuSeconds = processCpuSeconds(target.pid) - serverCpuBefore;
    const machineAfter = machineBusySeconds();
    // CPU used meanwhile by anything other than this benchmark's two processes (other people's work on a shared machine).
    const otherCpuSeconds = Math.max(
      0,
      machineAfter.busy - machineBefore.busy - serverCpuSeconds - (clientCpu.user + clientCpu.system) / 1e6,
    );
    const totalSeconds = (endedAt - startedAt) / 1000;

    // Every replica must equal the trace's end.
    const mismatched: string[] = [];
    if (writerText.toString() !== expected) mismatched.push("writer");
    readers.forEach((reader, r) => {
      if (reader.text!.toString() !== expected) mismatched.push(`reader ${r + 1}`);
    });
    if (mismatched.length > 0) {
      throw new Error(`${mismatched.join(", ")} ended different from the trace's endContent (${mode} run)`);
    }
    const docStateBytes = Y.encodeStateAsUpdate(readers[0]!.client.doc).byteLength;

    const sorted = latencies.slice().sort();
    let sum = 0;
    for (const value of sorted) sum += value;
    const latencyMs = {
      p50: percentileSorted(sorted, 50),
      p90: percentileSorted(sorted, 90),
      p99: percentileSorted(sorted, 99),
      p999: percentileSorted(sorted, 99.9),
      max: sorted[sorted.length - 1]!,
      mean: sum / sorted.length,
      samples: sorted.length,
    };

    const afterRun = server ? dataDirBytes(server.dataDir) : { total: NaN, files: {} };

    // The server's own copy: a newcomer must get the same text (after a restart too, when it is durable). Checked while
    // the others are still connected: Hocuspocus without persistence drops a document when its last client leaves.
    let verifiedAfterRestart = false;
    const checkNewcomer = async (connectTo: () => BenchClient, label: string) => {
      const newcomer = connectTo();
      try {
        await newcomer.synced(30_000);
        const text = await waitFor(`the trace section on a newcomer (${label})`, () => findTraceText(newcomer.doc));
        if (text.toString() !== expected)
          throw new Error(
            `A client connecting ${label} got a different text than the trace's endContent (${mode} run)`,
          );
      } finally {
        newcomer.destroy();
      }
    };
    await checkNewcomer(() => target!.connect(documentId, "reader"), "after the run");
    for (const client of clients.splice(0)) client.destroy();
    await target.stop();
    const dataDirBytesAfterStop = server ? dataDirBytes(server.dataDir).total : NaN;
    let documentBytes: RunResult["documentBytes"] = null;
    if (mode === "sqlite" && server) {
      documentBytes = storedDocumentBytes(server.dataDir, documentId);
      const restarted = await startServer({ dataDir: server.dataDir, env: { LOG_LEVEL: "info" } });
      try {
        const vic = await signIn(restarted.url, "vic");
        await checkNewcomer(() => connectCopress(restarted, documentId, vic), "after a restart");
        verifiedAfterRestart = true;
      } finally {
        await restarted.stop();
      }
    }

    return {
      mode,
      totalSeconds,
      updatesPerSecond: count / totalSeconds,
      latencyMs,
      serverCpuSeconds,
      clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6,
      dataDirBytesBefore,
      dataDirBytesAfterRun: afterRun.total,
      dataDirBytesAfterStop,
      dataDirFilesAfterRun: afterRun.files,
      documentBytes,
      docStateBytes,
      reconnects: reconnectsDuringRun,
      clientLoopUtilisation,
      otherCpuSeconds,
      busyShareBefore: quiet.busyShare,
      quietWaitSeconds: quiet.waitedSeconds,
      writerWaitSeconds: writerWaitMs / 1000,
      broadcastsPerReader,
      maxEditsPerBroadcast,
      verifiedAfterRestart,
    };
  } catch (error) {
    if (target) console.error(`Server output (last 3000 characters):\n${target.output().slice(-3000)}`);
    throw error;
  } finally {
    clearInterval(stallCheck);
    for (const client of clients) client.destroy();
    if (target) {
      await target.stop().catch(() => undefined);
      if (target.copress) void removeDataDir(target.copress.dataDir);
    }
  }
}

/** A y-websocket client of a Copress server that is not a benchmark target (the restarted one). */
function connectCopress(server: TestServer, documentId: string, token: string): BenchClient {
  const client = connect(server.url, documentId, token);
  return {
    doc: client.doc,
    synced: (timeoutMs) => waitForSync(client, timeoutMs),
    onConnectionLost: (listener) => client.provider.on("connection-close", listener),
    setCursor: () => undefined,
    destroy: () => client.destroy(),
  };
}

interface ModeSummary {
  runs: number;
  totalSeconds: number;
  updatesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  serverCpuSeconds: number;
  clientCpuSeconds: number;
  broadcastsPerReader: number;
  maxEditsPerBroadcast: number;
  dataDirGrowthBytes: number;
  dataDirBytesAfterRun: number;
  dataDirBytesAfterStop: number;
}

function summarise(runs: RunResult[]): ModeSummary {
  const m = (pick: (run: RunResult) => number) => median(runs.map(pick));
  return {
    runs: runs.length,
    totalSeconds: m((r) => r.totalSeconds),
    updatesPerSecond: m((r) => r.updatesPerSecond),
    p50Ms: m((r) => r.latencyMs.p50),
    p99Ms: m((r) => r.latencyMs.p99),
    p999Ms: m((r) => r.latencyMs.p999),
    maxMs: m((r) => r.latencyMs.max),
    serverCpuSeconds: m((r) => r.serverCpuSeconds),
    clientCpuSeconds: m((r) => r.clientCpuSeconds),
    broadcastsPerReader: m((r) => r.broadcastsPerReader),
    maxEditsPerBroadcast: m((r) => r.maxEditsPerBroadcast),
    dataDirGrowthBytes: m((r) => r.dataDirBytesAfterRun - r.dataDirBytesBefore),
    dataDirBytesAfterRun: m((r) => r.dataDirBytesAfterRun),
    dataDirBytesAfterStop: m((r) => r.dataDirBytesAfterStop),
  };
}

/**
 * What `Y.mergeUpdates` costs for one batch of n single-edit updates from this trace — the call `Room.flush` makes on
 * everything that arrived in one event-loop turn. Measured in this process (no server), best of three.
 */
function measureMergeCost(trace: Trace, sizes: number[]): Array<{ updates: number; ms: number; usPerUpdate: number }> {
  const largest = Math.max(...sizes);
  const offset = Math.min(20_000, Math.max(0, trace.txns.length - largest));
  const doc = new Y.Doc();
  const text = doc.getText();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < Math.min(trace.txns.length, offset + largest); i++) {
    doc.transact(() => {
      for (const [pos, del, ins] of trace.txns[i]!.patches) applyPatch(text, pos, del, ins);
    });
  }
  const batchFrom = updates.length - largest;
  Y.mergeUpdates(updates.slice(batchFrom, batchFrom + 200)); // warm up
  return sizes.map((n) => {
    const batch = updates.slice(batchFrom, batchFrom + n);
    let best = Infinity;
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = performance.now();
      Y.mergeUpdates(batch);
      best = Math.min(best, performance.now() - started);
    }
    return { updates: batch.length, ms: best, usPerUpdate: (best / batch.length) * 1000 };
  });
}

interface CrowdRun extends CrowdResult {
  mode: Mode;
  busyShareBefore: number;
}

/** One crowd run (bench/lib/crowd.ts) against a freshly started target, with the servers' default limits. */
async function crowdOnce(mode: Mode): Promise<CrowdRun> {
  const target = await startTarget(mode);
  try {
    const quiet = await waitForQuietMachine(SETTINGS.quietWaitMs);
    const result = await runCrowd(target, CROWD.options);
    if (result.undelivered > 0)
      throw new Error(`${result.undelivered} edit × client deliveries never arrived (${mode} crowd run)`);
    if (!result.converged) throw new Error(`The crowd's clients did not converge (${mode} crowd run)`);
    return { mode, ...result, busyShareBefore: quiet.busyShare };
  } catch (error) {
    console.error(`Server output (last 3000 characters):\n${target.output().slice(-3000)}`);
    throw error;
  } finally {
    await target.stop().catch(() => undefined);
    if (target.copress) void removeDataDir(target.copress.dataDir);
  }
}

interface CrowdSummary {
  runs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  editsPerSecond: number;
  messagesPerClientPerSecond: number;
  serverCpuShare: number;
  clientCpuShare: number;
  serverRssMax: number;
  clientLoopDelayP99Ms: number;
}

function summariseCrowd(runs: CrowdRun[]): CrowdSummary {
  const m = (pick: (run: CrowdRun) => number) => median(runs.map(pick));
  return {
    runs: runs.length,
    p50Ms: m((r) => r.latencyMs.p50),
    p90Ms: m((r) => r.latencyMs.p90),
    p99Ms: m((r) => r.latencyMs.p99),
    p999Ms: m((r) => r.latencyMs.p999),
    maxMs: m((r) => r.latencyMs.max),
    editsPerSecond: m((r) => r.editsPerSecond),
    messagesPerClientPerSecond: m((r) => r.messagesPerClientPerSecond),
    serverCpuShare: m((r) => r.serverCpuShare),
    clientCpuShare: m((r) => r.clientCpuShare),
    serverRssMax: m((r) => r.serverRssMax),
    clientLoopDelayP99Ms: m((r) => r.clientLoopDelayP99Ms),
  };
}

export async function run(): Promise<BenchSection> {
  // Each provider listens for "exit"; the crowd has 50 of them.
  process.setMaxListeners(
    Math.max(process.getMaxListeners(), 4 * Math.max(SETTINGS.readers + 2, CROWD.options.clientsPerDocument + 2)),
  );
  const { trace, file } = loadTrace();
  const total = trace.txns.length;
  const count = SETTINGS.limit > 0 ? Math.min(SETTINGS.limit, total) : total;
  const expected = expectedText(trace, count);
  const partial = count < total;
  const cores = os.cpus().length;
  console.log(
    `Replaying ${count.toLocaleString("en")} of ${total.toLocaleString("en")} edits from ${path.basename(file)} to ${SETTINGS.readers} readers, ` +
      `${SETTINGS.runsPerMode} run(s) per target ${SETTINGS.modes.join("/")} (window ${SETTINGS.window}, chunk ${SETTINGS.chunk}); then the crowd ` +
      `(${CROWD.options.clientsPerDocument} clients × ${CROWD.options.editsPerSecond} edits/s, ${CROWD.options.durationSeconds} s, ${CROWD.runsPerMode} run(s) per target ${CROWD.modes.join("/")})`,
  );

  const describeTrace = (result: RunResult) =>
    `${result.totalSeconds.toFixed(2)} s, ${Math.round(result.updatesPerSecond).toLocaleString("en")} updates/s, ` +
    `p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms, max ${result.latencyMs.max.toFixed(0)} ms; ` +
    `CPU server ${result.serverCpuSeconds.toFixed(1)} s, clients ${result.clientCpuSeconds.toFixed(1)} s; ` +
    `other processes ${result.otherCpuSeconds.toFixed(1)} s; writer waited ${result.writerWaitSeconds.toFixed(1)} s; ` +
    `${Math.round(result.broadcastsPerReader).toLocaleString("en")} broadcasts/reader (max ${result.maxEditsPerBroadcast} edits)` +
    `${Number.isFinite(result.dataDirBytesAfterRun) ? `; data dir ${formatBytes(result.dataDirBytesAfterRun)}` : ""}${result.reconnects ? `; ${result.reconnects} RECONNECTS` : ""}`;
  const describeCrowd = (result: CrowdRun) =>
    `p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms, max ${result.latencyMs.max.toFixed(0)} ms over ` +
    `${result.latencyMs.samples.toLocaleString("en")} deliveries; ${result.editsPerSecond.toFixed(0)} edits/s; server CPU ${(result.serverCpuShare * 100).toFixed(0)} % ` +
    `of a core, clients ${(result.clientCpuShare * 100).toFixed(0)} %; other processes ${result.otherCpuSeconds.toFixed(1)} s; ` +
    `client loop delay p99 ${result.clientLoopDelayP99Ms.toFixed(0)} ms; ${result.messagesPerClientPerSecond.toFixed(0)} msgs/client/s` +
    `${result.reconnects ? `; ${result.reconnects} RECONNECTS` : ""}`;

  // One short untimed replay first per client library, so no target pays for warming up this process's JIT.
  const warmupEdits = Math.min(SETTINGS.warmupEdits, count);
  if (warmupEdits > 0) {
    for (const mode of ["memory", "hocuspocus"] as const) {
      if (mode === "hocuspocus" && !SETTINGS.modes.includes("hocuspocus") && !CROWD.modes.includes("hocuspocus"))
        continue;
      const edits = mode === "memory" ? warmupEdits : Math.min(warmupEdits, 10_000);
      console.log(
        `  warm-up ${SHORT_LABEL[mode]} (${edits.toLocaleString("en")} edits, not counted): ${describeTrace(await replayOnce(mode, trace, edits, expectedText(trace, edits)))}`,
      );
    }
  }

  const disturbed = (r: RunResult) => r.otherCpuSeconds / (cores * r.totalSeconds) > SETTINGS.maxOtherShare;
  const crowdDisturbed = (r: CrowdRun) => r.otherCpuSeconds / (cores * r.wallSeconds) > SETTINGS.maxOtherShare;
  const runs = await runSeries(
    "trace",
    SETTINGS.modes,
    SETTINGS.runsPerMode,
    SETTINGS.budgetSeconds,
    (mode) => replayOnce(mode, trace, count, expected),
    disturbed,
    describeTrace,
  );
  const crowdRuns =
    CROWD.runsPerMode > 0 && CROWD.modes.length > 0
      ? await runSeries(
          "crowd",
          CROWD.modes,
          CROWD.runsPerMode,
          CROWD.budgetSeconds,
          crowdOnce,
          crowdDisturbed,
          describeCrowd,
        )
      : [];
  const mergeCost = measureMergeCost(
    trace,
    [100, 1000, 3000, 10_000].filter((n) => n <= trace.txns.length),
  );

  // ---- Summaries ----
  const tracePicks = new Map(
    SETTINGS.modes.map((mode) => [mode, pickRuns(runs, mode, disturbed, SETTINGS.runsPerMode)] as const),
  );
  const traceSummary = new Map(SETTINGS.modes.map((mode) => [mode, summarise(tracePicks.get(mode)!.used)] as const));
  const crowdPicks = new Map(
    CROWD.modes.map((mode) => [mode, pickRuns(crowdRuns, mode, crowdDisturbed, CROWD.runsPerMode)] as const),
  );
  const crowdSummary = new Map(CROWD.modes.map((mode) => [mode, summariseCrowd(crowdPicks.get(mode)!.used)] as const));
  const nan = summarise([]);
  const durable = traceSummary.get("sqlite") ?? nan;
  const memory = traceSummary.get("memory") ?? nan;
  const durabilityCost = durable.totalSeconds / memory.totalSeconds - 1;
  const durabilityCostAllRuns =
    summarise(tracePicks.get("sqlite")?.all ?? []).totalSeconds /
      summarise(tracePicks.get("memory")?.all ?? []).totalSeconds -
    1;
  const traceAnchors = ANCHORS.filter((mode) => traceSummary.has(mode));
  const crowdAnchors = ANCHORS.filter((mode) => crowdSummary.has(mode));
  const fasterTraceAnchor = traceAnchors.sort(
    (a, b) => traceSummary.get(a)!.totalSeconds - traceSummary.get(b)!.totalSeconds,
  )[0];
  const fasterCrowdAnchor = crowdAnchors.sort((a, b) => crowdSummary.get(a)!.p99Ms - crowdSummary.get(b)!.p99Ms)[0];
  const traceRatio = fasterTraceAnchor ? durable.totalSeconds / traceSummary.get(fasterTraceAnchor)!.totalSeconds : NaN;
  const crowdDurable = crowdSummary.get("sqlite");
  const crowdRatio =
    fasterCrowdAnchor && crowdDurable ? crowdDurable.p99Ms / crowdSummary.get(fasterCrowdAnchor)!.p99Ms : NaN;

  const ms = (value: number) => (!Number.isFinite(value) ? "–" : value < 10 ? value.toFixed(1) : value.toFixed(0));
  const pct = (value: number) =>
    !Number.isFinite(value) ? "–" : `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)} %`;
  const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? (a / b).toFixed(2) : "–");
  const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en") : "–");
  const pctOfCore = (cpu: number, wall: number) =>
    Number.isFinite(cpu / wall) ? `${((cpu / wall) * 100).toFixed(0)} %` : "–";
  const share = (cpu: number, wall: number) =>
    Number.isFinite(cpu / wall) ? ` (${((cpu / wall) * 100).toFixed(0)} % of one core)` : "";
  const bytes = (value: number) => (Number.isFinite(value) ? formatBytes(value) : "–");

  const traceConclusive = !partial && [...tracePicks.values()].every((p) => p.onlyUndisturbed);
  const crowdConclusive = crowdRuns.length > 0 && [...crowdPicks.values()].every((p) => p.onlyUndisturbed);
  const worstP99 = Math.max(durable.p99Ms, memory.p99Ms);
  const targets = {
    allReadersEqualEndContent: true, // replayOnce throws otherwise
    durabilityCostAtMost20Percent: durabilityCost <= TARGETS.durabilityCost,
    p99Below50Ms: worstP99 < TARGETS.p99Ms,
    traceDurableAtMostFasterAnchor: traceRatio <= TARGETS.ratioToFasterAnchor,
    crowdDurableP99AtMostFasterAnchor: crowdRatio <= TARGETS.ratioToFasterAnchor,
    crowdP99AtMost50Ms: (crowdDurable?.p99Ms ?? NaN) <= TARGETS.crowdP99Ms,
  };
  const targetsMet = traceConclusive && crowdConclusive && Object.values(targets).every(Boolean);
  const yes = (ok: boolean) => (ok ? "met" : "**not met**");
  const verdict = (ok: boolean, conclusive: boolean) =>
    conclusive
      ? yes(ok)
      : `**not established** (medians include disturbed runs; as measured: ${ok ? "within" : "outside"} the target)`;
  const lastDurable = tracePicks.get("sqlite")?.used.at(-1);
  const cell = <T>(map: Map<Mode, T>, mode: Mode, show: (value: T) => string) =>
    map.has(mode) ? show(map.get(mode)!) : "–";
  const traceCols = ALL_TARGETS.filter((mode) => traceSummary.has(mode));
  const crowdCols = ALL_TARGETS.filter((mode) => crowdSummary.has(mode));
  const selectionText = (picks: Map<Mode, Pick<{ mode: Mode }>>) =>
    [...picks.entries()]
      .map(
        ([mode, p]) =>
          `${SHORT_LABEL[mode]} ${p.used.length}${p.onlyUndisturbed ? "" : " (**all**, disturbed included)"}`,
      )
      .join(", ");
  const otherCpu = runs.map((r) => r.otherCpuSeconds).filter(Number.isFinite);
  const otherCpuText = otherCpu.length
    ? `a median of ${median(otherCpu).toFixed(1)} CPU-seconds per run (most ${Math.max(...otherCpu).toFixed(1)} s)`
    : "an unknown amount of CPU (no /proc/stat)";
  const co = CROWD.options;
  const SKIP = "\u0000skip";
  // The issue's note on the anchors (measured earlier on this machine), set against this run.
  const refTrace = traceSummary.get("reference");
  const hpTrace = traceSummary.get("hocuspocus");
  const refCrowd = crowdSummary.get("reference");
  const hpCrowd = crowdSummary.get("hocuspocus");
  const anchorNote =
    refTrace && hpTrace && refCrowd && hpCrowd
      ? `The issue notes that on this machine Hocuspocus was measured about 2.2× faster than the reference on the trace and with ` +
        `under half its p99 in the crowd. In this run: Hocuspocus was **${(refTrace.totalSeconds / hpTrace.totalSeconds).toFixed(1)}× faster** ` +
        `on the trace (${hpTrace.totalSeconds.toFixed(2)} s against ${refTrace.totalSeconds.toFixed(2)} s: the reference sends every one of the ` +
        `${count.toLocaleString("en")} edits to every reader as its own message, and echoes it to the writer), and its crowd p99 was ` +
        `**${(hpCrowd.p99Ms / refCrowd.p99Ms).toFixed(2)}×** the reference's (${ms(hpCrowd.p99Ms)} ms against ${ms(refCrowd.p99Ms)} ms)` +
        (hpCrowd.p99Ms < refCrowd.p99Ms / 2
          ? "."
          : ` — not under half: at ${int(co.clientsPerDocument * co.editsPerSecond)} edits/s into one document few updates arrive in the ` +
            "same event-loop turn, so merging them saves little, every server is mostly idle, and the p99 is set largely by the " +
            "clients' shared event loop (see the crowd table); Hocuspocus's provider also costs the client process more CPU than y-websocket.")
      : SKIP;
  const crowdP99s = crowdCols.map((mode) => crowdSummary.get(mode)!.p99Ms);
  const crowdNote =
    crowdCols.length > 1
      ? `All ${crowdCols.length} targets' crowd p99s lie between ${ms(Math.min(...crowdP99s))} and ${ms(Math.max(...crowdP99s))} ms, while the ` +
        `clients' own event loop was up to ${ms(Math.max(...crowdCols.map((mode) => crowdSummary.get(mode)!.clientLoopDelayP99Ms)))} ms late at p99 ` +
        `and the busiest server used ${pctOfCore(Math.max(...crowdCols.map((mode) => crowdSummary.get(mode)!.serverCpuShare)), 1)} of a core: ` +
        "this workload does not strain any of these servers, so its ratios compare small numbers and move by a few tenths between runs " +
        "(see all runs below)."
      : SKIP;
  const crowdSamplesPerRun = crowdRuns.length ? median(crowdRuns.map((r) => r.latencyMs.samples)) : NaN;

  const markdown = [
    partial
      ? `> **Partial trial run**: only the first ${count.toLocaleString("en")} of ${total.toLocaleString("en")} edits (BENCH_SYNC_LIMIT). Not a result.\n`
      : "",
    "### Summary: Copress against the anchors",
    "",
    `Two workloads, each against four servers in the same benchmark run: Copress durable (SQLite, the default), Copress with ` +
      `\`PERSISTENCE=memory\`, and two anchors in memory — **${TARGET_LABEL.reference}**, the reference server logic for Yjs 13 ` +
      `(\`setupWSConnection\` in a tiny \`ws\` server), with the same y-websocket ${VERSIONS.yWebsocket} clients as Copress, and ` +
      `**${TARGET_LABEL.hocuspocus}** with its own \`@hocuspocus/provider\` ${VERSIONS.hocuspocusProvider} clients. Ratios are ` +
      "Copress durable ÷ the faster anchor on that workload (below 1 = Copress is faster).",
    "",
    `| | ${crowdCols.length || traceCols.length ? [...new Set([...traceCols, ...crowdCols])].map((m) => SHORT_LABEL[m]).join(" | ") : ""} | durable ÷ faster anchor | target |`,
    `|---|${[...new Set([...traceCols, ...crowdCols])].map(() => "---:").join("|")}|---:|---|`,
    ...(() => {
      const cols = [...new Set([...traceCols, ...crowdCols])];
      const row = (name: string, values: (mode: Mode) => string, r: string, t: string) =>
        `| ${name} | ${cols.map(values).join(" | ")} | ${r} | ${t} |`;
      const fa = (mode: Mode | undefined) => (mode ? ` (vs ${SHORT_LABEL[mode]})` : "");
      return [
        row(
          "Trace: total time",
          (m) => cell(traceSummary, m, (s) => `${s.totalSeconds.toFixed(2)} s`),
          `**${ratio(durable.totalSeconds, traceSummary.get(fasterTraceAnchor!)?.totalSeconds ?? NaN)}**${fa(fasterTraceAnchor)}`,
          "≤ 1.0",
        ),
        row("Trace: updates/s", (m) => cell(traceSummary, m, (s) => int(s.updatesPerSecond)), "", ""),
        row(
          "Trace: delivery p50",
          (m) => cell(traceSummary, m, (s) => `${ms(s.p50Ms)} ms`),
          ratio(durable.p50Ms, traceSummary.get(fasterTraceAnchor!)?.p50Ms ?? NaN),
          "",
        ),
        row(
          "Trace: delivery p99",
          (m) => cell(traceSummary, m, (s) => `${ms(s.p99Ms)} ms`),
          ratio(durable.p99Ms, traceSummary.get(fasterTraceAnchor!)?.p99Ms ?? NaN),
          "< 50 ms",
        ),
        row(
          "Trace: server CPU",
          (m) => cell(traceSummary, m, (s) => `${s.serverCpuSeconds.toFixed(1)} s`),
          ratio(durable.serverCpuSeconds, traceSummary.get(fasterTraceAnchor!)?.serverCpuSeconds ?? NaN),
          "",
        ),
        row(
          "Crowd: delivery p50",
          (m) => cell(crowdSummary, m, (s) => `${ms(s.p50Ms)} ms`),
          ratio(crowdDurable?.p50Ms ?? NaN, crowdSummary.get(fasterCrowdAnchor!)?.p50Ms ?? NaN),
          "",
        ),
        row(
          "Crowd: delivery p99",
          (m) => cell(crowdSummary, m, (s) => `${ms(s.p99Ms)} ms`),
          `**${ratio(crowdDurable?.p99Ms ?? NaN, crowdSummary.get(fasterCrowdAnchor!)?.p99Ms ?? NaN)}**${fa(fasterCrowdAnchor)}`,
          "≤ 1.0 and ≤ 50 ms",
        ),
        row(
          "Crowd: server CPU (share of one core)",
          (m) => cell(crowdSummary, m, (s) => pctOfCore(s.serverCpuShare, 1)),
          ratio(crowdDurable?.serverCpuShare ?? NaN, crowdSummary.get(fasterCrowdAnchor!)?.serverCpuShare ?? NaN),
          "",
        ),
        row("Crowd: server memory (max RSS)", (m) => cell(crowdSummary, m, (s) => bytes(s.serverRssMax)), "", ""),
      ];
    })(),
    "",
    `Faster anchor: on the trace, the one with the shorter median total time (${fasterTraceAnchor ? SHORT_LABEL[fasterTraceAnchor] : "–"}); in the crowd, the one with the lower median p99 (${fasterCrowdAnchor ? SHORT_LABEL[fasterCrowdAnchor] : "–"}). ` +
      `Medians over runs — trace: ${selectionText(tracePicks)}; crowd: ${selectionText(crowdPicks)}.`,
    "",
    anchorNote,
    "",
    "### Workload 1: the sequential trace",
    "",
    `One writer replays the real keystroke-level editing trace \`${path.basename(file)}\` (Martin Kleppmann writing the LaTeX source of ` +
      `“A Conflict-Free Replicated JSON Datatype”: ${total.toLocaleString("en")} edits, ${trace.endContent.length.toLocaleString("en")} characters ` +
      `at the end) into a document on the server, and ${SETTINGS.readers} readers receive it. Every edit is its own Yjs transaction and ` +
      `so its own WebSocket message from the writer, as when typing. Reported: **total time** from the first edit until every reader has ` +
      `every edit; **updates/s** = edits ÷ total time; **delivery latency** from the writer making an edit to a reader having applied it ` +
      `(percentiles over all ${(count * SETTINGS.readers).toLocaleString("en")} edit × reader pairs); the **database size**. ` +
      `At least ${SETTINGS.runsPerMode} runs per target in ABBA order (${SETTINGS.modes.map((m) => SHORT_LABEL[m]).join(", ")}, then the reverse, …) ` +
      `after one untimed warm-up replay per client library (${warmupEdits.toLocaleString("en")} edits with y-websocket, up to 10,000 with the ` +
      `Hocuspocus provider); runs disturbed by other work on the machine are repeated (up to ${Math.round(SETTINGS.budgetSeconds / 60)} minutes of ` +
      "runs), and the tables show medians.",
    "",
    "How:",
    "",
    "- **Copress**: the real `server/main.ts` (built Remix app, one port, WebSocket sync, better-sqlite3 in WAL mode with " +
      "`synchronous = NORMAL`, i.e. every accepted batch is committed to the WAL before it is broadcast, fsync at checkpoints, " +
      "which a worker thread runs twice a second so that commits do not wait for them, with a backstop on the main connection past ~16 MiB of log: decision 009), " +
      "started as a separate Node process per run with a fresh data folder and the demo data (`startServer` from " +
      `\`tests/helpers/server.ts\`). **\`SYNC_MESSAGES_PER_SECOND=${SETTINGS.messagesPerSecond.toLocaleString("en")}\`** for this workload only: the default ` +
      "per-connection limit (200 messages/s, bursts of 2,000) exists to stop abuse and would turn this into a measurement of the limiter " +
      "(a real person types far below it). The coordinator creates a fresh A5 booklet; the writer is `wren` (role writer), the readers " +
      "are `vic` (role viewer), so Copress also checks every update's scope and the writer's rights. The anchors have no sign-in and " +
      "start from an empty document; otherwise the workload is identical.",
    "- **Clients**: y-websocket 3.1 `WebsocketProvider`s over `ws` for Copress and the reference, `HocuspocusProvider`s for Hocuspocus, " +
      `all ${SETTINGS.readers + 1} in the benchmark's own Node process (one thread), so the clients share the machine's 2 cores with the server. ` +
      "The writer appends a section with one paragraph and replays the trace into that paragraph's `Y.XmlText` (delete, then insert, per " +
      "patch), the structure the editor uses.",
    `- **Pacing**: the writer makes edits as fast as it can, ${SETTINGS.chunk} per event-loop turn, but never more than ` +
      `${SETTINGS.window.toLocaleString("en")} edits ahead of the slowest reader (end-to-end flow control; without it queues grow without ` +
      "bound and latency only measures their length). So the latency here is latency **under saturation**, which includes up to " +
      `${SETTINGS.window.toLocaleString("en")} edits of queueing — far harsher than people typing (that is the crowd workload).`,
    "- **Exact delivery detection**: the writer notes each edit's time and its Yjs clock after the edit, or for delete-only edits " +
      "(30 % of this trace, which do not advance the clock) the id of a character it deleted; after every transaction a reader advances " +
      "over the edits it now has (clock reached / that character deleted here), relying on the server's in-order delivery. Writer and " +
      "readers share one clock (`performance.now()`).",
    "- **Correctness**: after each run the writer's and every reader's text must equal the trace's `endContent`, and so must a client " +
      "that connects afterwards; after each durable run the Copress server is restarted on its data folder and a new client must again get " +
      "`endContent`. Any mismatch fails the benchmark.",
    "- **Database size** (Copress): all files in the data folder (`copress.sqlite`, `-wal`, `-shm`; includes the demo workspace) right after the " +
      "last edit arrived, and after a graceful stop (which compacts the document and checkpoints the WAL). CPU seconds: server from " +
      "`/proc/<pid>/stat` (the anchors too run as their own process), clients from `process.cpuUsage()`, over the replay only.",
    "",
    `Results (medians; a run is **disturbed** when other processes on the machine used more than ${(SETTINGS.maxOtherShare * 100).toFixed(0)} % ` +
      "of its CPU capacity meanwhile; all runs are listed further down):",
    "",
    `| | ${traceCols.map((m) => SHORT_LABEL[m]).join(" | ")} | durable ÷ memory |`,
    `|---|${traceCols.map(() => "---:").join("|")}|---:|`,
    `| Runs in the median | ${traceCols.map((m) => `${tracePicks.get(m)!.used.length}${tracePicks.get(m)!.onlyUndisturbed ? "" : " (all)"}`).join(" | ")} | |`,
    `| Total time | ${traceCols.map((m) => `${traceSummary.get(m)!.totalSeconds.toFixed(2)} s`).join(" | ")} | ${ratio(durable.totalSeconds, memory.totalSeconds)} |`,
    `| Updates/s | ${traceCols.map((m) => int(traceSummary.get(m)!.updatesPerSecond)).join(" | ")} | ${ratio(durable.updatesPerSecond, memory.updatesPerSecond)} |`,
    `| Delivery p50 | ${traceCols.map((m) => `${ms(traceSummary.get(m)!.p50Ms)} ms`).join(" | ")} | |`,
    `| Delivery p99 | ${traceCols.map((m) => `${ms(traceSummary.get(m)!.p99Ms)} ms`).join(" | ")} | |`,
    `| Delivery p99.9 / max | ${traceCols.map((m) => `${ms(traceSummary.get(m)!.p999Ms)} / ${ms(traceSummary.get(m)!.maxMs)} ms`).join(" | ")} | |`,
    `| Server CPU | ${traceCols.map((m) => `${traceSummary.get(m)!.serverCpuSeconds.toFixed(1)} s${share(traceSummary.get(m)!.serverCpuSeconds, traceSummary.get(m)!.totalSeconds)}`).join(" | ")} | ${ratio(durable.serverCpuSeconds, memory.serverCpuSeconds)} |`,
    `| Client process CPU (${SETTINGS.readers + 1} clients) | ${traceCols.map((m) => `${traceSummary.get(m)!.clientCpuSeconds.toFixed(1)} s${share(traceSummary.get(m)!.clientCpuSeconds, traceSummary.get(m)!.totalSeconds)}`).join(" | ")} | |`,
    `| Updates applied per reader (max edits in one) | ${traceCols.map((m) => `${int(traceSummary.get(m)!.broadcastsPerReader)} (${int(traceSummary.get(m)!.maxEditsPerBroadcast)})`).join(" | ")} | |`,
    `| Data folder right after the replay (growth) | ${traceCols.map((m) => (Number.isFinite(traceSummary.get(m)!.dataDirBytesAfterRun) ? `${bytes(traceSummary.get(m)!.dataDirBytesAfterRun)} (+${bytes(traceSummary.get(m)!.dataDirGrowthBytes)})` : "– (in memory)")).join(" | ")} | |`,
    `| Data folder after graceful stop | ${traceCols.map((m) => (Number.isFinite(traceSummary.get(m)!.dataDirBytesAfterStop) ? bytes(traceSummary.get(m)!.dataDirBytesAfterStop) : "–")).join(" | ")} | |`,
    "",
    `**Durability cost: ${pct(durabilityCost)}** in total time (median durable ÷ median in-memory − 1; over all runs, disturbed ` +
      `included: ${pct(durabilityCostAllRuns)}). On the server alone it costs ${pct(durable.serverCpuSeconds / memory.serverCpuSeconds - 1)} CPU.`,
    "",
    lastDurable?.documentBytes
      ? `Last durable run, right after the replay: ${Object.entries(lastDurable.dataDirFilesAfterRun)
          .map(([name, size]) => `\`${name}\` ${formatBytes(size)}`)
          .join(
            ", ",
          )}. After the stop the benchmark document is stored as ${formatBytes(lastDurable.documentBytes.state)} of compacted state` +
        `${lastDurable.documentBytes.logRows ? ` + ${lastDurable.documentBytes.logRows} logged updates (${formatBytes(lastDurable.documentBytes.log)})` : ""} ` +
        `(the whole booklet plus the trace, whose final text is ${formatBytes(Buffer.byteLength(expected))}); between compactions the update log ` +
        "and the WAL make the folder several times larger."
      : SKIP,
    "",
    "All trace runs, in order:",
    "",
    "| Target | Total | Updates/s | p50 | p99 | max | Server CPU | Client CPU | Other processes' CPU | Updates/reader | Data folder after run |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...runs.map(
      (r) =>
        `| ${SHORT_LABEL[r.mode]}${disturbed(r) ? " (disturbed)" : ""} | ${r.totalSeconds.toFixed(2)} s | ${int(r.updatesPerSecond)} | ` +
        `${ms(r.latencyMs.p50)} ms | ${ms(r.latencyMs.p99)} ms | ${ms(r.latencyMs.max)} ms | ${r.serverCpuSeconds.toFixed(1)} s | ` +
        `${r.clientCpuSeconds.toFixed(1)} s | ${Number.isFinite(r.otherCpuSeconds) ? `${r.otherCpuSeconds.toFixed(1)} s` : "–"} | ` +
        `${int(r.broadcastsPerReader)} | ${bytes(r.dataDirBytesAfterRun)} |`,
    ),
    "",
    "### Workload 2: the crowd",
    "",
    `${co.clientsPerDocument} clients in one document, every one of them typing ${co.editsPerSecond} edits/s (${int(co.clientsPerDocument * co.editsPerSecond)} edits/s ` +
      `into the document), for ${co.durationSeconds} s measured after a ${co.warmupSeconds} s warm-up, ${CROWD.runsPerMode}+ runs per target in ABBA order ` +
      `(\`bench/lib/crowd.ts\`). One client first adds a section with a paragraph per client; each client then types into its own paragraph, at its end: ` +
      "mostly one character per edit (85 %), otherwise a short word and its space (autocomplete, a paste), each edit its own Yjs " +
      "transaction and WebSocket message. Gaps between a client's edits are 1/rate on average, each drawn from 0.5–1.5× that, with a random " +
      `start phase per client. ${co.cursors ? "Each edit also moves the client's awareness cursor." : "No awareness cursor moves (an editor would send one per keystroke too; `BENCH_CROWD_CURSORS=1` adds them)."} ` +
      "**Delivery latency** is from a client making an edit to each other client having applied it, over every edit made in the " +
      `measured window × the ${co.clientsPerDocument - 1} other clients (≈ ${int(crowdSamplesPerRun)} samples per run), detected exactly from Yjs state vectors ` +
      "(a client's state for a writer only advances once everything before it has arrived). Every run must deliver every edit to " +
      "every client and end with all clients equal. Servers run with their default settings (Copress: durable unless noted, default " +
      "rate limit 200 messages/s per connection, compaction every 500 batches); all clients are in the benchmark's one Node process.",
    "",
    `| | ${crowdCols.map((m) => SHORT_LABEL[m]).join(" | ")} |`,
    `|---|${crowdCols.map(() => "---:").join("|")}|`,
    `| Runs in the median | ${crowdCols.map((m) => `${crowdPicks.get(m)!.used.length}${crowdPicks.get(m)!.onlyUndisturbed ? "" : " (all)"}`).join(" | ")} |`,
    `| Delivery p50 | ${crowdCols.map((m) => `${ms(crowdSummary.get(m)!.p50Ms)} ms`).join(" | ")} |`,
    `| Delivery p90 | ${crowdCols.map((m) => `${ms(crowdSummary.get(m)!.p90Ms)} ms`).join(" | ")} |`,
    `| Delivery p99 | ${crowdCols.map((m) => `**${ms(crowdSummary.get(m)!.p99Ms)} ms**`).join(" | ")} |`,
    `| Delivery p99.9 / max | ${crowdCols.map((m) => `${ms(crowdSummary.get(m)!.p999Ms)} / ${ms(crowdSummary.get(m)!.maxMs)} ms`).join(" | ")} |`,
    `| Edits/s made | ${crowdCols.map((m) => int(crowdSummary.get(m)!.editsPerSecond)).join(" | ")} |`,
    `| Updates each client applied per second | ${crowdCols.map((m) => int(crowdSummary.get(m)!.messagesPerClientPerSecond)).join(" | ")} |`,
    `| Server CPU (share of one core) | ${crowdCols.map((m) => pctOfCore(crowdSummary.get(m)!.serverCpuShare, 1)).join(" | ")} |`,
    `| Server process memory (max RSS in the window; Copress's includes the whole web app) | ${crowdCols.map((m) => bytes(crowdSummary.get(m)!.serverRssMax)).join(" | ")} |`,
    `| Client process CPU (${co.clientsPerDocument} clients) | ${crowdCols.map((m) => pctOfCore(crowdSummary.get(m)!.clientCpuShare, 1)).join(" | ")} |`,
    `| Client event-loop delay p99 | ${crowdCols.map((m) => `${ms(crowdSummary.get(m)!.clientLoopDelayP99Ms)} ms`).join(" | ")} |`,
    "",
    "“Updates each client applied per second” shows the batching: without it a client gets one message per edit of every other " +
      `client (≈ ${int((co.clientsPerDocument - 1) * co.editsPerSecond)}/s, ${int(co.clientsPerDocument * co.editsPerSecond)}/s with the reference's echo to the sender); ` +
      "Copress and Hocuspocus merge what arrived in one event-loop turn into one broadcast. The client event-loop delay is how late this " +
      "process could run a receiver's handler; it is part of every latency figure here (the clients of all targets pay it alike, but it " +
      "grows with the number of messages the clients must handle).",
    "",
    crowdNote,
    "",
    "All crowd runs, in order:",
    "",
    "| Target | p50 | p99 | max | Edits/s | Server CPU | Client CPU | Other processes' CPU | Client loop delay p99 | Updates/client/s | Server RSS max | Reconnects |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...crowdRuns.map(
      (r) =>
        `| ${SHORT_LABEL[r.mode]}${crowdDisturbed(r) ? " (disturbed)" : ""} | ${ms(r.latencyMs.p50)} ms | ${ms(r.latencyMs.p99)} ms | ${ms(r.latencyMs.max)} ms | ` +
        `${int(r.editsPerSecond)} | ${pctOfCore(r.serverCpuShare, 1)} | ${pctOfCore(r.clientCpuShare, 1)} | ${r.otherCpuSeconds.toFixed(1)} s | ` +
        `${ms(r.clientLoopDelayP99Ms)} ms | ${int(r.messagesPerClientPerSecond)} | ${bytes(r.serverRssMax)} | ${r.reconnects} |`,
    ),
    "",
    "### The anchors",
    "",
    `- **${TARGET_LABEL.reference}**: \`bench/lib/anchor-server.ts reference\` — its own \`server.js\` (an HTTP server whose upgrades go to ` +
      "`setupWSConnection` from `@y/websocket-server/utils`), no persistence (`YPERSISTENCE` unset), in a child process, on the project's " +
      "`ws` 8 (the same as Copress's; the package's own `server.js` would use its optional `ws` 6.2 dependency). It applies each " +
      "message as it arrives and broadcasts every update on its own to **every** connection, the sender included.",
    `- **${TARGET_LABEL.hocuspocus}**: \`bench/lib/anchor-server.ts hocuspocus\` — \`new Server({ port: 0, address: "127.0.0.1", quiet: true })\` ` +
      "with no extensions (in memory) and its defaults, notably `flushDelay: 0`: updates that arrive in one event-loop turn are merged " +
      "(`Y.mergeUpdates`) into one broadcast at `setImmediate`, like Copress's `Room.flush`. Clients are `HocuspocusProvider`s (each with " +
      "its own socket); Hocuspocus's protocol prefixes every message with the document name and acknowledges each update to its sender. " +
      `All Hocuspocus 4.x releases declare \`engines: node >=22\`; ${VERSIONS.hocuspocusServer} (the newest 4.x) installs on Node ${process.versions.node} with an ` +
      "npm EBADENGINE warning and runs correctly here: server and provider only need `ws` (passed as `WebSocketPolyfill`, since Node 20 " +
      "has no global `WebSocket`), and every run of both workloads ends with all clients equal.",
    "- Both anchors keep documents only in memory; Copress durable commits every batch to SQLite before broadcasting it. Ratios " +
      "to the anchors are therefore the cost of Copress's durability, sign-in, rights and scope checks together against servers doing none.",
    "",
    "### Where the time goes",
    "",
    `- Trace, CPU while replaying (medians, durable runs): the client process ${pctOfCore(durable.clientCpuSeconds, durable.totalSeconds)} of one ` +
      `core, the server ${pctOfCore(durable.serverCpuSeconds, durable.totalSeconds)}. The client process (one thread: the writer sending ` +
      `${count.toLocaleString("en")} WebSocket frames and ten readers each applying every broadcast) is ` +
      `${durable.clientCpuSeconds >= durable.serverCpuSeconds ? "the busier of the two, so it, more than the server, sets the pace here" : "less busy than the server"}; ` +
      "with clients on other machines the server would have more headroom than these figures suggest. Targets that batch less make the " +
      "readers apply more updates (row “updates applied per reader”), which costs the shared client process time.",
    `- Batching decides much of the client work: Copress flushes whatever arrived in one event-loop turn as one update, so a ` +
      `slower flush means bigger, fewer broadcasts. Durable flushes (an SQLite commit each) are slower, so readers got ` +
      `${int(durable.broadcastsPerReader)} broadcasts each in the durable runs against ${int(memory.broadcastsPerReader)} in memory. ${
        durable.broadcastsPerReader < memory.broadcastsPerReader
          ? "So part of what durability costs the server is paid back on the clients: the end-to-end ratio understates the server-side cost (its CPU ratio is in the table)."
          : "Here durable runs did not batch more."
      }`,
    memory.dataDirGrowthBytes > 64 * 1024
      ? `- **“Persistence off” is not write-free**: with \`PERSISTENCE=memory\` the update log stays in memory, yet the data folder still ` +
        `grew by ${formatBytes(memory.dataDirGrowthBytes)} during an in-memory replay (the WAL), because other listeners on each stored ` +
        "batch (`Room.onChange`) write to SQLite regardless of the store. So the ratio compares the update log's durability against " +
        "a server that still commits small SQLite writes; it understates the cost of all durability."
      : SKIP,
    `- Shared machine: other processes (other people's type checks, tests and browsers on the same 2 cores) used ` +
      `${otherCpuText} during the trace replays (column “Other processes' CPU”; a quiet machine shows ~0). The benchmark waits up to ` +
      `${(SETTINGS.quietWaitMs / 1000).toFixed(0)} s before each run for the machine to be mostly idle, but cannot stop others ` +
      "starting meanwhile; runs with much foreign CPU are slower and have worse tail latency, so compare medians and look at that column.",
    "- `Y.mergeUpdates` (yjs `mergeUpdatesV2`) re-filters and re-sorts its list of input decoders for every struct it writes, so its cost " +
      "per update grows with the batch (measured here on this trace's single-edit updates, in this process, best of 3); Copress merges in " +
      "groups of 16 (`mergeInGroups` in `server/sync/room.ts`), Hocuspocus merges a turn's updates in one call (bounded by `flushMaxBytes`, 1 MiB):",
    "",
    "| Updates merged | Time | Per update |",
    "|---:|---:|---:|",
    ...mergeCost.map(
      (m) => `| ${m.updates.toLocaleString("en")} | ${m.ms.toFixed(1)} ms | ${m.usPerUpdate.toFixed(1)} µs |`,
    ),
    "",
    "### Targets",
    "",
    `- Every reader ends equal to the trace's \`endContent\`: met (${runs.length} runs × ${SETTINGS.readers} readers, plus warm-ups, newcomers, and restarts after durable runs).`,
    `- Durability costs ≤ 20 %: ${verdict(targets.durabilityCostAtMost20Percent, traceConclusive)} (${pct(durabilityCost)} total time).`,
    `- Trace p99 delivery < 50 ms: ${verdict(targets.p99Below50Ms, traceConclusive)} (durable ${ms(durable.p99Ms)} ms, in memory ${ms(memory.p99Ms)} ms, ` +
      `under saturation with a ${SETTINGS.window.toLocaleString("en")}-edit window).`,
    `- Trace, durable Copress ≤ 1.0× the faster anchor: ${verdict(targets.traceDurableAtMostFasterAnchor, traceConclusive)} ` +
      `(${ratio(durable.totalSeconds, traceSummary.get(fasterTraceAnchor!)?.totalSeconds ?? NaN)}× ${fasterTraceAnchor ? SHORT_LABEL[fasterTraceAnchor] : "–"}'s total time).`,
    `- Crowd, durable Copress ≤ 1.0× the faster anchor (p99): ${verdict(targets.crowdDurableP99AtMostFasterAnchor, crowdConclusive)} ` +
      `(${ratio(crowdDurable?.p99Ms ?? NaN, crowdSummary.get(fasterCrowdAnchor!)?.p99Ms ?? NaN)}× ${fasterCrowdAnchor ? SHORT_LABEL[fasterCrowdAnchor] : "–"}'s p99).`,
    `- Crowd p99 ≤ 50 ms (durable): ${verdict(targets.crowdP99AtMost50Ms, crowdConclusive)} (${ms(crowdDurable?.p99Ms ?? NaN)} ms).`,
  ]
    .filter((line) => line !== SKIP)
    .filter((line, index, all) => !(line === "" && all[index - 1] === ""))
    .join("\n");

  return {
    title: `Sync: a real editing trace to ${SETTINGS.readers} readers and a crowd of ${co.clientsPerDocument}, against two anchors`,
    markdown,
    targetsMet,
    results: {
      trace: { file: path.basename(file), edits: total, replayed: count, endContentLength: trace.endContent.length },
      versions: VERSIONS,
      settings: {
        ...SETTINGS,
        crowd: CROWD,
        serverEnv: { SYNC_MESSAGES_PER_SECOND: SETTINGS.messagesPerSecond, LOG_LEVEL: "info" },
      },
      traceMedians: Object.fromEntries([...traceSummary.entries()].map(([mode, s]) => [mode, roundAll(s)])),
      crowdMedians: Object.fromEntries([...crowdSummary.entries()].map(([mode, s]) => [mode, roundAll(s)])),
      durable: roundAll(durable),
      memory: roundAll(memory),
      fasterAnchor: { trace: fasterTraceAnchor ?? null, crowd: fasterCrowdAnchor ?? null },
      ratioToFasterAnchor: { traceTotalTime: round(traceRatio, 3), crowdP99: round(crowdRatio, 3) },
      durabilityCost: round(durabilityCost, 4),
      durabilityCostAllRuns: round(durabilityCostAllRuns, 4),
      conclusive: { trace: traceConclusive, crowd: crowdConclusive },
      targets,
      mergeUpdatesCost: mergeCost.map((m) => roundAll(m)),
      runs: runs.map((r) => ({
        mode: r.mode,
        totalSeconds: round(r.totalSeconds, 3),
        updatesPerSecond: Math.round(r.updatesPerSecond),
        latencyMs: roundAll(r.latencyMs),
        serverCpuSeconds: round(r.serverCpuSeconds),
        clientCpuSeconds: round(r.clientCpuSeconds),
        broadcastsPerReader: Math.round(r.broadcastsPerReader),
        maxEditsPerBroadcast: r.maxEditsPerBroadcast,
        dataDirBytesBefore: r.dataDirBytesBefore,
        dataDirBytesAfterRun: r.dataDirBytesAfterRun,
        dataDirBytesAfterStop: r.dataDirBytesAfterStop,
        dataDirFilesAfterRun: r.dataDirFilesAfterRun,
        documentBytes: r.documentBytes,
        docStateBytes: r.docStateBytes,
        reconnects: r.reconnects,
        disturbed: disturbed(r),
        clientLoopUtilisation: round(r.clientLoopUtilisation, 3),
        otherCpuSeconds: round(r.otherCpuSeconds),
        busyShareBefore: round(r.busyShareBefore, 3),
        quietWaitSeconds: round(r.quietWaitSeconds, 1),
        writerWaitSeconds: round(r.writerWaitSeconds, 2),
        verifiedAfterRestart: r.verifiedAfterRestart,
      })),
      crowdRuns: crowdRuns.map((r) => ({
        ...roundAll(r),
        latencyMs: roundAll(r.latencyMs),
        disturbed: crowdDisturbed(r),
      })),
    },
  };
}

function roundAll<T extends object>(values: T): T {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, typeof value === "number" ? round(value, 3) : value]),
  ) as T;
}
