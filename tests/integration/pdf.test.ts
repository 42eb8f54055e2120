/**
 * PDF export, read back from the real files: every template renders the demo content (the Women's Rights leaflet
 * also as a tri-fold, Easy Read and large print), and each file is checked the way a reviewer would — pdfinfo
 * (title, tagged, page size), pdffonts (embedded, with a Unicode map), pdftotext (every section's text), qpdf
 * --check, and the structure tree (roles, alt text, reading order, language). Then the same through the server's
 * GET /api/documents/:id/pdf. Page pictures go to test-results/pdf/ to look at.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { CanonicalDocument } from "../../app/domain/document-hash";
import { readDesign } from "../../app/domain/design";
import { inlineText, readSections, type BlockNode } from "../../app/render/pdf/document-model";
import { WATERMARK_TEXT } from "../../app/render/pdf/page-furniture";
import { renderPdf, type RenderedPdf } from "../../app/render/pdf/render-pdf.server";
import { createTheme } from "../../app/render/pdf/theme";
import { coverArt } from "../../app/render/cover-art";
import { OPENMOJI_CREDIT } from "../../app/domain/picture-credits";
import { mmToPt } from "../../app/domain/page-geometry";
import { keepTogether } from "../../app/render/keep-together";
import { defaultDesign, type Design } from "../../app/domain/design";
import {
  CHILD_PROTECTION_GUIDE,
  LOGO_ID,
  canonicalOf,
  WOMENS_RIGHTS,
  WORKSPACE_NAME,
  demoDocument,
  easyReadDocument,
  fixtureImages,
  flapDocument,
  openingTimesDocument,
  leadInDocument,
  linkWordsDocument,
  longParagraphDocument,
  projectRoot,
  template,
} from "../fixtures/pdf/documents";
import {
  allNodes,
  allPdfjsNodes,
  inspectPdf,
  roleOutline,
  savePagePictures,
  structureText,
  textInRegion,
  type PdfInspection,
  type StructNode,
} from "../fixtures/pdf/inspect-pdf";
import { matterhornFailures } from "../fixtures/pdf/matterhorn";
import { api, connect, documentIdByTitle, eventually, signIn, waitForSync } from "../helpers/clients";
import { startServer, removeDataDir, type TestServer } from "../helpers/server";

const pictures = path.join(projectRoot, "test-results", "pdf");
const A5 = "419.53 x 595.28";
const A4 = "595.28 x 841.89";
const A4_LANDSCAPE = "841.89 x 595.28";

interface Case {
  name: string;
  document: () => CanonicalDocument;
  pageSize: string;
  pages?: number;
}

const cases: Case[] = [
  {
    name: "womens-rights-a5-booklet",
    document: () =>
      demoDocument(WOMENS_RIGHTS, {
        design: { logoUploadId: LOGO_ID, footerText: "Demo Charity is a registered charity, number 1234567." },
      }),
    pageSize: A5,
    pages: 8,
  },
  {
    name: "guide-a4-guide",
    document: () =>
      demoDocument(CHILD_PROTECTION_GUIDE, { design: { logoUploadId: LOGO_ID, logoPlacement: "top-right" } }),
    pageSize: A4,
  },
  {
    name: "womens-rights-a4-trifold",
    document: () =>
      demoDocument(WOMENS_RIGHTS, {
        templateId: "a4-trifold",
        design: { logoUploadId: LOGO_ID, logoPlacement: "back-page", footerText: "Registered charity 1234567" },
      }),
    pageSize: A4_LANDSCAPE,
    pages: 2,
  },
  {
    // The guide is too long for a tri-fold: it runs over (see the fit warnings), and its narrow panels wrap addresses.
    name: "guide-a4-trifold",
    document: () => demoDocument(CHILD_PROTECTION_GUIDE, { templateId: "a4-trifold" }),
    pageSize: A4_LANDSCAPE,
  },
  {
    name: "womens-rights-a4-easy-read",
    document: () => demoDocument(WOMENS_RIGHTS, { templateId: "a4-easy-read" }),
    pageSize: A4,
  },
  {
    name: "womens-rights-large-print",
    document: () => demoDocument(WOMENS_RIGHTS, { templateId: "large-print", design: { coverStyle: "plain" } }),
    pageSize: A4,
  },
  { name: "easy-read-pictures", document: () => easyReadDocument({ coverStyle: "full-colour" }), pageSize: A4 },
];

interface Rendered {
  document: CanonicalDocument;
  draft: RenderedPdf;
  final: RenderedPdf;
  draftFile: PdfInspection;
  finalFile: PdfInspection;
}

const rendered = new Map<string, Rendered>();
let images: Map<string, Uint8Array>;

async function render(
  document: CanonicalDocument,
  draft: boolean,
  experimentalPagination?: boolean,
  pictures = images,
): Promise<RenderedPdf> {
  const design = readDesign(document.design);
  return renderPdf({
    document,
    template: template(design.templateId),
    workspaceName: WORKSPACE_NAME,
    draft,
    images: pictures,
    creationDate: new Date("2026-01-01T00:00:00Z"),
    experimentalPagination,
  });
}

/** The text a reader should meet, block by block, in document order (titles, paragraphs, list items). */
function expectedTexts(document: CanonicalDocument): string[] {
  const texts: string[] = [document.meta.title];
  const visit = (block: BlockNode) => {
    switch (block.type) {
      case "paragraph":
      case "heading":
        if (inlineText(block.content).trim()) texts.push(inlineText(block.content));
        break;
      case "bulletList":
      case "orderedList":
        block.content.forEach((item) => item.content.forEach(visit));
        break;
      case "keyInfo":
      case "contactBlock":
      case "easyReadRow":
        block.content.forEach(visit);
        break;
      case "image":
        break;
    }
  };
  for (const section of readSections(document.content)) {
    texts.push(section.attrs.title);
    if (section.attrs.contentNote) texts.push(section.attrs.contentNote);
    section.content.forEach(visit);
  }
  return texts.map(normalise);
}

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

/** Each of `needles` occurs in `haystack`, each after the one before. */
function expectInOrder(haystack: string, needles: string[]) {
  let from = 0;
  for (const needle of needles) {
    const at = haystack.indexOf(needle, from);
    expect(at, `"${needle}" after position ${from} in:\n${haystack.slice(from, from + 400)}`).toBeGreaterThanOrEqual(0);
    from = at + needle.length;
  }
}

const nodes = (file: PdfInspection, role: string) => allNodes(file.structure).filter((node) => node.role === role);

beforeAll(async () => {
  images = await fixtureImages();
  for (const testCase of cases) {
    const document = testCase.document();
    const [draft, final] = [await render(document, true), await render(document, false)];
    const [draftFile, finalFile] = [await inspectPdf(draft.pdf), await inspectPdf(final.pdf)];
    savePagePictures(draft.pdf, pictures, `${testCase.name}-draft`);
    savePagePictures(final.pdf, pictures, testCase.name);
    rendered.set(testCase.name, { document, draft, final, draftFile, finalFile });
  }
}, 180_000);

