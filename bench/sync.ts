/**
 * Sync benchmark: replays a real keystroke-level editing trace (automerge-paper, 259,778 edits) from one writer to
 * ten readers through the real server, with SQLite persistence and with persistence switched off, and reports total
 * time, updates/s, delivery latency (p50/p99 over every edit × reader) and database size.
 *
 * How delivery of edit k is detected exactly, without changing the workload: the writer notes, for every edit, the
 * time it made it and either its own Yjs clock after the edit (edits that insert) or the id of one character it
 * deleted (delete-only edits, 30 % of this trace). The server applies and broadcasts a writer's updates in order,
 * so after each transaction a reader advances a cursor over the edits while "clock reached" / "that character is
 * deleted here" holds; each edit passed gets latency = now − time made. Writer and readers share one process and
 * one clock (performance.now()).
 *
 * Settings (environment): BENCH_SYNC_RUNS (per mode, default 3), BENCH_SYNC_READERS (10), BENCH_SYNC_WINDOW
 * (edits the writer may be ahead of the slowest reader, default 1000), BENCH_SYNC_CHUNK (edits per event-loop turn,
 * default 100), BENCH_SYNC_LIMIT (replay only the first N edits, for quick trials; the report says so),
 * BENCH_TRACE (another trace file of the same format).
 */
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";
import * as Y from "yjs";
import { api, connect, signIn, waitForSync, type SyncClient } from "../tests/helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../tests/helpers/server";
import { projectRoot, type BenchSection } from "./lib/report";
import { formatBytes, median, percentileSorted, round } from "./lib/stats";

type Patch = [position: number, deleteCount: number, insertText: string];
interface Trace {
  startContent: string;
  endContent: string;
  txns: Array<{ time: string; patches: Patch[] }>;
}

type Mode = "sqlite" | "memory";

const SETTINGS = {
  runsPerMode: intEnv("BENCH_SYNC_RUNS", 3),
  readers: intEnv("BENCH_SYNC_READERS", 10),
  window: intEnv("BENCH_SYNC_WINDOW", 1000),
  chunk: intEnv("BENCH_SYNC_CHUNK", 100),
  limit: intEnv("BENCH_SYNC_LIMIT", 0),
  messagesPerSecond: 1_000_000,
  stallMs: 60_000,
};

const TARGETS = { durabilityCost: 0.2, p99Ms: 50 };

