/**
 * A crowd of people typing at once, against any target (bench/lib/targets.ts): `documents` documents with
 * `clientsPerDocument` clients each, of which `writersPerDocument` type at `editsPerSecond` each. Used by the sync
 * benchmark (one document, 50 clients) and the load benchmark (20 documents, 200 clients).
 *
 * The workload: one client per document first adds a section with one empty paragraph per client; then each writer
 * types into its own paragraph, at its end, like a person typing: mostly one character per edit (85 %), otherwise a
 * short word with its space (as from autocomplete or a paste), each edit its own Yjs transaction and so its own
 * WebSocket message. Edits are spaced 1/rate apart on average, each gap drawn uniformly from 0.5–1.5× that, with a
 * random start phase per writer, so writers do not march in step.
 *
 * Delivery is detected exactly: a writer notes the time and its own Yjs clock after every edit; after every
 * transaction a receiver compares its state vector for each writer that changed (`transaction.afterState`) with those
 * clocks — Yjs only advances a client's state once everything before it has arrived, so "clock reached" means "this
 * edit and all before it are here". Latency = receiver's time − writer's time, one sample per edit × every other
 * client of the document, over edits made in the measured window (after a warm-up). All clients are in this process
 * and share one clock (`performance.now()`), so the latency includes the time a receiver waits for this process's
 * event loop; its delay is reported beside it.
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import * as Y from "yjs";
import { percentileSorted } from "./stats";
import { processMemory, startCpuWindow } from "./proc";
import { appendSection, type BenchClient, type Target } from "./targets";

export interface CrowdOptions {
  documents: number;
  clientsPerDocument: number;
  /** Clients per document that type; the rest only receive. */
  writersPerDocument: number;
  editsPerSecond: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** After the last edit, how long to wait at most for every edit to reach everyone. */
  drainSeconds: number;
  /** Also move the awareness cursor after every edit, as an editor does (one more message per keystroke). */
  cursors: boolean;
  /** Clients connected at the same time while setting up. */
  connectBatch: number;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
  samples: number;
}

export interface CrowdResult {
  latencyMs: LatencySummary;
  /**
   * Against a cluster (`Target.processOf`): the same deliveries split by whether the writer and the receiver talk to
   * the same server process or to different ones.
   */
  latencyByPath?: { sameProcess: LatencySummary; crossProcess: LatencySummary };
  /** Edits made in the measured window, and per second. */
  edits: number;
  editsPerSecond: number;
  /** Edit × receiver pairs made in the measured window that had not arrived when the drain timed out. */
  undelivered: number;
  /** Remote updates each client applied per second in the measured window (the server's broadcasts it received). */
  messagesPerClientPerSecond: number;
  serverCpuSeconds: number;
  /** Server CPU as a share of one core over the measured window. */
  serverCpuShare: number;
  clientCpuShare: number;
  otherCpuSeconds: number;
  wallSeconds: number;
  serverRssStart: number;
  serverRssEnd: number;
  serverRssMax: number;
  /** This process's event-loop delay (p99, max) in the measured window: how late a receiver could run. */
  clientLoopDelayP99Ms: number;
  clientLoopDelayMaxMs: number;
  clientLoopUtilisation: number;
  reconnects: number;
  setupSeconds: number;
  converged: boolean;
}

const WORDS = (
  "Everyone has the right to be safe at home at work and in the street If you need help you can call us any time " +
  "we listen we do not judge and we keep what you tell us private unless someone is in danger"
).split(" ");

function nextInsert(): string {
  if (Math.random() < 0.85) return String.fromCharCode(97 + Math.floor(Math.random() * 26));
  return WORDS[Math.floor(Math.random() * WORDS.length)]! + " ";
}

interface Writer {
  client: BenchClient;
  text: Y.XmlText;
  clientId: number;
  made: number;
  madeAt: Float64Array;
  clockAfter: Float64Array;
  nextDue: number;
}

interface DocState {
  id: string;
  clients: BenchClient[];
  writers: Writer[];
  /** clientID → writer index in this document. */
  writerOf: Map<number, number>;
}

function crowdText(doc: Y.Doc, index: number): Y.XmlText | null {
  const content = doc.getXmlFragment("content");
  for (let i = content.length - 1; i >= 0; i--) {
    const section = content.get(i);
    if (!(section instanceof Y.XmlElement) || section.getAttribute("title") !== "Crowd") continue;
    const paragraph = section.get(index);
    if (!(paragraph instanceof Y.XmlElement)) return null;
    const text = paragraph.get(0);
    return text instanceof Y.XmlText ? text : null;
  }
  return null;
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

export function summariseLatencies(values: Float64Array | number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    p50: percentileSorted(sorted, 50),
    p90: percentileSorted(sorted, 90),
    p99: percentileSorted(sorted, 99),
    p999: percentileSorted(sorted, 99.9),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
    samples: sorted.length,
  };
}

