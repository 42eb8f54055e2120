/**
 * PDF benchmark (`npm run bench:pdf`): how long a tagged PDF takes, cold and warm, and how much memory it needs, for
 * the 8-page A5 Women's Rights leaflet and a guide of about 40 A4 pages (the demo guide's sections repeated), with
 * react-pdf's classic pagination engine and its newer one (our default); and, in the same run, Chromium's
 * print-to-PDF of the same document's HTML (app/render/html.ts, the web version) as a yardstick.
 *
 * How: every engine × document runs in a fresh child process (this file with `--child`), so "cold" is what a new
 * PDF worker thread pays — importing react-pdf, loading fonts, a first layout — and "warm" is the median of the
 * renders after it, which is what a running server pays. Peak memory is the child's maximum resident set size.
 * A first throwaway child fills tsx's compile cache, so cold times measure Node and react-pdf, not TypeScript.
 * Chromium (Debian's package, driven by playwright-core) is launched once: its cold time includes the launch,
 * its warm time is setContent + page.pdf() on an open page. Fonts are served to it from the same @fontsource files.
 *
 * Targets (issue 6): warm < 0.5 s for the leaflet and < 2 s for the 40-page guide, with the default engine. Issue 13:
 * the big guide (40 sections, about 20,000 words) ≤ 1 s warm or ≤ 2× Chromium's print of it, the first PDF after a start
 * (thread readied by rendering the demo guide twice) ≤ 1.5× warm.
 * Settings: BENCH_PDF_RUNS (warm renders per case, default 5), BENCH_PDF_GUIDE_COPIES (default 8).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchSection } from "./lib/report";
import { formatBytes, median, round } from "./lib/stats";

const RUNS = Number(process.env.BENCH_PDF_RUNS ?? 5);
const GUIDE_COPIES = Number(process.env.BENCH_PDF_GUIDE_COPIES ?? 8);
const TARGETS = { leaflet: 500, guide: 2000 };
const BIG_TARGET_MS = 1000;
const thisFile = fileURLToPath(import.meta.url);

type DocumentName = "leaflet" | "guide" | "big";
type Engine = "classic" | "newer";

interface ChildResult {
  document: DocumentName;
  engine: Engine;
  pages: number;
  bytes: number;
  coldMs: number;
  warmMs: number[];
  layoutMs: number;
  writeMs: number;
  peakRssBytes: number;
  /** The big guide: the warm-up every PDF thread does at start (WARM_WORKERS), then the first render. */
  warmUpMs?: number;
  firstAfterWarmUpMs?: number;
}

async function loadDocument(name: DocumentName) {
  const fixtures = await import("../tests/fixtures/pdf/documents");
  if (name === "big") {
    const { bigGuide } = await import("../tests/fixtures/checks/long-guide");
    const { defaultDesign } = await import("../app/domain/design");
    const big = bigGuide();
    const template = fixtures.template("a4-guide");
    const document = {
      content: big.content,
      meta: { title: big.title, language: "en-GB", readingAge: template.rules.readingAge },
      design: defaultDesign(template.id) as unknown as Record<string, unknown>,
    };
    return { document, template };
  }
  return name === "leaflet"
    ? { document: fixtures.demoDocument(fixtures.WOMENS_RIGHTS), template: fixtures.template("a5-booklet") }
    : { document: fixtures.longGuide(GUIDE_COPIES), template: fixtures.template("a4-guide") };
}

