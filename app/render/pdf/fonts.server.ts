/**
 * Registers the bundled open-licence fonts (app/domain/fonts.ts) with react-pdf, once per process or worker.
 * Each font gets two families: its Latin files, and its Latin Extended files, which `fontFamilies()` lists as the
 * fallback for characters the first lacks. PDFKit embeds only the glyphs used, with a ToUnicode map, so text can be
 * copied and read aloud.
 */
import { Font } from "@react-pdf/renderer";
import { create as openFont } from "fontkit";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { FontId } from "../../domain/design";
import { BUNDLED_FONTS, fontPackagePath } from "../../domain/fonts";
import { SCRIPT_FONTS } from "../../domain/languages";
import { fontFamilies } from "./theme";
import { addressParts, LONGEST_WHOLE_WORD } from "../address-breaks";

const require = createRequire(import.meta.url);

let registered = false;

export function registerFonts(): void {
  if (registered) return;
  for (const font of Object.values(BUNDLED_FONTS)) {
    const [latin, latinExtended] = fontFamilies(font.id);
    for (const [family, subset] of [
      [latin, "latin"],
      [latinExtended, "latin-ext"],
    ] as const) {
      Font.register({
        family: family!,
        fonts: font.files
          .filter((file) => file.subset === subset)
          .map((file) => ({ src: require.resolve(fontPackagePath(file.file)!), fontWeight: file.weight })),
      });
    }
  }
  // Script fonts for languages the brand fonts do not cover (Arabic, Urdu, Farsi, Hebrew): app/domain/languages.ts.
  for (const font of Object.values(SCRIPT_FONTS)) {
    Font.register({
      family: font.family,
      fonts: [
        { src: require.resolve(`${font.packageName}/files/${font.regular}`), fontWeight: 400 },
        { src: require.resolve(`${font.packageName}/files/${font.bold}`), fontWeight: 700 },
      ],
    });
  }
  // Never break ordinary words with hyphens: split words are harder to read (RNIB Clear Print, Easy Read
  // guidance). Only a word too long for any line (a web address) is split, rather than run off the page.
  Font.registerHyphenationCallback((word) => splitOverlongWord(word));
  registered = true;
}

/**
 * Marks the end of a part that may end a line with no hyphen drawn: our patch of react-pdf's text engine
 * (patches/@react-pdf+textkit+*.patch) takes it out of the text and draws nothing at that break. A drawn hyphen in
 * an address is read, copied and typed as part of it (`help@demo-charity.-example`).
 */
export const BREAK_WITHOUT_HYPHEN = "\u200b";

/**
 * Where an over-long word (usually a web or email address) may break: as addresses break (`addressParts`: before a
 * dot, dash, single slash or @, never after), never with a hyphen drawn. Ordinary words come back whole.
 */
export function splitOverlongWord(word: string): string[] {
  if (word.length <= LONGEST_WHOLE_WORD) return [word];
  const parts = addressParts(word);
  return parts.map((part, index) => (index < parts.length - 1 ? part + BREAK_WITHOUT_HYPHEN : part));
}

/** Where outlined words go on the page: centred on (`x`, `y`), turned `angle` degrees anticlockwise, `width` wide. */
export interface OutlinePlacement {
  x: number;
  y: number;
  angle: number;
  width: number;
}

const outlines = new Map<string, string>();

/**
 * `text` in a bundled font's bold Latin face as outlines rather than text (SVG path data in points, placed as
 * `placement` says): for the draft watermark, which is decoration drawn across the words, so copying or extracting a
 * page's text never picks up pieces of it.
 */
export function outlinedText(fontId: FontId, text: string, placement: OutlinePlacement): string {
  const key = JSON.stringify([fontId, text, placement]);
  const known = outlines.get(key);
  if (known) return known;
  const font = openFont(readFileSync(require.resolve(fontPackagePath(BUNDLED_FONTS[fontId].bold)!)));
  const run = font.layout(text);
  const advance = run.positions.reduce((sum, position) => sum + position.xAdvance, 0);
  const scale = placement.width / advance;
  // Font units have y up and the baseline at 0: centre the run on the origin (vertically between ascent and
  // descent), flip y for the page, scale, turn and move it into place.
  const radians = (-placement.angle * Math.PI) / 180;
  const [cos, sin] = [Math.cos(radians), Math.sin(radians)];
  const middle = (font.ascent + font.descent) / 2;
  const parts: string[] = [];
  let x = -advance / 2;
  run.glyphs.forEach((glyph, index) => {
    const position = run.positions[index]!;
    const local = glyph.path.translate(x + position.xOffset, position.yOffset - middle).scale(scale, -scale);
    parts.push(local.transform(cos, sin, -sin, cos, placement.x, placement.y).toSVG());
    x += position.xAdvance;
  });
  // A tenth of a point is finer than print shows; shorter numbers make every page's path quicker to write.
  const d = parts.join(" ").replace(/-?\d+\.\d+/g, (value) => String(Math.round(Number(value) * 10) / 10));
  if (outlines.size > 50) outlines.clear();
  outlines.set(key, d);
  return d;
}
