/**
 * Right-to-left PDFs read back from the real files (issue 16): the Women's Rights leaflet in Arabic and in Urdu. Each
 * file must embed the script's Noto font with a Unicode map (pdffonts), say its language (`/Lang` ar / ur), be
 * tagged, and give back, through pdftotext, the very words that were typed, in reading order — which needs the
 * glyphs shaped right to left, every letter kept and every shared glyph mapped to the letter it stands for
 * (patches/fontkit+*.patch, patches/@react-pdf+textkit+*.patch, docs/decisions/021-right-to-left-pdf.md). Page
 * pictures go to test-results/pdf/ to look at.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CanonicalDocument } from "../../app/domain/document-hash";
import { readDesign } from "../../app/domain/design";
import { renderPdf } from "../../app/render/pdf/render-pdf.server";
import { projectRoot, template, WORKSPACE_NAME } from "../fixtures/pdf/documents";
import { inspectPdf, savePagePictures, type PdfInspection } from "../fixtures/pdf/inspect-pdf";
import { ARABIC, URDU, translatedDocument } from "../fixtures/pdf/translated";

const pictures = path.join(projectRoot, "test-results", "pdf");
const files = new Map<string, PdfInspection>();

/** pdftotext marks embedded directions (U+202A–U+202E); a reader's copy has none, and spacing is not the words. */
const words = (text: string) =>
  text
    .normalize("NFC")
    .replace(/[\u202a-\u202e]/g, "")
    .replace(/\s+/g, "");

/** The sentences of a translation that are in one script only (a run of numbers inside is ordered by the bidi rules). */
function sentences(translated: typeof ARABIC): string[] {
  const texts: string[] = [translated.title];
  const visit = (node: unknown) => {
    const value = node as { type?: string; text?: string; content?: unknown[] };
    if (value.type === "text" && value.text && !/[0-9A-Za-z]/.test(value.text)) texts.push(value.text);
    value.content?.forEach(visit);
  };
  for (const section of translated.sections) {
    texts.push(section.title);
    section.blocks.forEach(visit);
  }
  return texts;
}

/** The document's PDF as published (no draft mark), on a fixed date. */
const render = (document: CanonicalDocument) =>
  renderPdf({
    document,
    template: template(readDesign(document.design).templateId),
    workspaceName: WORKSPACE_NAME,
    draft: false,
    images: new Map(),
    creationDate: new Date("2026-01-01T00:00:00Z"),
  });

beforeAll(async () => {
  for (const translated of [ARABIC, URDU]) {
    const document = translatedDocument(translated);
    const rendered = await render(document);
    savePagePictures(rendered.pdf, pictures, `womens-rights-${translated.language}`);
    files.set(translated.language, await inspectPdf(rendered.pdf));
  }
}, 120_000);

describe.each([
  { translated: ARABIC, font: "NotoNaskhArabic" },
  { translated: URDU, font: "NotoNastaliqUrdu" },
])("the Women's Rights leaflet in $translated.language", ({ translated, font }) => {
  const file = () => files.get(translated.language)!;

  it("is tagged, says its language, and embeds the script's font with a Unicode map", () => {
    expect(file().info.Tagged).toBe("yes");
    expect(file().catalog["/Lang"]).toBe(`u:${translated.language}`);
    const scriptFonts = file().fonts.filter((row) => row.name.includes(font));
    expect(scriptFonts.length).toBeGreaterThan(0);
    for (const row of file().fonts) {
      expect(row.embedded, row.name).toBe(true);
      expect(row.unicode, row.name).toBe(true);
    }
  });

  it("gives back every letter typed, and (in Naskh) every sentence letter for letter, in reading order", () => {
    const text = words(file().pagesText.join("\n"));
    // Nothing lost, nothing read as a look-alike letter: the page's letters are the typed ones, plus page furniture.
    const count = (value: string) => {
      const counts = new Map<string, number>();
      for (const letter of value.replace(/[^\p{Script=Arabic}]/gu, ""))
        counts.set(letter, (counts.get(letter) ?? 0) + 1);
      return counts;
    };
    const typed = count(words(sentences(translated).join("")));
    const printed = count(text);
    for (const [letter, times] of typed) expect(printed.get(letter) ?? 0, letter).toBeGreaterThanOrEqual(times);
    // Nastaliq's words slope down to the left, so poppler's geometric reading misplaces some letters of a line;
    // tagged-PDF readers read the content (marked ReversedChars) instead. Naskh reads back in order.
    if (translated.language === "ur") return;
    let from = 0;
    for (const sentence of sentences(translated)) {
      const at = text.indexOf(words(sentence), from);
      expect(at, `"${sentence}" after ${from} in ${text.slice(from, from + 200)}`).toBeGreaterThanOrEqual(0);
      from = at;
    }
  });

  it("keeps Latin words and numbers inside the right-to-left text whole", () => {
    const text = file().pagesText.join("\n");
    expect(text).toContain("help@demo-charity.example");
    expect(text).toMatch(/999/);
  });

  it("prints Copress's own page titles in the document's language", () => {
    const text = file().pagesText.join("\n").normalize("NFC");
    expect(text).not.toMatch(/\bNotes\b/);
    expect(text).toContain(translated.language === "ar" ? "ملاحظات" : "نوٹس");
  });
});

