/**
 * Rules about the design rather than the words: colour contrast of every pair the templates print (the same pairs
 * the design panel guards, from `app/domain/colour.ts`), the smallest type sizes the template allows, and the
 * brand kit's locked elements. These findings belong to the whole document (no section, no range).
 */
import { brokenBrandLocks, type LockableElement } from "../brand-kit";
import {
  checkColourPairs,
  COLOUR_ROLE_LABELS,
  DERIVED_COLOUR_LABELS,
  formatRatio,
  suggestPassingColour,
} from "../colour";
import type { Design } from "../design";
import { hasCover, type Template } from "../template";
import { pageGeometry } from "../page-geometry";
import type { Finding } from "./types";

/** No printed text below this, whatever the template says (RNIB Clear Print). */
export const ABSOLUTE_MINIMUM_PT = 12;

type DesignFinding = Omit<Finding, "id">;

export function checkColourContrast(design: Design): DesignFinding[] {
  return checkColourPairs(design.colours)
    .filter((pair) => !pair.passes)
    .map((pair) => {
      const foreground = COLOUR_ROLE_LABELS[pair.foreground];
      const background =
        pair.background === "accentTint" ? DERIVED_COLOUR_LABELS.accentTint : COLOUR_ROLE_LABELS[pair.background];
      const suggestion = suggestPassingColour(pair.foregroundColour, pair.backgroundColour, pair.minimum);
      return {
        rule: "colour-contrast",
        source: "contrast",
        severity: "blocker",
        sectionId: null,
        range: null,
        target: "node",
        text: `${foreground} ${pair.foregroundColour} on ${background.toLowerCase()} ${pair.backgroundColour}`,
        message:
          `${pair.use.charAt(0).toUpperCase()}${pair.use.slice(1)} is hard to read: ${foreground.toLowerCase()} ${pair.foregroundColour} on ` +
          `${background.toLowerCase()} ${pair.backgroundColour} has a contrast of ${formatRatio(pair.ratio, pair.minimum)}, and it needs at least ${pair.minimum}:1.`,
        help: `On the design page, choose a darker or lighter colour. For example ${suggestion} is the nearest shade of ${foreground.toLowerCase()} that is clear enough.`,
        suggestions: [suggestion],
        sourceNote: "WCAG 2.2, success criteria 1.4.3 and 1.4.11",
      } satisfies DesignFinding;
    });
}

/**
 * Smallest body text by kind of document, on top of the template's own minimum: Easy Read needs 16 pt (Mencap's
 * Easy Read guidance), and so does anything marked large print (RNIB: large print starts at 16 pt).
 */
export const MINIMUM_BODY_PT_BY_KIND: Record<Template["kind"], number> = { leaflet: 12, guide: 12, "easy-read": 16 };
export const LARGE_PRINT_MINIMUM_PT = 16;

export function checkTypeSizes(template: Template, design: Design): DesignFinding[] {
  const type = pageGeometry(template, design).type;
  const minimum = Math.max(
    template.rules.minBodyPt,
    ABSOLUTE_MINIMUM_PT,
    MINIMUM_BODY_PT_BY_KIND[template.kind],
    design.largePrint ? LARGE_PRINT_MINIMUM_PT : 0,
  );
  if (type.body >= minimum) return [];
  const why = design.largePrint ? "large print" : template.kind === "easy-read" ? "Easy Read" : template.name;
  return [
    {
      rule: "min-font-size",
      source: "template",
      severity: "blocker",
      sectionId: null,
      range: null,
      target: "node",
      text: `Body text ${type.body} pt`,
      message: `Body text is set at ${type.body} pt, but ${why} needs at least ${minimum} pt so people can read it.`,
      help: `On the design page, choose a template with larger text, such as Large print.`,
      sourceNote: "RNIB Clear Print guidelines; Mencap Easy Read guidance",
    },
  ];
}

const BROKEN_LOCK_FINDINGS: Record<LockableElement, { text: string; message: string; help: string }> = {
  logo: {
    text: "Logo",
    message:
      "The brand kit asks every document to show its logo, and this document leaves it off or shows a different one.",
    help: "On the design page, apply the brand kit again. If the logo should change, a designer changes the brand kit first.",
  },
  footerText: {
    text: "Footer text",
    message:
      "The brand kit sets the footer text (contact details, charity number), and this document's footer says something else.",
    help: "On the design page, apply the brand kit again. If the footer should change, a designer changes the brand kit first.",
  },
  contactBlock: {
    text: "Contact box",
    message: "The brand kit asks every document to keep its contact box, and this document has none.",
    help: "Add a contact box (the “Contact details” button in the editor) with how readers can get in touch.",
  },
};

/**
 * The kit's locks as the design recorded them when the kit was applied (`design.brandLocks`). A blocker, so a
 * document that lost a locked element cannot be approved or published under a policy where blockers block (the
 * default), whichever way it lost it: an edit, a restored version, a hand-made client.
 */
export function checkBrandLocks(design: Design, hasContactBox: boolean): DesignFinding[] {
  return brokenBrandLocks(design, hasContactBox).map((element) => ({
    rule: "brand-lock",
    source: "template",
    severity: "blocker",
    sectionId: null,
    range: null,
    target: "node",
    ...BROKEN_LOCK_FINDINGS[element],
  }));
}

/**
 * A cover picture without a description is drawn as decoration: people who cannot see it are told nothing of it. A
 * photo on a cover is rarely only decoration, so it is asked about (a warning: it may be, and then it stays empty).
 */
export function checkCoverPicture(template: Template, design: Design): DesignFinding[] {
  if (!design.coverPicture || design.coverPicture.alt.trim() || !hasCover(template)) return [];
  return [
    {
      rule: "image-alt",
      source: "template",
      severity: "warning",
      sectionId: null,
      range: null,
      target: "node",
      text: "Cover picture",
      message: "The cover picture has no description, so people who cannot see it will not know what it shows.",
      help: "On the Design page, say what it shows under “What the picture shows”. Leave it empty only if the picture is just decoration.",
      sourceNote: "WCAG 2.2, success criterion 1.1.1",
    },
  ];
}
