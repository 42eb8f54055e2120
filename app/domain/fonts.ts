/**
 * The open-licence fonts Copress bundles (from @fontsource packages, SIL Open Font Licence), with the files for
 * regular and bold. WOFF, not WOFF2: react-pdf embeds TTF and WOFF only, and the browser preview must use the very
 * same files as the PDF so that lines break in the same places.
 *
 * The browser gets the files from `/fonts/<file>` (app/routes/fonts.$file.ts serves exactly these names);
 * server code reads them from the package with `fontPackagePath`.
 */
import { FONT_IDS, FONT_LABELS, type FontId } from "./design";
import { SCRIPT_FONT_FILES } from "./languages";

export type FontWeight = 400 | 700;
export type FontSubset = "latin" | "latin-ext";

export interface FontFile {
  weight: FontWeight;
  subset: FontSubset;
  /** File name inside the package's `files/` folder, e.g. "lexend-latin-700-normal.woff". */
  file: string;
  /** The characters this file covers (from the package's own CSS), so browsers fetch only what a page needs. */
  unicodeRange: string;
}

export interface BundledFont {
  id: FontId;
  /** The CSS / PDF font family name. */
  family: string;
  label: string;
  packageName: string;
  files: FontFile[];
  /** Regular and bold files covering Latin (English and most Western European languages): what the PDF embeds. */
  regular: string;
  bold: string;
}

// Ranges copied from @fontsource's generated CSS (identical in the three packages).
const UNICODE_RANGES: Record<FontSubset, string> = {
  latin:
    "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD",
  "latin-ext":
    "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF",
};

const FAMILIES: Record<FontId, string> = {
  "atkinson-hyperlegible": "Atkinson Hyperlegible",
  lexend: "Lexend",
  "open-sans": "Open Sans",
};

function describeFont(id: FontId): BundledFont {
  const files: FontFile[] = [];
  for (const weight of [400, 700] as const) {
    for (const subset of ["latin", "latin-ext"] as const) {
      files.push({
        weight,
        subset,
        file: `${id}-${subset}-${weight}-normal.woff`,
        unicodeRange: UNICODE_RANGES[subset],
      });
    }
  }
  return {
    id,
    family: FAMILIES[id],
    label: FONT_LABELS[id],
    packageName: `@fontsource/${id}`,
    files,
    regular: `${id}-latin-400-normal.woff`,
    bold: `${id}-latin-700-normal.woff`,
  };
}

export const BUNDLED_FONTS: Record<FontId, BundledFont> = Object.fromEntries(
  FONT_IDS.map((id) => [id, describeFont(id)]),
) as Record<FontId, BundledFont>;

const FONT_BY_FILE = new Map<string, BundledFont>(
  Object.values(BUNDLED_FONTS).flatMap((font) => font.files.map((entry) => [entry.file, font] as const)),
);

/** True only for the exact file names above: the font route serves nothing else. */
export function isBundledFontFile(file: string): boolean {
  return FONT_BY_FILE.has(file) || SCRIPT_FONT_FILES.has(file);
}

/** Where the browser fetches a font file. */
export function fontFileUrl(file: string): string {
  return `/fonts/${file}`;
}

/** The module specifier of a bundled file for server code (`createRequire(...).resolve(...)`), or null. */
export function fontPackagePath(file: string): string | null {
  const font = FONT_BY_FILE.get(file) ?? SCRIPT_FONT_FILES.get(file);
  return font ? `${font.packageName}/files/${file}` : null;
}

/** A CSS `font-family` value with sensible fallbacks while the file loads. */
export function fontStack(id: FontId): string {
  return `"${BUNDLED_FONTS[id].family}", system-ui, Arial, sans-serif`;
}

/** `@font-face` rules for every bundled font, for the live preview. */
export function fontFaceCss(): string {
  return Object.values(BUNDLED_FONTS)
    .flatMap((font) =>
      font.files.map(
        (entry) =>
          `@font-face{font-family:"${font.family}";font-style:normal;font-weight:${entry.weight};font-display:swap;` +
          `src:url(${fontFileUrl(entry.file)}) format("woff");unicode-range:${entry.unicodeRange};}`,
      ),
    )
    .join("\n");
}
