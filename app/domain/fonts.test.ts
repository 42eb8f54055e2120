import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { FONT_IDS } from "./design";
import { BUNDLED_FONTS, fontFaceCss, fontPackagePath, isBundledFontFile } from "./fonts";

const require = createRequire(import.meta.url);

describe("bundled fonts", () => {
  it("has regular and bold WOFF files (never WOFF2) for every font a design can choose", () => {
    for (const id of FONT_IDS) {
      const font = BUNDLED_FONTS[id];
      expect(font.files.map((file) => file.weight).sort()).toEqual([400, 400, 700, 700]);
      for (const name of [font.regular, font.bold, ...font.files.map((file) => file.file)]) {
        expect(name).toMatch(/\.woff$/);
        const bytes = readFileSync(require.resolve(fontPackagePath(name)!));
        expect(bytes.subarray(0, 4).toString("latin1"), name).toBe("wOFF"); // WOFF 1.0 signature
      }
    }
  });

  it("serves only the exact listed file names", () => {
    expect(isBundledFontFile("lexend-latin-700-normal.woff")).toBe(true);
    expect(isBundledFontFile("lexend-latin-700-normal.woff2")).toBe(false);
    expect(isBundledFontFile("../package.json")).toBe(false);
    expect(isBundledFontFile("lexend-latin-300-normal.woff")).toBe(false);
    expect(fontPackagePath("../../etc/passwd")).toBeNull();
  });

  it("gives @font-face rules that point at the font route", () => {
    const css = fontFaceCss();
    expect(css).toContain('font-family:"Atkinson Hyperlegible"');
    expect(css).toContain("url(/fonts/open-sans-latin-ext-700-normal.woff)");
    expect(css.match(/@font-face/g)).toHaveLength(FONT_IDS.length * 4);
  });
});
