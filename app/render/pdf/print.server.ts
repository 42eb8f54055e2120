/**
 * The print-shop PDF (`variant=print`): 3 mm bleed with colours run on into it (layout-tree `withBleed`), a white
 * slug with crop marks (artifacts, so the file stays PDF/UA), TrimBox and BleedBox on every page, and every colour
 * written as CMYK, converted through a stated ICC profile.
 *
 * The profile is for FOGRA39 (ISO 12647-2 offset on coated paper, the condition most European print shops print
 * to and ask for): `profiles/coated-fogra39.icc`, made with ArgyllCMS's colprof from the FOGRA39L characterization
 * data (docs/decisions/018-print-shop-pdf.md says how, and how to make it again). sharp converts with Little CMS
 * (perceptual intent, so brand colours outside the press's gamut keep their look). The profile is embedded as the
 * file's output intent with the registered condition name "FOGRA39", so a print shop's software knows what the
 * numbers mean. Neutral greys (black text included) become black ink only,
 * as print shops ask, never a four-colour "rich" black that blurs small type when the plates are not quite aligned
 * (colours within 6 of neutral on every channel count as grey).
 */
import Color from "colorjs.io";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { mmToPt } from "../../domain/page-geometry";
import type { LayoutDocument, LayoutNode } from "./layout-tree";

export const BLEED_MM = 3;
/** How far a panel's colour runs on past a fold: folding machines drift by about this much. */
export const FOLD_DRIFT_MM = 2;
/** White margin outside the bleed for the crop marks. */
export const SLUG_MM = 9;
export const PRINT_PROFILE_NAME = "Coated FOGRA39 (ISO 12647-2), profile made with ArgyllCMS";
const PROFILE_FILE = "coated-fogra39.icc";

/**
 * Where the profile is: beside this module's source (app/render/pdf/profiles/), found by walking up from this code's
 * own file, so the same answer whether it runs from source or compiled into build/server/.
 */
function profilePath(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "app", "render", "pdf", "profiles", PROFILE_FILE);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir)
      throw new Error(`The CMYK profile app/render/pdf/profiles/${PROFILE_FILE} is missing.`);
  }
}
let profileFile: string | undefined;

/** Cyan, magenta, yellow, black, each 0–100 (PDFKit's CMYK colours). */
export type Cmyk = [number, number, number, number];

