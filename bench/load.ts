/**
 * Load benchmark (issue 7, item 6), against the real Copress server, durable (SQLite), default settings:
 *
 * 1. **Many people at once**: 200 clients across 20 documents (10 per document), every client typing 5 edits/s, for
 *    60 s measured after a warm-up (the crowd workload of bench/lib/crowd.ts, spread over documents): delivery latency
 *    p50/p99 over every edit × every other client of its document, server CPU and memory from /proc/<pid>.
 * 2. **Idle documents**: 1,000 documents created through the API (`POST /api/documents` as the coordinator, timed),
 *    then loaded — a client connects to each, syncs and leaves — and released by the server's idle unload
 *    (`SYNC_ROOM_IDLE_MS`), three times. Memory per loaded document = (server RSS with all 1,000 loaded − RSS before)
 *    ÷ 1,000, and the same for the V8 heap. The heap is read from outside the server through the V8 inspector
 *    (`--inspect` on a random local port: `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage`); the server's
 *    code is not changed. "Rooms unload" is shown by the heap returning to its level before loading, and by every
 *    cycle costing the same again (a room still loaded would cost nothing the second time).
 *
 * Settings (environment): BENCH_LOAD_RUNS (undisturbed runs wanted, 3), BENCH_LOAD_DOCS (20), BENCH_LOAD_CLIENTS
 * (clients per document, 10), BENCH_LOAD_WRITERS (writers per document, = clients), BENCH_LOAD_RATE (edits/s per
 * writer, 5), BENCH_LOAD_SECONDS (60), BENCH_LOAD_WARMUP_S (5), BENCH_LOAD_CURSORS (1 = awareness cursor per edit),
 * BENCH_LOAD_BUDGET_S (replace disturbed runs until then, 420), BENCH_LOAD_MODES (targets, "sqlite"; the anchors
 * work too), BENCH_LOAD_IDLE_DOCS (1000), BENCH_LOAD_IDLE_CYCLES (3), BENCH_LOAD_IDLE_MS (the server's room idle
 * time for part 2, 20000), BENCH_LOAD_PROFILE (default 1: one extra run of part 1 with the server CPU-profiled through the
 * inspector, and its hottest functions in the report; 0 skips it).
 */
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import * as Y from "yjs";
import { api, connect, signIn, waitForSync } from "../tests/helpers/clients";
import { removeDataDir, startServer } from "../tests/helpers/server";
import { runCrowd, type CrowdOptions, type CrowdResult } from "./lib/crowd";
import { intEnv } from "./lib/env";
import { processMemory, waitForQuietMachine } from "./lib/proc";
import type { BenchSection } from "./lib/report";
import { pickRuns, runSeries } from "./lib/series";
import { formatBytes, median, round } from "./lib/stats";
import { SHORT_LABEL, startTarget, TARGET_LABEL, type TargetKind } from "./lib/targets";

const clientsPerDocument = intEnv("BENCH_LOAD_CLIENTS", 10);
const SETTINGS = {
  modes: (process.env.BENCH_LOAD_MODES || "sqlite").split(",").map((m) => m.trim()) as TargetKind[],
  runs: intEnv("BENCH_LOAD_RUNS", 3),
  budgetSeconds: intEnv("BENCH_LOAD_BUDGET_S", 420),
  quietWaitMs: intEnv("BENCH_SYNC_QUIET_WAIT_MS", 20_000),
  maxOtherShare: intEnv("BENCH_SYNC_MAX_OTHER_PERCENT", 10) / 100,
  crowd: {
    documents: intEnv("BENCH_LOAD_DOCS", 20),
    clientsPerDocument,
    writersPerDocument: intEnv("BENCH_LOAD_WRITERS", clientsPerDocument),
    editsPerSecond: intEnv("BENCH_LOAD_RATE", 5),
    warmupSeconds: intEnv("BENCH_LOAD_WARMUP_S", 5),
    durationSeconds: intEnv("BENCH_LOAD_SECONDS", 60),
    drainSeconds: 20,
    cursors: intEnv("BENCH_LOAD_CURSORS", 0) === 1,
    connectBatch: 25,
  } satisfies CrowdOptions,
  idleDocs: intEnv("BENCH_LOAD_IDLE_DOCS", 1000),
  idleCycles: intEnv("BENCH_LOAD_IDLE_CYCLES", 3),
  idleMs: intEnv("BENCH_LOAD_IDLE_MS", 20_000),
  profile: intEnv("BENCH_LOAD_PROFILE", 1) === 1,
};

