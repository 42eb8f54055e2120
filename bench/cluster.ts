/**
 * Several processes (issue 17): the crowd of the sync benchmark — one document, 50 clients each typing 5 edits a
 * second — against Copress on PostgreSQL and Redis with the clients spread over 1 and over 3 processes. With one
 * process every edit travels client → server → clients; with three, two thirds of the deliveries go client → process
 * A (stored in PostgreSQL, published to Redis) → process B → clients: the cross-process cost. Runs alternate
 * (1, 3, 3, 1, …) so drift on this shared machine falls on both alike.
 *
 * Goal: cross-process delivery p99 ≤ 1.5 × the one-process p99 and ≤ 50 ms.
 *
 * Then the sync benchmark's trace, with the writer on one process and the readers on the others (bench/sync.ts).
 *
 * Settings: BENCH_CLUSTER_RUNS (crowd runs per layout, default 3), BENCH_CLUSTER_SECONDS (measured seconds per crowd
 * run, 15), BENCH_CLUSTER_TRACE_RUNS (trace runs per layout, 2).
 */
import pg from "pg";
import { runCrowd, type CrowdOptions, type CrowdResult } from "./lib/crowd";
import { intEnv } from "./lib/env";
import { waitForQuietMachine } from "./lib/proc";
import { readResults, type BenchSection } from "./lib/report";
import { median, round } from "./lib/stats";
import { startCopressCluster } from "./lib/targets";
import { expectedText, loadTrace, replayOnce } from "./sync";

const RUNS = intEnv("BENCH_CLUSTER_RUNS", 3);
const TRACE_RUNS = intEnv("BENCH_CLUSTER_TRACE_RUNS", 2);
const OPTIONS: CrowdOptions = {
  documents: 1,
  clientsPerDocument: 50,
  writersPerDocument: 50,
  editsPerSecond: 5,
  warmupSeconds: 5,
  durationSeconds: intEnv("BENCH_CLUSTER_SECONDS", 15),
  drainSeconds: 15,
  cursors: false,
  connectBatch: 25,
};
const GOALS = { ratio: 1.5, p99Ms: 50 };

type ClusterRun = CrowdResult & { rowsPerEdit: number };
type TraceRun = Awaited<ReturnType<typeof replayOnce>>;

