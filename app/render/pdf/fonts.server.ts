/**
 * Registers the bundled open-licence fonts (app/domain/fonts.ts) with react-pdf, once per process or worker.
 * Each font gets two families: its Latin files, and its Latin Extended files, which `fontFamilies()` lists as the
 * fallback for characters the first lacks. PDFKit embeds only the glyphs used, with a ToUnicode map, so text can be
 * copied and read aloud.
 */
import { Font } from "@react-pdf/renderer";
import { createRequire } from "node:module";
import { BUNDLED_FONTS, fontPackagePath } from "../../domain/fonts";
import { SCRIPT_FONTS } from "../../domain/languages";
import { fontFamilies } from "./theme";

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

/** Words up to this length are never split. */
const LONGEST_WHOLE_WORD = 22;

/**
 * Marks the end of a part that may end a line with no hyphen drawn: our patch of react-pdf's text engine
 * (patches/@react-pdf+textkit+*.patch) takes it out of the text and draws nothing at that break. A drawn hyphen in
 * an address is read, copied and typed as part of it (`help@demo-charity.-example`).
 */
export const BREAK_WITHOUT_HYPHEN = "\u200b";

/**
 * Where an over-long word (usually a web or email address) may break: after "/", "-", ".", "_", "?", "&", "=", "#"
 * or "@" when it can, otherwise every 16 characters; never with a hyphen drawn. Ordinary words come back whole.
 */
export function splitOverlongWord(word: string): string[] {
  if (word.length <= LONGEST_WHOLE_WORD) return [word];
  const parts: string[] = [];
  let current = "";
  for (const character of word) {
    current += character;
    if ((/[/\-._?&=#@]/.test(character) && current.length >= 4) || current.length >= 16) {
      parts.push(current);
      current = "";
    }
  }
  if (current) parts.push(current);
  return parts.map((part, index) => (index < parts.length - 1 ? part + BREAK_WITHOUT_HYPHEN : part));
}