describe.each(cases)("$name", (testCase) => {
  const get = () => rendered.get(testCase.name)!;

  it("has its title and author, is tagged, and every page is the template's size", () => {
    const { finalFile, document } = get();
    expect(finalFile.info.Title).toBe(document.meta.title);
    expect(finalFile.info.Author).toBe(WORKSPACE_NAME);
    expect(finalFile.info.Subject).toMatch(/reading age/);
    expect(finalFile.info.Tagged).toBe("yes");
    expect(finalFile.info["PDF version"]).toBe("1.7");
    if (testCase.pages) expect(finalFile.pageSizes).toHaveLength(testCase.pages);
    expect(new Set(finalFile.pageSizes)).toEqual(new Set([testCase.pageSize]));
  });

  it("declares its language, shows its title, and claims PDF/UA-1", () => {
    const { finalFile } = get();
    expect(finalFile.catalog["/Lang"]).toBe("u:en-GB");
    expect(finalFile.xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(finalFile.qpdf.ok, finalFile.qpdf.output).toBe(true);
    expect(finalFile.qpdf.output).toMatch(/No syntax or stream encoding errors/);
  });

  it("embeds every font, each with a Unicode map", () => {
    const { finalFile } = get();
    expect(finalFile.fonts.length).toBeGreaterThan(0);
    for (const font of finalFile.fonts) expect(font, font.name).toMatchObject({ embedded: true, unicode: true });
  });

  it("has a structure tree: Document › H1 title, then a Sect per section with its H2, in reading order", () => {
    const { finalFile, document } = get();
    const [documentNode] = finalFile.structure.children;
    expect(finalFile.structure.children.map((node) => node.role)).toEqual(["Document"]);
    const heading1 = nodes(finalFile, "H1");
    expect(heading1.map((node) => normalise(node.text))).toEqual([document.meta.title]);
    const titles = readSections(document.content).map((section) => section.attrs.title);
    const sects = documentNode!.children.filter((node) => node.role === "Sect" && node.children[0]?.role === "H2");
    // A guide's H2 starts with its stage, read as "Stage 3: ".
    expect(sects.map((sect) => normalise(structureText(sect.children[0]!)).replace(/^Stage \d+: /, ""))).toEqual(
      expect.arrayContaining(titles),
    );
    // An address broken over two lines (no hyphen drawn) is two lines of text: compared without spaces.
    const squash = (text: string) => text.replace(/\s+/g, "");
    expectInOrder(squash(structureText(finalFile.structure)), expectedTexts(document).map(squash));
  });

  it("has every section's text in the page text, in order", () => {
    const { finalFile, document } = get();
    if (testCase.name.includes("trifold")) return; // panels are printed out of reading order; see the tri-fold tests
    const text = normalise(finalFile.pagesText.join(" ").replace(/^(Page \d+ of \d+|\d+)$/gm, ""));
    expectInOrder(text, expectedTexts(document));
  });

  it("marks a draft with the diagonal watermark on every page, as page furniture, and a final version with none", () => {
    const { draftFile, finalFile } = get();
    for (const page of draftFile.pagesItems) expect(page).toContain(WATERMARK_TEXT);
    expect(structureText(draftFile.structure)).not.toContain(WATERMARK_TEXT);
    for (const page of finalFile.pagesText) expect(page).not.toContain("DRAFT");
    // The diagonal words are drawn as outlines, so text taken from a draft (pdftotext, copy and paste) holds no pieces
    // of them among the real words: a draft page's words are the final page's plus a small "DRAFT" line (one per
    // page, or per panel on a tri-fold's sheet, where pdftotext may order a sheet's columns a little differently).
    const words = (text: string) => normalise(text).split(" ").filter(Boolean).sort();
    draftFile.pagesText.forEach((page, index) => {
      expect(page).toContain(WATERMARK_TEXT);
      expect(words(page.replaceAll(WATERMARK_TEXT, "")), `page ${index + 1}`).toEqual(
        words(finalFile.pagesText[index]!),
      );
    });
  });

  it("prints every web and email address exactly, with no hyphen drawn where one breaks over two lines", () => {
    const { finalFile, document } = get();
    const addresses = expectedTexts(document)
      .join(" ")
      .match(/[\w.+-]+@[\w-]+(\.[\w-]+)+|(https?:\/\/|www\.)[^\s]+/g);
    expect(addresses?.length, "the demo content has addresses to print").toBeGreaterThan(0);
    // pdf.js's text items as drawn (pdftotext would quietly join a hyphenated line end back together).
    const printed = finalFile.pagesItems.join("").replace(/\s+/g, "");
    for (const address of addresses!) expect(printed).toContain(address.replace(/[.,;:]$/, ""));
    // A drawn hyphen at a break in an address: "demo-charity.-example", "example/-families", "help@-demo".
    expect(printed).not.toMatch(/[./@]-[a-z]/);
    // An address short enough for a line goes to the next line whole rather than breaking ("money@demo-charity" /
    // ".example" in a tri-fold's panel, before): each line is its own text item.
    const lines = finalFile.pagesItems.join("\n");
    for (const address of addresses!.map((each) => each.replace(/[.,;:]$/, "")).filter((each) => each.length <= 29))
      expect(lines, address).toContain(address);
  });

  it("passes our check of the PDF/UA rules software can decide (Matterhorn), draft and final", async () => {
    const { draft, final, draftFile, finalFile } = get();
    expect(matterhornFailures(final.pdf, finalFile)).toEqual([]);
    expect(matterhornFailures(draft.pdf, draftFile)).toEqual([]);
  });

  it("never starts a page with a list's last item alone", () => {
    const { finalFile } = get();
    if (testCase.name.includes("trifold")) return; // sheet sides, not panels: see the panel-by-panel test
    const pagesOf = (node: StructNode) => allNodes(node).flatMap((each) => each.pages);
    for (const list of nodes(finalFile, "L")) {
      const items = list.children.filter((child) => child.role === "LI");
      if (items.length < 3) continue;
      const [before, last] = items.slice(-2).map(pagesOf);
      expect(Math.min(...last!), normalise(structureText(items.at(-1)!))).toBeLessThanOrEqual(Math.max(...before!));
    }
  });

  it("keeps page numbers out of the structure (they are artifacts)", () => {
    const { finalFile } = get();
    expect(structureText(finalFile.structure)).not.toMatch(/Page \d+ of \d+/);
  });

  it("numbers every page of the guide 'Page N of M', M the real page count", () => {
    const { finalFile } = rendered.get("guide-a4-guide")!;
    const total = finalFile.pagesText.length;
    finalFile.pagesText.forEach((text, index) => {
      if (index === 0) return; // the cover has no number
      expect(normalise(text), `page ${index + 1}`).toContain(`Page ${index + 1} of ${total}`);
    });
  });

  it("draws nothing outside marked content: every mark is tagged content or an artifact", () => {
    const { finalFile, draftFile } = get();
    expect(finalFile.unmarked).toEqual([]);
    expect(draftFile.unmarked).toEqual([]);
  });
});

describe("the checks themselves", () => {
  it("catch a PDF made by unpatched react-pdf usage (no tagged prop): untagged, no structure, unmarked content", async () => {
    const { Document, Page, Text, renderToBuffer } = await import("@react-pdf/renderer");
    const { createElement: h } = await import("react");
    const file = await inspectPdf(
      await renderToBuffer(h(Document, { title: "Plain" }, h(Page, { size: "A5" }, h(Text, null, "Hello")))),
    );
    expect(file.info.Tagged).toBe("no");
    expect(file.structure.children).toEqual([]);
    expect(file.unmarked.length).toBeGreaterThan(0);
  });

  it("catch what PDF/UA forbids, checkpoint by checkpoint", async () => {
    const { Document, Page, Text, View, Link, renderToBuffer } = await import("@react-pdf/renderer");
    const { createElement: h } = await import("react");
    const untagged = await renderToBuffer(
      h(Document, { title: "Plain" }, h(Page, { size: "A5" }, h(Text, null, "Hello"))),
    );
    const found = (failures: string[]) => [...new Set(failures.map((failure) => failure.split(":")[0]))].sort();
    expect(found(matterhornFailures(untagged, await inspectPdf(untagged)))).toEqual(
      expect.arrayContaining(["01-001", "01-002", "01-005", "06-002", "11-001", "19-003", "31-001", "31-027"]),
    );
    // Tagged, but with a skipped heading level, a picture-like Figure without alt text and a numbered list that
    // does not say so.
    const flawed = await renderToBuffer(
      h(
        Document,
        { title: "Flawed", tagged: true, language: "en-GB" },
        h(
          Page,
          { size: "A5" },
          h(View, { tag: "Sect" }, [
            h(Text, { key: 1, tag: "H1" }, "Title"),
            h(Text, { key: 2, tag: "H3" }, "Skipped a level"),
            h(
              View,
              { key: 3, tag: "Figure", style: { width: 20, height: 20, backgroundColor: "#000" } },
              h(Text, null, " "),
            ),
            h(View, { key: 4, tag: "L" }, [
              h(View, { key: 1, tag: "LI" }, [
                h(Text, { key: 1, tag: "Lbl" }, "1."),
                h(Text, { key: 2, tag: "LBody" }, "One"),
              ]),
              h(View, { key: 2, tag: "LI" }, [
                h(Text, { key: 1, tag: "Lbl" }, "2."),
                h(Text, { key: 2, tag: "LBody" }, "Two"),
              ]),
            ]),
            h(Text, { key: 5 }, h(Link, { src: "https://example.org" }, "a link")),
          ]),
        ),
      ),
    );
    // (and react-pdf's default Helvetica, which is never embedded)
    expect(found(matterhornFailures(flawed, await inspectPdf(flawed)))).toEqual([
      "13-004",
      "14-003",
      "16-003",
      "31-001",
      "31-027",
    ]);
  });
});

describe("the react-pdf patch through react-pdf's own API", () => {
  it("makes <Document tagged> a tagged PDF/UA file whose props drive the structure", async () => {
    const { Document, Page, Text, View, renderToBuffer } = await import("@react-pdf/renderer");
    const { createElement: h } = await import("react");
    const element = h(
      Document,
      { title: "Patch", language: "cy", tagged: true },
      h(
        Page,
        { size: "A5" },
        h(View, { fixed: true }, h(Text, null, "Running header")),
        h(Text, { tag: "H1" }, "Title"),
        h(View, { tag: "Sect", readingOrder: 2 }, h(Text, { tag: "P" }, "Second")),
        h(View, { tag: "Sect", readingOrder: 1 }, h(Text, { tag: "P", lang: "en-GB" }, "First")),
        h(View, { artifact: true }, h(Text, null, "Decoration")),
      ),
    );
    const file = await inspectPdf(await renderToBuffer(element));
    expect(file.info.Tagged).toBe("yes");
    expect(file.catalog["/Lang"]).toBe("u:cy");
    expect(file.xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(roleOutline(file.structure)).toBe("StructTreeRoot(Document(H1 Sect(P) Sect(P)))");
    expect(structureText(file.structure)).toBe("Title First Second");
    expect(
      allNodes(file.structure)
        .filter((node) => node.role === "P")
        .map((node) => [node.text.trim(), node.lang ?? null]),
    ).toEqual([
      ["First", "en-GB"],
      ["Second", null],
    ]);
    expect(file.unmarked).toEqual([]);
  });
});

describe("structure details", () => {
  it("is read by pdf.js (getStructTree): the expected roles, the figures' alt text and the language", () => {
    const { finalFile } = rendered.get("easy-read-pictures")!;
    const pdfjsNodes = finalFile.pdfjsTrees.flatMap(allPdfjsNodes);
    const roles = new Set(pdfjsNodes.map((node) => node.role).filter(Boolean));
    for (const role of ["Document", "H1", "Sect", "H2", "P", "Div", "Figure", "Link"])
      expect(roles, role).toContain(role);
    expect(pdfjsNodes.filter((node) => node.role === "Figure").map((node) => node.alt)).toEqual([
      "Demo Charity logo",
      "Two women talking together",
      "A house",
      "A work bag",
      "A mobile phone with a blank screen",
      "A mobile phone",
    ]);
    const guide = rendered.get("guide-a4-guide")!.finalFile.pdfjsTrees.flatMap(allPdfjsNodes);
    for (const role of ["TOC", "TOCI", "Reference", "L", "LI", "Lbl", "LBody", "H3"])
      expect(new Set(guide.map((node) => node.role)), role).toContain(role);
    // Every page's tree is rooted in the one Document; pdf.js reports content ids under the elements.
    for (const tree of finalFile.pdfjsTrees) expect(tree.children?.[0]?.role).toBe("Document");
    expect(finalFile.catalog["/Lang"]).toBe("u:en-GB");
  });

  it("tags lists as L › LI › Lbl + LBody", () => {
    const { finalFile } = rendered.get("womens-rights-a5-booklet")!;
    const lists = nodes(finalFile, "L");
    expect(lists.length).toBeGreaterThan(2);
    for (const item of lists.flatMap((list) => list.children)) {
      expect(item.role).toBe("LI");
      expect(item.children.map((child) => child.role)).toEqual(["Lbl", "LBody"]);
    }
    expect(normalise(lists[0]!.children[0]!.children[0]!.text)).toBe("•");
  });

  it("gives every picture that means something a Figure with its alt text, the logo included", () => {
    const { finalFile } = rendered.get("easy-read-pictures")!;
    expect(nodes(finalFile, "Figure").map((node) => node.alt)).toEqual([
      "Demo Charity logo",
      "Two women talking together",
      "A house",
      "A work bag",
      "A mobile phone with a blank screen",
      "A mobile phone",
    ]);
  });

  it("makes a link a Link element holding its text and its annotation", () => {
    const { finalFile } = rendered.get("easy-read-pictures")!;
    const [link] = nodes(finalFile, "Link");
    expect(link).toMatchObject({ annotations: 1 });
    expect(normalise(link!.text)).toBe("www.acas.org.uk");
    const paragraph = allNodes(finalFile.structure).find((node) => node.children.includes(link!));
    expect(paragraph?.role).toBe("P");
    // The link sits inside its paragraph, in place: text before it, the link, the full stop after it.
    expect(paragraph!.parts.map((part) => (typeof part === "string" ? normalise(part) : part.role))).toEqual([
      "Write down what happened at work. Read more at",
      "Link",
      ".",
    ]);
  });

  it("makes the addresses written in the contact box links a reader can tap, described by where they go", () => {
    const { finalFile } = rendered.get("womens-rights-a5-booklet")!;
    const links = nodes(finalFile, "Link").map((link) => [normalise(link.text), link.annotationContents[0]]);
    expect(links).toEqual(
      expect.arrayContaining([
        ["help@demo-charity.example", "mailto:help@demo-charity.example"],
        ["0808 157 0123", "tel:08081570123"],
        ["www.demo-charity.example", "https://www.demo-charity.example"],
      ]),
    );
  });

  it("describes each contents link by its section's title, with one link per entry", () => {
    const { finalFile, document } = rendered.get("guide-a4-guide")!;
    const toc = nodes(finalFile, "TOCI");
    const titles = readSections(document.content).map((section) => section.attrs.title);
    expect(toc.map((entry) => allNodes(entry).filter((node) => node.role === "Link").length)).toEqual(
      titles.map(() => 1),
    );
    expect(toc.flatMap((entry) => allNodes(entry).flatMap((node) => node.annotationContents))).toEqual(titles);
  });

  it("says how each list is numbered: ListNumbering Decimal on numbered lists, Disc on bulleted ones", () => {
    const { finalFile } = rendered.get("guide-a4-guide")!;
    const lists = nodes(finalFile, "L");
    const numbering = (list: StructNode) => list.attributes?.ListNumbering;
    const numbered = lists.filter((list) =>
      list.children.some((item) => /^\d+\.?$/.test(normalise(item.children[0]?.text ?? ""))),
    );
    expect(numbered.length).toBeGreaterThan(0);
    for (const list of numbered) expect(list.attributes).toEqual({ O: "List", ListNumbering: "Decimal" });
    for (const list of lists.filter((list) => !numbered.includes(list))) expect(numbering(list)).toBe("Disc");
  });

  it("gives the guide a contents page whose numbers are the pages the sections start on", () => {
    const { finalFile, document } = rendered.get("guide-a4-guide")!;
    const [toc] = nodes(finalFile, "TOC");
    const entries = toc!.children;
    const sections = readSections(document.content);
    expect(entries.map((entry) => entry.role)).toEqual(sections.map(() => "TOCI"));
    // Filled in from the cover and contents laid out alone, not from a second layout of the whole guide; likewise
    // "of M" in the page numbers (three layouts: the guide once, then its contents and its page numbers alone).
    expect(rendered.get("guide-a4-guide")!.final.timings).toMatchObject({
      contentsFilledIn: 1,
      pageTotalsFilledIn: 1,
      layoutPasses: 3,
    });
    const headings = nodes(finalFile, "H2").filter((node) => normalise(structureText(node)) !== "Contents");
    entries.forEach((entry, index) => {
      const reference = entry.children[0]!;
      expect(reference.role).toBe("Reference");
      // Three Spans in reading order: the stage number (read as "Stage 1: "), the title with its one link, the page.
      // The closing section with the contact details ("Where to get support") is not a stage: no number.
      const closing = index === sections.length - 1;
      const [number, title, page] = closing ? [null, ...reference.children] : reference.children;
      expect(reference.children.map((child) => child.role)).toEqual(
        closing ? ["Span", "Span"] : ["Span", "Span", "Span"],
      );
      if (number) {
        expect(normalise(number.text)).toBe(String(index + 1));
        expect(number.actualText).toBe(`Stage ${index + 1}: `);
      }
      const links = title!.children.filter((child) => child.role === "Link");
      expect(links.map((link) => link.annotations)).toEqual([1]);
      expect(normalise(links[0]!.text)).toBe(sections[index]!.attrs.title);
      expect(normalise(structureText(reference))).toBe(
        `${closing ? "" : `Stage ${index + 1}: `}${sections[index]!.attrs.title} ${normalise(page!.text)}`,
      );
      const heading = headings.find((node) => normalise(structureText(node)).endsWith(sections[index]!.attrs.title))!;
      // A stage's heading holds its badge and title; a closing section's heading is its own text.
      expect(Number(normalise(page!.text))).toBe((heading.children[0] ?? heading).pages[0]);
    });
  });

  it("numbers the guide's stages inside their H2, read as “Stage 1: …” with the title", () => {
    const { finalFile } = rendered.get("guide-a4-guide")!;
    const headings = nodes(finalFile, "H2").map((node) => normalise(structureText(node)));
    expect(headings).toContain("Stage 1: About this guide");
    expect(headings.filter((text) => /^Stage \d+: \S/.test(text))).toHaveLength(6);
    // The closing section with the contact details is how to reach someone, not a stage.
    expect(headings).toContain("Where to get support");
    // On paper the badge shows the number alone.
    expect(finalFile.pagesText.join("\n")).not.toContain("Stage 1");
  });

  it("keeps a paragraph split across pages as one P", async () => {
    const result = await render(longParagraphDocument(), false);
    const file = await inspectPdf(result.pdf);
    const split = nodes(file, "P").filter((node) => node.pages.length > 1);
    expect(split).toHaveLength(1);
    // Longer than an A5 page: it starts on page 2 and runs on over the following pages.
    expect(split[0]!.pages[0]).toBe(2);
    expect(split[0]!.pages).toEqual(split[0]!.pages.map((_, index) => 2 + index));
    const [paragraph] = readSections(longParagraphDocument().content)[0]!.content;
    expect(normalise(split[0]!.text)).toBe(
      normalise(inlineText(paragraph!.type === "paragraph" ? paragraph!.content : [])),
    );
    expect(roleOutline(file.structure)).toMatch(
      /^StructTreeRoot\(Document\(H1 P Sect\(H2 P\) Sect\(H2 Div\(P\)\)\)\)$/,
    );
  });
});

describe("with react-pdf's classic pagination engine", () => {
  // The newer engine is the default; the classic one stays selectable, so it must make the same kind of file.
  it.each([
    ["womens-rights-a5-booklet", 8],
    ["guide-a4-guide", 7],
    ["womens-rights-a4-trifold", 2],
  ] as const)("renders %s with the same structure, text, furniture and page count", async (name, pages) => {
    const { document, draftFile: expected } = rendered.get(name)!;
    const classic = await inspectPdf((await render(document, true, false)).pdf);
    expect(classic.info.Tagged).toBe("yes");
    expect(classic.pageSizes).toHaveLength(pages);
    expect(classic.qpdf.ok).toBe(true);
    expectInOrder(structureText(classic.structure), expectedTexts(document));
    expect(roleOutline(classic.structure)).toBe(roleOutline(expected.structure));
    for (const page of classic.pagesItems) expect(page).toContain(WATERMARK_TEXT);
    if (name === "guide-a4-guide") {
      expect(classic.pagesItems.slice(1).map((page) => /Page (\d+) of 7/.exec(page)?.[1])).toEqual([
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
      ]);
    }
  });
});

/** Every page's content streams, decompressed (qpdf --qdf), to read the drawing operators. */
function contentStreams(bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), "copress-qdf-"));
  try {
    writeFileSync(path.join(dir, "in.pdf"), bytes);
    execFileSync("qpdf", ["--qdf", "--object-streams=disable", path.join(dir, "in.pdf"), path.join(dir, "out.pdf")]);
    return readFileSync(path.join(dir, "out.pdf"), "latin1");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdfinfo -box for every page: {TrimBox, BleedBox, MediaBox} as [x0, y0, x1, y1]. */
function pageBoxes(bytes: Uint8Array): Array<Record<string, number[]>> {
  const dir = mkdtempSync(path.join(tmpdir(), "copress-box-"));
  try {
    writeFileSync(path.join(dir, "in.pdf"), bytes);
    const output = execFileSync("pdfinfo", ["-box", "-f", "1", "-l", "999", path.join(dir, "in.pdf")], {
      encoding: "utf8",
    });
    const pages: Array<Record<string, number[]>> = [];
    for (const match of output.matchAll(/^Page\s+(\d+)\s+(MediaBox|BleedBox|TrimBox):\s+(.+)$/gm)) {
      const index = Number(match[1]) - 1;
      pages[index] ??= {};
      pages[index]![match[2]!] = match[3]!.trim().split(/\s+/).map(Number);
    }
    return pages;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A tri-fold's panel-by-panel PDF for screens (`variant=reader`), as a release makes it. */
function readerPdf(document: CanonicalDocument): Promise<RenderedPdf> {
  return renderPdf({
    document,
    template: template("a4-trifold"),
    workspaceName: WORKSPACE_NAME,
    draft: false,
    images,
    variant: "reader",
  });
}

/**
 * The colours of a thin column of `page` drawn at `dpi` (150 unless said), 3 px wide around `xPt` (points from the page's left), from
 * just inside the top to just inside the bottom of the bleed: what a person sees there on screen.
 */
function columnPixels(pdf: Uint8Array, page: number, xPt: number, dpi = 150): Array<[number, number, number]> {
  const dir = mkdtempSync(path.join(tmpdir(), "copress-pixels-"));
  try {
    writeFileSync(path.join(dir, "in.pdf"), pdf);
    const inset = Math.ceil(((mmToPt(9) + 1) * dpi) / 72);
    const x = Math.round((xPt * dpi) / 72) - 1;
    const height = Math.floor((mmToPt(210 + 2 * 12) * dpi) / 72) - 2 * inset;
    const args = ["-r", `${dpi}`, "-f", `${page}`, "-l", `${page}`, "-x", `${x}`, "-y", `${inset}`, "-W", "3"];
    execFileSync("pdftoppm", [...args, "-H", `${height}`, path.join(dir, "in.pdf"), path.join(dir, "out")]);
    const ppm = readFileSync(path.join(dir, "out-1.ppm"));
    // "P6\n<w> <h>\n255\n" then RGB bytes.
    let start = 0;
    for (let lines = 0; lines < 3; start++) if (ppm[start] === 0x0a) lines++;
    const pixels: Array<[number, number, number]> = [];
    for (let at = start; at + 2 < ppm.length; at += 3) pixels.push([ppm[at]!, ppm[at + 1]!, ppm[at + 2]!]);
    return pixels;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the print-shop PDF (variant=print)", () => {
  const bleed = mmToPt(3);
  const cases = [
    { name: "a5-booklet", templateId: "a5-booklet", trim: [mmToPt(148), mmToPt(210)] },
    { name: "a4-trifold", templateId: "a4-trifold", trim: [mmToPt(297), mmToPt(210)] },
  ];
  it.each(cases)(
    "$name: trim and bleed boxes 3 mm apart, crop marks, CMYK, still tagged",
    async ({ name, templateId, trim }) => {
      const document = demoDocument(WOMENS_RIGHTS, {
        templateId,
        design: { logoUploadId: LOGO_ID, coverStyle: "full-colour" },
      });
      const design = readDesign(document.design);
      const print = await renderPdf({
        document,
        template: template(design.templateId),
        workspaceName: WORKSPACE_NAME,
        draft: false,
        images,
        variant: "print",
      });
      savePagePictures(print.pdf, pictures, `print-${name}`);
      const boxes = pageBoxes(print.pdf);
      expect(boxes.length).toBe(print.pageCount);
      for (const page of boxes) {
        const [tx0, ty0, tx1, ty1] = page.TrimBox!;
        const [bx0, by0, bx1, by1] = page.BleedBox!;
        expect(tx1! - tx0!).toBeCloseTo(trim[0]!, 0);
        expect(ty1! - ty0!).toBeCloseTo(trim[1]!, 0);
        for (const gap of [tx0! - bx0!, ty0! - by0!, bx1! - tx1!, by1! - ty1!]) expect(gap).toBeCloseTo(bleed, 1);
        // Room outside the bleed for the crop marks.
        expect(page.MediaBox![2]! - bx1!).toBeGreaterThan(mmToPt(5));
      }
      const streams = contentStreams(print.pdf);
      // Every colour drawn is CMYK (pictures keep their own colours).
      expect(streams).toMatch(/\/DeviceCMYK (cs|CS)\n/);
      expect(streams).not.toMatch(/\/DeviceRGB (cs|CS)\n|[\d.]+ [\d.]+ [\d.]+ (rg|RG)\n/);
      // Black and grey text is black ink only, never four inks that blur small type, and near-black is solid.
      expect(streams).not.toMatch(/\n0\.\d+ 0\.\d+ 0\.\d+ 0\.9\d* scn\n/);
      expect(streams).toMatch(/\n0 0 0 1 scn\n/);
      expect(streams).not.toMatch(/\n0 0 0 0\.9[5-9]\d* scn\n/);
      // The text colour is not said to shift: it is printed with black ink.
      expect(print.warnings.join(" ")).not.toMatch(/the text \(#0b0c0c\)/);
      const file = await inspectPdf(print.pdf);
      // The output intent names the registered print condition a print shop's preflight knows, with its profile.
      expect(JSON.stringify(file.catalog["/OutputIntents"])).toMatch(/GTS_PDFX/);
      expect(JSON.stringify(file.catalog["/OutputIntents"])).toMatch(/FOGRA39/);
      expect(file.unmarked).toEqual([]);
      expect(file.qpdf.ok, file.qpdf.output).toBe(true);
      for (const font of file.fonts) expect(font).toMatchObject({ embedded: true, unicode: true });
      // The same structure as the file for screens: only the paper changed.
      const screen = await inspectPdf((await render(document, false)).pdf);
      expect(roleOutline(file.structure)).toBe(roleOutline(screen.structure));
      if (templateId === "a5-booklet")
        expect(print.warnings.join(" ")).toMatch(/For the printer: the 8 pages are in reading order/);
      // A tri-fold's note says which page is which side, how to turn the sheet and which panel folds in first.
      if (templateId === "a4-trifold")
        expect(print.printNotes[0]).toMatch(
          /^For the printer: page 1 is the outside of the leaflet and page 2 the inside\. .*flipping on the short edge.*the right-hand inside panel \(the narrower one\) folds in first/,
        );
      // And which file this is, in words a coordinator can pass on.
      expect(print.printNotes).toContain(
        templateId === "a5-booklet"
          ? "This is the file to give the print shop: A5 pages with 3 mm bleed and crop marks, to be printed on A4 sheets, both sides."
          : "This is the file to give the print shop: one A4 sheet with 3 mm bleed and crop marks, printed on both sides.",
      );
      // Everything said to the printer is also said to the person making the PDF.
      for (const note of print.printNotes) expect(print.warnings).toContain(note);
      if (templateId === "a4-trifold") {
        // The full-colour cover's blue is not under the other panels: no blue hairline where two panels meet on the
        // outside of the sheet, nor at the bleed's edge (the paper shows there, as on the sheet's inside).
        const trimLeft = mmToPt(9 + 3);
        for (const xPt of [trimLeft + mmToPt(97), trimLeft - mmToPt(3)]) {
          const tinted = columnPixels(print.pdf, 1, xPt).filter(([r, g, b]) => b - Math.min(r, g) > 4);
          expect(tinted, `blue-tinted pixels at x = ${xPt.toFixed(1)} pt`).toEqual([]);
        }
        // Where the cover's colour runs on past its fold (for a fold a little off), no pale seam at the fold itself.
        const atCoverFold = columnPixels(print.pdf, 1, trimLeft + mmToPt(197));
        const inCover = columnPixels(print.pdf, 1, trimLeft + mmToPt(197 + 4));
        const [r0, g0, b0] = inCover[Math.floor(inCover.length / 2)]!;
        const seam = atCoverFold.filter(
          ([r, g, b]) => Math.max(Math.abs(r - r0), Math.abs(g - g0), Math.abs(b - b0)) > 6,
        );
        expect(seam, "pixels unlike the cover's colour at its fold").toEqual([]);
      }
    },
  );

  it("shows no pale seam where a cover band meets the trim (band cover, A4 tri-fold)", async () => {
    const document = demoDocument(WOMENS_RIGHTS, { templateId: "a4-trifold", design: { coverStyle: "band" } });
    const print = await renderPdf({
      document,
      template: template("a4-trifold"),
      workspaceName: WORKSPACE_NAME,
      draft: false,
      images,
      variant: "print",
    });
    savePagePictures(print.pdf, pictures, "print-a4-trifold-band");
    // Down the band from the bleed's top edge to 8 mm under the trim, clear of the title and logo: one colour (at 200
    // dpi, where the trim falls inside a pixel and a seam showed).
    const column = columnPixels(print.pdf, 1, mmToPt(9 + 3 + 197 + 60), 200);
    const rows = Math.floor(((3 + 8) * 200) / 25.4) - 2;
    const band = column.slice(0, rows * 3);
    const [r0, g0, b0] = band[band.length - 1]!;
    expect(b0 - r0, "the band is the main colour").toBeGreaterThan(40);
    const unlike = band.filter(([r, g, b]) => Math.max(Math.abs(r - r0), Math.abs(g - g0), Math.abs(b - b0)) > 6);
    expect(unlike, "pixels unlike the band's colour").toEqual([]);
  });

  it("warns when a brand colour will print visibly differently", async () => {
    const document = demoDocument(WOMENS_RIGHTS, {
      design: { colours: { ...defaultDesign("a5-booklet").colours, primary: "#ff00ff", onPrimary: "#000000" } },
    });
    const print = await renderPdf({
      document,
      template: template("a5-booklet"),
      workspaceName: WORKSPACE_NAME,
      draft: true,
      images,
      variant: "print",
    });
    expect(print.warnings.join(" ")).toMatch(
      /In print, the main brand colour \(#ff00ff\) will look a little different from how it looks on screen\./,
    );
  });

  it("warns of a pale tint made from the brand's colours that prints visibly differently, and only of colours that shift", async () => {
    const printed = async (colours: Partial<Design["colours"]>) =>
      (
        await renderPdf({
          document: demoDocument(WOMENS_RIGHTS, {
            design: {
              colours: { ...defaultDesign("a5-booklet").colours, ...colours },
              coverStyle: "band",
              coverArt: "shapes",
            },
          }),
          template: template("a5-booklet"),
          workspaceName: WORKSPACE_NAME,
          draft: true,
          images,
          variant: "print",
        })
      ).printNotes;
    // A green whose own shade prints true, but whose pale tint (the large circle on the cover) turns greyer in CMYK.
    const green = await printed({ primary: "#00703c" });
    expect(green.join(" ")).not.toMatch(/main brand colour/);
    expect(green).toContain(
      "In print, the pale circles on the cover (#dbebe4) will look a little different from how they look on screen. Ask the printer for a proof if the colour must match exactly.",
    );
    // The default design: its blue and the blue circles print true, but the pale green behind key information
    // (a tint of the green accent) turns greyer, as the green's own tint did above; only that is said.
    expect((await printed({})).filter((note) => note.startsWith("In print,"))).toEqual([
      "In print, the pale background of the key information boxes (#e6f1ec) will look a little different from how it looks on screen. Ask the printer for a proof if the colour must match exactly.",
    ]);
  });
});

describe("addresses on paper", () => {
  it("takes an address that fits on a line over to the next line whole, rather than breaking it", async () => {
    const words = "Write to us at any time of the day or night and we will answer".split(" ");
    let movedWhole = 0;
    for (let count = 1; count <= words.length; count += 1) {
      const document = canonicalOf(
        "Addresses",
        [
          {
            title: "Write to us",
            blocks: [
              {
                type: "paragraph",
                content: [
                  { type: "text", text: `${words.slice(0, count).join(" ")} money@demo-charity.example today.` },
                ],
              },
            ],
          },
        ],
        defaultDesign("large-print"),
      );
      const file = await inspectPdf((await render(document, false)).pdf);
      // Each line is its own text item: the address is in one of them, whole.
      const lines = file.pagesItems.join("\n").split("\n");
      const line = lines.find((each) => each.includes("money@demo-charity.example"));
      expect(line, `after ${count} words: ${JSON.stringify(lines)}`).toBeDefined();
      if (line!.trimStart().startsWith("money@")) movedWhole += 1;
    }
    // The address did come at the end of a full line (and went over whole), not only in the middle of one.
    expect(movedWhole).toBeGreaterThan(0);
  }, 60_000);
});

describe("lines filled as a browser fills them (the live preview's lines)", () => {
  it("ends a line early only when the next word would not fit on it", async () => {
    let checked = 0;
    for (const name of ["womens-rights-a5-booklet", "womens-rights-a4-trifold"]) {
      const { document } = rendered.get(name)!;
      const templateId = readDesign(document.design, "a5-booklet").templateId;
      // The tri-fold's panels as pages (the reader variant): each page is one column.
      const pdf = templateId === "a4-trifold" ? (await readerPdf(document)).pdf : rendered.get(name)!.final.pdf;
      const theme = createTheme(template(templateId), readDesign(document.design, templateId));
      const space = theme.type.body * 0.25;
      const folder = mkdtempSync(path.join(tmpdir(), "copress-lines-"));
      try {
        const file = path.join(folder, "document.pdf");
        writeFileSync(file, pdf);
        const html = execFileSync("pdftotext", ["-bbox-layout", file, "-"]).toString();
        for (const page of html.split("<page ").slice(1)) {
          const right = Number(/^width="([\d.]+)"/.exec(page)![1]) - theme.margin.right;
          // Body paragraphs: blocks that start at the page's left margin, line after line.
          for (const block of page.split("<block ").slice(1)) {
            const lines = [...block.matchAll(/<line xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)].map(
              ([, xMin, xMax, inner]) => {
                const words = [...inner!.matchAll(/<word xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)];
                // What cannot be broken: the first word, or a postcode or phone number it starts (`keepTogether`).
                const unit = keepTogether(words.map((word) => word[3]).join(" ")).split(" ")[0]!;
                const last = words[unit.split("\u00a0").length - 1]!;
                return {
                  xMin: Number(xMin),
                  xMax: Number(xMax),
                  first: [words[0]![0], words[0]![1], last[2], unit.replaceAll("\u00a0", " ")] as const,
                };
              },
            );
            if (lines.length < 2 || Math.abs(lines[0]!.xMin - theme.margin.left) > 1) continue;
            for (let index = 1; index < lines.length; index += 1) {
              const [, wordMin, wordMax, word] = lines[index]!.first;
              if (Math.abs(lines[index]!.xMin - theme.margin.left) > 1) continue;
              // The next line's first word, after a space, goes past the right margin: or it would be on this line.
              const wanted = lines[index - 1]!.xMax + space + Number(wordMax) - Number(wordMin);
              expect(wanted, `${name}: “${word}”`).toBeGreaterThan(right - 0.5);
              checked += 1;
            }
          }
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("the tri-fold for screens, panel by panel (variant=reader)", () => {
  it("has the six panels as pages in reading order, tagged as the print sheet is", async () => {
    const sheet = rendered.get("womens-rights-a4-trifold")!;
    const { document } = sheet;
    const reader = await readerPdf(document);
    savePagePictures(reader.pdf, pictures, "reader-a4-trifold");
    const file = await inspectPdf(reader.pdf);
    expect(file.pageSizes).toHaveLength(6);
    // Read page after page, the text is in reading order: the front, then every section in turn.
    expectInOrder(normalise(file.pagesText.join(" ")), expectedTexts(document));
    expect(roleOutline(file.structure)).toBe(roleOutline(sheet.finalFile.structure));
    expect(file.unmarked).toEqual([]);
    expect(matterhornFailures(reader.pdf, file)).toEqual([]);
    // No panel starts with a list's last item alone ("You can take up to 52 weeks of maternity leave.").
    const pagesOf = (node: StructNode) => allNodes(node).flatMap((each) => each.pages);
    for (const list of nodes(file, "L")) {
      const items = list.children.filter((child) => child.role === "LI");
      if (items.length < 3) continue;
      const [before, last] = items.slice(-2).map(pagesOf);
      expect(Math.min(...last!)).toBeLessThanOrEqual(Math.max(...before!));
    }
  });
});

describe("a cover without a picture", () => {
  it.each([
    ["a5-booklet", mmToPt(148), mmToPt(210)],
    ["a4-trifold", mmToPt(297), mmToPt(210)],
  ])("%s: has the title in the band and the publisher at its foot, not an empty lower half", async (id, w, h) => {
    const result = await render(demoDocument(WOMENS_RIGHTS, { templateId: id }), false);
    savePagePictures(result.pdf, pictures, `cover-${id}`);
    // The cover's own panel on a tri-fold's sheet is its right third.
    const left = id === "a4-trifold" ? mmToPt(197) : 0;
    const width = id === "a4-trifold" ? mmToPt(100) : w;
    const region = (from: number, to: number) =>
      normalise(textInRegion(result.pdf, 1, { x: left, y: h * from, width, height: h * (to - from) }));
    expect(region(0, 0.55)).toContain(WOMENS_RIGHTS);
    expect(region(0.55, 0.85)).toBe("");
    expect(region(0.85, 1)).toBe(WORKSPACE_NAME);
  });
});

/** The colour of one point of a page (points from its top left), as pdftoppm draws it. */
function pixelAt(pdf: Uint8Array, page: number, xPt: number, yPt: number, dpi = 72): [number, number, number] {
  const dir = mkdtempSync(path.join(tmpdir(), "copress-pixel-"));
  try {
    writeFileSync(path.join(dir, "in.pdf"), pdf);
    const [x, y] = [xPt, yPt].map((value) => Math.round((value * dpi) / 72));
    const args = ["-r", `${dpi}`, "-f", `${page}`, "-l", `${page}`, "-x", `${x}`, "-y", `${y}`, "-W", "1", "-H", "1"];
    execFileSync("pdftoppm", [...args, path.join(dir, "in.pdf"), path.join(dir, "out")]);
    const ppm = readFileSync(path.join(dir, "out-1.ppm"));
    return [...ppm.subarray(ppm.length - 3)] as [number, number, number];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rgbOf = (hex: string) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));

describe("shapes on a cover without a picture", () => {
  it("fill the space under the title in the brand's colours, as decoration only, and go when turned off", async () => {
    const design = defaultDesign("a5-booklet");
    const result = await render(demoDocument(WOMENS_RIGHTS, { templateId: "a5-booklet" }), false);
    savePagePictures(result.pdf, pictures, "cover-shapes-a5-booklet");
    const theme = createTheme(template("a5-booklet"), design);
    const size = { width: mmToPt(148), height: mmToPt(210) };
    const [pale, bright] = coverArt({
      size,
      margin: theme.margin,
      body: theme.type.body,
      titleBottom: size.height * 0.55,
      coverStyle: design.coverStyle,
      colours: design.colours,
      direction: "ltr",
    });
    // The big pale circle's middle, and a point of the accent circle outside the pale one.
    const paleMiddle = [pale!.left + pale!.size / 2, pale!.top + pale!.size / 2] as const;
    const brightPoint = [bright!.left + bright!.size * 0.75, bright!.top + bright!.size * 0.3] as const;
    const near = (actual: number[], hex: string) =>
      actual.every((value, index) => Math.abs(value - rgbOf(hex)[index]!) <= 3);
    expect(near(pixelAt(result.pdf, 1, ...paleMiddle), pale!.colour)).toBe(true);
    expect(near(pixelAt(result.pdf, 1, ...brightPoint), design.colours.accent)).toBe(true);
    // Decoration: nothing in the tags or the text, every mark an artifact, the PDF/UA checks clean.
    const file = await inspectPdf(result.pdf);
    expect(file.unmarked).toEqual([]);
    expect(matterhornFailures(result.pdf, file)).toEqual([]);
    expect(roleOutline(file.structure)).toMatch(/^StructTreeRoot\(Document\(H1 P /);

    const off = await render(
      demoDocument(WOMENS_RIGHTS, { templateId: "a5-booklet", design: { coverArt: "none" } }),
      false,
    );
    expect(near(pixelAt(off.pdf, 1, ...paleMiddle), design.colours.background)).toBe(true);
  });
});

describe("the cover picture", () => {
  it("from the picture library: printed with its description, and its licence's credit on the back page", async () => {
    const withPicture = new Map(images);
    withPicture.set("/uploads/library-1", images.get("picture-home")!);
    const document = demoDocument(WOMENS_RIGHTS, {
      design: { coverPicture: { src: "/uploads/library-1", alt: "A house", credit: OPENMOJI_CREDIT } },
    });
    const result = await render(document, false, undefined, withPicture);
    const file = await inspectPdf(result.pdf);
    expect(nodes(file, "Figure").find((figure) => figure.alt === "A house")?.pages).toEqual([1]);
    const lastPage = normalise(file.pagesText.at(-1)!);
    expect(lastPage).toContain(normalise(OPENMOJI_CREDIT));
    expect(normalise(file.pagesText.slice(0, -1).join(" "))).not.toContain("OpenMoji");
    // Left out with the picture when the picture cannot be found.
    const missing = await render(document, false);
    expect(normalise((await inspectPdf(missing.pdf)).pagesText.join(" "))).not.toContain("OpenMoji");
  });

  it("is printed under the title as a Figure with its description, and a missing one is said, not printed", async () => {
    const withPicture = new Map(images);
    withPicture.set("/uploads/cover-1", images.get("picture-help")!);
    const document = demoDocument(WOMENS_RIGHTS, {
      design: { coverPicture: { src: "/uploads/cover-1", alt: "Two women talking together" } },
    });
    const result = await render(document, false, undefined, withPicture);
    savePagePictures(result.pdf, pictures, "cover-picture-a5-booklet");
    const file = await inspectPdf(result.pdf);
    const figures = nodes(file, "Figure");
    const cover = figures.find((figure) => figure.alt === "Two women talking together");
    expect(cover?.pages).toEqual([1]);
    expect(matterhornFailures(result.pdf, file)).toEqual([]);
    // After the title and the publisher, in reading order.
    expect(roleOutline(file.structure)).toMatch(/^StructTreeRoot\(Document\(H1 P Figure /);

    // Nobody is owed a credit for a picture of the group's own.
    expect(normalise(file.pagesText.join(" "))).not.toContain(OPENMOJI_CREDIT);

    const missing = await render(document, false);
    expect(missing.warnings).toContain("The cover picture could not be found, so it is left out.");
    expect(
      nodes(await inspectPdf(missing.pdf), "Figure").some((figure) => figure.alt === "Two women talking together"),
    ).toBe(false);
  });
});

describe("a tri-fold's short lists", () => {
  it("stay whole with their heading on one panel, as the live preview shows them", async () => {
    let atFoot = 0;
    for (let fillers = 6; fillers <= 12; fillers++) {
      const result = await readerPdf(openingTimesDocument(fillers));
      const pages = (await inspectPdf(result.pdf)).pagesText.map(normalise);
      const panelOf = (words: string) => pages.findIndex((page) => page.includes(words)) + 1;
      const heading = panelOf("When we are open");
      const where = `${fillers} paragraphs before it`;
      for (const words of ["Monday to Friday", "Late opening on Thursday", "You do not need an appointment"])
        expect(panelOf(words), where).toBe(heading);
      if (heading === 3) atFoot += 1; // it would have started at the foot of panel 2
    }
    expect(atFoot).toBeGreaterThan(0);
  });
});

describe("the tri-fold's fold-in flap", () => {
  it("never gets the middle of a section that started on panel 4: the section starts on the flap instead", async () => {
    let moved = 0;
    for (const fillers of [14, 17, 19, 21]) {
      const result = await readerPdf(flapDocument(fillers));
      const pages = (await inspectPdf(result.pdf)).pagesText.map(normalise);
      const heading = pages.findIndex((page) => page.includes("What happens next")) + 1;
      const before = `${fillers} paragraphs before it`;
      // The whole section is on the panel its title is on.
      expect(pages.findIndex((page) => page.includes("Step 6.")) + 1, before).toBe(heading);
      // Nothing shrunk or split (a short one leaves the flap to notes, which the fit report says as a tip).
      expect(
        result.layout.fit?.filter((issue) => issue.kind !== "spare-panels"),
        before,
      ).toEqual([]);
      if (heading === 5) moved += 1;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it("says so when there is no room to move the section", async () => {
    // Twenty paragraphs, then a 20-step section that starts on panel 4: on the flap it would not fit, even with the
    // top of the back panel.
    const result = await renderPdf({
      document: flapDocument(20, 20),
      template: template("a4-trifold"),
      workspaceName: WORKSPACE_NAME,
      draft: false,
      images,
      variant: "reader",
    });
    expect(result.layout.fit).toEqual(
      expect.arrayContaining([{ kind: "section-over-flap", title: "What happens next" }]),
    );
    expect(result.warnings.join(" ")).toMatch(
      /The section “What happens next” starts on panel 4 and carries on to the fold-in flap/,
    );
  });

  it("lets the words carry on above the contact details on the back panel rather than set them smaller", async () => {
    // Twenty-two paragraphs and a ten-step section: at full size the last steps need a fifth panel, and there is room
    // for them at the top of the back panel, above the contact section moved down to its foot.
    const reader = async (contentNote: string | null) => {
      const result = await renderPdf({
        document: flapDocument(22, 10, contentNote),
        template: template("a4-trifold"),
        workspaceName: WORKSPACE_NAME,
        draft: false,
        images,
        variant: "reader",
      });
      return { result, pages: (await inspectPdf(result.pdf)).pagesText.map(normalise) };
    };
    const plain = await reader(null);
    savePagePictures(plain.result.pdf, pictures, "trifold-words-on-back-panel");
    expect(plain.result.typeScale).toBe(1);
    expect(plain.result.layout.fit).toEqual([]);
    expect(plain.pages).toHaveLength(6);
    const back = plain.pages[5]!;
    expect(back).toMatch(/^Step \d+\. A meeting is held/);
    expect(back.indexOf("Step 10.")).toBeLessThan(back.indexOf("Contact us"));
    expect(back).toMatch(/Contact us Demo Charity Freephone: 0808 157 0123$/);

    // The same section with a content note never goes on the outside of the folded leaflet: the text is set smaller.
    const sensitive = await reader("This section talks about a child being taken into care.");
    expect(sensitive.pages[5]).toMatch(/^Contact us/);
    expect(sensitive.pages[5]).not.toContain("Step");
    expect(sensitive.result.typeScale).toBeLessThan(1);
  });

  it("never carries a section about abuse onto the back panel (Women's Rights as a tri-fold)", async () => {
    // "Support if you are being abused" has a content note: a folded leaflet's back panel is seen by anyone.
    const reader = await readerPdf(rendered.get("womens-rights-a4-trifold")!.document);
    const pages = (await inspectPdf(reader.pdf)).pagesText.map(normalise);
    expect(pages).toHaveLength(6);
    expect(pages[5]).toMatch(/^Contact us/);
    expect(pages[5]).not.toMatch(/abuse|Clare's Law/);
  });
});

describe("Easy Read pictures", () => {
  it("puts each row's picture on the right when the designer chooses it, and reads it first either way", async () => {
    const made = async (imagePosition: "left" | "right") => {
      const result = await render(easyReadDocument({ imagePosition }), false);
      savePagePictures(result.pdf, pictures, `easy-read-pictures-${imagePosition}`);
      // The left third of the first page: the picture column when pictures are on the left, words when on the right.
      const leftThird = normalise(textInRegion(result.pdf, 1, { x: 0, y: 0, width: 595.28 / 3, height: 841.89 }));
      return { file: await inspectPdf(result.pdf), leftThird };
    };
    const left = await made("left");
    const right = await made("right");
    expect(left.leftThird).not.toContain("This booklet");
    expect(right.leftThird).toContain("This booklet");
    // Same structure, same reading order: the picture's Figure, then the row's words.
    expect(roleOutline(right.file.structure)).toBe(roleOutline(left.file.structure));
    expect(structureText(right.file.structure)).toBe(structureText(left.file.structure));
  });
});

describe("links on paper", () => {
  it("prints a link's address after words that do not say it, unless the designer turns it off", async () => {
    const text = async (design: Partial<Design>) =>
      normalise((await inspectPdf((await render(linkWordsDocument(design), false)).pdf)).pagesText.join(" "));
    const printed = await text({});
    expect(printed).toContain(
      "Read more on our website (demo-charity.example/rights) or email us (help@demo-charity.example). You can also visit www.acas.org.uk.",
    );
    const off = await text({ printLinkAddresses: false });
    expect(off).toContain("Read more on our website or email us. You can also visit www.acas.org.uk.");
  });
});

describe("the end of a section", () => {
  it("never leaves a short closing line alone on a page: it goes over with the block before it", () => {
    const { finalFile } = rendered.get("womens-rights-large-print")!;
    const lastPage = finalFile.pagesText.at(-1)!;
    const last = normalise(lastPage);
    // The contact box comes with it (before, large print ended with this one sentence on a page of its own).
    expect(last).toContain("Freephone: 0808 157 0123");
    expect(lastPage.split("\n").filter((line) => line.trim()).length).toBeGreaterThan(4);
    expect(last).toContain("If you need this leaflet in large print, Easy Read or another language, please ask us.");
  });
});

describe("postcodes and phone numbers", () => {
  it.each(cases.map((testCase) => testCase.name))("%s: never broken over two lines", (name) => {
    const { finalFile } = rendered.get(name)!;
    for (const page of finalFile.pagesText) {
      // Each line as printed: a number or postcode starts and ends on one line (before, a tri-fold printed "AN1" / "2XY").
      const count = (pattern: RegExp) => [...page.matchAll(pattern)].length;
      expect(count(/0808/g)).toBe(count(/0808[ \u00a0]157[ \u00a0]0123/g));
      expect(count(/AN1\b/g)).toBe(count(/AN1[ \u00a0]2XY/g));
    }
    const all = finalFile.pagesText.join("\n");
    if (name.startsWith("womens-rights")) expect(all).toMatch(/AN1[ \u00a0]2XY/);
  });
});

describe("large print", () => {
  it("prints every word at 18 pt or more: the content note, the footer and the page numbers too", async () => {
    const { final } = rendered.get("womens-rights-large-print")!;
    const pdf = await getDocument({ data: new Uint8Array(final.pdf), verbosity: 0 }).promise;
    const sizes = new Map<string, number>();
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const { items } = await (await pdf.getPage(number)).getTextContent();
      for (const item of items)
        if ("str" in item && item.str.trim()) {
          const size = Math.hypot(item.transform[2]!, item.transform[3]!);
          sizes.set(item.str.trim(), Math.min(size, sizes.get(item.str.trim()) ?? Infinity));
        }
    }
    const small = [...sizes].filter(([, size]) => size < 17.99);
    // Before, the content note ("This section talks about domestic abuse…") was printed at 16 pt.
    expect(small).toEqual([]);
    expect([...sizes.keys()].join(" ")).toContain("Content note:");
    await pdf.destroy();
  });
});

describe("a section's closing line after a list", () => {
  it.each([
    // The list takes more than a third of an A5 page, but its three items are short: its first two and its last two
    // go together, so it moves whole (before, "Help you can get" and one item ended a page, the rest overleaf).
    "womens-rights-a5-booklet",
    // A third of an A4 page or less: it goes over whole with the line (before, the last page began with the line).
    "womens-rights-a4-easy-read",
    "womens-rights-large-print",
  ])("%s: the line never starts a page alone, and the list is not split one and two", (name) => {
    const { finalFile } = rendered.get(name)!;
    const pages = finalFile.pagesText.map(normalise);
    const line = "We can talk to you in private and help you find a safe place to stay.";
    const closing = pages.findIndex((page) => page.includes(line));
    expect(closing).toBeGreaterThanOrEqual(0);
    expect(
      pages[closing]!.indexOf("You can ask the police if your partner has a history of abuse."),
    ).toBeGreaterThanOrEqual(0);
    expect(pages[closing]!.indexOf(line)).toBeGreaterThan(pages[closing]!.indexOf("You can ask the police"));
    expect(pages[closing]).toContain("A support worker can help you make a plan to stay safe.");
    expect(pages[closing]).toContain("Help you can get");
  });
});

describe("a contact box's introduction", () => {
  it.each([
    "womens-rights-a5-booklet",
    "womens-rights-a4-trifold",
    "womens-rights-a4-easy-read",
    "womens-rights-large-print",
  ])("%s: “Contact us”, its short introduction and the contact box are on one page", (name) => {
    const { finalFile } = rendered.get(name)!;
    const pageOf = (text: string) => finalFile.pagesText.findIndex((page) => normalise(page).includes(text));
    const heading = pageOf("Contact us");
    expect(heading).toBeGreaterThanOrEqual(0);
    // Before, large print ended a page with the heading and this sentence, the box overleaf.
    expect(pageOf("Talk to us in confidence.")).toBe(heading);
    expect(pageOf("Freephone: 0808 157 0123")).toBe(heading);
  });
});

describe("lead-in lines", () => {
  it("never leaves a line ending in a colon at the foot of a page with its list overleaf", async () => {
    let crossed = 0;
    let tried = 0;
    for (let shortLines = 0; shortLines <= 4; shortLines += 1) {
      const fillers = 6;
      tried += 1;
      const result = await render(leadInDocument(fillers, shortLines), false);
      const file = await inspectPdf(result.pdf);
      const pageOf = (text: string) => file.pagesText.findIndex((page) => normalise(page).includes(text));
      const leadIn = pageOf("The court can also decide that:");
      const before = `${fillers} paragraphs and ${shortLines} short lines before it`;
      expect(leadIn, before).toBeGreaterThanOrEqual(0);
      expect(pageOf("your child lives with a relative"), before).toBe(leadIn);
      if (leadIn > 0) crossed += 1;
    }
    // The lead-in did move over a page break as the text before it grew: the test saw both sides of one.
    expect(crossed).toBeGreaterThan(0);
    expect(crossed).toBeLessThan(tried);
  }, 60_000);
});

describe("A5 booklet", () => {
  it("is eight pages: cover, the content, a notes page to fill the fold, and the contact section on the back", () => {
    const { finalFile, final } = rendered.get("womens-rights-a5-booklet")!;
    expect(finalFile.pageSizes).toHaveLength(8);
    expect(finalFile.pagesText[0]).toContain(WOMENS_RIGHTS);
    expect(finalFile.pagesText[7]).toContain("Contact us");
    expect(finalFile.pagesText[7]).toContain("Demo Charity is a registered charity, number 1234567.");
    expect(normalise(finalFile.pagesText[6]!)).toMatch(/^Notes\b/);
    expect(final.layout.pages.map((page) => page.kind)).toEqual([
      "cover",
      "content",
      "content",
      "content",
      "content",
      "content",
      "notes",
      "back",
    ]);
  });
});

describe("spare pages (nothing is printed blank)", () => {
  const shortSections = [
    {
      title: "Who this is for",
      blocks: [{ type: "paragraph", content: [{ type: "text", text: "This leaflet is for women living in the UK." }] }],
    },
    {
      title: "Contact us",
      blocks: [
        {
          type: "contactBlock",
          content: [{ type: "paragraph", content: [{ type: "text", text: "Phone: 0808 157 0123" }] }],
        },
      ],
    },
  ];
  const short = (design: Partial<Design> = {}) =>
    canonicalOf("Short leaflet", shortSections, { ...defaultDesign("a5-booklet"), ...design });
  const pageTexts = (file: PdfInspection) => file.pagesText.map((text) => normalise(text.replace(/^\d+$/gm, "")));

  it("prints a booklet with little in it on one sheet, its spare page a notes page, never a blank one", async () => {
    const result = await render(short(), false);
    savePagePictures(result.pdf, pictures, "short-a5-booklet-notes");
    const file = await inspectPdf(result.pdf);
    // Not eight pages with five notes pages in a row: a whole sheet of spare pages is never printed.
    expect(file.pageSizes).toHaveLength(4);
    const texts = pageTexts(file);
    for (const [index, text] of texts.entries()) expect(text, `page ${index + 1}`).not.toBe("");
    expect(texts[2]).toBe("Notes");
    // Notes pages keep the booklet's page numbers.
    expect(normalise(file.pagesText[2]!)).toMatch(/\b3$/);
    expect(result.layout).toEqual({
      unit: "page",
      pages: ["cover", "content", "notes", "back"].map((kind, index) => ({
        number: index + 1,
        kind,
        blank: false,
      })),
      template: { name: "A5 booklet", imposition: "booklet" },
      // Short content fits at the template's own size; the designer is told why there are fewer pages.
      fit: [{ kind: "fewer-pages", pages: 4, templatePages: 8 }],
    });
    expect(result.warnings.join(" ")).toContain(
      "The words fill less than the A5 booklet's 8 pages, so it is printed as 4 pages (one sheet folded)",
    );
    expect(structureText(file.structure)).not.toContain("Notes");
    expect(file.unmarked).toEqual([]);
    expect(file.qpdf.ok, file.qpdf.output).toBe(true);
  });

  it("gives the last spare page to an inside back cover in the main colour when the designer chooses it", async () => {
    const result = await render(short({ sparePages: "back-cover" }), false);
    savePagePictures(result.pdf, pictures, "short-a5-booklet-back-cover");
    const file = await inspectPdf(result.pdf);
    expect(result.layout.pages.map((page) => page.kind)).toEqual(["cover", "content", "back-cover", "back"]);
    expect(pageTexts(file)[2]).toBe(WORKSPACE_NAME);
    expect(result.layout.pages.every((page) => !page.blank)).toBe(true);
  });

  it("prints no template hint, and finds the back page blank when its contact box holds nothing but hints", async () => {
    const booklet = template("a5-booklet");
    const untouched = canonicalOf("Untouched", booklet.starterSections, defaultDesign("a5-booklet"));
    const result = await render(untouched, false);
    savePagePictures(result.pdf, pictures, "untouched-a5-booklet");
    const file = await inspectPdf(result.pdf);
    const all = file.pagesText.join("\n");
    for (const hint of [
      "Say who this leaflet is for",
      "Put the one thing",
      "Phone: add your phone number",
      "Add a short heading",
      "Your organisation's name",
    ]) {
      expect(all).not.toContain(hint);
    }
    expect(pageTexts(file).at(-1)).toBe("");
    expect(result.layout.pages.filter((page) => page.blank)).toEqual([
      { number: file.pageSizes.length, kind: "back", blank: true },
    ]);
  });

  it("fills a tri-fold's spare panels with notes panels", async () => {
    const document = canonicalOf("Short tri-fold", shortSections, defaultDesign("a4-trifold"));
    const result = await render(document, false);
    savePagePictures(result.pdf, pictures, "short-a4-trifold");
    expect(result.layout.unit).toBe("panel");
    expect(result.layout.pages.map((page) => [page.kind, page.name, page.blank])).toEqual([
      ["cover", "Front cover", false],
      ["content", "Inside left", false],
      ["notes", "Inside middle", false],
      ["notes", "Inside right (folds in)", false],
      ["notes", "Fold-in flap", false],
      ["back", "Back cover", false],
    ]);
    const third = mmToPt(99);
    expect(normalise(textInRegion(result.pdf, 2, { x: mmToPt(100), y: 0, width: third, height: mmToPt(210) }))).toBe(
      "Notes",
    );
    // The designer is told, with what would fill them and how to take the notes off the flap.
    expect(result.warnings.join(" ")).toContain(
      "The words fill 1 of the A4 tri-fold leaflet's 4 inside panels: the other 3 are printed as notes panels.",
    );
    const coloured = await render(
      canonicalOf("Short tri-fold", shortSections, { ...defaultDesign("a4-trifold"), sparePages: "back-cover" }),
      false,
    );
    savePagePictures(coloured.pdf, pictures, "short-a4-trifold-flap-in-colour");
    // Read on a screen, panel by panel, the filling panels are left out: nothing to read there.
    const reader = await readerPdf(document);
    savePagePictures(reader.pdf, pictures, "short-a4-trifold-reader");
    const readerFile = await inspectPdf(reader.pdf);
    expect(readerFile.pageSizes).toHaveLength(3);
    expect(readerFile.pagesText.map(normalise).join(" | ")).not.toContain("Notes");
    expect(normalise(readerFile.pagesText[1]!)).toMatch(/^Who this is for/);
    expect(readerFile.unmarked).toEqual([]);
    expect(matterhornFailures(reader.pdf, readerFile)).toEqual([]);
    expect(coloured.layout.pages.map((page) => page.kind)).toEqual([
      "cover",
      "content",
      "notes",
      "notes",
      "back-cover",
      "back",
    ]);
    expect(coloured.warnings.join(" ")).toContain(
      "the other 3 are printed as 2 notes panels and, on the fold-in flap, a panel in your main colour.",
    );
  });
});

describe("A4 tri-fold", () => {
  const third = mmToPt(99);

  it("prints the panels in print order: flap, back, front on the outside; the three inside panels on the inside", () => {
    const { final } = rendered.get("womens-rights-a4-trifold")!;
    const panel = (page: number, x: number, width: number) =>
      normalise(textInRegion(final.pdf, page, { x, y: 0, width, height: mmToPt(210) }));
    // Outside: fold-in flap (97 mm), back cover (100 mm), front cover (100 mm).
    expect(panel(1, mmToPt(197), mmToPt(100))).toContain(WOMENS_RIGHTS);
    expect(panel(1, mmToPt(97), mmToPt(100))).toContain("Contact us");
    expect(panel(1, mmToPt(97), mmToPt(100))).toContain("Registered charity 1234567");
    // Inside: the leaflet starts on the left panel.
    expect(panel(2, 0, third)).toMatch(/^Who this leaflet is for/);
  });

  it("reads in panel order 1 to 6 in its structure tree, whatever the print order", () => {
    const { finalFile, document } = rendered.get("womens-rights-a4-trifold")!;
    const text = structureText(finalFile.structure);
    expectInOrder(text, expectedTexts(document));
    const documentNode = finalFile.structure.children[0]!;
    const order = documentNode.children.map((node: StructNode) =>
      node.role === "Sect" ? normalise(node.children[0]!.text) : node.role,
    );
    expect(order).toEqual(["H1", "P", ...readSections(document.content).map((section) => section.attrs.title), "Div"]);
  });

  it("sets the text smaller, within the template's minimum, when the content would not fit, and says so", () => {
    const { final } = rendered.get("womens-rights-a4-trifold")!;
    expect(final.typeScale).toBeLessThan(1);
    expect(final.typeScale * template("a4-trifold").typeScale.body).toBeGreaterThanOrEqual(
      template("a4-trifold").rules.minBodyPt,
    );
    const body = template("a4-trifold").typeScale.body;
    expect(final.layout.fit).toEqual(
      expect.arrayContaining([{ kind: "text-shrunk", bodyPt: final.typeScale * body, templateBodyPt: body }]),
    );
    expect(final.warnings.join(" ")).toMatch(
      new RegExp(`To fit the A4 tri-fold leaflet, the text is set at [\\d.]+ pt instead of ${body} pt`),
    );
  });

  it("says when content does not fit even at the smallest size: the guide needs panels on another sheet", () => {
    const { final, finalFile } = rendered.get("guide-a4-trifold")!;
    expect(finalFile.pageSizes.length).toBeGreaterThan(2);
    const extra = final.layout.fit?.find((issue) => issue.kind === "extra-panels");
    expect(extra).toMatchObject({ kind: "extra-panels" });
    expect(final.warnings.join(" ")).toMatch(/does not fit the six panels of the A4 tri-fold leaflet/);
    expect(final.warnings.join(" ")).toMatch(/choose a template with more room: the A5 booklet/);
  });
});

describe("GET /api/documents/:id/pdf", () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startServer();
    token = await signIn(server.url, "cora");
  });
  afterAll(async () => {
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
  });

  it.each([
    [WOMENS_RIGHTS, "womens-rights-draft.pdf", A5],
    [CHILD_PROTECTION_GUIDE, "guide-to-child-protection-and-care-proceedings-draft.pdf", A4],
  ])("serves %s as an inline, tagged, watermarked draft", async (title, filename, pageSize) => {
    const id = await documentIdByTitle(server.url, token, title);
    const response = await fetch(`${server.url}/api/documents/${id}/pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(`inline; filename="${filename}"`);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("x-copress-draft")).toBe("true");
    const { body: document } = await api<{ hash: string }>(server.url, token, `/api/documents/${id}`);
    expect(response.headers.get("x-copress-document-hash")).toBe(document.hash);
    const file = await inspectPdf(new Uint8Array(await response.arrayBuffer()));
    expect(file.info).toMatchObject({ Title: title, Author: "Demo Charity", Tagged: "yes" });
    expect(new Set(file.pageSizes)).toEqual(new Set([pageSize]));
    for (const page of file.pagesItems) expect(page).toContain(WATERMARK_TEXT);
    // Both fit their templates: nothing to warn about.
    expect(JSON.parse(decodeURIComponent(response.headers.get("x-copress-warnings")!))).toEqual([]);
  });

  it("makes the print-shop and panel-by-panel kinds when asked, and refuses a kind it does not know", async () => {
    const id = await documentIdByTitle(server.url, token, WOMENS_RIGHTS);
    const response = await fetch(`${server.url}/api/documents/${id}/pdf?variant=print`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-copress-variant")).toBe("print");
    expect(response.headers.get("content-disposition")).toBe(`inline; filename="womens-rights-print-draft.pdf"`);
    const boxes = pageBoxes(new Uint8Array(await response.arrayBuffer()));
    expect(boxes[0]!.TrimBox).toBeDefined();
    for (const path of [`/api/documents/${id}/pdf?variant=poster`, `/api/documents/${id}/pdf-exports?variant=poster`]) {
      const refused = await api<{ error: { code: string; message: string } }>(server.url, token, path, {
        method: path.endsWith("pdf?variant=poster") ? "GET" : "POST",
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: "bad_request",
        message: "There is no PDF of the kind “poster”. Choose screen, reader or print.",
      });
    }
    const started = await api<{ id: string }>(server.url, token, `/api/documents/${id}/pdf-exports?variant=print`, {
      method: "POST",
    });
    expect(started.status).toBe(202);
    let status: { done: boolean; variant?: string; pages?: number } = { done: false };
    for (let tries = 0; !status.done && tries < 200; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await api<typeof status>(server.url, token, `/api/pdf-exports/${started.body.id}`)).body;
    }
    expect(status).toMatchObject({ done: true, variant: "print", pages: 8 });
  });

  it("tells what does not fit: in the PDF response and in the export job, item by item", async () => {
    const id = await documentIdByTitle(server.url, token, CHILD_PROTECTION_GUIDE);
    // The guide as a tri-fold: a designer switches the template over the sync connection, as the design page does.
    const designer = connect(server.url, id, await signIn(server.url, "dana"));
    await waitForSync(designer);
    designer.doc.getMap("design").set("templateId", "a4-trifold");
    await eventually(async () => {
      const live = await api<{ design: { templateId: string } }>(server.url, token, `/api/documents/${id}`);
      expect(live.body.design.templateId).toBe("a4-trifold");
    });
    designer.destroy();
    const response = await fetch(`${server.url}/api/documents/${id}/pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const warnings = JSON.parse(decodeURIComponent(response.headers.get("x-copress-warnings")!)) as string[];
    expect(warnings.join(" ")).toMatch(/does not fit the six panels of the A4 tri-fold leaflet/);

    const started = await api<{ id: string }>(server.url, token, `/api/documents/${id}/pdf-exports`, {
      method: "POST",
    });
    expect(started.status).toBe(202);
    let status: { done: boolean; warnings?: string[]; fit?: Array<{ rule: string; severity: string }> } = {
      done: false,
    };
    for (let tries = 0; !status.done && tries < 200; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await api<typeof status>(server.url, token, `/api/pdf-exports/${started.body.id}`)).body;
    }
    expect(status.done).toBe(true);
    expect(status.warnings).toEqual(warnings);
    expect(status.fit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: "text-shrunk", severity: "warning" }),
        expect.objectContaining({ rule: "does-not-fit", severity: "blocker" }),
      ]),
    );

    // The checks say so too, as a must-fix, and the sign-off rules name it.
    const report = await api<{ findings: Array<{ rule: string; severity: string }> }>(
      server.url,
      token,
      `/api/documents/${id}/checks`,
      { method: "POST", body: "{}" },
    );
    expect(report.body.findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: "does-not-fit", severity: "blocker" })]),
    );
    const signOffPage = await fetch(`${server.url}/documents/${id}/review`, {
      headers: { cookie: `copress_session=${token}` },
    });
    const html = (await signOffPage.text()).replace(/<!-- -->/g, "");
    expect(html).toContain("How it prints");
    expect(html).toContain(
      "<strong>Must fix: </strong>The content does not fit the six panels of the A4 tri-fold leaflet",
    );
    expect(html).toContain("the content does not fit the template");
  });

  it("lets every role that may read the document download it, and no one else", async () => {
    const id = await documentIdByTitle(server.url, token, WOMENS_RIGHTS);
    const viewer = await signIn(server.url, "vic");
    expect(
      (await fetch(`${server.url}/api/documents/${id}/pdf`, { headers: { authorization: `Bearer ${viewer}` } })).status,
    ).toBe(200);
    const anonymous = await api<{ error: { code: string } }>(server.url, null, `/api/documents/${id}/pdf`);
    expect(anonymous).toMatchObject({ status: 401, body: { error: { code: "unauthenticated" } } });
    const unknown = await api<{ error: { code: string } }>(
      server.url,
      token,
      `/api/documents/00000000-0000-4000-8000-000000000000/pdf`,
    );
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });
});
