/**
 * Brand colour maths (pure, used by the brand kit page, the design panel, the server's guard and the checks):
 * WCAG 2.x contrast, which colour pairs our templates print and the minimum each needs, the nearest passing
 * shade of a colour (same hue, lightness moved in OKLCH), and colour-vision simulation for the preview.
 */
import Color from "colorjs.io";
import type { ColourRole, ColourSet } from "./design";

/** WCAG 2.x 1.4.3: body text needs 4.5:1. */
export const BODY_TEXT_MINIMUM = 4.5;
/** WCAG 2.x 1.4.3 / 1.4.11: large text (18 pt, or 14 pt bold) and graphics such as borders and icons need 3:1. */
export const LARGE_TEXT_MINIMUM = 3;

/** Plain names for the colour roles, for labels and messages. */
export const COLOUR_ROLE_LABELS: Record<ColourRole, string> = {
  text: "Text",
  background: "Page background",
  primary: "Main brand colour",
  onPrimary: "Text on the main colour",
  accent: "Accent",
  muted: "Small print",
};

/** What each role is used for in the printed templates, shown as a hint beside the field. */
export const COLOUR_ROLE_HINTS: Record<ColourRole, string> = {
  text: "Body text and lists.",
  background: "The paper colour behind everything.",
  primary: "Headings, the cover band and the contact box.",
  onPrimary: "Titles and text printed on the main colour.",
  accent: "Lines and borders, such as the key information box.",
  muted: "Footer, page numbers and other small print.",
};

/** A colour the templates derive from the roles: key information boxes have a pale tint of the accent behind text. */
export type DerivedColour = "accentTint";
export type PairBackground = ColourRole | DerivedColour;

export const DERIVED_COLOUR_LABELS: Record<DerivedColour, string> = { accentTint: "Key information box" };

export interface ColourPair {
  foreground: ColourRole;
  background: PairBackground;
  minimum: number;
  /** Where the templates print this pair, in plain words. */
  use: string;
}

/**
 * Every foreground/background pair the templates print, with the contrast it needs. Links are printed in the main
 * colour at body size, so the main colour needs body-text contrast too; only lines and borders get 3:1.
 */
export const COLOUR_PAIRS: readonly ColourPair[] = [
  { foreground: "text", background: "background", minimum: BODY_TEXT_MINIMUM, use: "body text on the page" },
  { foreground: "text", background: "accentTint", minimum: BODY_TEXT_MINIMUM, use: "text in key information boxes" },
  { foreground: "muted", background: "background", minimum: BODY_TEXT_MINIMUM, use: "small print on the page" },
  {
    foreground: "primary",
    background: "background",
    minimum: BODY_TEXT_MINIMUM,
    use: "headings and links on the page",
  },
  { foreground: "onPrimary", background: "primary", minimum: BODY_TEXT_MINIMUM, use: "text on the main colour" },
  { foreground: "accent", background: "background", minimum: LARGE_TEXT_MINIMUM, use: "lines and borders on the page" },
];

/** Share of the accent colour in the key information tint (the rest is the page background). */
export const ACCENT_TINT_SHARE = 0.1;

/** Mixes `colour` into `base` by `amount` (0–1), channel by channel in sRGB, as the PDF does. */
export function mixColours(colour: string, base: string, amount: number): string {
  const channel = (hex: string, index: number) => parseInt(hex.slice(1 + index * 2, 3 + index * 2), 16);
  const mixed = [0, 1, 2].map((index) =>
    Math.round(channel(colour, index) * amount + channel(base, index) * (1 - amount)),
  );
  return `#${mixed.map((value) => value.toString(16).padStart(2, "0")).join("")}`;
}

/** The pale accent tint behind key information text. */
export function accentTint(colours: ColourSet): string {
  return mixColours(colours.accent, colours.background, ACCENT_TINT_SHARE);
}

function colourOf(colours: ColourSet, name: PairBackground): string {
  return name === "accentTint" ? accentTint(colours) : colours[name];
}

function labelOf(name: PairBackground): string {
  return name === "accentTint" ? DERIVED_COLOUR_LABELS.accentTint : COLOUR_ROLE_LABELS[name];
}

/** Does this pair depend on `role` (directly, or through a colour derived from it)? */
function involves(pair: ColourPair, role: ColourRole): boolean {
  if (pair.foreground === role || pair.background === role) return true;
  return pair.background === "accentTint" && (role === "accent" || role === "background");
}

