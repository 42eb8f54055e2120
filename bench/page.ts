/**
 * Page benchmark (`npm run bench:page`): what a volunteer's cheap phone pays to start writing (issue 12).
 *
 * 1. **JavaScript at first load**: a fresh Chromium profile (empty cache), signed in, opens the Women's Rights
 *    leaflet's editor page directly; every script response until the text can be typed in is counted as it crossed
 *    the network (Brotli, as Chromium is sent it; headers excluded), and the same files are fetched again as gzip, the
 *    issue's measure (what a browser that accepts only gzip gets). Only the scripts the page asked for before its text
 *    could be typed in count (the page notes that moment). Scripts fetched later (checks, design,
 *    comments) are listed apart, as "after typing is possible". The documents list is measured until its load
 *    event in a browser set to save data (so it fetches nothing ahead); what it fetches ahead otherwise (the
 *    editor's code, once idle) is reported apart.
 * 2. **Tap to type**: on a phone profile — 390 × 844, touch, Chromium's CPU slowed 4×, network 1.6 Mbps down,
 *    750 kbps up, 150 ms round trip (the "mid-range phone" profile of issue 12) — the documents list is opened with
 *    an empty cache, then the clock starts at the tap on the document's link and stops when a letter typed into the
 *    first paragraph is on the screen. Median of BENCH_PAGE_RUNS runs (default 5), each in a fresh profile.
 *
 * Targets: ≤ 250 KiB of gzipped JavaScript for the editor page, tap to type ≤ 1.5 s. Before this work (issue 12's
 * figures): 468 KiB and 3.1–3.3 s.
 */
import { get } from "node:http";
import type { BrowserContext, BrowserContextOptions, CDPSession, Page } from "playwright-core";
import { launchBrowser } from "../tests/helpers/browser";
import { api, DEMO_PASSWORD, documentIdByTitle, signIn } from "../tests/helpers/clients";
import { removeDataDir, startServer } from "../tests/helpers/server";
import { intEnv } from "./lib/env";
import { waitForQuietMachine } from "./lib/proc";
import type { BenchSection } from "./lib/report";
import { median, round } from "./lib/stats";

const RUNS = intEnv("BENCH_PAGE_RUNS", 5);
const TARGETS = { editorKiB: 250, tapToTypeMs: 1500 };
const BEFORE = { editorKiB: 468, listKiB: 88, tapToType: "3.1–3.3 s" };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

interface ScriptLoad {
  url: string;
  bytes: number;
  at: number;
}

/** Counts script bytes as they arrive (CDP's encodedDataLength: the body as sent, here gzipped, plus headers). */
async function watchScripts(cdp: CDPSession): Promise<{ loads: ScriptLoad[]; loadEventAt: () => number }> {
  const scripts = new Map<string, string>();
  const loads: ScriptLoad[] = [];
  // CDP events arrive in order on one session, so "before the load event" is exact, not a race with our clock.
  let loadEventAt = Infinity;
  await cdp.send("Page.enable");
  cdp.on("Page.loadEventFired", () => {
    if (loadEventAt === Infinity) loadEventAt = performance.now();
  });
  const headerBytes = new Map<string, number>();
  await cdp.send("Network.enable");
  cdp.on("Network.responseReceived", (event) => {
    if (event.type === "Script") {
      scripts.set(event.requestId, event.response.url);
      headerBytes.set(event.requestId, event.response.encodedDataLength ?? 0);
    }
  });
  cdp.on("Network.loadingFinished", (event) => {
    const url = scripts.get(event.requestId);
    if (!url) return;
    loads.push({
      url: new URL(url).pathname,
      bytes: Math.max(0, event.encodedDataLength - (headerBytes.get(event.requestId) ?? 0)),
      at: performance.now(),
    });
  });
  return { loads, loadEventAt: () => loadEventAt };
}

async function signedInContext(
  options: BrowserContextOptions,
  baseUrl: string,
  username: string,
): Promise<BrowserContext> {
  const browser = await browserPromise;
  const context = await browser.newContext(options);
  const page = await context.newPage();
  // Signing in through the form leaves the session cookie in this profile; the cache is emptied after.
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/documents/);
  await page.close();
  return context;
}

/**
 * The bytes of each file as a browser that accepts only gzip gets them (the issue's measure: Chromium asks for
 * Brotli, which the server prefers). Counted on the wire: the body as sent, not decompressed.
 */
