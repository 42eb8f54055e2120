/**
 * Everything a PDF mapper needs to know about how the page looks, in points, derived once from the template and
 * the design. Sizes come from `pageGeometry` so the browser preview and the PDF measure the same page.
 */
import type { Style } from "@react-pdf/types";
import { accentTint } from "../../domain/colour";
import type { ColourSet, Design, FontId } from "../../domain/design";
import { BUNDLED_FONTS } from "../../domain/fonts";
import { languageOf, SCRIPT_FONTS, scriptFontFor, type Direction } from "../../domain/languages";
import { pageWordsFor, type PageWords } from "../../domain/page-words";
import type { Template } from "../../domain/template";
import { mmToPt, pageGeometry, type PageGeometry } from "../../domain/page-geometry";

export interface PdfTheme {
  template: Template;
  design: Design;
  geometry: PageGeometry;
  /** One reading page (a tri-fold panel, or the page itself), in points. */
  page: { width: number; height: number };
  /** One printed sheet side, in points. */
  sheet: { width: number; height: number };
  margin: { top: number; right: number; bottom: number; left: number };
  type: PageGeometry["type"];
  colours: ColourSet;
  /** The pale accent tint behind key information (its contrast with text is checked by the design rules). */
  accentTint: string;
  fonts: { heading: string[]; body: string[] };
  /** Vertical rhythm in points. */
  space: { paragraph: number; block: number; section: number };
  /** The document language's direction: a right-to-left document reads from the right, and its layout mirrors. */
  direction: Direction;
  /** The side lines start on ("left", or "right" for right-to-left), and the flex direction of a row read that way. */
  start: "left" | "right";
  row: "row" | "row-reverse";
  /** Line height of headings (script fonts such as Nastaliq need more). */
  headingLineHeight: number;
  /** The page titles Copress prints ("Notes", "Contents"), in the document's language. */
  words: PageWords;
}

/**
 * Font family names registered by fonts.server.ts: the font's family for its Latin files, then a second family for
 * its Latin Extended files, which react-pdf falls back to for characters the first one lacks (ŵ, ą, ő …).
 */
export function fontFamilies(id: FontId): string[] {
  const { family } = BUNDLED_FONTS[id];
  return [family, `${family} Latin Extended`];
}

/**
 * `typeScale` below 1 sets every size smaller to fit a folded leaflet's fixed panels ("copy fitting"); sizes never go
 * below the template's minimum body size or 12 pt, so the caller picks a scale within `minimumTypeScale`.
 */
export function createTheme(
  template: Template,
  design: Design,
  options: { typeScale?: number; language?: string } = {},
): PdfTheme {
  const geometry = pageGeometry(template, design);
  const scale = Math.max(options.typeScale ?? 1, minimumTypeScale(template, design));
  const round = (size: number) => Math.round(size * scale * 4) / 4;
  const type = {
    ...geometry.type,
    body: round(geometry.type.body),
    h1: round(geometry.type.h1),
    h2: round(geometry.type.h2),
    h3: round(geometry.type.h3),
    h4: round(geometry.type.h4),
    small: Math.max(12, round(geometry.type.small)),
  };
  const { body } = type;
  const { direction } = languageOf(options.language);
  const script = scriptFontFor(options.language);
  // The document's script first; the brand font for Latin words and numbers; then the other scripts' fonts, for
  // words marked as another language (an Arabic name in a Welsh leaflet).
  const others = [SCRIPT_FONTS.arabic.family, SCRIPT_FONTS.hebrew.family].filter((family) => family !== script?.family);
  const withScript = (families: string[]) => [...(script ? [script.family] : []), ...families, ...others];
  if (script) type.lineHeight = Math.max(type.lineHeight, script.lineHeight);
  return {
    template,
    design,
    geometry,
    page: { width: mmToPt(geometry.page.widthMm), height: mmToPt(geometry.page.heightMm) },
    sheet: { width: mmToPt(geometry.sheet.widthMm), height: mmToPt(geometry.sheet.heightMm) },
    margin: {
      top: mmToPt(geometry.margins.top),
      right: mmToPt(geometry.margins.right),
      bottom: mmToPt(geometry.margins.bottom),
      left: mmToPt(geometry.margins.left),
    },
    type,
    colours: design.colours,
    accentTint: accentTint(design.colours),
    fonts: { heading: withScript(fontFamilies(design.headingFont)), body: withScript(fontFamilies(design.bodyFont)) },
    space: { paragraph: body * 0.6, block: body * 0.9, section: body * 1.6 },
    direction,
    start: direction === "rtl" ? "right" : "left",
    row: direction === "rtl" ? "row-reverse" : "row",
    headingLineHeight: script ? Math.max(1.25, script.lineHeight * 0.9) : 1.25,
    words: pageWordsFor(options.language),
  };
}

/** The smallest type scale copy fitting may use: body text stays at or above the template's minimum. */
export function minimumTypeScale(template: Template, design: Pick<Design, "largePrint">): number {
  const body = pageGeometry(template, design).type.body;
  // Large print is never made smaller: that would defeat its purpose.
  return design.largePrint ? 1 : Math.min(1, template.rules.minBodyPt / body);
}

/** Body text: left-aligned, never justified, never hyphenated (fonts.server.ts turns hyphenation off). */
export function bodyText(theme: PdfTheme): Style {
  return {
    fontFamily: theme.fonts.body,
    fontSize: theme.type.body,
    lineHeight: theme.type.lineHeight,
    color: theme.colours.text,
    textAlign: theme.start,
  };
}

export function headingText(theme: PdfTheme, level: 1 | 2 | 3 | 4): Style {
  const size = { 1: theme.type.h1, 2: theme.type.h2, 3: theme.type.h3, 4: theme.type.h4 }[level];
  return {
    fontFamily: theme.fonts.heading,
    fontWeight: 700,
    fontSize: size,
    lineHeight: theme.headingLineHeight,
    color: level === 2 ? theme.colours.primary : theme.colours.text,
    textAlign: theme.start,
  };
}

export function smallText(theme: PdfTheme): Style {
  return { fontFamily: theme.fonts.body, fontSize: theme.type.small, lineHeight: 1.3, color: theme.colours.text };
}