/** Child process: one document, one engine, a cold render then RUNS warm ones; prints JSON. */
async function child(name: DocumentName, engine: Engine): Promise<void> {
  const { document, template } = await loadDocument(name);
  const started = performance.now();
  const { renderPdf } = await import("../app/render/pdf/render-pdf.server");
  const render = () =>
    renderPdf({
      document,
      template,
      workspaceName: "Demo Charity",
      draft: true,
      experimentalPagination: engine === "newer",
    });
  let warmUpMs: number | undefined;
  let firstAfterWarmUpMs: number | undefined;
  if (name === "big") {
    // As a server with WARM_WORKERS: the thread renders the demo guide twice at start, before anyone asks.
    const { warmUpDocument } = await import("../server/workers/warm-up");
    for (let round = 0; round < 2; round++)
      await renderPdf({ document: warmUpDocument(template), template, workspaceName: "Copress", draft: true });
    warmUpMs = performance.now() - started;
  }
  const beforeFirst = performance.now();
  const first = await render();
  const coldMs = performance.now() - started;
  if (name === "big") firstAfterWarmUpMs = performance.now() - beforeFirst;
  const warmMs: number[] = [];
  let last = first;
  for (let run = 0; run < RUNS; run += 1) {
    const t0 = performance.now();
    last = await render();
    warmMs.push(performance.now() - t0);
  }
  const result: ChildResult = {
    document: name,
    engine,
    pages: last.pageCount,
    bytes: last.pdf.byteLength,
    coldMs,
    warmMs,
    layoutMs: last.timings.layout ?? 0,
    writeMs: last.timings.write ?? 0,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    warmUpMs,
    firstAfterWarmUpMs,
  };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

function runChild(name: DocumentName, engine: Engine): ChildResult {
  // The server's PDF threads have a 96 MB young generation (server/services/pdf.ts): the same here (32 MB semi-spaces).
  const output = spawnSync(
    process.execPath,
    ["--max-semi-space-size=32", "--import", "tsx", thisFile, "--child", name, engine],
    {
      cwd: path.resolve(path.dirname(thisFile), ".."),
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  const line = output.stdout.trim().split("\n").at(-1) ?? "";
  if (output.status !== 0 || !line.startsWith("{"))
    throw new Error(`PDF benchmark child failed (${name}, ${engine}):\n${output.stderr}\n${output.stdout}`);
  return JSON.parse(line) as ChildResult;
}

interface ChromiumResult {
  document: DocumentName;
  pages: number;
  coldMs: number;
  warmMs: number[];
}

async function chromiumPrint(): Promise<ChromiumResult[]> {
  const { launchBrowser } = await import("../tests/helpers/browser");
  const { renderDocumentHtml } = await import("../app/render/html");
  const { readDesign } = await import("../app/domain/design");
  const { fontPackagePath } = await import("../app/domain/fonts");
  const require = createRequire(import.meta.url);
  const results: ChromiumResult[] = [];
  const launched = performance.now();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    // The web version asks for /fonts/<file>: answer with the bundled files, as the server would.
    await page.route("**/fonts/*", async (route) => {
      const file = path.basename(new URL(route.request().url()).pathname);
      const specifier = fontPackagePath(file);
      if (!specifier) return route.fulfill({ status: 404 });
      await route.fulfill({ status: 200, contentType: "font/woff", body: readFileSync(require.resolve(specifier)) });
    });
    let first = true;
    for (const name of ["leaflet", "guide", "big"] as const) {
      const { document: canonical, template } = await loadDocument(name);
      const html = renderDocumentHtml(
        { content: canonical.content, meta: canonical.meta },
        {
          template,
          design: readDesign(canonical.design),
          standalone: true,
          includeFontFaces: true,
          draftWatermark: true,
        },
      );
      const print = async () => {
        await page.setContent(html.replaceAll("url(/fonts/", "url(http://copress.invalid/fonts/"), {
          waitUntil: "load",
        });
        await page.evaluate(() => document.fonts.ready);
        return page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true });
      };
      const t0 = first ? launched : performance.now();
      const pdf = await print();
      const coldMs = performance.now() - t0;
      first = false;
      const warmMs: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const start = performance.now();
        await print();
        warmMs.push(performance.now() - start);
      }
      const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      results.push({ document: name, pages, coldMs, warmMs });
    }
  } finally {
    await browser.close();
  }
  return results;
}

