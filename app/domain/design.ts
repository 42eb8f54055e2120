/**
 * The `design` map of a document (docs/ARCHITECTURE.md, "The Y.Doc of a document"): what the designer chooses. Stored as plain JSON
 * values in a Y.Map so every choice is shared in real time; read through `readDesign` so missing or unknown
 * values fall back to safe defaults (older documents, or a value a newer version wrote).
 */
// Zod Mini: the same schemas in a form the browser's bundle keeps small (the editor reads designs; issue 12's weight
// budget). Its schemas mix freely with the full Zod used on the server.
import * as z from "zod/mini";
import { LARGE_PRINT_TEMPLATE_ID, templateIdOf } from "./design-template";

export const FONT_IDS = ["atkinson-hyperlegible", "lexend", "open-sans"] as const;
export type FontId = (typeof FONT_IDS)[number];

export const FONT_LABELS: Record<FontId, string> = {
  "atkinson-hyperlegible": "Atkinson Hyperlegible (for low vision)",
  lexend: "Lexend (helps many dyslexic readers)",
  "open-sans": "Open Sans (neutral)",
};

export const COLOUR_ROLES = ["text", "background", "primary", "onPrimary", "accent", "muted"] as const;
export type ColourRole = (typeof COLOUR_ROLES)[number];

const hex = z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #1D4F91."));

export const colourSet = z.object({
  text: hex,
  background: hex,
  primary: hex,
  onPrimary: hex,
  accent: hex,
  muted: hex,
});
export type ColourSet = z.infer<typeof colourSet>;

export const DEFAULT_COLOURS: ColourSet = {
  text: "#0b0c0c",
  background: "#ffffff",
  primary: "#1d4f91",
  onPrimary: "#ffffff",
  accent: "#00703c",
  muted: "#505a5f",
};

/**
 * The brand kit's locks, copied into the design map when a kit is applied: each key present is locked, with the
 * value the kit had then (`logo`: its upload id; `footerText`: its words; `contactBlock`: the document must keep a
 * contact box). Kept in the document, not looked up from the kit, so the server and every checker know them, a
 * design approval covers them, and a later change to the kit (or deleting it) does not change this document.
 */
export const brandLocksSchema = z.object({
  logo: z.optional(z.string().check(z.minLength(1))),
  footerText: z.optional(z.string().check(z.maxLength(300))),
  contactBlock: z.optional(z.literal(true)),
});
export type BrandLocks = z.infer<typeof brandLocksSchema>;

export const designSchema = z.object({
  templateId: z.string(),
  brandKitId: z.catch(z.nullable(z.string()), null),
  colours: z.catch(colourSet, DEFAULT_COLOURS),
  headingFont: z.catch(z.enum(FONT_IDS), "atkinson-hyperlegible"),
  bodyFont: z.catch(z.enum(FONT_IDS), "atkinson-hyperlegible"),
  coverStyle: z.catch(z.enum(["band", "full-colour", "plain"]), "band"),
  /**
   * Shapes in the brand's colours on a cover without a picture (app/render/cover-art.ts), or none. New documents
   * have them; a document from before they existed reads as "none", so its cover does not change under it.
   */
  coverArt: z.catch(z.enum(["shapes", "none"]), "none"),
  imagePosition: z.catch(z.enum(["left", "right"]), "left"),
  /**
   * Whether this is a large print document. Derived by `readDesign` from the template (the "Large print" template
   * is the one way to get large print); never stored by Copress any more. A stored `true` is an older document's
   * tick box, read as the large print template.
   */
  largePrint: z.catch(z.boolean(), false),
  logoUploadId: z.catch(z.nullable(z.string()), null),
  logoPlacement: z.catch(z.enum(["top-left", "top-right", "back-page"]), "top-left"),
  footerText: z.catch(z.string().check(z.maxLength(300)), ""),
  quickExit: z.catch(z.boolean(), false),
  /**
   * On paper, a link's address is printed after words that do not say it ("our website (demo-charity.example)"),
   * unless the designer turns it off (`false`). Absent in most documents: absent means on.
   */
  printLinkAddresses: z.catch(z.optional(z.boolean()), undefined),
  /**
   * A picture on the cover, under the title: an upload of the workspace (`/uploads/<id>`), and what it shows for
   * people who cannot see it (empty: a decorative picture, hidden from screen readers). Absent: no picture.
   */
  coverPicture: z.catch(
    z.optional(
      z.nullable(
        z.object({
          src: z.string().check(z.regex(/^\/uploads\/[A-Za-z0-9-]{1,64}$/)),
          alt: z.string().check(z.maxLength(300)),
          /** The credit a library picture's licence asks for (printed with the other pictures' credits). */
          credit: z.optional(z.string().check(z.maxLength(300))),
        }),
      ),
    ),
    undefined,
  ),
  /**
   * What fills a folded leaflet's spare pages (a booklet of a fixed number of pages, a tri-fold's panels) when the
   * words take fewer: lined "Notes" pages, or an inside back cover in the brand colour (any more spare pages are notes
   * pages). Never blank pages.
   */
  sparePages: z.catch(z.enum(["notes", "back-cover"]), "notes"),
  /** Absent until a kit is applied (and in documents whose kit was applied before locks were recorded). */
  brandLocks: z.catch(z.optional(brandLocksSchema), undefined),
});
export type Design = z.infer<typeof designSchema>;

export { LARGE_PRINT_TEMPLATE_ID };

export function defaultDesign(templateId: string): Design {
  return {
    templateId,
    brandKitId: null,
    colours: DEFAULT_COLOURS,
    headingFont: "atkinson-hyperlegible",
    bodyFont: "atkinson-hyperlegible",
    coverStyle: "band",
    coverArt: "shapes",
    imagePosition: "left",
    largePrint: templateId === LARGE_PRINT_TEMPLATE_ID,
    logoUploadId: null,
    logoPlacement: "top-left",
    footerText: "",
    quickExit: false,
    sparePages: "notes",
  };
}

/**
 * Reads a design map's JSON with defaults for anything missing or invalid.
 *
 * Large print is one setting: the "Large print" template. Documents from before that decision may still store
 * `largePrint: true` (a tick box that scaled any template to 18 pt); they are read as large print documents, on the
 * large print template, so what people asked for is what prints. Switching template on the design page removes
 * the old value, so the switch sticks.
 */
export function readDesign(raw: Record<string, unknown>, fallbackTemplateId = "a5-booklet"): Design {
  const templateId = templateIdOf(raw, fallbackTemplateId);
  const base = defaultDesign(templateId);
  // A design map without `coverArt` is older than cover shapes: read as none (see the schema).
  const parsed = designSchema.safeParse({ ...base, coverArt: "none", ...raw, templateId, largePrint: base.largePrint });
  return parsed.success ? parsed.data : base;
}

/** What a new document's design map stores: every choice, but not what `readDesign` derives (large print). */
export function storedDesign(design: Design): Record<string, unknown> {
  const { largePrint: _derived, ...stored } = design;
  return stored;
}

/** The changes that switch a design map to another template, including removing an older document's large print tick. */
export function templateSwitch(templateId: string): { set: { templateId: string }; remove: string[] } {
  return { set: { templateId }, remove: ["largePrint"] };
}

/** The logo's description, in the PDF and on the web page alike: it names the organisation. */
export function logoAlt(organisation: string): string {
  return organisation.trim() ? `${organisation.trim()} logo` : "Logo";
}
