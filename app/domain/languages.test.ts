import { describe, expect, it } from "vitest";
import {
  firstStrongDirection,
  isEnglish,
  isKnownLanguage,
  languageChoice,
  languageLabel,
  languageOf,
  LANGUAGES,
  scriptFontFaceCss,
  scriptFontFor,
} from "./languages";
import { pageWordsFor } from "./page-words";
import { fontPackagePath, isBundledFontFile } from "./fonts";

describe("the language list", () => {
  it("gives each language its name in itself, its direction and, off the Latin script, a bundled font", () => {
    expect(languageLabel("ar")).toBe("Arabic (العربية)");
    expect(languageLabel("cy")).toBe("Welsh (Cymraeg)");
    expect(languageLabel("en-GB")).toBe("English");
    expect(languageChoice(languageOf("ar"))).toBe("العربية — Arabic");
    expect(languageChoice(languageOf("en-GB"))).toBe("English");
    for (const code of ["ar", "ur", "fa", "he"]) expect(languageOf(code).direction).toBe("rtl");
    for (const code of ["en-GB", "cy", "pl"]) expect(languageOf(code).direction).toBe("ltr");
    expect(scriptFontFor("ur")?.family).toBe("Noto Nastaliq Urdu");
    expect(scriptFontFor("ar")?.family).toBe("Noto Naskh Arabic");
    expect(scriptFontFor("fa")?.family).toBe("Noto Naskh Arabic");
    expect(scriptFontFor("he")?.family).toBe("Noto Sans Hebrew");
    expect(scriptFontFor("cy")).toBeNull();
    const codes = LANGUAGES.map((language) => language.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("reads regional and unknown tags sensibly, and knows only listed codes for new translations", () => {
    expect(languageOf("ar-EG").code).toBe("ar");
    expect(languageOf("en-US").name).toBe("English");
    expect(languageOf("xx").direction).toBe("ltr");
    expect(isKnownLanguage("ur")).toBe(true);
    expect(isKnownLanguage("xx")).toBe(false);
    expect(isEnglish("en-GB")).toBe(true);
    expect(isEnglish("en")).toBe(true);
    expect(isEnglish("cy")).toBe(false);
  });

  it("serves the script fonts by their exact names, with @font-face rules for the page", () => {
    const font = scriptFontFor("ar")!;
    expect(isBundledFontFile(font.regular)).toBe(true);
    expect(fontPackagePath(font.bold)).toBe(`@fontsource/noto-naskh-arabic/files/${font.bold}`);
    expect(isBundledFontFile("../../etc/passwd")).toBe(false);
    expect(scriptFontFaceCss("ar")).toContain(`src:url(/fonts/${font.regular}) format("woff")`);
    expect(scriptFontFaceCss("en-GB")).toBe("");
  });

  it("reads a paragraph's direction from its first letter, as dir=auto does", () => {
    expect(firstStrongDirection("This leaflet is for women.", "rtl")).toBe("ltr");
    expect(firstStrongDirection("0808 157 0192: اتصلي بنا", "ltr")).toBe("rtl");
    expect(firstStrongDirection("خواتین کے حقوق", "ltr")).toBe("rtl");
    expect(firstStrongDirection("0808 157 0192", "rtl")).toBe("rtl");
    expect(firstStrongDirection("", "ltr")).toBe("ltr");
  });

  it("prints Copress's own page titles in the document's language", () => {
    expect(pageWordsFor("ar").notes).toBe("ملاحظات");
    expect(pageWordsFor("cy").contents).toBe("Cynnwys");
    expect(pageWordsFor("xx").notes).toBe("Notes");
  });
});
