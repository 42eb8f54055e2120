/**
 * Brand kits (docs/ARCHITECTURE.md, "Other services"): a workspace's named colours, fonts, logo and footer, and which elements
 * writers cannot remove. Pure: the input schema and the mapping from a kit to a document's design map are shared
 * by the brand kit page, the design panel and the server.
 */
import * as z from "zod/mini"; // small in the browser (issue 12); mixes with full Zod on the server
import { normaliseHex } from "./colour";
import { COLOUR_ROLES, FONT_IDS, type BrandLocks, type ColourSet, type Design, type FontId } from "./design";

export const LOCKABLE_ELEMENTS = ["logo", "footerText", "contactBlock"] as const;
export type LockableElement = (typeof LOCKABLE_ELEMENTS)[number];

export const LOCKABLE_ELEMENT_LABELS: Record<LockableElement, string> = {
  logo: "The logo: it can't be left off a document",
  footerText: "The footer text (contact details, charity number): it can't be changed in a document",
  contactBlock: "A contact box: every document must keep one",
};

/** Has the document's content got a contact box anywhere? (For kits that lock it.) */
export function hasContactBlock(content: unknown): boolean {
  return hasBlock(content, "contactBlock");
}

/** Whether a document's content (ProseMirror JSON) holds a block of `type` anywhere. */
export function hasBlock(content: unknown, type: string): boolean {
  if (!content || typeof content !== "object") return false;
  const node = content as { type?: unknown; content?: unknown };
  if (node.type === type) return true;
  return Array.isArray(node.content) && node.content.some((child) => hasBlock(child, type));
}

const hexColour = z.pipe(
  z.transform((value: unknown) => (typeof value === "string" ? (normaliseHex(value) ?? value) : value)),
  z
    .string({ error: "Enter a colour, like #1D4F91." })
    .check(z.regex(/^#[0-9a-f]{6}$/, "Enter a colour as a # and six letters or numbers, like #1D4F91.")),
);

export const brandKitInput = z.object({
  name: z
    .string({ error: "Give the brand kit a name." })
    .check(
      z.trim(),
      z.minLength(1, "Give the brand kit a name."),
      z.maxLength(80, "Keep the name under 80 characters."),
    ),
  colours: z.object(
    Object.fromEntries(COLOUR_ROLES.map((role) => [role, hexColour])) as Record<
      (typeof COLOUR_ROLES)[number],
      typeof hexColour
    >,
    {
      error: "Choose the six colours.",
    },
  ),
  headingFont: z.enum(FONT_IDS, { error: "Choose a font for headings from the list." }),
  bodyFont: z.enum(FONT_IDS, { error: "Choose a font for body text from the list." }),
  logoUploadId: z._default(z.nullable(z.string().check(z.maxLength(64))), null),
  footerText: z._default(
    z
      .string({ error: "Footer text must be text." })
      .check(z.trim(), z.maxLength(300, "Keep the footer text under 300 characters.")),
    "",
  ),
  lockedElements: z.pipe(
    z._default(z.array(z.enum(LOCKABLE_ELEMENTS, { error: "Choose locked elements from the list." })), []),
    z.transform((list: LockableElement[]) => [...new Set(list)]),
  ),
});
export type BrandKitInput = z.infer<typeof brandKitInput>;

export interface BrandKit {
  id: string;
  name: string;
  colours: ColourSet;
  headingFont: FontId;
  bodyFont: FontId;
  logoUploadId: string | null;
  /** Where the browser fetches the logo, or null. */
  logoUrl: string | null;
  footerText: string;
  lockedElements: LockableElement[];
  updatedAt: string;
}

/** What a kit locks, with the values it locks them to, as the design map records them. */
export function brandLocksOf(kit: Pick<BrandKit, "lockedElements" | "logoUploadId" | "footerText">): BrandLocks {
  const locks: BrandLocks = {};
  if (kit.lockedElements.includes("logo") && kit.logoUploadId) locks.logo = kit.logoUploadId;
  if (kit.lockedElements.includes("footerText")) locks.footerText = kit.footerText;
  if (kit.lockedElements.includes("contactBlock")) locks.contactBlock = true;
  return locks;
}

/**
 * The design map values that come from a kit: applying a kit copies them, so a later kit edit never changes an
 * approved design. Its locks are copied too (an empty set clears the locks of a kit applied before).
 */
export function designFromBrandKit(kit: BrandKit): Pick<
  Design,
  "brandKitId" | "colours" | "headingFont" | "bodyFont" | "logoUploadId" | "footerText"
> & {
  brandLocks: BrandLocks;
} {
  return {
    brandKitId: kit.id,
    colours: { ...kit.colours },
    headingFont: kit.headingFont,
    bodyFont: kit.bodyFont,
    logoUploadId: kit.logoUploadId,
    footerText: kit.footerText,
    brandLocks: brandLocksOf(kit),
  };
}

/**
 * Locked elements the document no longer keeps as its kit locked them: the logo left off or swapped, the footer
 * reworded, the contact box removed. Pure, so the editor, the design page and the server's checks agree.
 */
export function brokenBrandLocks(
  design: Pick<Design, "brandLocks" | "logoUploadId" | "footerText">,
  hasContactBox: boolean,
): LockableElement[] {
  const locks = design.brandLocks ?? {};
  const broken: LockableElement[] = [];
  if (locks.logo !== undefined && design.logoUploadId !== locks.logo) broken.push("logo");
  if (locks.footerText !== undefined && design.footerText !== locks.footerText) broken.push("footerText");
  if (locks.contactBlock && !hasContactBox) broken.push("contactBlock");
  return broken;
}

/** Locked elements by the design's own record, in the kit's order. */
export function lockedElementsOf(design: Pick<Design, "brandLocks">): LockableElement[] {
  const locks = design.brandLocks ?? {};
  return LOCKABLE_ELEMENTS.filter((element) => locks[element] !== undefined);
}

/** Which of a kit's values a design no longer matches (the kit changed, or the designer chose otherwise). */
export function differencesFromBrandKit(
  design: Design,
  kit: BrandKit,
): Array<keyof ReturnType<typeof designFromBrandKit>> {
  const wanted = designFromBrandKit(kit);
  return (Object.keys(wanted) as Array<keyof typeof wanted>).filter(
    (key) => JSON.stringify(design[key]) !== JSON.stringify(wanted[key]),
  );
}

/** Fonts a designer may use in a document: the kit's two, or any bundled font when no kit is applied. */
export function fontsAllowedBy(kit: BrandKit | null): FontId[] {
  if (!kit) return [...FONT_IDS];
  return FONT_IDS.filter((id) => id === kit.headingFont || id === kit.bodyFont);
}