const defaultTracePath = path.resolve(projectRoot, "..", "shared", "data", "editing-traces", "automerge-paper.json.gz");

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not "${raw}"`);
  return value;
}

function loadTrace(): { trace: Trace; file: string } {
  const file = process.env.BENCH_TRACE ? path.resolve(process.env.BENCH_TRACE) : defaultTracePath;
  if (!existsSync(file)) {
    throw new Error(`Editing trace not found at ${file}. It lives in shared/data/editing-traces beside the project folder (or set BENCH_TRACE).`);
  }
  const raw = readFileSync(file);
  const trace = JSON.parse((file.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8")) as Trace;
  if (!Array.isArray(trace.txns) || typeof trace.endContent !== "string") throw new Error(`${file} is not an editing trace`);
  return { trace, file };
}

/** The text after the first `count` transactions, computed directly (only needed for BENCH_SYNC_LIMIT trials). */
function expectedText(trace: Trace, count: number): string {
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

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where /proc is missing. */
const clockTicks = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
function processCpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return NaN;
  }
}

function dataDirBytes(dataDir: string): { total: number; files: Record<string, number> } {
  const files: Record<string, number> = {};
  let total = 0;
  for (const name of readdirSync(dataDir)) {
    const size = statSync(path.join(dataDir, name)).size;
    files[name] = size;
    total += size;
  }
  return { total, files };
}

/** Bytes the benchmark document occupies in the database (compacted state + update log), read after the server stopped. */
function storedDocumentBytes(dataDir: string, documentId: string): { state: number; log: number; logRows: number } {
  const db = new Database(path.join(dataDir, "copress.sqlite"), { readonly: true });
  try {
    const state = db.prepare<[string], { n: number | null }>("SELECT length(state) AS n FROM document_states WHERE document_id = ?").get(documentId);
    const log = db
      .prepare<[string], { n: number | null; rows: number }>("SELECT sum(length(data)) AS n, count(*) AS rows FROM document_updates WHERE document_id = ?")
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
  verifiedAfterRestart: boolean;
}

async function replayOnce(mode: Mode, trace: Trace, count: number, expected: string): Promise<RunResult> {
  let server: TestServer | null = null;
  const clients: SyncClient[] = [];
  let stallCheck: NodeJS.Timeout | undefined;
  try {
    server = await startServer({
      env: {
        PERSISTENCE: mode,
        SYNC_MESSAGES_PER_SECOND: String(SETTINGS.messagesPerSecond),
        LOG_LEVEL: "info",
        SYNC_ROOM_IDLE_MS: "60000",
      },
    });
    const url = server.url;
    const [cora, wren, vic] = [await signIn(url, "cora"), await signIn(url, "wren"), await signIn(url, "vic")];
    const created = await api<{ id: string }>(url, cora, "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: "Bench", templateId: "a5-booklet" }),
    });
    if (created.status !== 201 || !created.body?.id) throw new Error(`Could not create the document: ${created.status} ${JSON.stringify(created.body)}`);
    const documentId = created.body.id;

    // The writer (role "writer") adds one section with an empty paragraph at the end of the booklet.
    const writer = connect(url, documentId, wren);
    clients.push(writer);
    await waitForSync(writer);
    writer.doc.transact(() => {
      const section = new Y.XmlElement("section");
      section.setAttribute("id", "s-benchtrace");
      section.setAttribute("title", "Editing trace");
      section.setAttribute("status", "drafting");
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(trace.startContent)]);
      section.insert(0, [paragraph]);
      writer.doc.getXmlFragment("content").push([section]);
    });
    const writerText = findTraceText(writer.doc)!;

    // Ten readers (role "viewer": read-only, as most people watching a document are).
    const readers: Array<{ client: SyncClient; next: number; text: Y.XmlText | null }> = [];
    for (let r = 0; r < SETTINGS.readers; r++) {
      const client = connect(url, documentId, vic);
      clients.push(client);
      readers.push({ client, next: 0, text: null });
    }
    await Promise.all(readers.map((reader) => waitForSync(reader.client)));
    for (const reader of readers) reader.text = await waitFor("the readers to see the new section", () => findTraceText(reader.client.doc));
    let reconnects = 0;
    for (const client of clients) client.provider.on("connection-close", () => (reconnects += 1));
    const dataDirBytesBefore = dataDirBytes(server.dataDir).total;

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
      lastDelete = first.done || first.value[1].length === 0 ? null : { client: first.value[0], clock: first.value[1][0]!.clock };
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
        if (next === reader.next) return;
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

    const serverCpuBefore = processCpuSeconds(server.process.pid);
    const clientCpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    lastProgressAt = startedAt;
    let stalled: Error | null = null;
    let failRun!: (error: Error) => void;
    const failed = new Promise<never>((_, reject) => (failRun = reject));
    failed.catch(() => undefined); // handled through Promise.race below
    stallCheck = setInterval(() => {
      if (stalled || performance.now() - lastProgressAt <= SETTINGS.stallMs) return;
      stalled = new Error(`No reader progressed for ${SETTINGS.stallMs / 1000} s; writer made ${made}, readers at ${readers.map((x) => x.next).join(", ")}`);
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
        await new Promise<void>((resolve) => (wakeWriter = resolve));
        continue;
      }
      for (; made < limit; ) {
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
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const serverCpuSeconds = processCpuSeconds(server.process.pid) - serverCpuBefore;
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

    const afterRun = dataDirBytes(server.dataDir);
    for (const client of clients.splice(0)) client.destroy();

    // The server's own copy: a newcomer must get the same text (after a restart too, when it is durable).
    let verifiedAfterRestart = false;
    const checkNewcomer = async (target: TestServer, token: string, label: string) => {
      const newcomer = connect(target.url, documentId, token);
      try {
        await waitForSync(newcomer, 30_000);
        const text = await waitFor(`the trace section on a newcomer (${label})`, () => findTraceText(newcomer.doc));
        if (text.toString() !== expected) throw new Error(`A client connecting ${label} got a different text than the trace's endContent (${mode} run)`);
      } finally {
        newcomer.destroy();
      }
    };
    await checkNewcomer(server, vic, "after the run");
    await server.stop();
    const dataDirBytesAfterStop = dataDirBytes(server.dataDir).total;
    let documentBytes: RunResult["documentBytes"] = null;
    if (mode === "sqlite") {
      documentBytes = storedDocumentBytes(server.dataDir, documentId);
      const restarted = await startServer({ dataDir: server.dataDir, env: { LOG_LEVEL: "info" } });
      try {
        await checkNewcomer(restarted, await signIn(restarted.url, "vic"), "after a restart");
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
      verifiedAfterRestart,
    };
  } catch (error) {
    if (server) console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`);
    throw error;
  } finally {
    clearInterval(stallCheck);
    for (const client of clients) client.destroy();
    if (server) {
      await server.stop().catch(() => undefined);
      removeDataDir(server.dataDir);
    }
  }
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
    dataDirGrowthBytes: m((r) => r.dataDirBytesAfterRun - r.dataDirBytesBefore),
    dataDirBytesAfterRun: m((r) => r.dataDirBytesAfterRun),
    dataDirBytesAfterStop: m((r) => r.dataDirBytesAfterStop),
  };
}

export async function run(): Promise<BenchSection> {
  process.setMaxListeners(Math.max(process.getMaxListeners(), 4 * SETTINGS.readers)); // each provider listens for "exit"
  const { trace, file } = loadTrace();
  const total = trace.txns.length;
  const count = SETTINGS.limit > 0 ? Math.min(SETTINGS.limit, total) : total;
  const expected = expectedText(trace, count);
  const partial = count < total;
  console.log(
    `Replaying ${count.toLocaleString("en")} of ${total.toLocaleString("en")} edits from ${path.basename(file)} to ${SETTINGS.readers} readers, ` +
      `${SETTINGS.runsPerMode} run(s) per mode (window ${SETTINGS.window}, chunk ${SETTINGS.chunk})`,
  );

  const runs: RunResult[] = [];
  for (let i = 0; i < SETTINGS.runsPerMode; i++) {
    for (const mode of ["sqlite", "memory"] as const) {
      const result = await replayOnce(mode, trace, count, expected);
      runs.push(result);
      console.log(
        `  ${mode.padEnd(6)} run ${i + 1}: ${result.totalSeconds.toFixed(2)} s, ${Math.round(result.updatesPerSecond).toLocaleString("en")} updates/s, ` +
          `p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms, max ${result.latencyMs.max.toFixed(0)} ms; ` +
          `CPU server ${result.serverCpuSeconds.toFixed(1)} s, clients ${result.clientCpuSeconds.toFixed(1)} s; ` +
          `data dir ${formatBytes(result.dataDirBytesAfterRun)}${result.reconnects ? `; ${result.reconnects} reconnects!` : ""}`,
      );
    }
  }
  const durable = summarise(runs.filter((r) => r.mode === "sqlite"));
  const memory = summarise(runs.filter((r) => r.mode === "memory"));
  const durabilityCost = durable.totalSeconds / memory.totalSeconds - 1;
  const pairedCosts = runs
    .filter((r) => r.mode === "sqlite")
    .map((r, i) => r.totalSeconds / runs.filter((x) => x.mode === "memory")[i]!.totalSeconds - 1);
  const worstP99 = Math.max(durable.p99Ms, memory.p99Ms);
  const targets = {
    allReadersEqualEndContent: true, // replayOnce throws otherwise
    durabilityCostAtMost20Percent: durabilityCost <= TARGETS.durabilityCost,
    p99Below50Ms: worstP99 < TARGETS.p99Ms,
  };
  const targetsMet = !partial && Object.values(targets).every(Boolean);
  const durableRuns = runs.filter((r) => r.mode === "sqlite");
  const documentBytes = durableRuns[durableRuns.length - 1]?.documentBytes ?? null;
  const files = durableRuns[durableRuns.length - 1]?.dataDirFilesAfterRun ?? {};

  const yes = (ok: boolean) => (ok ? "met" : "**not met**");
  const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
  const pct = (value: number) => `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)} %`;
  const markdown = [
    partial ? `> **Partial trial run**: only the first ${count.toLocaleString("en")} of ${total.toLocaleString("en")} edits (BENCH_SYNC_LIMIT). Not a result.\n` : "",
    "### What is measured",
    "",
    `One writer replays the real keystroke-level editing trace \`${path.basename(file)}\` (the LaTeX source of the paper “A Conflict-Free ` +
      `Replicated JSON Datatype”, ${total.toLocaleString("en")} edits, ${trace.endContent.length.toLocaleString("en")} characters at the end) ` +
      `into a document on the real server; ${SETTINGS.readers} readers receive it. Every edit is its own Yjs transaction, so its own ` +
      `WebSocket message from the writer, as when typing. Reported: total time from the first edit to the moment every reader has every edit, ` +
      `updates/s (= edits ÷ total time), delivery latency (from the writer making an edit to a reader having applied it; percentiles over all ` +
      `${(count * SETTINGS.readers).toLocaleString("en")} edit × reader pairs), and the database size. The same replay runs with ` +
      `\`PERSISTENCE=memory\` (updates kept in memory, not written to SQLite), so durability's cost is a ratio. ` +
      `Modes alternate (durable, memory, durable, …), ${SETTINGS.runsPerMode} runs each; the table shows medians.`,
    "",
    "### How",
    "",
    "- **Server**: the real `server/main.ts` (built Remix app, one port, WebSocket sync, better-sqlite3 in WAL mode with " +
      "`synchronous = NORMAL`), started as a separate Node process per run with a fresh data folder and the demo data (`startServer` " +
      `from \`tests/helpers/server.ts\`). **\`SYNC_MESSAGES_PER_SECOND=${SETTINGS.messagesPerSecond.toLocaleString("en")}\`**: the default ` +
      "per-connection limit (200 messages/s, bursts of 2,000) exists to stop abuse and would turn this into a measurement of the limiter.",
    "- **Clients**: real y-websocket 3.1 `WebsocketProvider`s over `ws` (`connect` from `tests/helpers/clients.ts`), all 11 in the " +
      "benchmark's own Node process, so clients and server share the machine's cores. The writer is `wren` (role writer); " +
      "the readers are `vic` (role viewer). The coordinator creates a fresh A5 booklet; the writer appends a section with one paragraph " +
      "and replays the trace into that paragraph's `Y.XmlText` (delete, then insert, per patch) — the same structure the editor uses.",
    `- **Pacing**: the writer makes edits as fast as it can, ${SETTINGS.chunk} per event-loop turn, but never more than ` +
      `${SETTINGS.window.toLocaleString("en")} edits ahead of the slowest reader (end-to-end flow control, as any real sender has; without it the ` +
      "queues simply grow and latency measures queue length). So latency here is latency **under saturation**, not of one person typing.",
    "- **Exact delivery detection**: the writer notes each edit's time and its Yjs clock after the edit, or for delete-only edits " +
      "(30 % of this trace) the id of a character it deleted; after every transaction a reader advances over the edits it now has " +
      "(clock reached / that character deleted). Writer and readers share one clock (`performance.now()`).",
    "- **Correctness**: after each run the writer's and every reader's text must equal the trace's `endContent`, and so must a " +
      "client that connects afterwards; in the durable run the server is also restarted and a new client must again get `endContent`. " +
      "Any mismatch fails the benchmark.",
    "- **Database size**: all files in the data folder (`copress.sqlite`, `-wal`, `-shm`; includes the demo workspace) right after " +
      "the last edit arrived, and after a graceful stop (which compacts the document and checkpoints the WAL). CPU seconds are read " +
      "from `/proc` (server) and `process.cpuUsage()` (clients).",
    "",
    "### Results (medians)",
    "",
    "| | durable (SQLite) | in memory | durable ÷ memory |",
    "|---|---:|---:|---:|",
    `| Total time | ${durable.totalSeconds.toFixed(2)} s | ${memory.totalSeconds.toFixed(2)} s | ${(durable.totalSeconds / memory.totalSeconds).toFixed(3)} |`,
    `| Updates/s | ${Math.round(durable.updatesPerSecond).toLocaleString("en")} | ${Math.round(memory.updatesPerSecond).toLocaleString("en")} | ${(durable.updatesPerSecond / memory.updatesPerSecond).toFixed(3)} |`,
    `| Delivery p50 | ${ms(durable.p50Ms)} ms | ${ms(memory.p50Ms)} ms | |`,
    `| Delivery p99 | ${ms(durable.p99Ms)} ms | ${ms(memory.p99Ms)} ms | |`,
    `| Delivery p99.9 / max | ${ms(durable.p999Ms)} / ${ms(durable.maxMs)} ms | ${ms(memory.p999Ms)} / ${ms(memory.maxMs)} ms | |`,
    `| Server CPU | ${durable.serverCpuSeconds.toFixed(1)} s (${((durable.serverCpuSeconds / durable.totalSeconds) * 100).toFixed(0)} % of a core) | ${memory.serverCpuSeconds.toFixed(1)} s (${((memory.serverCpuSeconds / memory.totalSeconds) * 100).toFixed(0)} % of a core) | ${(durable.serverCpuSeconds / memory.serverCpuSeconds).toFixed(3)} |`,
    `| Client process CPU (11 clients) | ${durable.clientCpuSeconds.toFixed(1)} s | ${memory.clientCpuSeconds.toFixed(1)} s | |`,
    `| Data folder after the replay (growth) | ${formatBytes(durable.dataDirBytesAfterRun)} (+${formatBytes(durable.dataDirGrowthBytes)}) | ${formatBytes(memory.dataDirBytesAfterRun)} (+${formatBytes(memory.dataDirGrowthBytes)}) | |`,
    `| Data folder after graceful stop | ${formatBytes(durable.dataDirBytesAfterStop)} | ${formatBytes(memory.dataDirBytesAfterStop)} | |`,
    "",
    `**Durability cost: ${pct(durabilityCost)}** total time (median durable ÷ median in-memory − 1; per alternating pair: ${pairedCosts.map(pct).join(", ")}).`,
    "",
    documentBytes
      ? `Last durable run, right after the replay: ${Object.entries(files)
          .map(([name, size]) => `\`${name}\` ${formatBytes(size)}`)
          .join(", ")}. After the stop, the benchmark document is ${formatBytes(documentBytes.state)} of compacted state` +
        `${documentBytes.logRows ? ` + ${documentBytes.logRows} logged updates (${formatBytes(documentBytes.log)})` : ""}; ` +
        `its full Yjs state (with the whole booklet) encodes to ${formatBytes(durableRuns[durableRuns.length - 1]!.docStateBytes)}.`
      : "",
    "",
    "All runs:",
    "",
    "| Mode | Total | Updates/s | p50 | p99 | max | Server CPU | Client CPU | Data folder after run |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...runs.map(
      (r) =>
        `| ${r.mode === "sqlite" ? "durable" : "memory"} | ${r.totalSeconds.toFixed(2)} s | ${Math.round(r.updatesPerSecond).toLocaleString("en")} | ` +
        `${ms(r.latencyMs.p50)} ms | ${ms(r.latencyMs.p99)} ms | ${ms(r.latencyMs.max)} ms | ${r.serverCpuSeconds.toFixed(1)} s | ` +
        `${r.clientCpuSeconds.toFixed(1)} s | ${formatBytes(r.dataDirBytesAfterRun)} |`,
    ),
    "",
    "### Targets",
    "",
    `- Every reader ends equal to the trace's \`endContent\`: met (${runs.length} runs × ${SETTINGS.readers} readers, plus newcomers and a restart).`,
    `- Durability costs ≤ 20 %: ${yes(targets.durabilityCostAtMost20Percent)} (${pct(durabilityCost)}).`,
    `- p99 delivery < 50 ms on this machine: ${yes(targets.p99Below50Ms)} (durable ${ms(durable.p99Ms)} ms, in memory ${ms(memory.p99Ms)} ms).`,
  ]
    .filter((line, index, all) => !(line === "" && all[index - 1] === ""))
    .join("\n");

  return {
    title: "Sync: replaying a real editing trace to 10 readers",
    markdown,
    targetsMet,
    results: {
      trace: { file: path.basename(file), edits: total, replayed: count, endContentLength: trace.endContent.length },
      settings: { ...SETTINGS, serverEnv: { SYNC_MESSAGES_PER_SECOND: SETTINGS.messagesPerSecond, LOG_LEVEL: "info" } },
      durable: roundAll(durable),
      memory: roundAll(memory),
      durabilityCost: round(durabilityCost, 4),
      pairedDurabilityCosts: pairedCosts.map((c) => round(c, 4)),
      targets,
      runs: runs.map((r) => ({
        mode: r.mode,
        totalSeconds: round(r.totalSeconds, 3),
        updatesPerSecond: Math.round(r.updatesPerSecond),
        latencyMs: roundAll(r.latencyMs),
        serverCpuSeconds: round(r.serverCpuSeconds),
        clientCpuSeconds: round(r.clientCpuSeconds),
        dataDirBytesBefore: r.dataDirBytesBefore,
        dataDirBytesAfterRun: r.dataDirBytesAfterRun,
        dataDirBytesAfterStop: r.dataDirBytesAfterStop,
        dataDirFilesAfterRun: r.dataDirFilesAfterRun,
        documentBytes: r.documentBytes,
        docStateBytes: r.docStateBytes,
        reconnects: r.reconnects,
        verifiedAfterRestart: r.verifiedAfterRestart,
      })),
    },
  };
}

function roundAll<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === "number" ? round(value, 3) : value])) as T;
}
