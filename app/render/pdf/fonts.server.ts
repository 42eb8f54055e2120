/**
 * Registers the bundled open-licence fonts (app/domain/fonts.ts) with react-pdf, once per process or worker.
 * Each font gets two families: its Latin files, and its Latin Extended files, which `fontFamilies()` lists as the
 * fallback for characters the first lacks. PDFKit embeds only the glyphs used, with a ToUnicode map, so text can be
 * copied and read aloud.
 */
import { Font } from "@react-pdf/renderer";
import { createRequire } from "node:module";
import { BUNDLED_FONTS, fontPackagePath } from "../../domain/fonts";
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
  // Never break words with hyphens: split words are harder to read (RNIB Clear Print, Easy Read guidance).
  Font.registerHyphenationCallback((word) => [word]);
  registered = true;
}