/** "#abc", "ABCDEF" or "#AbCdEf" → "#aabbcc"; anything else → null. */
export function normaliseHex(input: string): string | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(input.trim());
  if (!match) return null;
  const digits = match[1]!.toLowerCase();
  return `#${digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits}`;
}

function parse(hex: string): Color {
  const normal = normaliseHex(hex);
  if (!normal) throw new Error(`Not a colour: ${hex}`);
  return new Color(normal);
}

/** The WCAG 2.x contrast ratio of two colours, from 1 (same) to 21 (black on white). Order does not matter. */
export function contrastRatio(a: string, b: string): number {
  return parse(a).contrast(parse(b), "WCAG21");
}

/** Compares the exact ratio: 4.499 fails 4.5 even though it is shown as "4.50" by careless rounding. */
export function meetsMinimum(ratio: number, minimum: number): boolean {
  return ratio >= minimum;
}

/**
 * "4.48:1". Rounded to two places, except that a failing ratio is never rounded up to the minimum it misses
 * (4.497 against 4.5 shows "4.49:1", so the badge and the number always agree).
 */
export function formatRatio(ratio: number, minimum?: number): string {
  let shown = Math.round(ratio * 100) / 100;
  if (minimum !== undefined && ratio < minimum && shown >= minimum) shown = Math.floor(ratio * 100) / 100;
  return `${shown.toFixed(2)}:1`;
}

export interface ContrastConstraint {
  against: string;
  minimum: number;
}

function toHex(color: Color): string {
  return color.toGamut({ space: "srgb", method: "css" }).to("srgb").toString({ format: "hex", collapse: false });
}

function passesAll(hex: string, constraints: readonly ContrastConstraint[]): boolean {
  return constraints.every(({ against, minimum }) => meetsMinimum(contrastRatio(hex, against), minimum));
}

/** A test a shade must pass (e.g. "every pair this role takes part in is readable"). */
export type ShadeTest = (hex: string) => boolean;

const COARSE_STEP = 0.02;
const FINE_TOLERANCE = 0.0005;

/**
 * The colour nearest to `candidate` that meets every constraint, keeping its OKLCH hue and chroma and moving only
 * its lightness (the smaller move, darker or lighter, wins; gamut mapping may lower the chroma of very light or
 * dark shades). Returns the candidate itself when it already passes, or null when no lightness meets all
 * constraints at once (e.g. a background between a dark text colour and a light one).
 */
export function nearestPassingColour(candidate: string, constraints: readonly ContrastConstraint[]): string | null {
  return nearestPassingShade(
    candidate,
    (hex) => passesAll(hex, constraints),
    (hex) => passesAll(hex, withHeadroom(constraints)),
  );
}

/**
 * A suggested shade aims a little above the minimum (4.6:1 where 4.5:1 is needed): one exactly on the line tips
 * under it with the smallest nudge by hand or a printer's conversion (second review of issue 12). Exactly the
 * minimum only where no shade reaches more.
 */
export const SUGGESTION_HEADROOM = 0.1;

function withHeadroom(constraints: readonly ContrastConstraint[]): ContrastConstraint[] {
  return constraints.map(({ against, minimum }) => ({ against, minimum: minimum + SUGGESTION_HEADROOM }));
}

/**
 * As `nearestPassingColour`, for any test of a shade (used when the other colours depend on this one). A colour
 * that passes stays as it is; otherwise the nearest shade that passes `comfortably` (when given and one does) is
 * suggested, else the nearest that just `passes`.
 */
export function nearestPassingShade(candidate: string, passes: ShadeTest, comfortably?: ShadeTest): string | null {
  const start = normaliseHex(candidate);
  if (!start) throw new Error(`Not a colour: ${candidate}`);
  if (passes(start)) return start;
  return (comfortably && nearestShade(start, comfortably)) || nearestShade(start, passes);
}