/** Rows PostgreSQL has had inserted into the update log so far (its own statistics). */
async function updateRowsInserted(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_stat_force_next_flush()");
    const { rows } = await client.query<{ n: string }>(
      "SELECT n_tup_ins AS n FROM pg_stat_user_tables WHERE relname = 'document_updates'",
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

async function once(processes: number): Promise<ClusterRun> {
  const target = await startCopressCluster(processes);
  try {
    await waitForQuietMachine(20_000);
    const rowsBefore = await updateRowsInserted(target.databaseUrl!);
    const result = await runCrowd(target, OPTIONS);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // statistics are reported a moment later
    const rows = (await updateRowsInserted(target.databaseUrl!)) - rowsBefore;
    if (result.undelivered > 0)
      throw new Error(`${result.undelivered} deliveries never arrived (${processes} processes)`);
    if (!result.converged) throw new Error(`The crowd did not converge (${processes} processes)`);
    // Every edit of the run (warm-up included) against every row the log gained meanwhile.
    const allEdits = result.editsPerSecond * (OPTIONS.warmupSeconds + OPTIONS.durationSeconds);
    return { ...result, rowsPerEdit: rows / allEdits };
  } finally {
    await target.stop().catch(() => undefined);
  }
}

/** The trace's pass: one writer on the first process, ten readers on the others (or on the same one, alone). */
async function traceOnce(processes: number, trace: ReturnType<typeof loadTrace>["trace"], expected: string) {
  await waitForQuietMachine(20_000);
  return replayOnce("sqlite", trace, trace.txns.length, expected, { processes });
}

export async function run(): Promise<BenchSection> {
  process.setMaxListeners(Math.max(process.getMaxListeners(), 4 * (OPTIONS.clientsPerDocument + 2)));
  const runs: Record<1 | 3, ClusterRun[]> = { 1: [], 3: [] };
  for (let i = 0; i < RUNS; i++)
    for (const processes of i % 2 === 0 ? [1, 3] : [3, 1]) {
      const result = await once(processes);
      runs[processes as 1 | 3].push(result);
      const paths = result.latencyByPath;
      console.log(
        `cluster crowd: ${processes} process(es), p99 ${round(result.latencyMs.p99, 1)} ms` +
          (processes > 1 && paths
            ? ` (same process ${round(paths.sameProcess.p99, 1)} ms, across ${round(paths.crossProcess.p99, 1)} ms)`
            : ""),
      );
    }
  const { trace } = loadTrace();
  const expected = expectedText(trace, trace.txns.length);
  const traceRuns: Record<1 | 3, TraceRun[]> = { 1: [], 3: [] };
  for (let i = 0; i < TRACE_RUNS; i++)
    for (const processes of i % 2 === 0 ? [1, 3] : [3, 1]) {
      const result = await traceOnce(processes, trace, expected);
      traceRuns[processes as 1 | 3].push(result);
      console.log(
        `cluster trace: ${processes} process(es), ${round(result.totalSeconds, 1)} s, p99 ${round(result.latencyMs.p99, 1)} ms`,
      );
    }
  const summary = (results: ClusterRun[]) => ({
    runs: results.length,
    p50Ms: round(median(results.map((r) => r.latencyMs.p50)), 1),
    p99Ms: round(median(results.map((r) => r.latencyMs.p99)), 1),
    maxMs: round(median(results.map((r) => r.latencyMs.max)), 1),
    editsPerSecond: round(median(results.map((r) => r.editsPerSecond)), 1),
    firstProcessCpuShare: round(median(results.map((r) => r.serverCpuShare)), 3),
    rowsPerEdit: round(median(results.map((r) => r.rowsPerEdit)), 2),
    clientLoopDelayP99Ms: round(median(results.map((r) => r.clientLoopDelayP99Ms)), 1),
    sameProcessP99Ms: round(median(results.map((r) => r.latencyByPath?.sameProcess.p99 ?? NaN)), 1),
    crossProcessP99Ms: round(median(results.map((r) => r.latencyByPath?.crossProcess.p99 ?? NaN)), 1),
    /** Each run's p99 (across processes where some deliveries crossed), in run order: how far runs spread here. */
    eachP99Ms: results.map((r) => {
      const across = r.latencyByPath?.crossProcess.p99;
      return round(across === undefined || Number.isNaN(across) ? r.latencyMs.p99 : across, 1);
    }),
  });
  const traceSummary = (results: TraceRun[]) => ({
    runs: results.length,
    totalSeconds: round(median(results.map((r) => r.totalSeconds)), 1),
    p50Ms: round(median(results.map((r) => r.latencyMs.p50)), 1),
    p99Ms: round(median(results.map((r) => r.latencyMs.p99)), 1),
    maxMs: round(median(results.map((r) => r.latencyMs.max)), 1),
  });
  const one = summary(runs[1]);
  const three = summary(runs[3]);
  // The goal's "cross-process delivery": the deliveries of the three-process runs that crossed processes.
  const ratio = round(three.crossProcessP99Ms / one.p99Ms, 2);
  const hop = round(three.crossProcessP99Ms / three.sameProcessP99Ms, 2);
  const traceOne = traceSummary(traceRuns[1]);
  const traceThree = traceSummary(traceRuns[3]);
  const traceRatio = round(traceThree.p99Ms / traceOne.p99Ms, 2);
  const crowdMet = ratio <= GOALS.ratio && three.crossProcessP99Ms <= GOALS.p99Ms;
  const traceMet = traceRatio <= GOALS.ratio && traceThree.p99Ms <= GOALS.p99Ms;
  const met = crowdMet && traceMet;
  const row = (label: string, s: ReturnType<typeof summary>) =>
    `| ${label} | ${s.runs} | ${s.p50Ms} | ${s.p99Ms} | ${Number.isNaN(s.crossProcessP99Ms) ? `${s.p99Ms} / none cross` : `${s.sameProcessP99Ms} / ${s.crossProcessP99Ms}`} | ${s.maxMs} | ${s.editsPerSecond} | ${Math.round(s.firstProcessCpuShare * 100)} % | ${s.clientLoopDelayP99Ms} | ${s.rowsPerEdit} |`;
  const traceRow = (label: string, s: ReturnType<typeof traceSummary>) =>
    `| ${label} | ${s.runs} | ${s.totalSeconds} s | ${s.p50Ms} | ${s.p99Ms} | ${s.maxMs} |`;
  const verdict = (ok: boolean) => (ok ? "met" : "not met");
  const markdown = [
    "**The crowd** of the sync benchmark — one document, 50 clients each typing 5 edits a second (one character or a",
    "short word per edit, each its own message) — against Copress on **PostgreSQL and Redis**, durable, with the clients",
    "spread evenly over 1 or 3 server processes on this machine. Latency is from an edit to its arrival at each other",
    "client (every edit × every other client); medians over the runs. With three processes two thirds of the deliveries",
    "cross processes (stored in PostgreSQL, published through Redis, applied by the other process, sent to its clients);",
    "the rest stay within one process, and the table gives both.",
    "",
    "| Layout | Runs | p50 ms | p99 ms | p99 within one process / across, ms | max ms | edits/s | CPU of one process | client loop delay p99, ms | log rows per edit |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    row("1 process", one),
    row("3 processes", three),
    "",
    `Cross-process delivery p99 is **${ratio}×** the one-process p99 (goal ≤ ${GOALS.ratio}×) and ` +
      `${three.crossProcessP99Ms} ms (goal ≤ ${GOALS.p99Ms} ms): **${verdict(crowdMet)}**. In the same three-process ` +
      `runs, deliveries that stay within one process have a p99 of ${three.sameProcessP99Ms} ms: crossing processes ` +
      `itself costs **${hop}×**. The rest of the difference from one process is the machine: three server processes, ` +
      "their PostgreSQL connections, Redis and the 50 clients share its 2 cores (the clients' own event loop was " +
      `${three.clientLoopDelayP99Ms} ms late at p99 against ${one.clientLoopDelayP99Ms} ms), so these are upper ` +
      "bounds for processes on machines of their own. How far single runs spread on this shared host, p99 per run in " +
      `run order: one process ${one.eachP99Ms.join(", ")} ms; three, across processes, ${three.eachP99Ms.join(", ")} ms.`,
    "",
    `**The trace** of the sync benchmark (one writer replaying ${trace.txns.length.toLocaleString("en")} real edits ` +
      "as fast as ten readers keep up, at most 1,000 edits ahead of the slowest) on the same PostgreSQL and Redis: with " +
      "one process, writer and readers share it; with three, the writer talks to the first and the readers to the " +
      "other two, so every delivery crosses processes. This is latency under saturation (it includes up to 1,000 " +
      "edits of queueing; see the sync section).",
    "",
    "| Layout | Runs | Total | p50 ms | p99 ms | max ms |",
    "| --- | --- | --- | --- | --- | --- |",
    traceRow("1 process", traceOne),
    traceRow("3 processes", traceThree),
    "",
    `Cross-process p99 is **${traceRatio}×** the one-process p99 (goal ≤ ${GOALS.ratio}×) and ${traceThree.p99Ms} ms ` +
      `(goal ≤ ${GOALS.p99Ms} ms): **${verdict(traceMet)}**. The writer's process is the bottleneck in both layouts ` +
      "(it applies and stores every edit); with three it also publishes each stored batch, and the readers' processes " +
      "are nearly idle. Under saturation this latency is mostly the benchmark's own queue (up to 1,000 edits ahead): " +
      "the SQLite default and the in-memory anchors stay above 50 ms at p99 on this trace too (sync section), so the " +
      "trace's 50 ms is not reachable by any server in this setup; its ratio is the cross-process cost. A cluster's " +
      "compaction (every 500 batches) folds what is stored into the room's own copy rather than rebuilding the " +
      "document from the database.",
    "",
    capacityModel(one, three),
  ].join("\n");
  return {
    title: "Cluster: clients spread over several processes",
    markdown,
    results: {
      options: OPTIONS,
      goals: GOALS,
      oneProcess: one,
      threeProcesses: three,
      ratio,
      hop,
      trace: { oneProcess: traceOne, threeProcesses: traceThree, ratio: traceRatio },
    },
    targetsMet: met,
  };
}

/**
 * How many processes and machines for 10,000 people editing at once and a million documents, from figures measured
 * here and by the load benchmark (bench/load.ts, same machine), with the assumptions said in words.
 */
function capacityModel(
  one: { editsPerSecond: number; firstProcessCpuShare: number; rowsPerEdit: number },
  three: { editsPerSecond: number; firstProcessCpuShare: number; rowsPerEdit: number },
): string {
  const load = readResults().sections.load?.results as
    | {
        medians?: { sqlite?: { editsPerSecond: number; serverCpuShare: number } };
        idle?: { cycles?: Array<{ heapPerDocument: number }> };
      }
    | undefined;
  const loadEdits = load?.medians?.sqlite?.editsPerSecond ?? 1000;
  const loadCpu = load?.medians?.sqlite?.serverCpuShare ?? 0.21;
  const heapPerDocument = median((load?.idle?.cycles ?? []).map((c) => c.heapPerDocument)) || 65_000;
  // Edits per core-second with groups of ten (the load benchmark: 20 documents × 10 clients, one process).
  const perCore = loadEdits / loadCpu;
  // What spreading one document's people over three processes costs in CPU per edit (every process applies every
  // batch): the three processes' CPU here (the first one's × 3) against the one process's, for the same crowd.
  const relayFactor = (three.firstProcessCpuShare * 3) / Math.max(one.firstProcessCpuShare, 0.01);
  const edits = 10_000; // 10,000 people averaging one edit a second (typing in bursts, reading and pausing between)
  const usable = 0.6; // each process kept below 60 % of a core
  const spread = Math.ceil(edits / ((perCore * usable) / relayFactor));
  const routed = Math.ceil(edits / (perCore * usable));
  const rows = Math.round(edits * three.rowsPerEdit);
  const openDocuments = edits / 5; // groups of about five writing together
  const documentMemoryMiB = Math.round((openDocuments * heapPerDocument * 4) / 1024 / 1024); // real documents ~4×
  const f = (n: number) => Math.round(n).toLocaleString("en-GB");
  return [
    "**Capacity on paper.** Measured on this machine: one process takes about " +
      `${f(perCore)} edits per core-second with groups of ten (load benchmark: ${f(loadEdits)} edits/s at ` +
      `${Math.round(loadCpu * 100)} % of a core); spreading one document's people over three processes costs ` +
      `${relayFactor.toFixed(1)}× the CPU per edit (every process applies every batch: here ` +
      `${Math.round(one.firstProcessCpuShare * 100)} % of a core for one process against 3 × ` +
      `${Math.round(three.firstProcessCpuShare * 100)} % for three); the update log gains ${three.rowsPerEdit} rows ` +
      `per edit (one row, one commit, per batch).`,
    "",
    `- **10,000 people editing at once**, averaging one edit a second each: ${f(edits)} edits/s. At 60 % of a core ` +
      `per process: **${routed} processes** if the proxy keeps each document's people on one process (hashing the ` +
      `document's path), **${spread}** if they are spread at random — two or three machines of four cores either way. ` +
      "10,000 WebSockets are a few hundred MiB spread over the processes.",
    `- **Database writes**: ${f(rows)} commits/s to the update log. This is where the bottleneck moves first: it is ` +
      "near what one PostgreSQL primary on SSDs commits, even with group commit. Next steps, in order: store a room's " +
      "batches a few milliseconds longer (fewer, larger rows), then split workspaces over databases. Relaxing " +
      "durability (`synchronous_commit = off`) is not an option: an edit others have seen must be on disk.",
    `- **Redis fan-out**: one publish per stored batch, received by each process with the document open: ` +
      `${f(rows)}–${f(rows * 3)} messages/s, far below what one Redis instance relays (100,000+ a second).`,
    `- **Documents in memory**: only open ones, ${f(openDocuments)} with groups of about five: ` +
      `${f(heapPerDocument / 1024)} KiB each for a new booklet (load benchmark), say four times that for a real guide — ` +
      `about ${f(documentMemoryMiB)} MiB over all processes. Idle rooms unload after SYNC_ROOM_IDLE_MS.`,
    "- **A million documents stored**: a compacted document is tens of kilobytes (a new booklet about 2.5 kB) and " +
      "releases keep their PDFs (hundreds of kilobytes to a few MB each): tens to a few hundred GB in PostgreSQL, most " +
      "of it release files. Nothing in memory or per request grows with the number of stored documents.",
  ].join("\n");
}
