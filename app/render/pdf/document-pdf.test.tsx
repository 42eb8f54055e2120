import type { ReactElement } from "react";
import { describe, expect, it } from "vitest";
import {
  CHILD_PROTECTION_GUIDE,
  LOGO_ID,
  WOMENS_RIGHTS,
  WORKSPACE_NAME,
  demoDocument,
  easyReadDocument,
  template,
} from "../../../tests/fixtures/pdf/documents";
import type { CanonicalDocument } from "../../domain/document-hash";
import { readDesign } from "../../domain/design";
import { mmToPt } from "../../domain/page-geometry";
import type { ResolvedImage } from "./blocks";
import { mapDocumentToPdf, type PdfDocumentInput } from "./document-pdf";
import { readSections } from "./document-model";
import { outlineElement } from "./element-outline";
import { WATERMARK_TEXT } from "./page-furniture";

const picture: ResolvedImage = { data: Buffer.alloc(10), format: "png", width: 300, height: 300 };

function input(document: CanonicalDocument, overrides: Partial<PdfDocumentInput> = {}): PdfDocumentInput {
  const design = readDesign(document.design);
  return {
    sections: readSections(document.content),
    meta: document.meta,
    design,
    template: template(design.templateId),
    workspaceName: WORKSPACE_NAME,
    draft: false,
    images: new Map([
      [LOGO_ID, { ...picture, width: 240, height: 80 }],
      ["picture-help", picture],
      ["picture-home", picture],
      ["picture-work", picture],
      ["picture-phone", picture],
    ]),
    creationDate: new Date("2026-01-01T00:00:00Z"),
    ...overrides,
  };
}

type Props = Record<string, unknown> & { children?: unknown };
const pagesOf = (element: ReactElement) =>
  ([] as ReactElement<Props>[]).concat((element.props as Props).children as ReactElement<Props>[]);
const outline = (element: ReactElement) => outlineElement(element).join("\n");