export interface PrintPalette {
  cmyk: Map<string, Cmyk>;
  /** The ICC profile the numbers are for (embedded as the output intent). */
  profile: Buffer;
}

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** "#ABC" → "#aabbcc"; anything else as it is, lower case. */
export function normaliseHex(colour: string): string {
  const value = colour.trim().toLowerCase();
  if (/^#[0-9a-f]{3}$/.test(value)) return `#${[...value.slice(1)].map((c) => c + c).join("")}`;
  return value;
}

/** Every hex colour written anywhere in the laid-out document (styles, text runs, drawings). */
export function coloursOf(layout: LayoutDocument): string[] {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (value: unknown) => {
    if (typeof value === "string") {
      if (HEX.test(value.trim())) found.add(normaliseHex(value));
      return;
    }
    if (!value || typeof value !== "object" || seen.has(value) || ArrayBuffer.isView(value)) return;
    seen.add(value);
    for (const child of Array.isArray(value) ? value : Object.values(value)) visit(child);
  };
  visit(layout.children satisfies LayoutNode[]);
  // The crop marks and the slug.
  found.add("#000000");
  found.add("#ffffff");
  return [...found];
}

const rgbOf = (hex: string): [number, number, number] => {
  const value = normaliseHex(hex);
  return [1, 3, 5].map((start) => parseInt(value.slice(start, start + 2), 16)) as [number, number, number];
};

/** Converts `colours` through the CMYK profile in one pass (one pixel each), greys to black ink only. */
export async function cmykPalette(colours: readonly string[]): Promise<PrintPalette> {
  const pixels = Buffer.from(colours.flatMap(rgbOf));
  const image = () => sharp(pixels, { raw: { width: Math.max(1, colours.length), height: 1, channels: 3 } });
  // The numbers straight from the conversion (reading a CMYK file back would turn it into RGB again), and the
  // profile from a file written with it.
  profileFile ??= profilePath();
  const [data, metadata] = await Promise.all([
    image().toColourspace("cmyk").withIccProfile(profileFile).raw().toBuffer(),
    sharp(await image().toColourspace("cmyk").withIccProfile(profileFile).tiff().toBuffer()).metadata(),
  ]);
  const cmyk = new Map<string, Cmyk>();
  colours.forEach((colour, index) => {
    const [r, g, b] = rgbOf(colour);
    if (isGrey(colour)) {
      // Greys are black ink only; the near-blacks text is set in (#0b0c0c) are solid black, never a 95 % grey
      // that prints slightly fuzzy.
      const lightness = (r + g + b) / 3;
      cmyk.set(colour, [0, 0, 0, lightness <= 0x1a ? 100 : round(100 * (1 - lightness / 255))]);
      return;
    }
    const at = index * 4;
    cmyk.set(colour, [0, 1, 2, 3].map((channel) => round((data[at + channel]! / 255) * 100)) as Cmyk);
  });
  if (!metadata.icc) throw new Error("The CMYK profile could not be read.");
  return { cmyk, profile: metadata.icc };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Neutral to within 6 on every channel: printed with black ink only, so never said to "shift". */
function isGrey(colour: string): boolean {
  const [r, g, b] = rgbOf(colour);
  return Math.max(r, g, b) - Math.min(r, g, b) <= 6;
}

/**
 * Brand colours that print visibly differently from the screen: each converted to CMYK and back through the same
 * profile, and compared (CIEDE2000). Above 5 most people see the difference side by side.
 */
export async function colourShifts(
  named: ReadonlyArray<{ name: string; colour: string }>,
): Promise<Array<{ name: string; colour: string; deltaE: number }>> {
  const distinct = named.filter(({ colour }) => HEX.test(colour) && !isGrey(colour));
  if (distinct.length === 0) return [];
  const pixels = Buffer.from(distinct.flatMap(({ colour }) => rgbOf(colour)));
  profileFile ??= profilePath();
  const cmyk = await sharp(pixels, { raw: { width: distinct.length, height: 1, channels: 3 } })
    .toColourspace("cmyk")
    .withIccProfile(profileFile)
    .tiff()
    .toBuffer();
  // Read back through the profile it carries: the colour as printed, on screen.
  const back = await sharp(cmyk).toColourspace("srgb").raw().toBuffer();
  return distinct
    .map(({ name, colour }, index) => {
      const [r, g, b] = [back[index * 3]!, back[index * 3 + 1]!, back[index * 3 + 2]!];
      const printed = new Color("srgb", [r / 255, g / 255, b / 255]);
      return { name, colour, deltaE: Math.round(new Color(colour).deltaE2000(printed) * 10) / 10 };
    })
    .filter(({ deltaE }) => deltaE > 5);
}

interface PdfKitLike {
  fillColor(colour: unknown, opacity?: number): unknown;
  strokeColor(colour: unknown, opacity?: number): unknown;
  on(event: "pageAdded", listener: () => void): unknown;
  page: { width: number; height: number; dictionary: { data: Record<string, unknown> } };
  ref(data: Record<string, unknown>): { end(chunk?: Buffer): void };
  _root: { data: Record<string, unknown> };
}

/**
 * Makes `ctx` (a PDFKit document, before any page is added) write the print-shop file: CMYK colours from `palette`,
 * TrimBox and BleedBox on every page, and the profile as the output intent.
 */
export function preparePrintDocument(ctx: PdfKitLike, palette: PrintPalette): void {
  const toCmyk = (colour: unknown): unknown => {
    if (typeof colour !== "string") return colour;
    const hex = normaliseHex(colour);
    const known = palette.cmyk.get(hex);
    if (known) return known;
    if (!HEX.test(hex)) return colour;
    // A colour the layout did not show us (should not happen): the plain formula rather than RGB in a CMYK file.
    const [r, g, b] = rgbOf(hex).map((value) => value / 255) as [number, number, number];
    const k = 1 - Math.max(r, g, b);
    const ink = (value: number) => (k >= 1 ? 0 : round((100 * (1 - value - k)) / (1 - k)));
    return [ink(r), ink(g), ink(b), round(100 * k)];
  };
  const fill = ctx.fillColor.bind(ctx);
  const stroke = ctx.strokeColor.bind(ctx);
  const bleed = mmToPt(BLEED_MM);
  const slug = mmToPt(SLUG_MM);
  ctx.fillColor = (colour: unknown, opacity?: number) => fill(toCmyk(colour), opacity);
  ctx.strokeColor = (colour: unknown, opacity?: number) => stroke(toCmyk(colour), opacity);

  ctx.on("pageAdded", () => {
    const { width, height } = ctx.page;
    const box = (inset: number) => [inset, inset, width - inset, height - inset];
    ctx.page.dictionary.data.TrimBox = box(slug + bleed);
    ctx.page.dictionary.data.BleedBox = box(slug);
    // The crop marks themselves are drawn with the page (layout-tree `withBleed`), over its white slug.
  });

  const profile = ctx.ref({ N: 4 });
  profile.end(palette.profile);
  ctx._root.data.OutputIntents = [
    {
      Type: "OutputIntent",
      S: "GTS_PDFX",
      // The condition's registered name, so a print shop's preflight recognises it (ICC characterization registry).
      OutputConditionIdentifier: new String("FOGRA39"),
      OutputCondition: new String("Offset printing, ISO 12647-2, coated paper (FOGRA39)"),
      RegistryName: new String("http://www.color.org"),
      Info: new String(PRINT_PROFILE_NAME),
      DestOutputProfile: profile,
    },
  ];
}
