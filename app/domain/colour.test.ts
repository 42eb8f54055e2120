import Color from "colorjs.io";
import { describe, expect, it } from "vitest";
import {
  refusalsOf,
  BODY_TEXT_MINIMUM,
  accentTint,
  COLOUR_PAIRS,
  LARGE_TEXT_MINIMUM,
  checkColourPairs,
  colourSetProblems,
  colourVisionFilterValues,
  contrastRatio,
  explainRefusal,
  formatRatio,
  judgeRoleColour,
  meetsMinimum,
  nearestPassingColour,
  normaliseHex,
  simulateColourVision,
  SUGGESTION_HEADROOM,
  suggestPassingColour,
} from "./colour";
import { DEFAULT_COLOURS } from "./design";

/** A small seeded generator, so a failure names colours that can be tried again. */
function randomColours(seed: number, count: number): string[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from(
    { length: count },
    () =>
      `#${Math.floor(next() * 0xffffff)
        .toString(16)
        .padStart(6, "0")}`,
  );
}

function oklch(hex: string) {
  const [l, c, h] = new Color(hex).to("oklch").coords as [number, number, number | null];
  return { l, c, h: h ?? 0 };
}

function hueDistance(a: number, b: number) {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

describe("WCAG 2.x contrast", () => {
  it("#777777 on white is 4.48:1 and fails body text", () => {
    const ratio = contrastRatio("#777777", "#FFFFFF");
    expect(ratio).toBeCloseTo(4.48, 2);
    expect(formatRatio(ratio, BODY_TEXT_MINIMUM)).toBe("4.48:1");
    expect(meetsMinimum(ratio, BODY_TEXT_MINIMUM)).toBe(false);
    expect(meetsMinimum(ratio, LARGE_TEXT_MINIMUM)).toBe(true);
  });

  it("#767676 on white is 4.54:1 and passes body text", () => {
    const ratio = contrastRatio("#767676", "#ffffff");
    expect(ratio).toBeCloseTo(4.54, 2);
    expect(formatRatio(ratio)).toBe("4.54:1");
    expect(meetsMinimum(ratio, BODY_TEXT_MINIMUM)).toBe(true);
  });

  it("black on white is 21:1, the same colour is 1:1, and order does not matter", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 6);
    expect(contrastRatio("#ffffff", "#000")).toBeCloseTo(21, 6);
    expect(contrastRatio("#1d4f91", "#1d4f91")).toBeCloseTo(1, 6);
    expect(contrastRatio("#1d4f91", "#ffcc00")).toBeCloseTo(contrastRatio("#ffcc00", "#1d4f91"), 10);
  });

  it("never shows a failing ratio rounded up to the minimum it misses", () => {
    expect(formatRatio(4.4971, 4.5)).toBe("4.49:1");
    expect(formatRatio(4.4971)).toBe("4.50:1");
    expect(formatRatio(2.996, 3)).toBe("2.99:1");
    expect(formatRatio(4.5, 4.5)).toBe("4.50:1");
  });

  it("reads hex colours the way people type them and refuses anything else", () => {
    expect(normaliseHex("#ABC")).toBe("#aabbcc");
    expect(normaliseHex("1D4F91")).toBe("#1d4f91");
    expect(normaliseHex(" #1d4f91 ")).toBe("#1d4f91");
    expect(normaliseHex("red")).toBeNull();
    expect(normaliseHex("#12345")).toBeNull();
    expect(() => contrastRatio("javascript:alert(1)", "#fff")).toThrow();
  });
});