async function gzipBytes(baseUrl: string, paths: string[]): Promise<number> {
  const sizes = await Promise.all(
    paths.map(
      (pathname) =>
        new Promise<number>((resolve, reject) => {
          get(`${baseUrl}${pathname}`, { headers: { "Accept-Encoding": "gzip" } }, (response) => {
            let bytes = 0;
            response.on("data", (chunk: Buffer) => (bytes += chunk.length));
            response.on("end", () =>
              response.statusCode === 200 ? resolve(bytes) : reject(new Error(`${pathname}: ${response.statusCode}`)),
            );
          }).on("error", reject);
        }),
    ),
  );
  return sizes.reduce((total, size) => total + size, 0);
}

/** In the page, from its start: notes when the first paragraph can be typed in (`window.typeableAt`, page time). */
function markTypeable() {
  const page = window as Window & { typeableAt?: number };
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[contenteditable="true"].ProseMirror .doc-section__content p')) return;
    page.typeableAt = performance.now();
    observer.disconnect();
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["contenteditable"],
  });
}

/** In the page: the paths of the scripts it asked for before its text could be typed in (resource timing). */
function askedBeforeTypeable(): string[] {
  const typeableAt = (window as Window & { typeableAt?: number }).typeableAt;
  if (typeableAt === undefined) throw new Error("The text never became typeable.");
  return performance
    .getEntriesByType("resource")
    .filter((entry) => entry.startTime <= typeableAt)
    .map((entry) => new URL(entry.name).pathname);
}

/**
 * Where a person taps to write, once the first paragraph can be typed in: its middle, as soon as it is on the screen
 * in an editable text. Found in one look by the text's id, as the page shows it: Playwright's lookup by accessible role
 * walks the whole page (about 0.1 s on the slowed CPU, more than once per wait) and its tap waits for the paragraph to
 * stay still for two frames, time the benchmark's robot spends that a person does not.
 */
async function whereToTap(page: Page): Promise<{ x: number; y: number }> {
  const spot = await page.waitForFunction(
    () => {
      const paragraph = document.querySelector('#document-text[contenteditable="true"] .doc-section__content p');
      const box = paragraph?.getBoundingClientRect();
      if (!box || box.width === 0 || box.height === 0 || box.top < 0 || box.top > window.innerHeight - 24) return null;
      return { x: box.left + Math.min(box.width / 2, 40), y: box.top + Math.min(box.height / 2, 12) };
    },
    undefined,
    { timeout: 60_000, polling: 16 },
  );
  return (await spot.jsonValue()) as { x: number; y: number };
}

let browserPromise: ReturnType<typeof launchBrowser>;
let tapsAgain = 0;

const editorOf = (page: Page) => page.getByRole("textbox", { name: /^Document text/ });