function nearestShade(start: string, passes: ShadeTest): string | null {
  const [lightness, chroma, hue] = parse(start).to("oklch").coords as [number, number, number | null];
  const shade = (l: number) => toHex(new Color("oklch", [Math.min(1, Math.max(0, l)), chroma ?? 0, hue ?? 0]));

  // In each direction: walk in coarse steps to the first passing lightness, then narrow the last step down by
  // halving (contrast against a fixed colour grows steadily as lightness moves away from it).
  const searchTowards = (direction: -1 | 1): { delta: number; hex: string } | null => {
    let failing = 0;
    for (let delta = COARSE_STEP; ; delta += COARSE_STEP) {
      const l = Math.min(1, Math.max(0, lightness + direction * delta));
      const hex = shade(l);
      if (passes(hex)) {
        let passing = delta;
        let best = hex;
        while (passing - failing > FINE_TOLERANCE) {
          const middle = (passing + failing) / 2;
          const middleHex = shade(lightness + direction * middle);
          if (passes(middleHex)) [passing, best] = [middle, middleHex];
          else failing = middle;
        }
        return { delta: passing, hex: best };
      }
      failing = delta;
      if (l === 0 || l === 1) return null;
    }
  };
  const found = [searchTowards(-1), searchTowards(1)].filter((result) => result !== null);
  found.sort((a, b) => a.delta - b.delta);
  if (found[0]) return found[0].hex;
  // Pure black or white is the last resort (a hue can lose all its chroma at the very ends).
  for (const hex of ["#000000", "#ffffff"]) if (passes(hex)) return hex;
  return null;
}

/**
 * The nearest colour of the same hue as `foreground` that reaches `minimum` against `background`.
 * Always passes for any minimum up to 4.58:1 (black or white reach that against every colour).
 */
export function suggestPassingColour(foreground: string, background: string, minimum: number): string {
  const suggestion = nearestPassingColour(foreground, [{ against: background, minimum }]);
  if (!suggestion) throw new Error(`No colour reaches ${minimum}:1 against ${background}`);
  return suggestion;
}

export interface PairCheck extends ColourPair {
  foregroundColour: string;
  backgroundColour: string;
  ratio: number;
  passes: boolean;
}

/** Checks every pair the templates print. */
export function checkColourPairs(colours: ColourSet): PairCheck[] {
  return COLOUR_PAIRS.map((pair) => {
    const foregroundColour = colours[pair.foreground];
    const backgroundColour = colourOf(colours, pair.background);
    const ratio = contrastRatio(foregroundColour, backgroundColour);
    return { ...pair, foregroundColour, backgroundColour, ratio, passes: meetsMinimum(ratio, pair.minimum) };
  });
}

export interface RoleColourVerdict {
  role: ColourRole;
  colour: string;
  /** Pairs this colour would break, in the order of COLOUR_PAIRS (body text on the page first). */
  failures: Array<{ pair: ColourPair; other: string; otherLabel: string; ratio: number }>;
  /** Nearest shade that passes every pair of this role; null when none can (change the other colour first). */
  suggestion: string | null;
}

const pairOrder = (pair: ColourPair) =>
  COLOUR_PAIRS.findIndex(
    (candidate) => candidate.foreground === pair.foreground && candidate.background === pair.background,
  );

/** Would setting `role` to `colour` keep every pair readable? If not, why, and what to use instead. */
export function judgeRoleColour(colours: ColourSet, role: ColourRole, colour: string): RoleColourVerdict {
  const checksWith = (hex: string) =>
    checkColourPairs({ ...colours, [role]: hex }).filter((check) => involves(check, role));
  const failures = checksWith(colour)
    .filter((check) => !check.passes)
    .map((check) => {
      const otherName = check.foreground === role ? check.background : check.foreground;
      const other = check.foreground === role ? check.backgroundColour : check.foregroundColour;
      return {
        pair: { foreground: check.foreground, background: check.background, minimum: check.minimum, use: check.use },
        other,
        otherLabel: labelOf(otherName),
        ratio: check.ratio,
      };
    })
    // The most familiar pair first (body text on the page), so the explanation names what people expect.
    .sort((a, b) => pairOrder(a.pair) - pairOrder(b.pair));
  const suggestion = failures.length
    ? nearestPassingShade(
        colour,
        (hex) => checksWith(hex).every((check) => check.passes),
        (hex) => checksWith(hex).every((check) => check.ratio >= check.minimum + SUGGESTION_HEADROOM),
      )
    : colour;
  return { role, colour, failures, suggestion };
}

/** A sentence for a person: what fails, by how much, and what to try. */
export function explainRefusal(verdict: RoleColourVerdict): string {
  const worst = verdict.failures[0];
  if (!worst) return "";
  const { pair, other, otherLabel, ratio } = worst;
  const use = pair.use.charAt(0).toUpperCase() + pair.use.slice(1);
  const base =
    `${COLOUR_ROLE_LABELS[verdict.role]} ${verdict.colour} would be hard to read for many people. ` +
    `${use} would have a contrast of ${formatRatio(ratio, pair.minimum)} against the ${otherLabel.toLowerCase()} ` +
    `(${other}), and it needs at least ${pair.minimum}:1.`;
  return verdict.suggestion
    ? `${base} Try ${verdict.suggestion}: the nearest shade of the same colour that is clear enough.`
    : `${base} No shade of this colour works with the other colours, so change one of those first.`;
}