export async function runCrowd(target: Target, options: CrowdOptions): Promise<CrowdResult> {
  const setupStarted = performance.now();
  const docs: DocState[] = [];
  const allClients: BenchClient[] = [];
  const capacity = Math.ceil(options.editsPerSecond * (options.warmupSeconds + options.durationSeconds) * 2) + 100;
  try {
    // Documents, and in each one section with a paragraph per client, made by the document's first client.
    for (let d = 0; d < options.documents; d++) {
      const id = await target.newDocument(`Crowd ${d + 1}`);
      const first = target.connect(id, "writer", 0);
      allClients.push(first);
      await first.synced();
      appendSection(
        first.doc,
        "s-crowd",
        "Crowd",
        Array.from({ length: options.clientsPerDocument }, () => ""),
      );
      docs.push({ id, clients: [first], writers: [], writerOf: new Map() });
    }
    // Everyone else, a batch at a time.
    const pending: Array<{ doc: DocState; index: number }> = [];
    for (const doc of docs) for (let i = 1; i < options.clientsPerDocument; i++) pending.push({ doc, index: i });
    for (let i = 0; i < pending.length; i += options.connectBatch) {
      const batch = pending.slice(i, i + options.connectBatch).map(({ doc, index }) => {
        const role = index < options.writersPerDocument ? "writer" : "reader";
        const client = target.connect(doc.id, role, index);
        allClients.push(client);
        doc.clients[index] = client;
        return client;
      });
      await Promise.all(batch.map((client) => client.synced()));
    }
    for (const doc of docs) {
      for (let i = 0; i < options.clientsPerDocument; i++) {
        const client = doc.clients[i]!;
        const text = await waitFor("every client to see the crowd section", () => crowdText(client.doc, i));
        if (i < options.writersPerDocument) {
          doc.writerOf.set(client.doc.clientID, doc.writers.length);
          doc.writers.push({
            client,
            text,
            clientId: client.doc.clientID,
            made: 0,
            madeAt: new Float64Array(capacity),
            clockAfter: new Float64Array(capacity),
            nextDue: 0,
          });
        }
      }
    }
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    // Receivers: per document, a cursor per (receiver, writer) over that writer's edits.
    let reconnects = 0;
    let measuring = false;
    let remoteTransactions = 0;
    const latencies: number[] = [];
    const sameProcess: number[] = [];
    const crossProcess: number[] = [];
    let measureStart = Infinity;
    let measureEnd = Infinity;
    let outstanding = 0; // edit × receiver pairs made but not yet delivered (all edits, measured or not)
    for (const doc of docs) {
      const writers = doc.writers;
      const writerIndex = writers.map((writer) => doc.clients.indexOf(writer.client));
      const cursors = new Int32Array(doc.clients.length * writers.length);
      doc.clients.forEach((client, r) => {
        client.onConnectionLost(() => (reconnects += 1));
        const ownWriter = doc.writerOf.get(client.doc.clientID);
        client.doc.on("afterTransaction", (transaction: Y.Transaction) => {
          if (transaction.local) return;
          if (measuring) remoteTransactions += 1;
          const now = performance.now();
          for (const [clientId, clock] of transaction.afterState) {
            if (transaction.beforeState.get(clientId) === clock) continue;
            const w = doc.writerOf.get(clientId);
            if (w === undefined || w === ownWriter) continue;
            const writer = writers[w]!;
            const slot = r * writers.length + w;
            let next = cursors[slot]!;
            while (next < writer.made && writer.clockAfter[next]! <= clock) {
              const madeAt = writer.madeAt[next]!;
              if (madeAt >= measureStart && madeAt < measureEnd) {
                latencies.push(now - madeAt);
                if (target.processOf)
                  (target.processOf(r) === target.processOf(writerIndex[w]!) ? sameProcess : crossProcess).push(
                    now - madeAt,
                  );
              }
              outstanding -= 1;
              next += 1;
            }
            cursors[slot] = next;
          }
        });
      });
    }

    // Typing: one scheduler for all writers.
    const interval = 1000 / options.editsPerSecond;
    const receiversPerEdit = (doc: DocState) => doc.clients.length - 1;
    const everyWriter = docs.flatMap((doc) => doc.writers.map((writer) => ({ doc, writer })));
    const begin = performance.now();
    for (const { writer } of everyWriter) writer.nextDue = begin + Math.random() * interval;
    measureStart = begin + options.warmupSeconds * 1000;
    measureEnd = measureStart + options.durationSeconds * 1000;
    let timer: NodeJS.Timeout | undefined;
    let window: ReturnType<typeof startCpuWindow> | null = null;
    let cpu: ReturnType<ReturnType<typeof startCpuWindow>["stop"]> | null = null;
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    let eluStart = performance.eventLoopUtilization();
    let clientLoopUtilisation = NaN;
    const rss: number[] = [];
    let rssTimer: NodeJS.Timeout | undefined;
    let edits = 0;
    let overflow = false;
    const stopped = new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        if (!window && now >= measureStart) {
          window = startCpuWindow(target.pid);
          measuring = true;
          loopDelay.enable();
          eluStart = performance.eventLoopUtilization();
          rss.push(processMemory(target.pid).rss);
          rssTimer = setInterval(() => rss.push(processMemory(target.pid).rss), 1000);
        }
        if (now >= measureEnd) {
          cpu = window!.stop();
          measuring = false;
          loopDelay.disable();
          clientLoopUtilisation = performance.eventLoopUtilization(eluStart).utilization;
          clearInterval(rssTimer);
          rss.push(processMemory(target.pid).rss);
          resolve();
          return;
        }
        let soonest = Infinity;
        for (const { doc, writer } of everyWriter) {
          if (writer.nextDue <= now) {
            if (writer.made >= capacity) {
              overflow = true;
            } else {
              const i = writer.made;
              const at = writer.text.length;
              const made = performance.now();
              writer.madeAt[i] = made;
              writer.text.insert(at, nextInsert());
              writer.clockAfter[i] = Y.getState(writer.client.doc.store, writer.clientId);
              writer.made += 1;
              outstanding += receiversPerEdit(doc);
              if (made >= measureStart && made < measureEnd) edits += 1;
              if (options.cursors) writer.client.setCursor(writer.text.length);
            }
            writer.nextDue += interval * (0.5 + Math.random());
          }
          soonest = Math.min(soonest, writer.nextDue);
        }
        timer = setTimeout(tick, Math.max(0, Math.min(soonest, measureEnd) - performance.now()));
      };
      tick();
    });
    await stopped;
    clearTimeout(timer);
    if (overflow) throw new Error("A writer made more edits than planned for (the scheduler ran away)");

    // Drain: every edit should reach everyone.
    const drainUntil = performance.now() + options.drainSeconds * 1000;
    while (outstanding > 0 && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 20));
    const undelivered = Math.max(0, outstanding);

    // All clients of a document must hold the same text.
    let converged = undelivered === 0;
    if (converged) {
      for (const doc of docs) {
        const expected = doc.writers.map((writer) => writer.text.toString());
        for (const client of doc.clients) {
          for (let w = 0; w < doc.writers.length; w++) {
            const text = crowdText(client.doc, w);
            if (!text || text.toString() !== expected[w]) converged = false;
          }
        }
      }
    }

    const measured = cpu as unknown as ReturnType<ReturnType<typeof startCpuWindow>["stop"]>;
    const p99 = loopDelay.percentile(99) / 1e6;
    const max = loopDelay.max / 1e6;
    return {
      latencyMs: summariseLatencies(latencies),
      latencyByPath: target.processOf
        ? { sameProcess: summariseLatencies(sameProcess), crossProcess: summariseLatencies(crossProcess) }
        : undefined,
      edits,
      editsPerSecond: edits / measured.wallSeconds,
      undelivered,
      messagesPerClientPerSecond: remoteTransactions / allClients.length / measured.wallSeconds,
      serverCpuSeconds: measured.serverCpuSeconds,
      serverCpuShare: measured.serverCpuSeconds / measured.wallSeconds,
      clientCpuShare: measured.clientCpuSeconds / measured.wallSeconds,
      otherCpuSeconds: measured.otherCpuSeconds,
      wallSeconds: measured.wallSeconds,
      serverRssStart: rss[0] ?? NaN,
      serverRssEnd: rss[rss.length - 1] ?? NaN,
      serverRssMax: rss.length ? Math.max(...rss) : NaN,
      clientLoopDelayP99Ms: p99,
      clientLoopDelayMaxMs: max,
      clientLoopUtilisation,
      reconnects,
      setupSeconds,
      converged,
    };
  } finally {
    for (const client of allClients) client.destroy();
  }
}