describe("suggestPassingColour", () => {
  it("returns a passing colour unchanged", () => {
    expect(suggestPassingColour("#0b0c0c", "#ffffff", BODY_TEXT_MINIMUM)).toBe("#0b0c0c");
  });

  it("darkens #777777 just enough on white", () => {
    const suggestion = suggestPassingColour("#777777", "#ffffff", BODY_TEXT_MINIMUM);
    // A little above the line (4.6:1), so a small nudge does not tip it under; but the nearest such, not black.
    expect(contrastRatio(suggestion, "#ffffff")).toBeGreaterThanOrEqual(4.6);
    expect(contrastRatio(suggestion, "#ffffff")).toBeLessThan(4.7);
    expect(oklch(suggestion).c).toBeLessThan(0.01); // a grey stays grey
  });

  it("keeps a yellow yellow and a brand blue blue", () => {
    const yellow = suggestPassingColour("#ffcc00", "#ffffff", BODY_TEXT_MINIMUM);
    expect(hueDistance(oklch(yellow).h, oklch("#ffcc00").h)).toBeLessThan(10);
    const blue = suggestPassingColour("#6fa8ff", "#ffffff", BODY_TEXT_MINIMUM);
    expect(hueDistance(oklch(blue).h, oklch("#6fa8ff").h)).toBeLessThan(10);
    expect(contrastRatio(blue, "#ffffff")).toBeGreaterThanOrEqual(4.5);
  });

  it.each([BODY_TEXT_MINIMUM, LARGE_TEXT_MINIMUM])(
    "always passes %s:1 and stays near the hue, across 400 random pairs",
    (minimum) => {
      const foregrounds = randomColours(minimum * 1000, 400);
      const backgrounds = randomColours(minimum * 7919, 400);
      let adjusted = 0;
      for (let i = 0; i < foregrounds.length; i++) {
        const foreground = foregrounds[i]!;
        const background = backgrounds[i]!;
        const suggestion = suggestPassingColour(foreground, background, minimum);
        const context = `${foreground} on ${background} → ${suggestion}`;
        expect(contrastRatio(suggestion, background), context).toBeGreaterThanOrEqual(minimum);
        if (suggestion === foreground) continue;
        adjusted += 1;
        const before = oklch(foreground);
        const after = oklch(suggestion);
        // Hue stays put: the visible hue shift (OKLab ΔH at the suggestion's chroma) is under about one just-noticeable
        // difference (0.02–0.025). Gamut mapping and hex rounding move very dark or pale shades' hue angle a little,
        // but there the chroma is small, so the shift cannot be seen; clearly coloured results stay within 12°.
        if (before.c >= 0.02 && after.c >= 0.02) {
          const angle = hueDistance(before.h, after.h);
          expect(2 * after.c * Math.sin((angle * Math.PI) / 360), context).toBeLessThan(0.025);
          if (after.c >= 0.1) expect(angle, context).toBeLessThan(12);
        }
        // Only as much lightness as needed: one step less would not have passed (checked against the mid-point). The
        // aim is a little above the minimum where a shade reaches that.
        const aim =
          contrastRatio(suggestion, background) >= minimum + SUGGESTION_HEADROOM
            ? minimum + SUGGESTION_HEADROOM
            : minimum;
        const halfway = new Color("oklch", [(before.l + after.l) / 2, after.c, after.h]).toGamut({
          space: "srgb",
          method: "css",
        });
        const halfwayHex = halfway.to("srgb").toString({ format: "hex", collapse: false });
        if (Math.abs(after.l - before.l) > 0.02)
          expect(contrastRatio(halfwayHex, background), context).toBeLessThan(aim);
      }
      expect(adjusted).toBeGreaterThan(50); // the test really exercised the adjustment
    },
    60_000,
  ); // 800 searches: seconds on a busy shared machine

  it("says when no shade can meet every constraint at once", () => {
    // A background would need 5:1 against both black and white text: no grey or colour does.
    expect(
      nearestPassingColour("#808080", [
        { against: "#000000", minimum: 5 },
        { against: "#ffffff", minimum: 5 },
      ]),
    ).toBeNull();
  });
});

describe("colour pairs the templates print", () => {
  it("the default colours pass every pair", () => {
    expect(checkColourPairs(DEFAULT_COLOURS).filter((check) => !check.passes)).toEqual([]);
    expect(colourSetProblems(DEFAULT_COLOURS)).toEqual({});
  });

  it("checks all text (links and headings too) at 4.5:1, and lines and borders at 3:1", () => {
    const byPair = Object.fromEntries(
      COLOUR_PAIRS.map((pair) => [`${pair.foreground}/${pair.background}`, pair.minimum]),
    );
    expect(byPair).toEqual({
      "text/background": 4.5,
      "text/accentTint": 4.5,
      "muted/background": 4.5,
      "primary/background": 4.5,
      "onPrimary/primary": 4.5,
      "accent/background": 3,
    });
  });

  it("checks text on the key information tint, which a dark accent darkens", () => {
    // Dark grey text passes on white (5.7:1) but not on a tint of a near-black accent.
    const colours = { ...DEFAULT_COLOURS, text: "#6b6b6b", accent: "#000000" };
    expect(accentTint(colours)).toBe("#e6e6e6");
    const failing = checkColourPairs(colours).filter((check) => !check.passes);
    expect(failing.map((check) => `${check.foreground}/${check.background}`)).toEqual(["text/accentTint"]);
    // Judging the accent finds it too: a lighter accent gives a paler tint, and the suggestion fixes it.
    const verdict = judgeRoleColour({ ...colours, accent: "#00703c" }, "accent", "#000000");
    expect(verdict.failures.map((failure) => failure.otherLabel)).toEqual(["Text"]);
    expect(checkColourPairs({ ...colours, accent: verdict.suggestion! }).every((check) => check.passes)).toBe(true);
  });

  it("refuses yellow body text with a plain explanation and a passing suggestion", () => {
    const verdict = judgeRoleColour(DEFAULT_COLOURS, "text", "#ffcc00");
    // On the page and in key information boxes; the explanation names body text on the page.
    expect(verdict.failures.map((failure) => failure.pair.background)).toEqual(["background", "accentTint"]);
    expect(verdict.suggestion).not.toBeNull();
    expect(contrastRatio(verdict.suggestion!, DEFAULT_COLOURS.background)).toBeGreaterThanOrEqual(4.6); // not on the line
    expect(checkColourPairs({ ...DEFAULT_COLOURS, text: verdict.suggestion! }).every((check) => check.passes)).toBe(
      true,
    );
    const message = explainRefusal(verdict);
    expect(message).toContain(
      "Text #ffcc00 would be hard to read for many people. Body text on the page would have a contrast of 1.51:1 against the page background (#ffffff)",
    );
    expect(message).toContain("needs at least 4.5:1");
    expect(message).toContain(`Try ${verdict.suggestion}`);
  });

  it("a background suggestion passes against every colour printed on it", () => {
    const verdict = judgeRoleColour(DEFAULT_COLOURS, "background", "#5a6f8f");
    expect(verdict.failures.length).toBeGreaterThan(0);
    const next = { ...DEFAULT_COLOURS, background: verdict.suggestion! };
    expect(checkColourPairs(next).filter((check) => !check.passes)).toEqual([]);
  });

  it("names each failing role of a colour set once", () => {
    const problems = colourSetProblems({ ...DEFAULT_COLOURS, muted: "#bbbbbb", onPrimary: "#2a4a80" });
    expect(Object.keys(problems).sort()).toEqual(["muted", "onPrimary"]);
    expect(problems.muted).toContain("Small print on the page");
  });
});