describe("mirrored layout", () => {
  it("sets right-to-left lines against the right margin", async () => {
    const { execFileSync } = await import("node:child_process");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const document = translatedDocument(ARABIC);
    const rendered = await render(document);
    const dir = mkdtempSync(path.join(tmpdir(), "copress-rtl-"));
    writeFileSync(path.join(dir, "ar.pdf"), rendered.pdf);
    // pdftotext -bbox gives each word's box: on the first inside page, body lines end at the right margin and start
    // at different places on the left.
    const html = execFileSync("pdftotext", ["-f", "2", "-l", "2", "-bbox", path.join(dir, "ar.pdf"), "-"]).toString();
    const boxes = [...html.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"/g)].map((match) => ({
      xMin: Number(match[1]),
      y: Math.round(Number(match[2])),
      xMax: Number(match[3]),
    }));
    // Words whose tops are within 4 pt share a line (a full stop's box starts a little lower).
    const lines = new Map<number, { left: number; right: number }>();
    let lineY = -Infinity;
    for (const box of [...boxes].sort((a, b) => a.y - b.y)) {
      if (box.y - lineY > 4) lineY = box.y;
      const line = lines.get(lineY) ?? { left: Infinity, right: -Infinity };
      lines.set(lineY, { left: Math.min(line.left, box.xMin), right: Math.max(line.right, box.xMax) });
    }
    const rights = [...lines.values()].filter((line) => line.right - line.left > 40).map((line) => line.right);
    const lefts = [...lines.values()].filter((line) => line.right - line.left > 40).map((line) => line.left);
    expect(rights.length).toBeGreaterThan(3);
    expect(Math.max(...rights) - Math.min(...rights)).toBeLessThan(30); // bullets and bars sit inside the margin
    expect(Math.max(...lefts) - Math.min(...lefts)).toBeGreaterThan(40); // ragged on the left
  });
});

describe("words in another language", () => {
  it("are a Span with their own /Lang in the PDF, inside a paragraph in the document's language", async () => {
    const { allNodes } = await import("../fixtures/pdf/inspect-pdf");
    const { execFileSync } = await import("node:child_process");
    const { mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const document = translatedDocument({
      language: "cy",
      title: "Hawliau menywod",
      sections: [
        {
          title: "Cysylltwch â ni",
          blocks: [
            {
              type: "paragraph",
              content: [
                { type: "text", text: "Ffoniwch " },
                { type: "text", text: "Women's Aid", marks: [{ type: "language", attrs: { lang: "en-GB" } }] },
                { type: "text", text: " neu " },
                { type: "text", text: "حقوق المرأة", marks: [{ type: "language", attrs: { lang: "ar" } }] },
                { type: "text", text: " heddiw." },
              ],
            },
          ],
        },
      ],
    });
    const rendered = await render(document);
    const file = await inspectPdf(rendered.pdf);
    expect(file.catalog["/Lang"]).toBe("u:cy");
    const spans = allNodes(file.structure).filter((node) => node.role === "Span");
    // pdf.js's view of a span has its letters (it splits Arabic words around the font's separate dots).
    const letters = (text: string) => [...text.normalize("NFC").replace(/[^\p{L}\p{M}]/gu, "")].sort().join("");
    expect(spans.map((span) => [span.lang, letters(span.text)])).toEqual([
      ["en-GB", letters("Women's Aid")],
      ["ar", letters("حقوق المرأة")],
    ]);
    const paragraph = allNodes(file.structure).find((node) => node.role === "P" && node.children.includes(spans[0]!));
    expect(paragraph?.text.replace(/\s+/g, " ").trim()).toBe("Ffoniwch neu heddiw.");
    // The Arabic words are drawn in visual order inside ReversedChars marked content, which tells tagged-PDF readers
    // to read them reversed (as typed); poppler's text reads them in order.
    const dir = mkdtempSync(path.join(tmpdir(), "copress-span-"));
    writeFileSync(path.join(dir, "in.pdf"), rendered.pdf);
    execFileSync("qpdf", ["--qdf", "--object-streams=disable", path.join(dir, "in.pdf"), path.join(dir, "out.pdf")]);
    expect(readFileSync(path.join(dir, "out.pdf"), "latin1").match(/\/ReversedChars BMC/g)?.length).toBeGreaterThan(0);
    const text = execFileSync("pdftotext", [path.join(dir, "in.pdf"), "-"]).toString();
    expect(words(text)).toContain(words("Ffoniwch Women's Aid neu حقوق المرأة heddiw."));
  });
});