const DOCUMENT_LABELS: Record<DocumentName, string> = {
  leaflet: "A5 leaflet",
  guide: "A4 guide",
  big: "Big A4 guide (40 sections, 20,000 words)",
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const describeSpeedup = (times: number) =>
  times >= 1.2 ? `${times}× faster` : times <= 0.83 ? `${round(1 / times, 1)}× slower` : "about as fast";

export async function run(): Promise<BenchSection> {
  const loadBefore = loadavg()[0]!;
  console.log("Warming tsx's compile cache…");
  runChild("leaflet", "newer");
  const results: ChildResult[] = [];
  for (const document of ["leaflet", "guide", "big"] as const) {
    // The classic engine takes tens of seconds on the big guide, and is not what the server uses.
    for (const engine of document === "big" ? (["newer"] as const) : (["classic", "newer"] as const)) {
      const result = runChild(document, engine);
      console.log(
        `${document} / ${engine}: ${result.pages} pages, cold ${seconds(result.coldMs)}, warm ${seconds(median(result.warmMs))}, peak ${formatBytes(result.peakRssBytes)}`,
      );
      results.push(result);
    }
  }
  console.log("Chromium print-to-PDF of the web version…");
  const chromium = await chromiumPrint();
  for (const result of chromium)
    console.log(
      `chromium ${result.document}: ${result.pages} pages, cold ${seconds(result.coldMs)}, warm ${seconds(median(result.warmMs))}`,
    );

  const loadAfter = loadavg()[0]!;
  const of = (document: DocumentName, engine: Engine) =>
    results.find((result) => result.document === document && result.engine === engine)!;
  const chromiumOf = (document: DocumentName) => chromium.find((result) => result.document === document)!;
  const big = of("big", "newer");
  const bigWarm = median(big.warmMs);
  const bigChromium = median(chromiumOf("big").warmMs);
  const bigFirstRatio = round((big.firstAfterWarmUpMs ?? 0) / bigWarm, 2);
  const met = {
    leaflet: median(of("leaflet", "newer").warmMs) < TARGETS.leaflet,
    guide: median(of("guide", "newer").warmMs) < TARGETS.guide,
    // Issue 13: ≤ 1 s warm, or ≤ 2× Chromium's print of the same content; the first after a start ≤ 1.5× warm.
    big: bigWarm <= BIG_TARGET_MS || bigWarm <= 2 * bigChromium,
    bigFirst: bigFirstRatio <= 1.5,
  };

  const lines: string[] = [];
  lines.push(
    "What: the time to make a tagged PDF (structure tree, embedded fonts, draft watermark) from canonical JSON, and the memory it needs. " +
      `Documents: the demo **Women's Rights** A5 booklet (8 pages) and the demo **guide** with its sections repeated ${GUIDE_COPIES} times (${of("guide", "newer").pages} A4 pages, contents page included). ` +
      "Each engine × document ran in a fresh child process: **cold** = import react-pdf + register fonts + the first render (what a new PDF worker thread pays); " +
      `**warm** = median of ${RUNS} renders after it (what a running server pays). Peak RSS is the child process's maximum resident set. ` +
      "Chromium: Debian's chromium via playwright-core printing the HTML web version of the same document (`page.pdf`, tagged, CSS page size, same fonts); cold includes launching the browser.",
    "",
  );
  lines.push(
    "| Document | Renderer | Pages | Cold | Warm (median) | Warm (max) | Layout / write (last warm) | Peak RSS | PDF size |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|");
  for (const result of results) {
    lines.push(
      `| ${DOCUMENT_LABELS[result.document]} | react-pdf, ${result.engine === "newer" ? "newer engine (default)" : "classic engine"} | ${result.pages} | ${seconds(result.coldMs)} | ${seconds(median(result.warmMs))} | ${seconds(Math.max(...result.warmMs))} | ${seconds(result.layoutMs)} / ${seconds(result.writeMs)} | ${formatBytes(result.peakRssBytes)} | ${formatBytes(result.bytes)} |`,
    );
  }
  for (const result of chromium) {
    lines.push(
      `| ${DOCUMENT_LABELS[result.document]} | Chromium print-to-PDF of the HTML | ${result.pages} | ${seconds(result.coldMs)} | ${seconds(median(result.warmMs))} | ${seconds(Math.max(...result.warmMs))} | – | – | – |`,
    );
  }
  lines.push("");
  const ratio = (document: DocumentName) =>
    round(median(of(document, "newer").warmMs) / median(chromiumOf(document).warmMs), 2);
  const speedup = (document: DocumentName) =>
    round(median(of(document, "classic").warmMs) / median(of(document, "newer").warmMs), 1);
  lines.push(
    `**Ratio to Chromium (warm, default engine):** leaflet ${ratio("leaflet")}×, guide ${ratio("guide")}× Chromium's time (below 1 = faster than Chromium). ` +
      `Chromium's PDF is a different file: page breaks follow the web version's print stylesheet, not the templates' page design.`,
    "",
    `**Newer engine vs classic (warm):** ${describeSpeedup(speedup("leaflet"))} on the leaflet, ${describeSpeedup(speedup("guide"))} on the guide. The classic engine lays out the rest of the ` +
      "document again for every page it splits off, so its time grows much faster than the page count; the guide also needs a second layout for its contents page numbers.",
    "",
    `**Targets (default engine, warm):** leaflet ${seconds(median(of("leaflet", "newer").warmMs))} (target < ${seconds(TARGETS.leaflet)}) — ${met.leaflet ? "met" : "**not met**"}; ` +
      `guide ${seconds(median(of("guide", "newer").warmMs))} (target < ${seconds(TARGETS.guide)}) — ${met.guide ? "met" : "**not met**"}. ` +
      `With the classic engine the guide takes ${seconds(median(of("guide", "classic").warmMs))}.`,
    "",
    `**Big guide (issue 13):** ${big.pages} A4 pages (the issue's was 62); warm ${seconds(bigWarm)}, ${round(bigWarm / bigChromium, 2)}× Chromium's ${seconds(bigChromium)} ` +
      `(target ≤ ${seconds(BIG_TARGET_MS)} or ≤ 2× Chromium) — ${met.big ? "met" : "**not met**"}. ` +
      `First PDF after a start with the thread readied at start (the demo guide rendered twice first, ${seconds(big.warmUpMs ?? 0)} including loading react-pdf and the fonts): ` +
      `${seconds(big.firstAfterWarmUpMs ?? 0)}, ${bigFirstRatio}× warm (target ≤ 1.5×) — ${met.bigFirst ? "met" : "**not met**"}. ` +
      `Without readying, the first costs ${seconds(big.coldMs)}. The contents page numbers are filled in from the cover and contents laid out alone (one full layout, not two).`,
    "",
    "**Where the big guide's time goes** (one warm render at commit 7aa7202, react-pdf's layout steps timed by instrumenting `@react-pdf/layout` by hand, not part of this run): " +
      "of 1.96 s, the first layout of every block (Yoga boxes and textkit line breaking, `resolveDimensions`) 0.73 s; pagination 0.66 s, of which the second round that only learns the total page count for " +
      "“Page N of M” (react-pdf runs it whenever a page has a layout function) 0.32 s; writing the PDF (PDFKit, fonts subset, structure tree) 0.30 s; the cover and contents laid out alone 0.03 s; " +
      "styles, the React reconciler and the rest about 0.2 s. A CPU profile of the same render put 17 % in garbage collection (before the larger young generation) and most of the layout in " +
      "Yoga's measure callbacks into textkit. Since then the page numbers are drawn as “Page N” and “of M” is filled in after layout from the numbers laid out alone (`mapPageTotals`), as the " +
      "contents numbers are, so react-pdf's second round is skipped for every document (render-pdf.server.ts); the same render then took 1.28 s. What is left is the first layout and writing.",
    "",
    `Machine load (1-minute load average) was ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the run on ${cpus().length} cores` +
      (Math.max(loadBefore, loadAfter) > cpus().length
        ? " — other work was competing for the CPU, so these times are slower than on an idle machine."
        : "."),
    "",
    "In the server, renders run in a piscina worker pool (server/services/pdf.ts). With WARM_WORKERS=true (the default) its threads render the demo guide twice at start and stay, so people pay the warm time; otherwise a thread starts with the first PDF, stays ten quiet minutes, and the first PDF after that pays the cold time.",
  );

  return {
    title: "PDF: tagged PDF export, react-pdf engines and Chromium",
    markdown: lines.join("\n"),
    results: {
      settings: { runs: RUNS, guideCopies: GUIDE_COPIES, targetsMs: TARGETS },
      loadAverage: { before: round(loadBefore, 2), after: round(loadAfter, 2) },
      reactPdf: results.map((result) => ({ ...result, warmMedianMs: round(median(result.warmMs), 1) })),
      chromium: chromium.map((result) => ({ ...result, warmMedianMs: round(median(result.warmMs), 1) })),
      ratioToChromium: { leaflet: ratio("leaflet"), guide: ratio("guide"), big: ratio("big") },
      big: { warmMs: round(bigWarm, 1), chromiumMs: round(bigChromium, 1), firstAfterWarmUpRatio: bigFirstRatio, met },
    },
    targetsMet: met.leaflet && met.guide && met.big && met.bigFirst,
  };
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url && process.argv[2] === "--child") {
  await child(process.argv[3] as DocumentName, process.argv[4] as Engine);
}
