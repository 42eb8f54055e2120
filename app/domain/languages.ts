/**
 * The languages a document can be written or translated into: each with its name in English and in itself (people
 * choose from a list in their own language's words), its direction, and the script fonts the web version and the PDF
 * need. Pure data, used by the translations service, the editor, the HTML and PDF renderers and the checks.
 *
 * Adding a language: add it here. A right-to-left or non-Latin language also needs a `script` whose fonts are bundled
 * (`SCRIPT_FONTS`); a Latin-script language uses the brand fonts, whose Latin Extended files cover ŵ, ą, ő, ș, ğ …
 */

export type Direction = "ltr" | "rtl";
export type Script = "latin" | "arabic" | "nastaliq" | "hebrew";

export interface Language {
  /** BCP 47 tag, as stored in the document's `meta.language` and written to `lang` and the PDF's `/Lang`. */
  code: string;
  /** Its name in English. */
  name: string;
  /** Its name in itself: what a speaker looks for in the list. */
  nativeName: string;
  direction: Direction;
  script: Script;
}

export const LANGUAGES: readonly Language[] = [
  { code: "en-GB", name: "English", nativeName: "English", direction: "ltr", script: "latin" },
  { code: "cy", name: "Welsh", nativeName: "Cymraeg", direction: "ltr", script: "latin" },
  { code: "pl", name: "Polish", nativeName: "Polski", direction: "ltr", script: "latin" },
  { code: "ro", name: "Romanian", nativeName: "Română", direction: "ltr", script: "latin" },
  { code: "lt", name: "Lithuanian", nativeName: "Lietuvių", direction: "ltr", script: "latin" },
  { code: "pt", name: "Portuguese", nativeName: "Português", direction: "ltr", script: "latin" },
  { code: "es", name: "Spanish", nativeName: "Español", direction: "ltr", script: "latin" },
  { code: "fr", name: "French", nativeName: "Français", direction: "ltr", script: "latin" },
  { code: "so", name: "Somali", nativeName: "Soomaali", direction: "ltr", script: "latin" },
  { code: "tr", name: "Turkish", nativeName: "Türkçe", direction: "ltr", script: "latin" },
  { code: "ar", name: "Arabic", nativeName: "العربية", direction: "rtl", script: "arabic" },
  { code: "ur", name: "Urdu", nativeName: "اردو", direction: "rtl", script: "nastaliq" },
  { code: "fa", name: "Farsi (Persian)", nativeName: "فارسی", direction: "rtl", script: "arabic" },
  { code: "he", name: "Hebrew", nativeName: "עברית", direction: "rtl", script: "hebrew" },
];

const BY_CODE = new Map(LANGUAGES.map((language) => [language.code.toLowerCase(), language]));

/**
 * The language for a stored tag: an exact match, else its primary subtag ("en-US" → English, "ar-EG" → Arabic).
 * Unknown tags are read as a left-to-right Latin language with the tag as its name, so nothing breaks on old data.
 */
export function languageOf(code: string | undefined | null): Language {
  const tag = (code ?? "").trim().toLowerCase();
  const exact = BY_CODE.get(tag);
  if (exact) return exact;
  const primary = tag.split("-")[0] ?? "";
  const english = BY_CODE.get("en-gb")!;
  if (primary === "en") return english;
  const byPrimary = LANGUAGES.find((language) => language.code.toLowerCase().split("-")[0] === primary);
  return (
    byPrimary ?? {
      code: code || "en-GB",
      name: code || "English",
      nativeName: code || "English",
      direction: "ltr",
      script: "latin",
    }
  );
}

/** True for a code in the list (what a new translation may be made in). */
export function isKnownLanguage(code: string): boolean {
  return BY_CODE.has(code.trim().toLowerCase());
}

/** "Arabic (العربية)", or "Welsh (Cymraeg)"; English alone when both names are the same. */
export function languageLabel(code: string): string {
  const language = languageOf(code);
  return language.name === language.nativeName ? language.name : `${language.name} (${language.nativeName})`;
}

/** How a language reads in a list to choose from: its own name first ("العربية — Arabic"), or "English". */
export function languageChoice(language: Language): string {
  return language.nativeName === language.name ? language.name : `${language.nativeName} — ${language.name}`;
}

export function isEnglish(code: string | undefined | null): boolean {
  return (code ?? "en").trim().toLowerCase().split("-")[0] === "en";
}

/**
 * Font files for scripts the brand fonts do not cover (open-licence Noto families from @fontsource, SIL OFL). The
 * brand font stays the fallback for Latin words and numbers inside them (a web address in an Arabic leaflet).
 */
export interface ScriptFont {
  family: string;
  packageName: string;
  /** Files inside the package's `files/` folder, by weight. */
  regular: string;
  bold: string;
  /** Extra line height these letters need (Nastaliq's descending joins run deep). */
  lineHeight: number;
}

export const SCRIPT_FONTS: Record<Exclude<Script, "latin">, ScriptFont> = {
  arabic: {
    family: "Noto Naskh Arabic",
    packageName: "@fontsource/noto-naskh-arabic",
    regular: "noto-naskh-arabic-arabic-400-normal.woff",
    bold: "noto-naskh-arabic-arabic-700-normal.woff",
    lineHeight: 1.6,
  },
  nastaliq: {
    family: "Noto Nastaliq Urdu",
    packageName: "@fontsource/noto-nastaliq-urdu",
    regular: "noto-nastaliq-urdu-arabic-400-normal.woff",
    bold: "noto-nastaliq-urdu-arabic-700-normal.woff",
    lineHeight: 2.2,
  },
  hebrew: {
    family: "Noto Sans Hebrew",
    packageName: "@fontsource/noto-sans-hebrew",
    regular: "noto-sans-hebrew-hebrew-400-normal.woff",
    bold: "noto-sans-hebrew-hebrew-700-normal.woff",
    lineHeight: 1.5,
  },
};

/** The script font a language needs on top of the brand fonts, or null for Latin-script languages. */
export function scriptFontFor(code: string | undefined | null): ScriptFont | null {
  const { script } = languageOf(code);
  return script === "latin" ? null : SCRIPT_FONTS[script];
}

/** Every script font file, for the font route (the browser fetches `/fonts/<file>`). */
export const SCRIPT_FONT_FILES: ReadonlyMap<string, ScriptFont> = new Map(
  Object.values(SCRIPT_FONTS).flatMap((font) => [[font.regular, font] as const, [font.bold, font] as const]),
);

/** `@font-face` rules for one language's script font (the web version and the editor load only what they need). */
export function scriptFontFaceCss(code: string | undefined | null): string {
  const font = scriptFontFor(code);
  if (!font) return "";
  return [
    [400, font.regular],
    [700, font.bold],
  ]
    .map(
      ([weight, file]) =>
        `@font-face{font-family:"${font.family}";font-style:normal;font-weight:${weight};font-display:swap;` +
        `src:url(/fonts/${file}) format("woff");}`,
    )
    .join("\n");
}

/**
 * The direction a paragraph reads in, from its first strong letter (Unicode's bidi rule P2, what `dir="auto"` does):
 * an English paragraph in an Arabic leaflet (not translated yet, or a quotation) reads left to right with its full
 * stop where it belongs. A paragraph with no letters (a phone number) keeps `fallback`.
 */
export function firstStrongDirection(text: string, fallback: Direction): Direction {
  const match = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]|\p{L}/u.exec(text);
  if (!match) return fallback;
  return /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u.test(match[0]) ? "rtl" : "ltr";
}
