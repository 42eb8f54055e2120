/**
 * Small helpers for the fault, hostile-input and authorisation tests: a seeded random source (so a failure can be
 * replayed), the server's memory as the kernel sees it, a second workspace made with the admin command, raw sync
 * sockets, and the XSS payloads.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import WebSocket from "ws";
import { projectRoot, type TestServer } from "./server";

/** Long soak variants (used by the benchmark) run when COPRESS_SOAK=1. */
export const SOAK = process.env.COPRESS_SOAK === "1";

/** mulberry32: a tiny seeded PRNG. Tests print their seed; set COPRESS_SEED to replay one. */
export function seededRandom(seed = Number(process.env.COPRESS_SEED ?? Date.now() % 2 ** 31)) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    bytes(length: number) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
  };
}
export type Random = ReturnType<typeof seededRandom>;

/** Resident memory of a process, in MiB, from /proc/<pid>/status (VmRSS now, VmHWM the peak). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  return { rssMiB: field("VmRSS"), peakMiB: field("VmHWM") };
}

/** Makes a second workspace with its first coordinator, as an administrator would (scripts/admin.ts). */
export function createWorkspace(
  server: TestServer,
  workspace: string,
  username: string,
  password: string,
  name = username,
) {
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/admin.ts",
      "create-workspace",
      "--workspace",
      workspace,
      "--username",
      username,
      "--name",
      name,
      "--password",
      password,
    ],
    { cwd: projectRoot, env: { ...process.env, DATA_DIR: server.dataDir, ...server.storeEnv }, stdio: "pipe" },
  );
}

export const syncUrl = (server: TestServer, documentId: string, token?: string) =>
  `${server.url.replace(/^http/, "ws")}/sync/${documentId}${token ? `?token=${encodeURIComponent(token)}` : ""}`;

/** A raw sync socket that records every binary message and how it closed. */
export interface RawSocket {
  ws: WebSocket;
  messages: Uint8Array[];
  closed: Promise<number>;
  closeCode: number | null;
}

export function openRaw(url: string, headers?: Record<string, string>): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const raw: RawSocket = {
      ws,
      messages: [],
      closeCode: null,
      closed: new Promise<number>((done) =>
        ws.on("close", (code) => {
          raw.closeCode = code;
          done(code);
        }),
      ),
    };
    ws.on("message", (data: Buffer) => raw.messages.push(new Uint8Array(data)));
    ws.once("open", () => resolve(raw));
    ws.once("error", reject);
  });
}

/** Sends one frame and resolves when the socket has written it (false when the socket was no longer open). */
export function sendFrame(ws: WebSocket, frame: Uint8Array | string): Promise<boolean> {
  if (ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
  return new Promise((resolve) => ws.send(frame, (error) => resolve(!error)));
}

/**
 * XSS payloads: each tries to set `window.__xss` (the canary) or open a dialog. Kept as plain strings so the same
 * text can be looked for, literally, in the PDF.
 */
export const XSS_PAYLOADS: readonly string[] = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=2">`,
  `<svg onload="window.__xss=3"></svg>`,
  `<svg><script>window.__xss=4</script></svg>`,
  `"><script>window.__xss=5</script>`,
  `'><img src=x onerror=window.__xss=6>`,
  `" onmouseover="window.__xss=7" autofocus onfocus="window.__xss=7" x="`,
  `' onfocus='window.__xss=8' autofocus='`,
  `<iframe src="javascript:window.top.__xss=9"></iframe>`,
  `<iframe srcdoc="<script>parent.__xss=10</script>"></iframe>`,
  `<a href="javascript:window.__xss=11">click me</a>`,
  `<body onload="window.__xss=12">`,
  `<details open ontoggle="window.__xss=13">`,
  `<input autofocus onfocus="window.__xss=14">`,
  `<video><source onerror="window.__xss=15"></video>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=16">`,
  `<noscript><p title="</noscript><img src=x onerror=window.__xss=17>">`,
  `<style>@import 'javascript:window.__xss=18';</style>`,
  `<object data="data:text/html,<script>parent.__xss=19</script>"></object>`,
  `<embed src="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MjA8L3NjcmlwdD4=">`,
  `<meta http-equiv="refresh" content="0;url=javascript:window.__xss=21">`,
  `<form action="javascript:window.__xss=22"><button autofocus>go</button></form>`,
  `{{constructor.constructor('window.__xss=23')()}}`,
  `\${window.__xss=24}`,
  `<%= window.__xss=25 %>`,
  `</textarea><script>window.__xss=26</script>`,
  `</title><script>window.__xss=27</script>`,
  `</style><script>window.__xss=28</script>`,
  `<scr<script>ipt>window.__xss=29</scr</script>ipt>`,
  `<img src=x onerror=&#119;indow.__xss=30>`,
  `<\u0073cript>window.__xss=31</\u0073cript>`,
  `\u202e<img src=x onerror="window.__xss=32">\u202c`,
  `<img src=x\u0000 onerror="window.__xss=33">`,
  `<a href="&#106;avascript:window.__xss=34">encoded</a>`,
  `<svg><a xlink:href="javascript:window.__xss=35"><text x="20" y="20">svg link</text></a></svg>`,
  `<isindex type=image src=1 onerror=window.__xss=36>`,
  `javascript:window.__xss=37`,
  `<base href="javascript:window.__xss=38//">`,
];

/** Link targets a hostile writer might try (only http(s), mailto and tel may ever become live links). */
export const HOSTILE_HREFS: readonly string[] = [
  "javascript:window.__xss=101",
  " javascript:window.__xss=102",
  "JaVaScRiPt:window.__xss=103",
  "java\tscript:window.__xss=104",
  "java\nscript:window.__xss=105",
  "&#106;avascript:window.__xss=106",
  "data:text/html,<script>parent.__xss=107</script>",
  "data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTA4PC9zY3JpcHQ+",
  "vbscript:msgbox(109)",
  "javascript://%0Awindow.__xss=110",
  "\u0001javascript:window.__xss=111",
  'https://example.org/"><script>window.__xss=112</script>',
];