const TARGETS = { p99Ms: 50, bytesPerIdleDocument: 300_000 };

// ---------------------------------------------------------------------------------------------------------------
// Part 1: many clients

interface LoadRun extends CrowdResult {
  mode: TargetKind;
}

/**
 * One run against a fresh server. With `profile`, the server runs with the V8 inspector on a random local port and
 * is CPU-profiled (inspector `Profiler` domain, 1 ms sampling) from before the clients connect until the run ends.
 */
async function loadOnce(mode: TargetKind, profile = false): Promise<LoadRun & { profile?: CpuProfile }> {
  const target = await startTarget(mode, profile ? { NODE_OPTIONS: "--inspect=127.0.0.1:0" } : {});
  let inspector: Inspector | null = null;
  try {
    if (profile) {
      const url = /Debugger listening on (ws:\/\/\S+)/.exec(target.output())?.[1];
      if (!url) throw new Error("No inspector address in the server's output");
      inspector = await Inspector.open(url);
      await inspector.send("Profiler.enable");
      await inspector.send("Profiler.setSamplingInterval", { interval: 1000 });
    }
    await waitForQuietMachine(SETTINGS.quietWaitMs);
    await inspector?.send("Profiler.start");
    const result = await runCrowd(target, SETTINGS.crowd);
    const cpuProfile = inspector ? (await inspector.send<{ profile: CpuProfile }>("Profiler.stop")).profile : undefined;
    if (result.undelivered > 0)
      throw new Error(`${result.undelivered} edit × client deliveries never arrived (${mode} load run)`);
    if (!result.converged) throw new Error(`The clients did not converge (${mode} load run)`);
    return { mode, ...result, ...(cpuProfile ? { profile: cpuProfile } : {}) };
  } catch (error) {
    console.error(`Server output (last 3000 characters):\n${target.output().slice(-3000)}`);
    throw error;
  } finally {
    inspector?.close();
    await target.stop().catch(() => undefined);
    if (target.copress) void removeDataDir(target.copress.dataDir);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CPU profile of the server (optional): where its time goes under this load.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Hotspot {
  functionName: string;
  location: string;
  selfPercent: number;
  totalPercent: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Self and total (inclusive) time per function from a V8 CPU profile, top `limit` by self time. */
function hotspots(
  profile: CpuProfile,
  limit = 15,
): { self: Hotspot[]; byPackage: Array<{ name: string; percent: number }>; idlePercent: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const hits = new Map<number, number>();
  for (const sample of profile.samples) hits.set(sample, (hits.get(sample) ?? 0) + 1);
  const total = profile.samples.length;
  const key = (node: ProfileNode) => {
    const url = node.callFrame.url.replace(/^file:\/\//, "").replace(/\?.*$/, "");
    const short = url.includes("/node_modules/")
      ? url.slice(url.lastIndexOf("/node_modules/") + 14)
      : path.relative(process.cwd(), url) || url;
    return `${node.callFrame.functionName || "(anonymous)"}\u0000${short}:${node.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let idle = 0;
  for (const [id, count] of hits) {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    if (name === "(idle)" || name === "(program)" || name === "(garbage collector)") {
      if (name === "(idle)") idle += count;
    }
    self.set(key(node), (self.get(key(node)) ?? 0) + count);
    const url = node.callFrame.url;
    const pkg = url.includes("/node_modules/")
      ? url
          .slice(url.lastIndexOf("/node_modules/") + 14)
          .split("/")
          .slice(0, url.slice(url.lastIndexOf("/node_modules/") + 14).startsWith("@") ? 2 : 1)
          .join("/")
      : url
        ? url.includes("/server/")
          ? "copress server/"
          : url.includes("/app/")
            ? "copress app/"
            : url.startsWith("node:")
              ? "node internals"
              : "other"
        : name || "(native)";
    packages.set(pkg, (packages.get(pkg) ?? 0) + count);
    // Inclusive time: every distinct function on the stack gets the sample once.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + count);
    }
  }
  const busy = Math.max(1, total - idle); // percentages are of the samples in which the server was doing something
  const split = (k: string) => {
    const [functionName, location] = k.split("\u0000");
    return { functionName: functionName!, location: location! };
  };
  return {
    self: [...self.entries()]
      .filter(([k]) => !/^\((idle|root)\)/.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([k, count]) => ({
        ...split(k),
        selfPercent: (count / busy) * 100,
        totalPercent: ((inclusive.get(k) ?? 0) / busy) * 100,
      })),
    byPackage: [...packages.entries()]
      .filter(([name]) => name !== "(idle)")
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([name, count]) => ({ name, percent: (count / busy) * 100 })),
    idlePercent: (idle / total) * 100,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Part 2: idle documents

/** A minimal Chrome DevTools Protocol client for the server's inspector (only to read heap figures and force a GC). */
class Inspector {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id === undefined) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result);
    });
  }

  static async open(url: string): Promise<Inspector> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return new Inspector(socket);
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise<T>((resolve, reject) =>
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject }),
    );
  }

  /** Full GC (twice, so weakly held things go too), then the heap in use and the process's RSS. */
  async measure(pid: number): Promise<{ heapUsed: number; heapTotal: number; rss: number }> {
    await this.send("HeapProfiler.collectGarbage");
    await this.send("HeapProfiler.collectGarbage");
    const usage = await this.send<{ usedSize: number; totalSize: number }>("Runtime.getHeapUsage");
    return { heapUsed: usage.usedSize, heapTotal: usage.totalSize, rss: processMemory(pid).rss };
  }

  close() {
    this.socket.close();
  }
}

interface IdleCycle {
  openSeconds: number;
  before: { heapUsed: number; rss: number };
  loaded: { heapUsed: number; rss: number };
  released: { heapUsed: number; rss: number };
  rssPerDocument: number;
  heapPerDocument: number;
  /** Share of the loaded heap growth still there after the idle time (0 = all released). */
  heapLeftShare: number;
}

interface IdleResult {
  documents: number;
  createSeconds: number;
  createPerSecond: number;
  createP99Ms: number;
  documentStateBytes: number;
  idleMs: number;
  baseline: { heapUsed: number; rss: number };
  afterCreate: { heapUsed: number; rss: number };
  cycles: IdleCycle[];
  rssPerDocument: number;
  heapPerDocument: number;
  unloaded: boolean;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]!, index);
      }
    }),
  );
  return results;
}

async function idleDocuments(): Promise<IdleResult> {
  const server = await startServer({
    env: {
      PERSISTENCE: "database",
      LOG_LEVEL: "info",
      SYNC_ROOM_IDLE_MS: String(SETTINGS.idleMs),
      NODE_OPTIONS: "--inspect=127.0.0.1:0",
    },
  });
  let inspector: Inspector | null = null;
  try {
    const inspectorUrl = /Debugger listening on (ws:\/\/\S+)/.exec(server.output())?.[1];
    if (!inspectorUrl)
      throw new Error(`No inspector address in the server's output:\n${server.output().slice(0, 2000)}`);
    inspector = await Inspector.open(inspectorUrl);
    const pid = server.process.pid!;
    const [cora, vic] = [await signIn(server.url, "cora"), await signIn(server.url, "vic")];
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const baseline = await inspector.measure(pid);

    // 1,000 documents through the API, as a coordinator would make them (8 requests at a time).
    const createTimes: number[] = [];
    const createStarted = performance.now();
    const ids = await mapLimit(
      Array.from({ length: SETTINGS.idleDocs }, (_, i) => i),
      8,
      async (i) => {
        const started = performance.now();
        const created = await api<{ id: string }>(server.url, cora, "/api/documents", {
          method: "POST",
          body: JSON.stringify({ title: `Idle ${i + 1}`, templateId: "a5-booklet" }),
        });
        createTimes.push(performance.now() - started);
        if (created.status !== 201 || !created.body?.id)
          throw new Error(`Could not create document ${i + 1}: ${created.status} ${JSON.stringify(created.body)}`);
        return created.body.id;
      },
    );
    const createSeconds = (performance.now() - createStarted) / 1000;
    createTimes.sort((a, b) => a - b);
    // Creating does not open rooms, but let anything it started settle and unload.
    await new Promise((resolve) => setTimeout(resolve, Math.min(SETTINGS.idleMs + 2000, 5000)));
    const afterCreate = await inspector.measure(pid);

    let documentStateBytes = NaN;
    const cycles: IdleCycle[] = [];
    for (let cycle = 0; cycle < SETTINGS.idleCycles; cycle++) {
      const before = await inspector.measure(pid);
      const openStarted = performance.now();
      await mapLimit(ids, 25, async (id) => {
        const client = connect(server.url, id, vic);
        try {
          await waitForSync(client, 30_000);
          if (!Number.isFinite(documentStateBytes)) documentStateBytes = Y.encodeStateAsUpdate(client.doc).byteLength;
        } finally {
          client.destroy();
        }
      });
      const openSeconds = (performance.now() - openStarted) / 1000;
      if (openSeconds * 1000 > SETTINGS.idleMs * 0.8) {
        console.warn(
          `  Opening ${ids.length} documents took ${openSeconds.toFixed(1)} s, close to SYNC_ROOM_IDLE_MS (${SETTINGS.idleMs} ms): the first may unload before the measurement.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500)); // the last disconnects arrive
      const loaded = await inspector.measure(pid);
      // Released: the idle time after the last disconnect, plus a margin.
      await new Promise((resolve) => setTimeout(resolve, SETTINGS.idleMs + 3000));
      const released = await inspector.measure(pid);
      const heapGrowth = loaded.heapUsed - before.heapUsed;
      cycles.push({
        openSeconds,
        before,
        loaded,
        released,
        rssPerDocument: (loaded.rss - before.rss) / ids.length,
        heapPerDocument: heapGrowth / ids.length,
        heapLeftShare: (released.heapUsed - before.heapUsed) / heapGrowth,
      });
      console.log(
        `  idle cycle ${cycle + 1}: opened ${ids.length} in ${openSeconds.toFixed(1)} s; RSS ${formatBytes(before.rss)} → ${formatBytes(loaded.rss)} → ${formatBytes(released.rss)}; ` +
          `heap ${formatBytes(before.heapUsed)} → ${formatBytes(loaded.heapUsed)} → ${formatBytes(released.heapUsed)}; ` +
          `per document: RSS ${formatBytes((loaded.rss - before.rss) / ids.length)}, heap ${formatBytes(heapGrowth / ids.length)}`,
      );
    }
    const heapPerDocument = median(cycles.map((c) => c.heapPerDocument));
    // Unloaded: after each idle time at most 10 % of the cycle's heap growth is left, and every cycle grew by about the
    // same (within 30 % of the median: a document still loaded from the cycle before would not grow it again).
    const unloaded = cycles.every(
      (c) => c.heapLeftShare < 0.1 && Math.abs(c.heapPerDocument - heapPerDocument) <= 0.3 * heapPerDocument,
    );
    return {
      documents: ids.length,
      createSeconds,
      createPerSecond: ids.length / createSeconds,
      createP99Ms: createTimes[Math.min(createTimes.length - 1, Math.ceil(createTimes.length * 0.99) - 1)]!,
      documentStateBytes,
      idleMs: SETTINGS.idleMs,
      baseline,
      afterCreate,
      cycles,
      rssPerDocument: median(cycles.map((c) => c.rssPerDocument)),
      heapPerDocument,
      unloaded,
    };
  } catch (error) {
    console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`);
    throw error;
  } finally {
    inspector?.close();
    await server.stop().catch(() => undefined);
    void removeDataDir(server.dataDir);
  }
}

// ---------------------------------------------------------------------------------------------------------------

export async function run(): Promise<BenchSection> {
  const c = SETTINGS.crowd;
  const totalClients = c.documents * c.clientsPerDocument;
  process.setMaxListeners(Math.max(process.getMaxListeners(), 4 * totalClients + 20));
  const cores = os.cpus().length;
  console.log(
    `Load: ${totalClients} clients across ${c.documents} documents, ${c.writersPerDocument} of ${c.clientsPerDocument} per document typing ${c.editsPerSecond} edits/s, ` +
      `${c.durationSeconds} s, ${SETTINGS.runs} run(s) per target ${SETTINGS.modes.join("/")}; then ${SETTINGS.idleDocs} idle documents × ${SETTINGS.idleCycles} cycles`,
  );
  const disturbed = (r: LoadRun) => r.otherCpuSeconds / (cores * r.wallSeconds) > SETTINGS.maxOtherShare;
  const describe = (r: LoadRun) =>
    `p50 ${r.latencyMs.p50.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms, max ${r.latencyMs.max.toFixed(0)} ms over ${r.latencyMs.samples.toLocaleString("en")} deliveries; ` +
    `${r.editsPerSecond.toFixed(0)} edits/s; server CPU ${(r.serverCpuShare * 100).toFixed(0)} % of a core, RSS max ${formatBytes(r.serverRssMax)}; clients ${(r.clientCpuShare * 100).toFixed(0)} %; ` +
    `other processes ${r.otherCpuSeconds.toFixed(1)} s; client loop delay p99 ${r.clientLoopDelayP99Ms.toFixed(0)} ms; setup ${r.setupSeconds.toFixed(1)} s${r.reconnects ? `; ${r.reconnects} RECONNECTS` : ""}`;
  const runs =
    SETTINGS.runs > 0
      ? await runSeries(
          "load",
          SETTINGS.modes,
          SETTINGS.runs,
          SETTINGS.budgetSeconds,
          (mode) => loadOnce(mode),
          disturbed,
          describe,
        )
      : [];

  // One more run with the server under the CPU profiler (not in the medians): where its time goes under this load.
  let profile: ReturnType<typeof hotspots> | null = null;
  let profileRun: LoadRun | null = null;
  if (SETTINGS.profile) {
    const { profile: cpuProfile, ...measured } = await loadOnce("sqlite", true);
    profileRun = measured;
    if (cpuProfile) profile = hotspots(cpuProfile);
    console.log(`  profiled run: ${describe(profileRun)}`);
  }

  const idle = SETTINGS.idleDocs > 0 && SETTINGS.idleCycles > 0 ? await idleDocuments() : null;

  // ---- Report ----
  const picks = new Map(SETTINGS.modes.map((mode) => [mode, pickRuns(runs, mode, disturbed, SETTINGS.runs)] as const));
  const m = (list: LoadRun[], get: (r: LoadRun) => number) => median(list.map(get));
  const summary = new Map(
    [...picks.entries()].map(([mode, p]) => [
      mode,
      {
        runs: p.used.length,
        onlyUndisturbed: p.onlyUndisturbed,
        p50Ms: m(p.used, (r) => r.latencyMs.p50),
        p90Ms: m(p.used, (r) => r.latencyMs.p90),
        p99Ms: m(p.used, (r) => r.latencyMs.p99),
        p999Ms: m(p.used, (r) => r.latencyMs.p999),
        maxMs: m(p.used, (r) => r.latencyMs.max),
        samples: m(p.used, (r) => r.latencyMs.samples),
        editsPerSecond: m(p.used, (r) => r.editsPerSecond),
        messagesPerClientPerSecond: m(p.used, (r) => r.messagesPerClientPerSecond),
        serverCpuShare: m(p.used, (r) => r.serverCpuShare),
        clientCpuShare: m(p.used, (r) => r.clientCpuShare),
        serverRssStart: m(p.used, (r) => r.serverRssStart),
        serverRssMax: m(p.used, (r) => r.serverRssMax),
        serverRssEnd: m(p.used, (r) => r.serverRssEnd),
        clientLoopDelayP99Ms: m(p.used, (r) => r.clientLoopDelayP99Ms),
        setupSeconds: m(p.used, (r) => r.setupSeconds),
      },
    ]),
  );
  const durable = summary.get("sqlite");
  const conclusive = [...picks.values()].every((p) => p.onlyUndisturbed) && runs.length > 0;
  const targets = {
    p99Below50MsAt200Clients: (durable?.p99Ms ?? NaN) < TARGETS.p99Ms,
    below300kBPerIdleDocument: (idle?.rssPerDocument ?? NaN) < TARGETS.bytesPerIdleDocument,
    roomsUnload: idle?.unloaded ?? false,
  };
  const targetsMet = conclusive && Object.values(targets).every(Boolean);
  const ms = (value: number) => (!Number.isFinite(value) ? "–" : value < 10 ? value.toFixed(1) : value.toFixed(0));
  const pctCore = (share: number) => (Number.isFinite(share) ? `${(share * 100).toFixed(0)} %` : "–");
  const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en") : "–");
  const kb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1000).toFixed(1)} kB` : "–");
  const yes = (ok: boolean) => (ok ? "met" : "**not met**");
  const cols = [...summary.keys()];
  const writersText =
    c.writersPerDocument >= c.clientsPerDocument
      ? "every client types"
      : `${c.writersPerDocument} of every ${c.clientsPerDocument} clients type, the others only read`;

  const markdown = [
    "### 1. 200 people at once",
    "",
    `**Workload**: ${totalClients} clients across ${c.documents} documents (${c.clientsPerDocument} per document); ${writersText} ` +
      `${c.editsPerSecond} edits/s (so ${int(c.documents * c.writersPerDocument * c.editsPerSecond)} edits/s reach the server, each to be delivered ` +
      `to the ${c.clientsPerDocument - 1} other clients of its document). Every client writing is the harshest case of the issue's “5 edits/s per ` +
      "active writer”: a real group has more readers than typists. The typing is the crowd workload of the sync benchmark " +
      "(`bench/lib/crowd.ts`): each client types into its own paragraph of a shared section, mostly one character per edit, each " +
      `edit its own Yjs transaction and WebSocket message, gaps 0.5–1.5× the mean, ${c.durationSeconds} s measured after a ${c.warmupSeconds} s warm-up. ` +
      `${c.cursors ? "Each edit also moves the awareness cursor." : "No awareness cursor moves."} ` +
      `**Server**: the real Copress server, durable (SQLite), its default settings (rate limit 200 messages/s per connection, compaction ` +
      "every 500 batches), a fresh data folder per run; documents created through the API by the coordinator, writers signed in as " +
      "`wren` and `will`. **Clients**: y-websocket 3.1 providers, all in the benchmark's one Node process (they share the 2 cores with the " +
      "server). **Latency**: from a client making an edit to each other client of its document having applied it, detected exactly " +
      "from Yjs state vectors, over every edit made in the measured window; every run must deliver every edit and end with all clients " +
      `equal. **CPU and memory**: the server process's, from \`/proc/<pid>/stat\` and \`/proc/<pid>/status\` (RSS sampled every second). ` +
      `At least ${SETTINGS.runs} runs; a run is disturbed when other processes used more than ${(SETTINGS.maxOtherShare * 100).toFixed(0)} % of the ` +
      "machine meanwhile, and is then repeated (within a time budget); medians below.",
    "",
    `| | ${cols.map((mode) => (mode === "sqlite" ? "Copress durable" : SHORT_LABEL[mode])).join(" | ")} | target |`,
    `|---|${cols.map(() => "---:").join("|")}|---|`,
    `| Runs in the median | ${cols.map((mode) => `${summary.get(mode)!.runs}${summary.get(mode)!.onlyUndisturbed ? "" : " (all, disturbed included)"}`).join(" | ")} | |`,
    `| Delivery p50 | ${cols.map((mode) => `${ms(summary.get(mode)!.p50Ms)} ms`).join(" | ")} | |`,
    `| Delivery p90 | ${cols.map((mode) => `${ms(summary.get(mode)!.p90Ms)} ms`).join(" | ")} | |`,
    `| **Delivery p99** | ${cols.map((mode) => `**${ms(summary.get(mode)!.p99Ms)} ms**`).join(" | ")} | < 50 ms |`,
    `| Delivery p99.9 / max | ${cols.map((mode) => `${ms(summary.get(mode)!.p999Ms)} / ${ms(summary.get(mode)!.maxMs)} ms`).join(" | ")} | |`,
    `| Deliveries measured per run | ${cols.map((mode) => int(summary.get(mode)!.samples)).join(" | ")} | |`,
    `| Edits/s made | ${cols.map((mode) => int(summary.get(mode)!.editsPerSecond)).join(" | ")} | |`,
    `| Updates each client applied per second | ${cols.map((mode) => int(summary.get(mode)!.messagesPerClientPerSecond)).join(" | ")} | |`,
    `| Server CPU (share of one core) | ${cols.map((mode) => pctCore(summary.get(mode)!.serverCpuShare)).join(" | ")} | |`,
    `| Server RSS: start / max / end of the window | ${cols.map((mode) => `${formatBytes(summary.get(mode)!.serverRssStart)} / ${formatBytes(summary.get(mode)!.serverRssMax)} / ${formatBytes(summary.get(mode)!.serverRssEnd)}`).join(" | ")} | |`,
    `| Client process CPU (${totalClients} clients) | ${cols.map((mode) => pctCore(summary.get(mode)!.clientCpuShare)).join(" | ")} | |`,
    `| Client event-loop delay p99 | ${cols.map((mode) => `${ms(summary.get(mode)!.clientLoopDelayP99Ms)} ms`).join(" | ")} | |`,
    `| Setup: documents + ${totalClients} clients connected | ${cols.map((mode) => `${summary.get(mode)!.setupSeconds.toFixed(1)} s`).join(" | ")} | |`,
    "",
    "All runs, in order:",
    "",
    "| Target | p50 | p99 | max | Edits/s | Server CPU | Server RSS max | Client CPU | Other processes' CPU | Client loop delay p99 | Reconnects |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...runs.map(
      (r) =>
        `| ${TARGET_LABEL[r.mode]}${disturbed(r) ? " (disturbed)" : ""} | ${ms(r.latencyMs.p50)} ms | ${ms(r.latencyMs.p99)} ms | ${ms(r.latencyMs.max)} ms | ` +
        `${int(r.editsPerSecond)} | ${pctCore(r.serverCpuShare)} | ${formatBytes(r.serverRssMax)} | ${pctCore(r.clientCpuShare)} | ${r.otherCpuSeconds.toFixed(1)} s | ` +
        `${ms(r.clientLoopDelayP99Ms)} ms | ${r.reconnects} |`,
    ),
    "",
    "The client event-loop delay is how late the benchmark's own process could run a receiver's handler; it is inside every latency " +
      "figure (the 200 clients share one thread), so the server's own share of the latency is smaller than the table says.",
    "",
    ...(profile && profileRun
      ? [
          "**Where the server's time goes** (one extra run, not in the medians, with the server CPU-profiled through the V8 inspector " +
            `— \`Profiler.start\` before the clients connect, \`Profiler.stop\` after the last edit arrived, 1 ms sampling: p99 ${ms(profileRun.latencyMs.p99)} ms, ` +
            `server CPU ${pctCore(profileRun.serverCpuShare)} of a core; the server was idle in ${profile.idlePercent.toFixed(0)} % of the samples; ` +
            "percentages are of the busy samples, “total” includes callees; `(program)` is V8/native time not attributed to a JavaScript function):",
          "",
          "| Function | Where | Self | Total |",
          "|---|---|---:|---:|",
          ...profile.self.map(
            (h) =>
              `| \`${h.functionName}\` | \`${h.location}\` | ${h.selfPercent.toFixed(1)} % | ${h.totalPercent.toFixed(1)} % |`,
          ),
          "",
          `By package or native function (self time, of busy samples): ${profile.byPackage.map((p) => `${p.name} ${p.percent.toFixed(1)} %`).join(", ")}.`,
          "",
        ]
      : []),
    "### 2. 1,000 idle documents loaded, then released",
    "",
    idle
      ? [
          `**Method**: one durable server with \`SYNC_ROOM_IDLE_MS=${idle.idleMs}\` (a room with no connections unloads after this long; default 30 s) ` +
            "and the V8 inspector on a random local port (`NODE_OPTIONS=--inspect=127.0.0.1:0`), so the heap can be read from outside: " +
            "`HeapProfiler.collectGarbage` twice, then `Runtime.getHeapUsage`; RSS from `/proc/<pid>/status` right after that GC. Nothing " +
            `was added to the server. The coordinator creates ${int(idle.documents)} A5 booklets through \`POST /api/documents\` (8 requests at a time). ` +
            `Then, ${idle.cycles.length} times: measure; load every document (a viewer's y-websocket client connects, syncs the whole document, ` +
            "and disconnects; 25 at a time); measure (all rooms loaded, idle, no connections); wait the idle time plus 3 s; measure " +
            "(rooms released). Memory per loaded document = growth ÷ documents.",
          "",
          `**Creating ${int(idle.documents)} documents** through the API took ${idle.createSeconds.toFixed(1)} s (${idle.createPerSecond.toFixed(0)} documents/s, ` +
            `p99 ${ms(idle.createP99Ms)} ms per request) — fast enough for a benchmark set-up and far beyond what people do by hand. ` +
            `Each document's state is ${formatBytes(idle.documentStateBytes)} (Yjs update as sent to a client). Server before: RSS ` +
            `${formatBytes(idle.baseline.rss)}, heap ${formatBytes(idle.baseline.heapUsed)}; after creating them: RSS ${formatBytes(idle.afterCreate.rss)}, heap ${formatBytes(idle.afterCreate.heapUsed)}.`,
          "",
          "| Cycle | Loading took | RSS before → loaded → released | Heap before → loaded → released | RSS per loaded document | Heap per loaded document | Heap growth left after idle |",
          "|---:|---:|---|---|---:|---:|---:|",
          ...idle.cycles.map(
            (cy, i) =>
              `| ${i + 1} | ${cy.openSeconds.toFixed(1)} s | ${formatBytes(cy.before.rss)} → ${formatBytes(cy.loaded.rss)} → ${formatBytes(cy.released.rss)} | ` +
              `${formatBytes(cy.before.heapUsed)} → ${formatBytes(cy.loaded.heapUsed)} → ${formatBytes(cy.released.heapUsed)} | ${kb(cy.rssPerDocument)} | ${kb(cy.heapPerDocument)} | ` +
              `${(cy.heapLeftShare * 100).toFixed(0)} % |`,
          ),
          "",
          `**Per loaded idle document (median of the cycles): ${kb(idle.rssPerDocument)} of RSS, ${kb(idle.heapPerDocument)} of V8 heap** (target < 300 kB). ` +
            `Rooms unload: ${idle.unloaded ? "yes" : "**not shown**"} — after the idle time the heap is back to ` +
            `${idle.cycles.map((cy) => `${(cy.heapLeftShare * 100).toFixed(0)} %`).join(" / ")} of each cycle's growth above its start, and every cycle costs ` +
            "about the same again (a room still loaded would cost nothing the second time). " +
            (idle.cycles.every((cy) => cy.released.rss <= cy.before.rss * 1.05)
              ? "RSS came back to its level before loading too."
              : "RSS falls back less than the heap: V8 and the allocator keep freed pages for reuse, so RSS after release is not a " +
                "leak by itself; the heap is the measure of what is still held."),
        ].join("\n")
      : "_Not run (BENCH_LOAD_IDLE_DOCS=0 or BENCH_LOAD_IDLE_CYCLES=0)._",
    "",
    "### Targets",
    "",
    `- p99 < 50 ms at ${totalClients} clients: ${conclusive ? yes(targets.p99Below50MsAt200Clients) : `**not established** (medians include disturbed runs; as measured: ${targets.p99Below50MsAt200Clients ? "within" : "outside"} the target)`} (durable ${ms(durable?.p99Ms ?? NaN)} ms).`,
    `- < 300 kB per idle loaded document: ${yes(targets.below300kBPerIdleDocument)} (${kb(idle?.rssPerDocument ?? NaN)} RSS, ${kb(idle?.heapPerDocument ?? NaN)} heap).`,
    `- Rooms unload when idle: ${yes(targets.roomsUnload)}.`,
  ].join("\n");

  return {
    title: `Load: ${totalClients} clients across ${c.documents} documents, and ${SETTINGS.idleDocs.toLocaleString("en")} idle documents`,
    markdown,
    targetsMet,
    results: {
      settings: SETTINGS,
      medians: Object.fromEntries(
        [...summary.entries()].map(([mode, s]) => [
          mode,
          Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === "number" ? round(v, 3) : v])),
        ]),
      ),
      conclusive,
      targets,
      runs: runs.map((r) => ({
        ...r,
        latencyMs: Object.fromEntries(Object.entries(r.latencyMs).map(([k, v]) => [k, round(v, 3)])),
        disturbed: disturbed(r),
      })),
      profile: profile
        ? { run: { p99Ms: profileRun?.latencyMs.p99, serverCpuShare: profileRun?.serverCpuShare }, ...profile }
        : null,
      idle,
    },
  };
}
