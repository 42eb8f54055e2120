import { describe, expect, it } from "vitest";
import { scanSvg, SVG_SCAN_LIMITS } from "./svg-scan";

const TWO_MB = 2 * 1024 * 1024;
/** Work allowed per character: every character is looked at a bounded number of times, whatever the input. */
const STEPS_PER_CHARACTER = 4;

const OPEN = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">`;
/** `unit` repeated to fill about 2 MB between `before` and `after`. */
const fill = (before: string, unit: string, after: string) =>
  before + unit.repeat(Math.floor((TWO_MB - before.length - after.length) / unit.length)) + after;

describe("scanSvg: what it lets through", () => {
  it("accepts the SVGs drawing programs write: XML declaration, comments, a plain DOCTYPE, CDATA, prefixes", () => {
    const svg = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generator: a drawing program -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style><![CDATA[ .a > .b { fill: red } ]]></style>
  <g id="a" data-note='says "a > b"'><rect width="10" height="10"/></g><path d="M0 0L10 10"/>
</svg>
`;
    const scan = scanSvg(svg);
    expect(scan).toMatchObject({ ok: true, elements: 5, maxDepthSeen: 2 }); // <svg> > <g> > <rect/>
    if (!scan.ok) return;
    expect(svg.slice(scan.doctype!.start, scan.doctype!.end)).toMatch(/^<!DOCTYPE svg PUBLIC .*svg11\.dtd">$/);
    expect(scanSvg(`<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>`)).toMatchObject({
      ok: true,
      elements: 1,
      doctype: null,
    });
  });

  it("allows nesting up to the limit, and no deeper", () => {
    const nested = (levels: number) => OPEN + "<g>".repeat(levels - 1) + "</g>".repeat(levels - 1) + "</svg>";
    expect(scanSvg(nested(SVG_SCAN_LIMITS.maxDepth)).ok).toBe(true);
    expect(scanSvg(nested(SVG_SCAN_LIMITS.maxDepth + 1))).toMatchObject({ ok: false, problem: "too-deep" });
  });

  it("tells other files from SVGs, and refuses broken markup", () => {
    for (const other of [
      "just some words",
      "<html><body>hi</body></html>",
      "<SVG></SVG>",
      "text <svg></svg>",
      "",
      "   ",
    ]) {
      expect(scanSvg(other), other).toMatchObject({ ok: false, problem: "not-svg" });
    }
    for (const broken of [
      `${OPEN}<g>`,
      `${OPEN}</svg></g>`,
      `${OPEN}</svg><svg></svg>`,
      `${OPEN}<!-- never closed </svg>`,
      `${OPEN}<g a="never closed></svg>`,
      `<?xml never closed <svg/>`,
    ]) {
      expect(scanSvg(broken), broken).toMatchObject({ ok: false, problem: "malformed" });
    }
  });
});

describe("scanSvg: hostile files are refused with linear work", () => {
  /** Each case is about 2 MB; `full` ones make the scan read to the very end before it can decide. */
  const cases: Array<{ name: string; text: string; problem: string | null; full: boolean }> = [
    {
      name: "2 MB of nested markup",
      text: fill(OPEN, "<g>", ""),
      problem: "too-deep",
      full: false,
    },
    {
      name: "a DOCTYPE internal subset (what broke the old regex: quadratic)",
      text: fill("", "<!DOCTYPE [", ""),
      problem: "declarations",
      full: false,
    },
    {
      name: "entity expansion, billion laughs",
      text:
        `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol">` +
        Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k || ""};`.repeat(10)}">`).join("") +
        `]><svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>`,
      problem: "declarations",
      full: false,
    },
    {
      name: "an <!ENTITY> after 2 MB of a comment full of near misses (what broke the old regex: exponential)",
      text: fill("", "<!--a-->", `${OPEN}<!ENTITY x "y"></svg>`),
      problem: "declarations",
      full: true,
    },
    {
      name: "a comment of dashes that never closes",
      text: fill(`${OPEN}<!--`, "-- -> -", ""),
      problem: "malformed",
      full: true,
    },
    {
      name: "a 2 MB attribute full of quotes and brackets, then an entity declaration",
      text: fill(`${OPEN}<g title="`, `'>]]>[<!--'`, `"></g><!ENTITY x "y"></svg>`),
      problem: "declarations",
      full: true,
    },
    {
      name: "a 2 MB public id in a DOCTYPE with a subset at its end",
      text: fill(`<!DOCTYPE svg PUBLIC "`, "[>'", `" [<!ENTITY x "y">]>${OPEN}</svg>`),
      problem: "declarations",
      full: true,
    },
    {
      name: "2 MB of flat elements: refused at the element limit",
      text: fill(OPEN, "<g/>", "</svg>"),
      problem: "too-many-elements",
      full: false,
    },
    {
      name: "2 MB of long paths (allowed: a big but honest drawing)",
      text: fill(OPEN, `<path d="${"M0 0L1 1 ".repeat(40)}"/>`, "</svg>"),
      problem: null,
      full: true,
    },
    {
      name: "2 MB of processing-instruction openings",
      text: fill(`${OPEN}`, "<?a ?", ""),
      problem: "malformed",
      full: true,
    },
  ];

  for (const { name, text, problem, full } of cases) {
    it(name, () => {
      const scan = scanSvg(text);
      if (problem === null) expect(scan.ok).toBe(true);
      else expect(scan).toMatchObject({ ok: false, problem });
      // The bound that matters: work proportional to the size, never to its square.
      expect(scan.steps).toBeLessThanOrEqual(STEPS_PER_CHARACTER * text.length);
      // And where the decision needs the whole file, the scan really read it (so the bound above is not idle).
      if (full) expect(scan.steps).toBeGreaterThanOrEqual(text.length * 0.9);
    });
  }

  it("costs the same per character for 200 kB and 2 MB of the worst case (no hidden quadratic part)", () => {
    const worst = (size: number) => `${OPEN}<!--` + "-- -> -".repeat(Math.floor(size / 7));
    const small = scanSvg(worst(200 * 1024));
    const large = scanSvg(worst(TWO_MB));
    const perCharacter = (scan: { steps: number }, size: number) => scan.steps / size;
    expect(perCharacter(large, TWO_MB)).toBeLessThanOrEqual(perCharacter(small, 200 * 1024) * 1.05);
  });
});
