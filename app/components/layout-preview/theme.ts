/** The preview's measurements (all in points, as the PDF): the PDF's own theme and tri-fold panels. */
import type { Design } from "~/domain/design";
import { fontStack } from "~/domain/fonts";
import { mmToPt } from "~/domain/page-geometry";
import type { Template } from "~/domain/template";
import { createTheme, minimumTypeScale as pdfMinimumTypeScale } from "~/render/pdf/theme";
import { trifoldPanels as pdfTrifoldPanels } from "~/render/pdf/trifold";
import type { PreviewTemplate } from "./document";

export interface PreviewTheme {
  page: { width: number; height: number };
  margin: { top: number; right: number; bottom: number; left: number };
  type: { body: number; h1: number; h2: number; h3: number; h4: number; small: number; lineHeight: number };
  colours: Design["colours"] & { accentTint: string };
  fonts: { heading: string; body: string };
  space: { paragraph: number; block: number; section: number };
}

/** The smallest type scale copy fitting may use (the PDF's rule: never below the template's minimum; large print never shrinks). */
export function minimumTypeScale(template: PreviewTemplate, design: Pick<Design, "largePrint">): number {
  return pdfMinimumTypeScale(template as Template, design);
}

/** Sizes and colours for one page: the PDF's own theme (app/render/pdf/theme.ts), with CSS font stacks. */
export function previewTheme(template: PreviewTemplate, design: Design, typeScale = 1): PreviewTheme {
  const theme = createTheme(template as Template, design, { typeScale });
  return {
    page: theme.page,
    margin: theme.margin,
    type: theme.type,
    colours: { ...theme.colours, accentTint: theme.accentTint },
    fonts: { heading: fontStack(design.headingFont), body: fontStack(design.bodyFont) },
    space: theme.space,
  };
}

/** A tri-fold panel as the PDF places it (docs/trifold.md: the two that fold in are 3 mm narrower). */
export interface PreviewPanel {
  readingIndex: number;
  name: string;
  side: 1 | 2;
  position: number;
  widthPt: number;
}

export function trifoldPanels(template: PreviewTemplate): PreviewPanel[] {
  return pdfTrifoldPanels(template as Template).map(({ readingIndex, name, side, position, widthMm }) => ({
    readingIndex,
    name,
    side,
    position,
    widthPt: mmToPt(widthMm),
  }));
}