describe("mapDocumentToPdf", () => {
  it("describes the document: title, author = workspace, subject, language, tagged", () => {
    const { element } = mapDocumentToPdf(input(demoDocument(WOMENS_RIGHTS)));
    expect(element.props).toMatchObject({
      tagged: true,
      title: WOMENS_RIGHTS,
      author: WORKSPACE_NAME,
      subject: "Leaflet (A5 booklet), written for a reading age of 9–11", // the target, not a measured age
      language: "en-GB",
      keywords: "Who this leaflet is for, Your rights at work, Your home, Support if you are being abused, Contact us",
    });
  });

  it("maps the A5 booklet to a cover, inside pages with page numbers and a back page with the contact section", () => {
    const mapped = mapDocumentToPdf(
      input(
        demoDocument(WOMENS_RIGHTS, { design: { logoUploadId: LOGO_ID, footerText: "Registered charity 1234567" } }),
      ),
    );
    expect(mapped.plan).toEqual({ imposition: "booklet", insidePages: 6, pagesPerSheet: 4, spare: [] });
    const [cover, inside, back] = pagesOf(mapped.element);
    const a5 = [mmToPt(148), mmToPt(210)];
    for (const page of [cover, inside, back]) expect(page!.props.size).toEqual(a5);
    expect(outline(cover!)).toContain('TEXT tag="H1"');
    expect(outline(cover!)).toContain('IMAGE tag="Figure" alt="Demo Charity logo"');
    expect(outline(inside!)).toContain("render=ƒ");
    expect(outline(back!)).toMatch(/TEXT tag="H2" id="s-5"[^\n]*\n\s+"Contact us"/);
    expect(outline(back!)).toContain('"Registered charity 1234567"');
    expect(outline(mapped.element)).toMatchSnapshot();
  });

  it("fills spare booklet pages with the pages the designer chose, before the back page, never blank ones", () => {
    const notes = mapDocumentToPdf(input(demoDocument(WOMENS_RIGHTS), { spare: 2 }));
    expect(notes.plan).toMatchObject({ imposition: "booklet", spare: ["notes", "notes"] });
    const pages = pagesOf(notes.element);
    expect(pages.map((page) => page.key)).toEqual(["cover", "inside", "notes-0", "notes-1", "back"]);
    // Ruled, titled "Notes", a Layout artifact (nothing for a screen reader), with the booklet's page numbers.
    expect(outline(pages[2]!)).toMatch(/VIEW artifact="Layout"[^\n]*\n\s+TEXT\n\s+"Notes"/);
    expect(pages[2]!.props.wrap).toBe(false);

    const backCover = mapDocumentToPdf(
      input(demoDocument(WOMENS_RIGHTS, { design: { sparePages: "back-cover", logoUploadId: LOGO_ID } }), { spare: 2 }),
    );
    expect(backCover.plan).toMatchObject({ spare: ["notes", "back-cover"] });
    const inside = pagesOf(backCover.element)[3]!;
    expect(inside.key).toBe("back-cover-1");
    expect((inside.props.style as Record<string, unknown>).backgroundColor).toBe("#1d4f91");
    expect(outline(inside)).toContain('"Demo Charity"');
    expect(outline(inside)).toMatch(/VIEW artifact="Layout"/);
  });

  it("never prints a template hint: hinted blocks nobody filled in are left out, and lists or boxes of nothing but hints", () => {
    const document = demoDocument(WOMENS_RIGHTS);
    const content = document.content as { content: Array<{ content: unknown[] }> };
    content.content[0]!.content.push(
      { type: "paragraph", attrs: { placeholder: "Say who this leaflet is for." } },
      {
        type: "keyInfo",
        content: [{ type: "paragraph", attrs: { placeholder: "Put the one thing people must remember here." } }],
      },
      {
        type: "bulletList",
        content: [
          { type: "listItem", content: [{ type: "paragraph", attrs: { placeholder: "Keep each point short." } }] },
        ],
      },
      {
        type: "paragraph",
        attrs: { placeholder: "A hint someone wrote over." },
        content: [{ type: "text", text: "Words someone wrote." }],
      },
    );
    const text = outline(mapDocumentToPdf(input(document)).element);
    expect(text).not.toMatch(
      /Say who this leaflet is for\.|Put the one thing|Keep each point short|A hint someone wrote over/,
    );
    expect(text).toContain('"Words someone wrote."');
    expect(readSections(document.content)[0]!.content.filter((block) => block.type === "keyInfo")).toHaveLength(0);
  });

  it("lays the tri-fold out as front, inside and back panels of the panel widths, blocks kept whole", () => {
    const mapped = mapDocumentToPdf(input(demoDocument(WOMENS_RIGHTS, { templateId: "a4-trifold" })));
    expect(mapped.plan).toEqual({ imposition: "trifold", insidePages: 4, pagesPerSheet: 6, spare: [] });
    const sizes = pagesOf(mapped.element).map((page) =>
      (page.props.size as number[]).map((value) => Math.round(value * 100) / 100),
    );
    expect(sizes).toEqual(
      [
        [mmToPt(100), mmToPt(210)],
        [mmToPt(97), mmToPt(210)],
        [mmToPt(100), mmToPt(210)],
      ].map((size) => size.map((value) => Math.round(value * 100) / 100)),
    );
    expect(outline(mapped.element)).not.toMatch(/TEXT tag="P" wrap=true/);
    expect(outline(mapped.element)).toMatchSnapshot();
  });

  it("gives a guide a cover, a contents page linking every section with its page, and numbered stages", () => {
    const document = demoDocument(CHILD_PROTECTION_GUIDE);
    const sections = readSections(document.content);
    const placeholders = outline(mapDocumentToPdf(input(document)).element);
    expect(placeholders.match(/VIEW tag="TOCI"/g)).toHaveLength(sections.length);
    const sectionPages = new Map(sections.map((section, index) => [section.attrs.id, index + 3]));
    const mapped = mapDocumentToPdf(input(document, { sectionPages }));
    const [cover, contents, body] = pagesOf(mapped.element);
    expect(outline(cover!)).toContain('TEXT tag="H1"');
    // One link per entry, on its title; the page number beside it is plain text.
    // Each part of an entry is a Span, the stage number read as "Stage 1".
    expect(outline(contents!)).toMatch(
      /TEXT tag="Span" actualText="Stage 1: "\n\s+"1"\n\s+TEXT tag="Span"\n\s+LINK src=#s-1\n\s+"About this guide"\n\s+TEXT tag="Span"\n\s+"3"/,
    );
    expect(outline(contents!).match(/LINK src=#s-1\n/g)).toHaveLength(1);
    expect(outline(contents!)).toMatch(/LINK src=#s-7\n\s+"[^"]+"\n\s+TEXT tag="Span"\n\s+"9"/);
    // "Where to get support", the closing section with the contact details, is not a stage: no number, in the
    // contents or on its heading.
    expect(outline(contents!)).toContain('actualText="Stage 6: "');
    expect(outline(contents!)).not.toContain('actualText="Stage 7: "');
    expect(outline(mapped.element)).toMatch(/TEXT tag="H2" id="s-7"[^\n]*\n\s+"Where to get support"/);
    expect(outline(body!)).toMatch(
      /VIEW tag="H2" id="s-4"[^\n]*\n\s+VIEW\n\s+TEXT tag="Span" actualText="Stage 4: "\n\s+"4"\n\s+TEXT tag="Span"\n/,
    );
    expect(outline(mapped.element)).toMatchSnapshot();
  });

  it("starts documents without a cover with a title band, and sets Easy Read text at 16 pt or more", () => {
    const mapped = mapDocumentToPdf(input(easyReadDocument()));
    const pages = pagesOf(mapped.element);
    expect(pages).toHaveLength(1);
    expect(outline(pages[0]!)).toMatch(/^PAGE[^\n]*\n {2}VIEW wrap=false\n {4}VIEW\n[\s\S]*TEXT tag="H1"/);
    expect(mapped.theme.type.body).toBeGreaterThanOrEqual(16);
    expect(mapped.theme.type.small).toBeGreaterThanOrEqual(16);
    expect(outline(mapped.element)).toMatchSnapshot();
  });

  it("sets large print at 18 pt body text or more, and never smaller to fit", () => {
    expect(
      mapDocumentToPdf(input(demoDocument(WOMENS_RIGHTS, { templateId: "large-print" }))).theme.type.body,
    ).toBeGreaterThanOrEqual(18);
    const booklet = mapDocumentToPdf(
      input(demoDocument(WOMENS_RIGHTS, { design: { largePrint: true } }), { typeScale: 0.5 }),
    );
    expect(booklet.theme.type.body).toBeGreaterThanOrEqual(18);
  });

  it("copy-fits a folded leaflet no smaller than the template's minimum body size", () => {
    const mapped = mapDocumentToPdf(
      input(demoDocument(WOMENS_RIGHTS, { templateId: "a4-trifold" }), { typeScale: 0.1 }),
    );
    expect(mapped.theme.type.body).toBe(template("a4-trifold").rules.minBodyPt);
  });

  it("puts the diagonal watermark on every page of a draft, and none on a final version", () => {
    for (const document of [
      demoDocument(WOMENS_RIGHTS),
      demoDocument(CHILD_PROTECTION_GUIDE),
      demoDocument(WOMENS_RIGHTS, { templateId: "a4-trifold" }),
    ]) {
      const draft = pagesOf(mapDocumentToPdf(input(document, { draft: true })).element);
      // The big diagonal words as outlines (a picture), and the same words once, small, as text.
      for (const page of draft) {
        expect(outline(page)).toMatch(/VIEW artifact="Pagination" fixed=true\n\s+SVG[^\n]*\n\s+PATH/);
        expect(outline(page)).toContain(`"${WATERMARK_TEXT}"`);
      }
      const final = outline(mapDocumentToPdf(input(document, { draft: false })).element);
      expect(final).not.toContain(WATERMARK_TEXT);
    }
  });

  it("draws page furniture with a page layout for react-pdf's newer engine, instead of fixed nodes", () => {
    const mapped = mapDocumentToPdf(
      input(demoDocument(CHILD_PROTECTION_GUIDE), { draft: true, experimentalPagination: true }),
    );
    const pages = pagesOf(mapped.element);
    expect(outline(mapped.element)).not.toContain("fixed=true");
    for (const page of pages)
      expect(page.props).toMatchObject({ experimentalPagination: true, layout: expect.any(Function) });
    const layout = pages[2]!.props.layout as (props: {
      children: ReactElement;
      pageNumber: number;
      totalPages: number;
    }) => ReactElement;
    const drawn = outline(layout({ children: <></>, pageNumber: 3, totalPages: 7 }));
    expect(drawn).toContain('"Page 3 of 7"');
    expect(drawn).toContain(`"${WATERMARK_TEXT}"`);
    expect(drawn.match(/artifact="Pagination"/g)).toHaveLength(2);
  });

  it("says when the logo cannot be found, and leaves it out", () => {
    const mapped = mapDocumentToPdf(input(demoDocument(WOMENS_RIGHTS, { design: { logoUploadId: "missing" } })));
    expect(mapped.warnings).toContain("The logo could not be found, so it is left out.");
    expect(outline(mapped.element)).not.toContain("logo");
  });

  it("is the same tree for the same input (no hidden state)", () => {
    const document = demoDocument(CHILD_PROTECTION_GUIDE);
    expect(outline(mapDocumentToPdf(input(document)).element)).toBe(outline(mapDocumentToPdf(input(document)).element));
  });
});
