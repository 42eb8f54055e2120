/**
 * Right-to-left text through the patched PDF engine (decision 021), one paragraph at a time: a mixed Arabic, Latin
 * and number string in a narrow column must break into lines set against the right edge, keep every letter (the
 * first of a line too), give back the letters typed (not look-alike shapes) and break an email address with no hyphen. Read
 * back with poppler's pdftotext, as a reader's copy and paste would.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Document, Page, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { describe, expect, it } from "vitest";
import { registerFonts } from "./fonts.server";
import { fontFamilies } from "./theme";
import { SCRIPT_FONTS } from "../../domain/languages";

const MIXED =
  "خدمتنا مجانية وسرية. اتصلي بنا على 0808 157 0192 أو اكتبي إلى help@demo-charity.example في أي وقت، فنحن هنا لمساعدتك.";

async function lines(text: string, family: string, width: number) {
  registerFonts();
  const pdf = await renderToBuffer(
    <Document language="ar">
      <Page size="A5" style={{ padding: 30 }}>
        <View style={{ width }}>
          <Text
            style={{ fontFamily: [family, ...fontFamilies("atkinson-hyperlegible")], fontSize: 14, direction: "rtl" }}
          >
            {text}
          </Text>
        </View>
      </Page>
    </Document>,
  );
  const dir = mkdtempSync(path.join(tmpdir(), "copress-bidi-"));
  const file = path.join(dir, "bidi.pdf");
  writeFileSync(file, pdf);
  const plain = execFileSync("pdftotext", [file, "-"]).toString();
  const boxes = execFileSync("pdftotext", ["-bbox-layout", file, "-"]).toString();
  const lineBoxes = [...boxes.matchAll(/<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((match) => ({
    xMin: Number(match[1]),
    xMax: Number(match[2]),
  }));
  return { plain, lineBoxes };
}

/** pdftotext's direction marks and spacing are not the words. */
const letters = (text: string) =>
  text
    .normalize("NFC")
    .replace(/[\u202a-\u202e]/g, "")
    .replace(/\s+/g, "");

describe("right-to-left lines in the PDF", () => {
  it("break a mixed Arabic, Latin and number paragraph into lines against the right edge", async () => {
    const { lineBoxes } = await lines(MIXED, SCRIPT_FONTS.arabic.family, 170);
    expect(lineBoxes.length).toBeGreaterThan(3);
    const rights = lineBoxes.map((line) => line.xMax);
    expect(Math.max(...rights) - Math.min(...rights)).toBeLessThan(1.5);
    expect(
      Math.max(...lineBoxes.map((line) => line.xMin)) - Math.min(...lineBoxes.map((line) => line.xMin)),
    ).toBeGreaterThan(5);
  });

  it("give back every Arabic word as typed, in reading order, and break an address without a hyphen", async () => {
    const { plain } = await lines(MIXED, SCRIPT_FONTS.arabic.family, 170);
    const text = letters(plain);
    let from = 0;
    for (const word of MIXED.split(/\s+/).filter((w) => /[\u0600-\u06ff]/.test(w))) {
      const at = text.indexOf(letters(word), from);
      expect(at, `"${word}" after ${from} in ${text}`).toBeGreaterThanOrEqual(0);
      from = at;
    }
    // "وقت" and "في" share the font's dotless shapes with other letters: each use says its own letter.
    expect(text).toContain("وقت");
    // Too long for this narrow column, the address breaks before its dot (the next line starts with it), with no
    // hyphen drawn.
    expect(plain).toContain("help@demo-charity");
    expect(plain).toContain(".example");
    expect(plain).not.toMatch(/charity\.-|-\s*\.?example/);
    for (const group of ["0808", "157", "0192"]) expect(plain).toContain(group);
  });

  it("set Urdu in Nastaliq without losing a letter (the first of a line too)", async () => {
    const urdu = "خواتین کے حقوق: ہم ہر روز آپ کی مدد کے لیے موجود ہیں۔ خاموش نہ رہیں۔";
    const { plain, lineBoxes } = await lines(urdu, SCRIPT_FONTS.nastaliq.family, 150);
    expect(lineBoxes.length).toBeGreaterThan(1);
    // Nastaliq's words slope, so poppler's geometric reading may move a letter within a line: compare the letters.
    const sorted = (text: string) => [...letters(text)].sort().join("");
    expect(sorted(plain)).toBe(sorted(urdu));
    expect(letters(plain).startsWith("خواتین") || letters(plain).includes("خواتین")).toBe(true);
  });
});
