/**
 * What the benchmarks read about processes and the machine from /proc (Linux): CPU seconds of a process and of the
 * whole machine, a process's resident memory, and a wait for the (shared) machine to be mostly idle before a run.
 * Everything returns NaN where /proc is missing, so a benchmark still runs elsewhere with fewer figures.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export const clockTicks = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds the whole machine has spent busy (all processes, all cores) so far, from /proc/stat; NaN without it. */
export function machineBusySeconds(): { busy: number; total: number } {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    return {
      busy: (user + nice + system + irq + softirq) / clockTicks,
      total: (user + nice + system + idle + iowait + irq + softirq + steal) / clockTicks,
    };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/**
 * This machine may be shared (other people's tests, type checks, browsers). Before each run, wait up to
 * `maxWaitMs` for a second in which at least 85 % of the CPU is idle; returns the busy share last seen.
 */
export async function waitForQuietMachine(maxWaitMs: number): Promise<{ busyShare: number; waitedSeconds: number }> {
  const started = Date.now();
  for (;;) {
    const before = machineBusySeconds();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = machineBusySeconds();
    const busyShare = (after.busy - before.busy) / (after.total - before.total);
    if (!(busyShare > 0.15) || Date.now() - started >= maxWaitMs)
      return { busyShare, waitedSeconds: (Date.now() - started) / 1000 };
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return NaN;
  }
}

/** Resident set size now and at its peak (VmRSS / VmHWM from /proc/<pid>/status), in bytes. */
export function processMemory(pid: number | undefined): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (name: string) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
      return match ? Number(match[1]) * 1024 : NaN;
    };
    return { rss: kib("VmRSS"), peak: kib("VmHWM") };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/**
 * Measures a stretch of work: CPU of the given server process, of this (client) process, of everything else on the
 * machine, and this process's event-loop utilisation. Call `stop()` at the end.
 */
export function startCpuWindow(serverPid: number | undefined) {
  const machineBefore = machineBusySeconds();
  const serverBefore = processCpuSeconds(serverPid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  return {
    stop() {
      const wallSeconds = (performance.now() - started) / 1000;
      const serverCpuSeconds = processCpuSeconds(serverPid) - serverBefore;
      const client = process.cpuUsage(clientBefore);
      const clientCpuSeconds = (client.user + client.system) / 1e6;
      const machineAfter = machineBusySeconds();
      const otherCpuSeconds = Math.max(0, machineAfter.busy - machineBefore.busy - serverCpuSeconds - clientCpuSeconds);
      return { wallSeconds, serverCpuSeconds, clientCpuSeconds, otherCpuSeconds };
    },
  };
}