describe("colour-vision simulation", () => {
  it("leaves black, white and greys alone", () => {
    for (const type of ["protanopia", "deuteranopia", "tritanopia"] as const) {
      expect(simulateColourVision("#000000", type)).toBe("#000000");
      expect(simulateColourVision("#ffffff", type)).toBe("#ffffff");
    }
  });

  it("makes red and green hard to tell apart for protanopia and deuteranopia, but not tritanopia", () => {
    const distance = (a: string, b: string) => new Color(a).deltaE(new Color(b), "2000");
    const normal = distance("#d4351c", "#00703c");
    const protan = distance(
      simulateColourVision("#d4351c", "protanopia"),
      simulateColourVision("#00703c", "protanopia"),
    );
    const deutan = distance(
      simulateColourVision("#d4351c", "deuteranopia"),
      simulateColourVision("#00703c", "deuteranopia"),
    );
    const tritan = distance(
      simulateColourVision("#d4351c", "tritanopia"),
      simulateColourVision("#00703c", "tritanopia"),
    );
    expect(protan).toBeLessThan(normal / 2);
    expect(deutan).toBeLessThan(normal / 2);
    expect(tritan).toBeGreaterThan(protan);
  });

  it("makes blue and green hard to tell apart for tritanopia", () => {
    const distance = (a: string, b: string) => new Color(a).deltaE(new Color(b), "2000");
    const blue = "#1d70b8";
    const green = "#28a197";
    expect(distance(simulateColourVision(blue, "tritanopia"), simulateColourVision(green, "tritanopia"))).toBeLessThan(
      distance(blue, green),
    );
  });

  it("gives an SVG feColorMatrix of 4 rows of 5 numbers", () => {
    const values = colourVisionFilterValues("deuteranopia").split(/\s+/).map(Number);
    expect(values).toHaveLength(20);
    expect(values.slice(0, 3)).toEqual([0.367322, 0.860646, -0.227968]);
    expect(values.slice(15)).toEqual([0, 0, 0, 1, 0]);
  });
});

describe("refusalsOf", () => {
  it("offers one change at a time: a darker main colour, and says it fixes the text on it too", () => {
    const refusals = refusalsOf({ ...DEFAULT_COLOURS, primary: "#f5a623" });
    const suggestion = refusals.primary?.suggestion;
    expect(suggestion).toMatch(/^#[0-9a-f]{6}$/);
    expect(checkColourPairs({ ...DEFAULT_COLOURS, primary: suggestion! }).every((check) => check.passes)).toBe(true);
    // White on the orange band was too faint as well; the darker main colour fixes it, so nothing else is offered.
    expect(refusals.onPrimary).toEqual({
      message: expect.stringContaining(`Using ${suggestion} for the main brand colour fixes this too`),
      suggestion: null,
    });
  });

  it("still offers a second change when the first does not fix it", () => {
    // Faint body text and faint small print: a darker text colour does nothing for the small print.
    const refusals = refusalsOf({ ...DEFAULT_COLOURS, text: "#9a9a9a", muted: "#c8c8c8" });
    expect(refusals.text?.suggestion).toBeTruthy();
    expect(refusals.muted?.suggestion).toBeTruthy();
  });
});