/** For a kit or a design: each role's first failing pair, as field errors, or {} when every pair passes. */
export function colourSetProblems(colours: ColourSet): Partial<Record<ColourRole, string>> {
  const problems: Partial<Record<ColourRole, string>> = {};
  for (const check of checkColourPairs(colours)) {
    if (check.passes || problems[check.foreground]) continue;
    problems[check.foreground] = explainRefusal(judgeRoleColour(colours, check.foreground, check.foregroundColour));
  }
  return problems;
}

// Colour-vision simulation ---------------------------------------------------------------------------------------

export const COLOUR_VISION_TYPES = ["protanopia", "deuteranopia", "tritanopia"] as const;
export type ColourVisionType = (typeof COLOUR_VISION_TYPES)[number];

export const COLOUR_VISION_LABELS: Record<ColourVisionType, string> = {
  protanopia: "Protanopia (no red cones)",
  deuteranopia: "Deuteranopia (no green cones)",
  tritanopia: "Tritanopia (no blue cones)",
};

/**
 * Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color Vision
 * Deficiency", severity 1.0. Row-major 3×3 matrices acting on linear-light sRGB.
 */
export const COLOUR_VISION_MATRICES: Record<ColourVisionType, readonly number[]> = {
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
};

/** How a colour looks to someone with this colour vision. */
export function simulateColourVision(hex: string, type: ColourVisionType): string {
  const [r, g, b] = parse(hex).to("srgb-linear").coords as [number, number, number];
  const m = COLOUR_VISION_MATRICES[type];
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const simulated = [
    m[0]! * r + m[1]! * g + m[2]! * b,
    m[3]! * r + m[4]! * g + m[5]! * b,
    m[6]! * r + m[7]! * g + m[8]! * b,
  ].map(clamp);
  return new Color("srgb-linear", simulated as [number, number, number])
    .to("srgb")
    .toString({ format: "hex", collapse: false });
}

/**
 * The `values` of an SVG `<feColorMatrix type="matrix">` for this colour vision. SVG filters work in linear RGB
 * by default (`color-interpolation-filters="linearRGB"`), which is the space the Machado matrices are made for,
 * so `filter: url(#id)` on the preview shows the whole page as it would look.
 */
export function colourVisionFilterValues(type: ColourVisionType): string {
  const m = COLOUR_VISION_MATRICES[type];
  const rows = [0, 1, 2].map((row) => [m[row * 3]!, m[row * 3 + 1]!, m[row * 3 + 2]!, 0, 0].join(" "));
  return [...rows, "0 0 0 1 0"].join("  ");
}

/** Why a colour was refused, and a colour to use instead when one is near. */
export interface Refusal {
  message: string;
  suggestion: string | null;
}

/** The colours of a set that make a pair too faint to read, each with why, and at most one suggestion to take first. */
export function refusalsOf(colours: ColourSet): Partial<Record<ColourRole, Refusal>> {
  const refusals: Partial<Record<ColourRole, Refusal>> = {};
  for (const check of checkColourPairs(colours)) {
    if (check.passes || refusals[check.foreground]) continue;
    const verdict = judgeRoleColour(colours, check.foreground, check.foregroundColour);
    refusals[check.foreground] = { message: explainRefusal(verdict), suggestion: verdict.suggestion };
  }
  // One suggestion at a time: a review found two offered at once (a darker main colour, and grey text on it), and a
  // designer who took both got grey text on a brown band. When the first suggestion alone makes another colour's
  // pairs pass, that colour is told so instead of being offered a change of its own.
  const [first, ...others] = Object.keys(refusals) as ColourRole[];
  const firstSuggestion = first ? refusals[first]!.suggestion : null;
  if (first && firstSuggestion) {
    const fixed = { ...colours, [first]: firstSuggestion };
    for (const role of others) {
      const stillFails = checkColourPairs(fixed).some(
        (check) => !check.passes && (check.foreground === role || check.background === role),
      );
      if (!stillFails)
        refusals[role] = {
          message: `${COLOUR_ROLE_LABELS[role]} ${colours[role]} is too faint with the ${COLOUR_ROLE_LABELS[first].toLowerCase()} as it is. Using ${firstSuggestion} for the ${COLOUR_ROLE_LABELS[first].toLowerCase()} fixes this too: nothing to change here.`,
          suggestion: null,
        };
    }
  }
  return refusals;
}