async function waitUntilTypeable(page: Page): Promise<void> {
  await editorOf(page).locator(".doc-section__content p").first().waitFor({ state: "visible", timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('[contenteditable="true"].ProseMirror') !== null, undefined, {
    timeout: 60_000,
  });
}

/**
 * Script bytes a fresh profile downloads for a page: the scripts it asked for before `ready` (the editor: before the
 * text could be typed in, as the page itself saw it), or that arrived before the browser's load event when `ready` is
 * "load" (the documents list, before its idle-time preload of the editor's code, which is counted apart as "later").
 */
async function firstLoadBytes(
  baseUrl: string,
  pathname: string,
  ready: ((page: Page) => Promise<void>) | "load",
  saveData = false,
) {
  const context = await signedInContext({ viewport: { width: 1280, height: 900 } }, baseUrl, "wren");
  // A browser set to save data: the documents list then fetches nothing ahead, so its own weight is what is counted.
  if (saveData)
    await context.addInitScript(() =>
      Object.defineProperty(navigator, "connection", { value: { saveData: true }, configurable: true }),
    );
  // The page notes the moment its text can be typed in: what it asks for after that (split-off parts, fetched once
  // it is idle) is not needed to type, however soon it arrives.
  if (ready !== "load") await context.addInitScript(markTypeable);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.clearBrowserCache");
  const { loads, loadEventAt } = await watchScripts(cdp);
  await page.goto(`${baseUrl}${pathname}`);
  if (ready !== "load") await ready(page);
  else await page.waitForLoadState("load");
  const loadedAt = loadEventAt();
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(1500); // what loads once the page is idle (split-off parts)
  const asked = ready === "load" ? null : await page.evaluate(askedBeforeTypeable);
  await context.close();
  const needed = (load: ScriptLoad) => (asked ? asked.includes(load.url) : load.at <= loadedAt);
  const before = loads.filter(needed);
  const after = loads.filter((load) => !needed(load));
  const sum = (list: ScriptLoad[]) => list.reduce((total, load) => total + load.bytes, 0);
  return {
    bytes: sum(before),
    gzipBytes: await gzipBytes(
      baseUrl,
      before.map((load) => load.url),
    ),
    files: before.length,
    scripts: before.map((load) => ({ url: load.url, bytes: load.bytes })),
    laterBytes: sum(after),
    laterFiles: after.map((load) => load.url),
    largest: [...before].sort((a, b) => b.bytes - a.bytes).slice(0, 6),
  };
}

/**
 * `settled`: the person reads the list first (its idle-time preload has run); otherwise they tap as soon as it loads.
 * `robotWay`: the paragraph is found and tapped as this benchmark did until 2026-12-06 (by accessible role, with
 * Playwright's checks before the tap), reported beside the figure for comparison.
 */
async function tapToType(baseUrl: string, settled: boolean, robotWay = false): Promise<number> {
  const context = await signedInContext(PHONE, baseUrl, "wren");
  const page = await context.newPage();
  page.on("pageerror", (error) => console.log("Page error:", error.message));
  page.on("console", (message) => {
    if (message.type() === "error") console.log("Console error:", message.text());
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.clearBrowserCache");
  await cdp.send("Network.emulateNetworkConditions", NETWORK);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.goto(`${baseUrl}/documents`);
  await page.waitForLoadState("load");
  if (settled) {
    // A person reads the list for a few seconds before choosing; meanwhile it fetches ahead once idle.
    await page.waitForTimeout(3000);
    await page.waitForLoadState("networkidle");
  }
  const link = page.getByRole("link", { name: "Women's Rights" });
  await link.waitFor();
  const started = performance.now();
  await link.tap();
  // A tap in the instant the page is starting can go unanswered (rarely, tapping at once): a person taps again, and
  // the time still counts from the first tap. How often it happened is reported.
  await page.waitForURL(/\/documents\/[^/]+$/, { timeout: 5000 }).catch(async () => {
    tapsAgain += 1;
    await link.tap();
  });
  let spot: { x: number; y: number } | null = null;
  try {
    if (robotWay) await waitUntilTypeable(page);
    else spot = await whereToTap(page);
  } catch (error) {
    // What the person would see instead of the editor, for whoever reads the failure.
    console.log(
      `Not typeable (${settled ? "after reading the list" : "tapped at once"}) at ${page.url()}:`,
      (await page.locator("main").innerText()).slice(0, 800),
    );
    throw error;
  }
  if (spot) await page.touchscreen.tap(spot.x, spot.y);
  else await editorOf(page).locator(".doc-section__content p").first().tap();
  await page.keyboard.type("Q");
  await page.waitForFunction(
    () => document.querySelector(".ProseMirror .doc-section__content p")?.textContent?.includes("Q") ?? false,
    undefined,
    { timeout: 60_000, polling: 16 },
  );
  const elapsed = performance.now() - started;
  await context.close();
  return elapsed;
}

export async function run(): Promise<BenchSection> {
  const server = await startServer();
  browserPromise = launchBrowser();
  try {
    const token = await signIn(server.url, "wren");
    const id = await documentIdByTitle(server.url, token, "Women's Rights");
    if ((await api(server.url, token, `/api/documents/${id}`)).status !== 200)
      throw new Error("The demo leaflet is missing.");
    await waitForQuietMachine(30_000);
    const editor = await firstLoadBytes(server.url, `/documents/${id}`, waitUntilTypeable);
    const list = await firstLoadBytes(server.url, "/documents", "load", true);
    const listAhead = await firstLoadBytes(server.url, "/documents", "load");
    const times: number[] = [];
    const atOnce: number[] = [];
    const robotWay: number[] = [];
    for (let index = 0; index < RUNS; index += 1) {
      await waitForQuietMachine(30_000);
      times.push(await tapToType(server.url, true));
      await waitForQuietMachine(30_000);
      atOnce.push(await tapToType(server.url, false));
      await waitForQuietMachine(30_000);
      robotWay.push(await tapToType(server.url, true, true));
    }
    const atOnceMs = median(atOnce);
    // The issue's measure is gzip; Chromium is sent Brotli, reported beside it.
    const editorKiB = editor.gzipBytes / 1024;
    const tapMs = median(times);
    const targetsMet = editorKiB <= TARGETS.editorKiB && tapMs <= TARGETS.tapToTypeMs;
    const kib = (bytes: number) => `${round(bytes / 1024, 1)} KiB`;
    const markdown = [
      "How much JavaScript a phone downloads before the words can be typed in, and how long it takes from tapping a",
      "document in the list to a typed letter on the screen, on a mid-range phone profile: Chromium at 390 × 844 with",
      "touch, CPU slowed 4×, network 1.6 Mbps down / 750 kbps up / 150 ms (CDP emulation). Bytes are the scripts' bodies",
      "from an empty cache, gzipped (the issue's measure: each file as the server sends it to a browser that accepts only",
      "gzip) and as Chromium receives them (Brotli, which the server prefers when a browser accepts it); both are made",
      "once, at build time. The editor page counts the scripts it asked for before its text could be typed in (the page",
      `notes that moment itself). Tap to type is the median of ${RUNS} runs, each in a fresh profile with an empty cache: once after`,
      "the person has read the list for 3 s and it has settled (it fetches the editor page's code and stylesheet when it is",
      "idle, unless the browser asks to save data), and once tapping the moment the list has loaded (the worst case). The",
      "editor page brings the document with it, so typing does not wait for the sync connection to open. The robot taps",
      "the first paragraph where the page shows it, as soon as it can be typed in (it looks once a frame, by the text's",
      "id). Until 2026-12-06 it looked the paragraph up by its accessible role and let Playwright check it stood still",
      "before tapping: time spent by the robot, not the person, on the slowed CPU. That way is still measured, in its own",
      "row, to compare with earlier reports.",
      "",
      "| Measure | Before (issue 12) | Now | Target | Met |",
      "|---|---|---|---|---|",
      `| Editor page, JavaScript until typing is possible (gzip) | ${BEFORE.editorKiB} KiB | ${kib(editor.gzipBytes)} in ${editor.files} files | ≤ ${TARGETS.editorKiB} KiB | ${editorKiB <= TARGETS.editorKiB ? "yes" : "**no**"} |`,
      `| The same, as Chromium receives it (Brotli) | – | ${kib(editor.bytes)} | – | – |`,
      `| Documents list, its own JavaScript (gzip) | ${BEFORE.listKiB} KiB | ${kib(list.gzipBytes)} in ${list.files} files | – | – |`,
      `| Documents list, the editor's code it fetches ahead once idle (Brotli) | – | ${kib(listAhead.bytes + listAhead.laterBytes - list.bytes - list.laterBytes)} | – | – |`,
      `| Tap to type (phone profile), after reading the list | ${BEFORE.tapToType} | ${round(tapMs / 1000, 2)} s (runs: ${times.map((t) => round(t / 1000, 2)).join(", ")} s) | ≤ ${TARGETS.tapToTypeMs / 1000} s | ${tapMs <= TARGETS.tapToTypeMs ? "yes" : "**no**"} |`,
      `| Tap to type (phone profile), after reading the list, the robot's way until 2026-12-06 | – | ${round(median(robotWay) / 1000, 2)} s (runs: ${robotWay.map((t) => round(t / 1000, 2)).join(", ")} s) | – | – |`,
      `| Tap to type (phone profile), tapped the moment the list loaded | – | ${round(atOnceMs / 1000, 2)} s (runs: ${atOnce.map((t) => round(t / 1000, 2)).join(", ")} s) | – | – |`,
      "",
      `Taps that had to be made again (the first went unanswered while the list was starting): ${tapsAgain} of ${RUNS * 3}.`,
      "",
      `Loaded later, once the page can be typed in (${kib(editor.laterBytes)} as Brotli): ${editor.laterFiles.map((file) => `\`${file.replace(/^\/build\//, "")}\``).join(", ") || "nothing"}.`,
      "",
      `Largest scripts before typing (as Brotli): ${editor.largest.map((load) => `\`${load.url.replace(/^\/build\//, "")}\` ${kib(load.bytes)}`).join(", ")}.`,
      "",
    ].join("\n");
    return {
      title: "Page: JavaScript and tap to type on a phone",
      markdown,
      results: {
        editorBytes: editor.bytes,
        editorGzipBytes: editor.gzipBytes,
        listGzipBytes: list.gzipBytes,
        editorFiles: editor.files,
        editorScripts: editor.scripts,
        editorLaterBytes: editor.laterBytes,
        listBytes: list.bytes,
        listPreloadBytes: listAhead.bytes + listAhead.laterBytes - list.bytes - list.laterBytes,
        tapToTypeMs: times,
        tapToTypeMedianMs: tapMs,
        tapAtOnceMs: atOnce,
        tapAtOnceMedianMs: atOnceMs,
        tapRobotWayMs: robotWay,
        tapsAgain,
        runs: RUNS,
      },
      targetsMet,
    };
  } finally {
    await (await browserPromise).close();
    await server.stop();
    void removeDataDir(server.dataDir);
  }
}
