import { describe, expect, it } from "vitest";
import { loadTemplates } from "../../server/services/templates";
import { bullets, cleanFixture, contact, doc, p, section } from "../../tests/fixtures/checks/documents";
import { documentSchema } from "../editor/schema.server";
import {
  brandLocksOf,
  brokenBrandLocks,
  designFromBrandKit,
  differencesFromBrandKit,
  type BrandKit,
} from "./brand-kit";
import { checkDocument } from "./checks/check-document";
import { DEFAULT_WORD_LIST } from "./checks/lived-experience-words";
import { DEFAULT_COLOURS, readDesign, type Design } from "./design";

const templates = loadTemplates(new URL("../../templates", import.meta.url).pathname);

const kit = (overrides: Partial<BrandKit> = {}): BrandKit => ({
  id: "kit-1",
  name: "Main brand",
  colours: DEFAULT_COLOURS,
  headingFont: "lexend",
  bodyFont: "atkinson-hyperlegible",
  logoUploadId: "logo-1",
  logoUrl: "/uploads/logo-1",
  footerText: "Demo Charity, registered charity 1234567",
  lockedElements: ["logo", "footerText", "contactBlock"],
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...overrides,
});

/** The clean guide (it has a contact box in its last section) with a kit applied as the design panel applies it. */
const withKit = (applied: BrandKit, design: Partial<Design> = {}): Design => ({
  ...cleanFixture.design,
  ...designFromBrandKit(applied),
  ...design,
});

function brandFindings(content: unknown, design: Design) {
  const report = checkDocument(documentSchema.nodeFromJSON(content), {
    template: templates.get(cleanFixture.templateId)!,
    design,
    readingAge: cleanFixture.readingAge,
    wordList: DEFAULT_WORD_LIST,
  });
  return report.findings.filter((finding) => finding.rule === "brand-lock");
}

const withoutContactBox = doc(
  section("s-intro", "Who this guide is for", [p("This guide is for parents who have a social worker.")]),
);

describe("brand kit locks recorded in the design", () => {
  it("records what the kit locks with the values it locks them to, and clears old locks when a kit without any is applied", () => {
    expect(designFromBrandKit(kit()).brandLocks).toEqual({
      logo: "logo-1",
      footerText: "Demo Charity, registered charity 1234567",
      contactBlock: true,
    });
    expect(designFromBrandKit(kit({ lockedElements: [] })).brandLocks).toEqual({});
    expect(brandLocksOf(kit({ lockedElements: ["contactBlock"] }))).toEqual({ contactBlock: true });
  });

  it("survives the design map's reading, and a malformed record counts as no locks rather than breaking the design", () => {
    const raw = { templateId: "a4-guide", ...designFromBrandKit(kit()) };
    expect(readDesign(raw).brandLocks).toEqual(designFromBrandKit(kit()).brandLocks);
    expect(readDesign({ ...raw, brandLocks: "everything" }).brandLocks).toBeUndefined();
    expect(readDesign({ ...raw, brandLocks: "everything" }).footerText).toBe(kit().footerText);
  });

  it("says a document whose kit was applied before locks were recorded differs from the kit", () => {
    const { brandLocks: _none, ...older } = withKit(kit());
    expect(differencesFromBrandKit(readDesign(older), kit())).toEqual(["brandLocks"]);
    expect(differencesFromBrandKit(withKit(kit()), kit())).toEqual([]);
  });
});

describe("the brand-lock check", () => {
  it("finds nothing while every locked element is kept as the kit locked it", () => {
    expect(brokenBrandLocks(withKit(kit()), true)).toEqual([]);
    expect(brandFindings(cleanFixture.content, withKit(kit()))).toEqual([]);
  });

  it("is a blocker for the whole document when the contact box is gone", () => {
    const findings = brandFindings(withoutContactBox, withKit(kit()));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "blocker", sectionId: null, range: null, text: "Contact box" });
    expect(findings[0]!.message).toBe(
      "The brand kit asks every document to keep its contact box, and this document has none.",
    );
  });

  it("counts a contact box wherever it is in a section, even inside a list", () => {
    const nested = doc(
      section("s-help", "Help", [
        {
          type: "bulletList",
          content: [{ type: "listItem", content: [p("Call us."), contact("Phone: 0808 157 0101")] }],
        },
      ]),
    );
    expect(brandFindings(nested, withKit(kit()))).toEqual([]);
    expect(brandFindings(doc(section("s-help", "Help", [bullets("Call us.")])), withKit(kit()))).toHaveLength(1);
  });

  it("finds a logo left off or swapped, and a reworded footer, against the values recorded when the kit was applied", () => {
    expect(brandFindings(cleanFixture.content, withKit(kit(), { logoUploadId: null })).map((f) => f.text)).toEqual([
      "Logo",
    ]);
    expect(
      brandFindings(cleanFixture.content, withKit(kit(), { logoUploadId: "another-logo" })).map((f) => f.text),
    ).toEqual(["Logo"]);
    expect(
      brandFindings(cleanFixture.content, withKit(kit(), { footerText: "Call us any time" })).map((f) => f.text),
    ).toEqual(["Footer text"]);
  });

  it("holds the document to what it recorded, not to the kit as it is now", () => {
    const applied = withKit(kit());
    // The kit is edited later (new footer, no locks): the document still keeps its own record until the kit is applied again.
    const later = kit({ footerText: "New footer", lockedElements: [] });
    expect(brokenBrandLocks({ ...applied, footerText: later.footerText }, true)).toEqual(["footerText"]);
    expect(brokenBrandLocks(withKit(later), false)).toEqual([]);
  });

  it("locks nothing when no kit was applied, or the kit locks nothing", () => {
    expect(brandFindings(withoutContactBox, cleanFixture.design)).toEqual([]);
    expect(
      brandFindings(withoutContactBox, withKit(kit({ lockedElements: [] }), { logoUploadId: null, footerText: "" })),
    ).toEqual([]);
  });
});
