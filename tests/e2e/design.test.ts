import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { contrastRatio } from "../../app/domain/colour";
import { axeViolations, launchBrowser, screenshot, signInAs } from "../helpers/browser";
import {
  api,
  connect,
  documentIdByTitle,
  signIn,
  typeInSection,
  waitForSync,
  type SyncClient,
} from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;
let leaflet: string;
let coraToken: string;
let designerClient: SyncClient;
const clients: SyncClient[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  coraToken = await signIn(server.url, "cora");
  leaflet = await documentIdByTitle(server.url, coraToken, "Women's Rights");
  designerClient = connect(server.url, leaflet, await signIn(server.url, "dana"));
  clients.push(designerClient);
  await waitForSync(designerClient);
});

// Each test starts from the booklet, whatever the one before left behind (and no older large print tick).
beforeEach(() => {
  designerClient.doc.transact(() => {
    designerClient.doc.getMap("design").set("templateId", "a5-booklet");
    designerClient.doc.getMap("design").delete("largePrint");
  });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await browser?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

async function openDesignPage(
  username: string,
  screen: BrowserContextOptions = { viewport: { width: 1400, height: 1000 } },
  documentId = leaflet,
): Promise<Page> {
  const context = await browser.newContext(screen);
  const page = await context.newPage();
  await signInAs(page, server.url, username);
  await page.goto(`${server.url}/documents/${documentId}/design`);
  await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => page.locator(".lp-caption").count(), { timeout: 15_000 }).toBeGreaterThan(0);
  return page;
}

/** The text colour of the first body paragraph on the first inside page, as #rrggbb. */
async function previewTextColour(page: Page): Promise<string> {
  const rgb = await page
    .locator(".lp-pages .lp-page p")
    .nth(1)
    .evaluate((element) => getComputedStyle(element).color);
  const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
  return `#${[r, g, b].map((value) => value!.toString(16).padStart(2, "0")).join("")}`;
}

const words = (text: string) => text.replace(/\s+/g, " ").trim();

/** What a person reads on each page, line by line (the draft mark and page numbers aside), as one list per page. */
const readableLines = (lines: string[]) =>
  lines
    .map((line) => words(line.replace(/DRAFT — not approved/, "").replace(/^•\s*/, "• ")))
    .filter((line) => line && !/^(Page )?\d+( of \d+)?$/.test(line));

/** The PDF's pages as lines of text (pdftotext keeps each printed line). */
function pdfLines(bytes: Buffer): string[][] {
  const folder = mkdtempSync(path.join(tmpdir(), "copress-parity-"));
  try {
    const file = path.join(folder, "document.pdf");
    writeFileSync(file, bytes);
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    return text
      .split("\f")
      .slice(0, -1)
      .map((page) => readableLines(page.split("\n")));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The preview's pages (a tri-fold's panels in reading order) as lines: where each letter is drawn, line by line. */
async function previewLines(page: Page): Promise<string[][]> {
  const pages = await page.locator(".lp-pages .lp-page, .lp-trifold .lp-panel .lp-page").evaluateAll((all) =>
    all.map((element) => {
      const lines: string[] = [];
      const range = document.createRange();
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let line = "";
      let top: number | null = null;
      let left = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? "";
        for (let at = 0; at < text.length; at += 1) {
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue;
          // A new line: lower down, or back at the start of a line.
          if (top === null || Math.abs(rect.top - top) > 4 || rect.left < left - 20) {
            lines.push(line);
            line = "";
            top = rect.top;
          }
          left = rect.left;
          line += text[at];
        }
      }
      lines.push(line);
      return lines;
    }),
  );
  return pages.map(readableLines);
}

/** Chooses a template and confirms the switch, as a designer does (a switch changes everyone's layout, so it asks). */
async function switchTemplate(page: Page, name: string) {
  const radio = page.getByRole("radio", { name, exact: true });
  const question = page.getByRole("group", { name: /^Switch everyone's layout to/ });
  if ((await radio.isChecked()) && !(await question.isVisible())) return; // in use already: nothing to ask
  await radio.check();
  await page
    .getByRole("group", { name: /^Switch everyone's layout to/ })
    .getByRole("button", { name: /^Switch/ })
    .click();
}

async function canonicalDesign() {
  const { body } = await api<{
    design: { templateId: string; colours: Record<string, string>; largePrint?: boolean; coverArt?: string };
    contentHash: string;
  }>(server.url, coraToken, `/api/documents/${leaflet}`);
  return body;
}

describe("the design page in Chromium", () => {
  it("the preview shows the lines and pages the PDF prints, and sets a tri-fold's text at the PDF's size", async () => {
    // On the demo leaflet as seeded (the first test, before others type into it). Both break lines as browsers do
    // (the PDF's text engine is patched to fill each line), measure the same fonts and follow the same keeps.
    const page = await openDesignPage("dana");
    for (const [template, variant] of [
      ["A5 booklet", ""],
      ["Large print", ""],
      // Its fourth page starts with "Help you can get": the section's short list goes over whole with its closing line.
      ["A4 Easy Read", ""],
      ["A4 tri-fold leaflet", "&variant=reader"],
    ] as const) {
      await switchTemplate(page, template);
      await expect.poll(() => page.locator(".lp-caption").first().textContent()).toMatch(/ of \d+/);
      const pdf = await fetch(`${server.url}/api/documents/${leaflet}/pdf?draft=1${variant}`, {
        headers: { authorization: `Bearer ${coraToken}` },
      });
      expect(pdf.status).toBe(200);
      const printed = pdfLines(Buffer.from(await pdf.arrayBuffer()));
      expect(printed.length).toBeGreaterThan(3);
      // The preview settles after fonts and copy fitting: poll until each page has the PDF's lines, line for line.
      await expect.poll(() => previewLines(page), { timeout: 20_000 }).toEqual(printed);
      if (variant) {
        // A tri-fold set smaller to fit: the same size, and every warning the PDF's, word for word.
        const warnings = JSON.parse(decodeURIComponent(pdf.headers.get("x-copress-warnings") ?? "[]")) as string[];
        expect(warnings.join(" ")).toMatch(/the text is set at [\d.]+ pt/);
        const notes = words((await page.locator(".lp-notes").textContent()) ?? "");
        for (const warning of warnings) expect(notes).toContain(words(warning));
      }
    }
    await switchTemplate(page, "A5 booklet");
    await page.context().close();
  });

  it("the guide's preview breaks its pages where its PDF does, and as a tri-fold warns of what its PDF does", async () => {
    // The guide as seeded, in its own template: cover, contents page, stages. Before, the PDF set its first content
    // page tighter than the rest (its blocks squeezed to make room for a margin cut off at the foot of the page), so
    // its pages broke later than the preview's.
    const guide = await documentIdByTitle(server.url, coraToken, "Guide to Child Protection and Care Proceedings");
    const page = await openDesignPage("dana", undefined, guide);
    const pdf = await fetch(`${server.url}/api/documents/${guide}/pdf?draft=1`, {
      headers: { authorization: `Bearer ${coraToken}` },
    });
    expect(pdf.status).toBe(200);
    // Numbers are drawn differently (a stage's badge, a numbered list's marker, the contents page's numbers, which the
    // preview leaves out; the preview also holds "Stage 1:" for screen readers): the words are compared, line by line.
    const wordsOnly = (pages: string[][]) =>
      pages.map((lines) =>
        lines
          .filter((line) => !/^Stage \d+:$/.test(line))
          .map((line) => words(line.replace(/^\d+\.?\s*/, "").replace(/\s*(page|\d+)$/, "")))
          .filter(Boolean),
      );
    const printed = wordsOnly(pdfLines(Buffer.from(await pdf.arrayBuffer())));
    expect(printed.length).toBe(7);
    await expect.poll(async () => wordsOnly(await previewLines(page)), { timeout: 20_000 }).toEqual(printed);

    // As a tri-fold it does not fit its sheet: the preview says what the PDF says, no more (before, it also named a
    // section running onto the flap, which the PDF page and sign-off did not).
    await switchTemplate(page, "A4 tri-fold leaflet");
    const trifold = await fetch(`${server.url}/api/documents/${guide}/pdf?draft=1`, {
      headers: { authorization: `Bearer ${coraToken}` },
    });
    const warnings = JSON.parse(decodeURIComponent(trifold.headers.get("x-copress-warnings") ?? "[]")) as string[];
    expect(warnings.length).toBeGreaterThan(0);
    const notes = () => page.locator(".lp-notes p").allTextContents();
    await expect.poll(async () => (await notes()).length, { timeout: 20_000 }).toBe(warnings.length);
    const shown = (await notes()).map(words).join(" ");
    for (const warning of warnings) expect(shown).toContain(words(warning));
    await switchTemplate(page, "A4 guide");
    await page.context().close();
  });

  it("refuses a failing colour with a plain explanation, and applies the suggested colour in one click, for everyone", async () => {
    const designer = await openDesignPage("dana");
    const writer = await openDesignPage("wren");

    // Writers see the design read-only.
    await expect.poll(() => writer.getByText("Only designers and coordinators can change it.").isVisible()).toBe(true);
    expect(await writer.getByRole("button", { name: "Apply colours" }).count()).toBe(0);

    const textField = designer.getByRole("textbox", { name: "Text", exact: true });
    await textField.fill("#ffcc00");
    // The badge says so while the designer types…
    await expect.poll(() => designer.locator("#colour-text-check").textContent()).toContain("too faint");
    // …with a colour to use instead, offered before anything is applied…
    await expect
      .poll(() =>
        designer
          .locator("#colour-text-check")
          .getByRole("button", { name: /^Use #[0-9a-f]{6}$/ })
          .count(),
      )
      .toBe(1);
    // …and applying is refused, with the reason and a suggestion.
    await designer.getByRole("button", { name: "Apply colours" }).click();
    const summary = designer.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect.poll(() => summary.isVisible()).toBe(true);
    await expect
      .poll(() => summary.textContent())
      .toMatch(/Text #ffcc00 would be hard to read for many people\..*needs at least 4\.5:1\. Try #[0-9a-f]{6}/);
    await screenshot(designer, "design-colour-refused");
    // The sample of the failing pair is drawn, not written: the page itself has no faint text (axe found some).
    expect(await axeViolations(designer)).toEqual([]);
    expect(
      await designer
        .locator(".colour-sample")
        .first()
        .evaluate((element) => getComputedStyle(element, "::before").content),
    ).toBe('"Aa"');
    // Nothing changed for anyone (a colour too faint to read is not drawn in the preview, not even the designer's).
    expect((await canonicalDesign()).design.colours.text).toBe("#0b0c0c");
    expect(await previewTextColour(writer)).toBe("#0b0c0c");
    expect(await previewTextColour(designer)).toBe("#0b0c0c");
    // …and the preview says why it did not change.
    expect(await designer.getByText("The preview still shows the colours in use.").isVisible()).toBe(true);

    const accept = designer.getByRole("button", { name: /^Use #[0-9a-f]{6}$/ });
    const suggestion = (await accept.textContent())!.match(/#[0-9a-f]{6}/)![0];
    expect(contrastRatio(suggestion, "#ffffff")).toBeGreaterThanOrEqual(4.6); // a little above the line
    await accept.click();
    await expect.poll(() => designer.getByText("Colours applied. Everyone sees them now.").isVisible()).toBe(true);
    await expect.poll(async () => (await canonicalDesign()).design.colours.text).toBe(suggestion);
    // Both previews now print the text in the suggested colour.
    await expect.poll(() => previewTextColour(designer)).toBe(suggestion);
    await expect.poll(() => previewTextColour(writer), { timeout: 10_000 }).toBe(suggestion);
    await screenshot(designer, "design-colour-accepted");
    expect(await axeViolations(designer)).toEqual([]);
    expect(await axeViolations(writer)).toEqual([]);

    // A readable colour being chosen shows in the designer's own preview before it is applied, and says so; nobody
    // else sees it, and nothing is stored until she applies it.
    const headingColour = (page: Page) =>
      page
        .locator(".lp-pages > li")
        .nth(1)
        .locator(".lp-heading")
        .first()
        .evaluate((element) => getComputedStyle(element).color);
    const mainField = designer.getByRole("textbox", { name: "Main brand colour", exact: true });
    const appliedMain = await mainField.inputValue();
    const before = await headingColour(writer);
    await mainField.fill("#6a1b7a");
    await expect.poll(() => headingColour(designer)).toBe("rgb(106, 27, 122)");
    const notApplied = designer.getByText("These colours are not applied yet.");
    expect(await notApplied.isVisible()).toBe(true);
    await screenshot(designer, "design-colour-previewed-before-applying");
    expect(await axeViolations(designer)).toEqual([]);
    expect(await headingColour(writer)).toBe(before);
    expect(await writer.getByText("These colours are not applied yet.").count()).toBe(0);
    expect((await canonicalDesign()).design.colours.primary).toBe(appliedMain);
    // Put back as it was: the preview is the document's again.
    await mainField.fill(appliedMain);
    await expect.poll(() => notApplied.count()).toBe(0);
    await expect.poll(() => headingColour(designer)).toBe(before);
    await designer.context().close();
    await writer.context().close();
  });

  it("the preview follows people typing in the editor", async () => {
    const designer = await openDesignPage("dana");
    const writer = connect(server.url, leaflet, await signIn(server.url, "will"));
    clients.push(writer);
    await waitForSync(writer);
    typeInSection(writer.doc, 0, "Typed just now by Will. ");
    await expect
      .poll(() => designer.locator(".lp-pages").textContent(), { timeout: 10_000 })
      .toContain("Typed just now by Will.");
    await designer.context().close();
  });

  it("renders every template from the same text, without losing any of it, with no axe violations", async () => {
    const page = await openDesignPage("dana");
    const before = await canonicalDesign();
    const expectations: Array<{ name: string; id: string; check: () => Promise<void> }> = [
      {
        name: "A5 booklet",
        id: "a5-booklet",
        check: async () => {
          await expect.poll(() => page.locator(".lp-pages > li").count()).toBe(8);
          expect(await page.locator(".lp-caption").last().textContent()).toBe("Page 8 of 8: back page");
        },
      },
      {
        name: "A4 tri-fold leaflet",
        id: "a4-trifold",
        check: async () => {
          await expect.poll(() => page.locator(".lp-panel").count()).toBeGreaterThanOrEqual(6);
          // Reading order for screen readers…
          const captions = (await page.locator(".lp-panel .lp-caption").allTextContents())
            .slice(0, 6)
            .map((label) => label.replace(/ of \d+/, "").replace(/ \((outside|inside) of the sheet, \w+\)$/, ""));
          expect(captions).toEqual([
            "Panel 1: Front cover",
            "Panel 2: Inside left",
            "Panel 3: Inside middle",
            "Panel 4: Inside right (folds in)",
            "Panel 5: Fold-in flap",
            "Panel 6: Back cover",
          ]);
          // …and printed order on the sheet (docs/trifold.md): outside flap | back | front, inside left | middle | right.
          const boxes = await Promise.all(
            [0, 1, 2, 3, 4, 5].map(async (index) => (await page.locator(".lp-panel").nth(index).boundingBox())!),
          );
          const [front, insideLeft, insideMiddle, insideRight, flap, backCover] = boxes as Array<{
            x: number;
            y: number;
          }>;
          expect(flap!.x).toBeLessThan(backCover!.x);
          expect(backCover!.x).toBeLessThan(front!.x);
          expect(new Set([flap!.y, backCover!.y, front!.y]).size).toBe(1);
          expect(insideLeft!.x).toBeLessThan(insideMiddle!.x);
          expect(insideMiddle!.x).toBeLessThan(insideRight!.x);
          expect(insideLeft!.y).toBeGreaterThan(front!.y);
          // The panels that fold in are 3 mm narrower (97 against 100 mm).
          const widths = await page
            .locator(".lp-panel .lp-page-frame")
            .evaluateAll((frames) => frames.map((frame) => frame.getBoundingClientRect().width));
          expect(widths[3]! / widths[2]!).toBeCloseTo(97 / 100, 2);
          expect(widths[4]! / widths[5]!).toBeCloseTo(97 / 100, 2);
          // Fitted to the space: the sheet never needs a sideways scroll.
          const wrap = await page
            .locator(".lp-pages-wrap")
            .evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
          expect(wrap.scroll).toBeLessThanOrEqual(wrap.client + 1);
          // Each panel's caption wraps under it: no column is wider than the panels (a long caption once made the
          // sheet wider than the screen).
          const columns = await page.locator(".lp-panel").evaluateAll((panels) =>
            panels.map((panel) => ({
              panel: panel.getBoundingClientRect().width,
              frame: panel.querySelector(".lp-page-frame")!.getBoundingClientRect().width,
            })),
          );
          const widest = Math.max(...columns.map(({ frame }) => frame));
          for (const { panel } of columns) expect(panel).toBeLessThanOrEqual(widest + 1);
          // As the PDF (tests/integration/pdf.test.ts): no room to keep this section off the flap, and, as it talks about
          // abuse (it has a content note), none of it goes on the back panel, which is seen from outside when folded.
          expect(await page.locator(".lp-notes").textContent()).toContain(
            "The section “Support if you are being abused” starts on panel 4 and carries on to the fold-in flap",
          );
          const back = await page.locator(".lp-panel .lp-page").nth(5).innerText();
          expect(back).toMatch(/^Contact us/);
          expect(back).not.toMatch(/abuse|Clare's Law/);
          // The text had to be set smaller to fit the six panels: the preview says so in the PDF's own words.
          expect((await page.locator(".lp-notes, .notice").allTextContents()).join(" ")).toMatch(
            /To fit the A4 tri-fold leaflet, the text is set at [\d.]+ pt instead of 14 pt\. That is still within the template's rules\. To print it at full size, shorten the text, or choose a template with more room: the A5 booklet/,
          );
        },
      },
      {
        name: "A4 guide",
        id: "a4-guide",
        check: async () => {
          await expect
            .poll(() => page.locator(".lp-caption").nth(1).textContent())
            .toMatch(/^Page 2 of \d+: contents$/);
          await expect.poll(() => page.locator(".lp-contents li").count()).toBe(5);
          expect(await page.locator(".lp-stage").first().textContent()).toBe("1");
        },
      },
      {
        name: "A4 Easy Read",
        id: "a4-easy-read",
        check: async () => {
          await expect.poll(() => page.locator(".lp-caption").first().textContent()).toMatch(/^Page 1 of \d+: page$/);
          // No cover: the title band opens the first page.
          expect(
            await page.locator(".lp-pages .lp-page").first().getByRole("heading", { level: 3 }).textContent(),
          ).toBe("Women's Rights");
          // Without a cover there is only a title band, where a full-colour cover and a colour band are one choice.
          const band = page.getByRole("group", { name: "Title band" });
          expect(await band.getByRole("radio").evaluateAll((radios) => radios.map((radio) => radio.id))).toEqual([
            "cover-band",
            "cover-plain",
          ]);
          expect(await page.getByRole("group", { name: "Cover", exact: true }).count()).toBe(0);
        },
      },
      {
        name: "Large print",
        id: "large-print",
        check: async () => {
          const size = await page
            .locator(".lp-pages .lp-page p")
            .nth(0)
            .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
          expect(size).toBeGreaterThanOrEqual(18 * (96 / 72) - 0.1); // 18 pt in CSS pixels
        },
      },
    ];
    for (const { name, id, check } of expectations) {
      if (id === "a4-easy-read") {
        // The leaflet has no Easy Read rows: the designer is told what the layout alone will and won't do.
        await page.getByRole("radio", { name, exact: true }).check();
        const question = page.getByRole("group", { name: /^Switch everyone's layout to/ });
        expect(await question.textContent()).toContain("These words have no Easy Read rows yet");
        expect(await page.locator(".design-preview__trying").textContent()).toContain(
          "no Easy Read rows yet, so they are shown as an ordinary document in bigger type",
        );
      }
      await switchTemplate(page, name);
      await expect.poll(async () => (await canonicalDesign()).design.templateId).toBe(id);
      await check();
      // The same text is there whatever the layout.
      await expect.poll(() => page.locator(".lp-pages, .lp-trifold").first().textContent()).toContain("Equal pay");
      await screenshot(page, `design-preview-${id}`);
      expect(await axeViolations(page), id).toEqual([]);
    }
    await switchTemplate(page, "A5 booklet");
    await expect.poll(async () => (await canonicalDesign()).design.templateId).toBe("a5-booklet");
    expect((await canonicalDesign()).contentHash).toBe(before.contentHash);
    await page.context().close();
  });

  it("a picture whose file arrives late still gets its room: no page is filled past its end", async () => {
    const tall = await sharp({ create: { width: 300, height: 420, channels: 3, background: { r: 200, g: 80, b: 60 } } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append("purpose", "image");
    form.append("file", new Blob([new Uint8Array(tall)], { type: "image/png" }), "tall.png");
    const uploaded = (await (
      await fetch(`${server.url}/api/uploads`, {
        method: "POST",
        headers: { authorization: `Bearer ${coraToken}` },
        body: form,
      })
    ).json()) as { upload: { url: string } };
    // Cora adds it to the words (a designer may not change them).
    const writer = connect(server.url, leaflet, coraToken);
    clients.push(writer);
    await waitForSync(writer);
    const section = writer.doc.getXmlFragment("content").get(0) as Y.XmlElement;
    const image = new Y.XmlElement("image");
    image.setAttribute("src", uploaded.upload.url);
    image.setAttribute("alt", "A tall red picture");
    image.setAttribute("decorative", false as unknown as string);
    section.insert(1, [image]);
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const page = await context.newPage();
      // A slow connection: the picture's file comes well after the words.
      await page.route("**/uploads/**", async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 2500));
        await route.continue();
      });
      await signInAs(page, server.url, "dana");
      await page.goto(`${server.url}/documents/${leaflet}/design`);
      const drawn = page.locator(".lp-pages img[alt='A tall red picture']");
      await expect
        .poll(() => drawn.evaluate((img: HTMLImageElement) => img.complete && img.naturalHeight > 0), {
          timeout: 20_000,
        })
        .toBe(true);
      // Every block ends above its page's number: the pages were filled again once the picture had its height.
      const overflowing = () =>
        page.locator(".lp-pages .lp-page").evaluateAll((pages) =>
          pages.flatMap((pageElement, index) => {
            const number = pageElement.querySelector(".lp-page-number");
            const end = number ? number.getBoundingClientRect().top : pageElement.getBoundingClientRect().bottom;
            return [...pageElement.querySelectorAll(".lp-unit")]
              .filter((unit) => unit.getBoundingClientRect().bottom > end + 1)
              .map((unit) => `page ${index + 1}: ${unit.textContent?.slice(0, 40)}`);
          }),
        );
      await expect.poll(overflowing, { timeout: 10_000 }).toEqual([]);
    } finally {
      await context.close();
      section.delete(1, 1);
    }
  });

  it("a designer puts a picture on the cover, says what it shows, and takes it off again", async () => {
    const page = await openDesignPage("dana");
    await switchTemplate(page, "A5 booklet");
    const png = await sharp({
      create: { width: 600, height: 400, channels: 3, background: { r: 0x1d, g: 0x4f, b: 0x91 } },
    })
      .png()
      .toBuffer();
    await page.getByLabel("Choose a picture").setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: png });
    // With the picture there, the keyboard goes on to what it shows, saved when the box is left.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("cover-picture-alt");
    await page.getByLabel("What the picture shows").fill("Two women talking together");
    await page.getByLabel("What the picture shows").press("Tab");
    const previewPicture = page.locator(".lp-pages img[alt='Two women talking together']");
    await expect.poll(() => previewPicture.count(), { timeout: 15_000 }).toBe(1);
    await expect
      .poll(async () => (await canonicalDesign()).design as unknown as { coverPicture?: { src: string; alt: string } })
      .toMatchObject({ coverPicture: { alt: "Two women talking together" } });
    // A new description is saved too.
    await page.getByLabel("What the picture shows").fill("Two women talking at a table");
    await page.getByLabel("What the picture shows").press("Tab");
    await expect
      .poll(
        async () =>
          ((await canonicalDesign()).design as unknown as { coverPicture?: { alt: string } }).coverPicture?.alt,
      )
      .toBe("Two women talking at a table");
    await screenshot(page, "design-cover-picture");
    // A file that is not a picture: said, only the file chooser marked, and the keyboard back on it.
    const another = page.getByLabel("Or choose another picture from your device");
    await another.setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some words") });
    await expect.poll(() => page.locator("#cover-picture-error").textContent()).toContain("not a picture we can use");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("cover-picture-file");
    expect(await another.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Find a picture").getAttribute("aria-invalid")).toBeNull();
    expect(await page.getByLabel("What the picture shows").getAttribute("aria-invalid")).toBeNull();
    expect(await axeViolations(page)).toEqual([]);
    // Another picture from the device: the words describing the last one do not carry over to it.
    const webp = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#b71c1c" } })
      .webp()
      .toBuffer();
    await another.setInputFiles({ name: "red.webp", mimeType: "image/webp", buffer: webp });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("cover-picture-alt");
    expect(await page.getByLabel("What the picture shows").inputValue()).toBe("");
    await expect
      .poll(
        async () => ((await canonicalDesign()).design as unknown as { coverPicture?: { alt: string } }).coverPicture,
      )
      .toMatchObject({ alt: "" });
    expect(await page.locator("#cover-picture-error").count()).toBe(0);
    // Taking it off is said politely, in a status that is in the page before (one added with its words is not read).
    const status = await page.locator("#cover-picture-status").elementHandle({ timeout: 1_000 });
    expect(await status.getAttribute("role")).toBe("status");
    expect((await status.textContent())!.trim()).toBe("");
    await page.getByRole("button", { name: "Take the picture off the cover" }).click();
    await expect.poll(() => status.textContent()).toBe("The picture is off the cover.");
    expect(await status.evaluate((element) => element.isConnected)).toBe(true);
    await expect.poll(() => page.locator(".lp-pages .lp-page img").count()).toBeLessThanOrEqual(1);
    await expect
      .poll(
        async () => ((await canonicalDesign()).design as unknown as { coverPicture?: unknown }).coverPicture ?? null,
      )
      .toBeNull();
    await page.context().close();
  });

  it("a designer finds a cover picture in the picture library; its credit is kept for the PDF", async () => {
    const page = await openDesignPage("dana");
    await switchTemplate(page, "A5 booklet");
    // The finder sits among the design page's fields: it does not take the focus when the page opens.
    expect(await page.evaluate(() => document.activeElement?.id ?? "")).not.toBe(
      await page.getByLabel("Find a picture").getAttribute("id"),
    );
    // Nothing to describe before there is a picture.
    expect(await page.getByLabel("What the picture shows").count()).toBe(0);
    await page.getByLabel("Find a picture").fill("home");
    await page.getByRole("button", { name: "Look" }).click();
    const found = page.getByRole("list", { name: "Pictures found" }).getByRole("button");
    const first = found.first();
    await expect.poll(() => first.isVisible(), { timeout: 15_000 }).toBe(true);
    // A few at first, in the page (not a little box scrolling inside it); more on asking, the keyboard on the first new.
    expect(await found.count()).toBe(8);
    const more = page.getByRole("button", { name: /^Show \d+ more pictures?$/ });
    const extra = Number(/\d+/.exec((await more.textContent())!)![0]);
    await more.click();
    await expect.poll(() => found.count()).toBe(8 + extra);
    expect(await found.nth(8).evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await more.count()).toBe(0);
    await screenshot(page, "design-cover-picture-results", { fullPage: false });
    expect(await page.locator(".picture-finder__results").evaluate((list) => getComputedStyle(list).overflowY)).toBe(
      "visible",
    );
    const name = (await first.locator("span").first().textContent())!.trim();
    // Chosen with the keyboard, as anyone may: the keyboard then goes to the next step, the picture's description.
    await first.focus();
    await page.keyboard.press("Enter");
    // The description starts as the picture's name (people can change it), and the preview shows it on the cover.
    await expect.poll(() => page.getByLabel("What the picture shows").inputValue()).toBe(name);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("cover-picture-alt");
    const previewPicture = page.locator(`.lp-pages img[alt="${name}"]`);
    await expect.poll(() => previewPicture.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator(".lp-pages .lp-cover-shape").count()).toBe(0);
    // The circles' box says why they are not shown now.
    await expect
      .poll(() => page.locator("#cover-art-hint").textContent())
      .toBe("Not shown now: the cover has a picture. They come back if you take the picture off.");
    const stored = () =>
      canonicalDesign().then(
        ({ design }) =>
          (design as unknown as { coverPicture?: { src: string; alt: string; credit?: string } }).coverPicture,
      );
    await expect.poll(stored).toMatchObject({ alt: name, credit: expect.stringContaining("OpenMoji") });
    expect((await stored())!.src).toMatch(/^\/uploads\//);
    await expect.poll(() => page.getByText("The PDF says so at the end.").isVisible()).toBe(true);
    // The preview's last page prints the credit where the PDF does.
    await expect.poll(() => page.locator(".lp-pages .lp-page").last().textContent()).toContain("OpenMoji");
    await screenshot(page, "design-cover-library-picture");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Take the picture off the cover" }).click();
    await expect.poll(async () => (await stored()) ?? null).toBeNull();
    // The button went with the picture: the keyboard is on the search, not lost at the top of the page.
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type))
      .toBe("search");
    // Looking again, the picture now the group's own is listed once: first, as theirs, not again from the library.
    await page.getByLabel("Find a picture").fill("home");
    await page.getByRole("button", { name: "Look" }).click();
    await expect.poll(() => first.textContent()).toBe(`${name}Your group's`);
    expect(
      await found.evaluateAll(
        (all, named) => all.filter((b) => b.querySelector("span")?.textContent === named).length,
        name,
      ),
    ).toBe(1);
    await page.context().close();
  });

  it("a template tried out is shown from its top, where its notices are, wherever the preview was scrolled", async () => {
    const page = await openDesignPage("dana");
    const preview = page.locator(".design-preview");
    await preview.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    expect(await preview.evaluate((element) => element.scrollTop)).toBeGreaterThan(100);
    await page.getByRole("radio", { name: "A4 tri-fold leaflet", exact: true }).check();
    await expect.poll(() => page.locator(".lp-notes").textContent()).toMatch(/the text is set at/);
    await expect.poll(() => preview.evaluate((element) => element.scrollTop)).toBe(0);
    const notes = await page.locator(".lp-notes").boundingBox();
    expect(notes!.y).toBeGreaterThanOrEqual(0);
    expect(notes!.y).toBeLessThan(1000);
    await page.getByRole("button", { name: /^Keep / }).click();
    await page.context().close();
  });

  it("a designer takes the shapes off the cover and puts them back, and the preview follows", async () => {
    const page = await openDesignPage("dana");
    await switchTemplate(page, "A5 booklet");
    const shapes = page.locator(".lp-pages .lp-cover-shape");
    // A new document has them: three circles under the title, hidden from screen readers.
    await expect.poll(() => shapes.count(), { timeout: 15_000 }).toBe(3);
    expect(await shapes.evaluateAll((all) => all.every((shape) => shape.getAttribute("aria-hidden") === "true"))).toBe(
      true,
    );
    await screenshot(page, "design-cover-shapes");
    const box = page.getByLabel("Add circles in your colours to the cover");
    // Far down the choices, the preview beside them is still in view: the cover changes where the designer looks.
    await box.scrollIntoViewIfNeeded();
    await expect
      .poll(() =>
        page
          .locator(".lp-pages .lp-page")
          .first()
          .evaluate((cover) => {
            const { top, bottom } = cover.getBoundingClientRect();
            return top >= 0 && bottom > top && top < window.innerHeight;
          }),
      )
      .toBe(true);
    await screenshot(page, "design-cover-choices-beside-the-preview", { fullPage: false });
    await box.uncheck();
    await expect.poll(() => shapes.count()).toBe(0);
    await expect.poll(async () => (await canonicalDesign()).design.coverArt).toBe("none");
    await box.check();
    await expect.poll(() => shapes.count()).toBe(3);
    await expect.poll(async () => (await canonicalDesign()).design.coverArt).toBe("shapes");
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("the PDF page says what to know before printing, and what to do about it", async () => {
    const page = await openDesignPage("dana");
    await switchTemplate(page, "A4 tri-fold leaflet");
    await expect.poll(async () => (await canonicalDesign()).design.templateId).toBe("a4-trifold");
    // The preview says it first, in the PDF's words.
    await expect.poll(() => page.locator(".lp-notes").textContent()).toMatch(/the text is set at [\d.]+ pt/);
    await page.getByRole("link", { name: "PDF", exact: true }).click();
    await page.getByRole("button", { name: "Make the PDF" }).click();
    const notice = page.locator(".notice--warning");
    await expect.poll(() => notice.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await notice.getByRole("heading").textContent()).toBe("Before you print or share it");
    // The keyboard focus went to the result, not back to the top of the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("preview-heading");
    // The file's own copy fitting (the preview's estimate can differ by a fraction of a point).
    expect(await notice.textContent()).toMatch(
      /To fit the A4 tri-fold leaflet, the text is set at [\d.]+ pt instead of 14 pt/,
    );
    expect(await notice.getByRole("link", { name: "choose another template in Design" }).getAttribute("href")).toBe(
      `/documents/${leaflet}/design`,
    );
    await screenshot(page, "export-before-you-print");
    expect(await axeViolations(page)).toEqual([]);
    // A tri-fold can also be had panel by panel, and any document for a print shop.
    await expect
      .poll(() => page.getByRole("radio", { name: "Reading on a screen, panel by panel" }).isVisible())
      .toBe(true);
    await page.getByRole("radio", { name: "A print shop" }).check();
    await page.getByRole("button", { name: "Make it again" }).click();
    await expect
      .poll(() => page.getByRole("heading", { name: /^Preview/ }).textContent(), { timeout: 30_000 })
      .toMatch(/^Preview \(2 pages, draft, for a print shop\)$/);
    expect(await page.getByRole("link", { name: "Download the PDF" }).getAttribute("href")).toMatch(/download=1$/);
    await page.goto(`${server.url}/documents/${leaflet}/design`);
    await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
    await switchTemplate(page, "A5 booklet");
    await expect.poll(async () => (await canonicalDesign()).design.templateId).toBe("a5-booklet");
    await page.context().close();
  });

  it("large print is one setting (the Large print template), and the colour-vision preview changes the pages", async () => {
    const page = await openDesignPage("dana");
    const bodySize = () =>
      page
        .locator(".lp-pages .lp-page p")
        .nth(1)
        .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    const before = await bodySize();
    // No second way: there is no large print tick box.
    expect(await page.getByRole("checkbox", { name: /large print/i }).count()).toBe(0);
    await switchTemplate(page, "Large print");
    await expect.poll(async () => (await canonicalDesign()).design.templateId).toBe("large-print");
    await expect.poll(bodySize).toBeGreaterThanOrEqual(18 * (96 / 72) - 0.1);
    expect(await bodySize()).toBeGreaterThan(before);

    // An older document with the tick box ticked opens as a large print document…
    designerClient.doc.transact(() => {
      designerClient.doc.getMap("design").set("templateId", "a5-booklet");
      designerClient.doc.getMap("design").set("largePrint", true);
    });
    await expect.poll(() => page.getByRole("radio", { name: "Large print", exact: true }).isChecked()).toBe(true);
    await expect.poll(bodySize).toBeGreaterThanOrEqual(18 * (96 / 72) - 0.1);
    // …and switching it to another layout sticks: the old tick goes with the switch.
    await switchTemplate(page, "A5 booklet");
    await expect.poll(async () => (await canonicalDesign()).design).toMatchObject({ templateId: "a5-booklet" });
    expect((await canonicalDesign()).design.largePrint).toBeUndefined();
    await expect.poll(bodySize).toBeLessThan(18 * (96 / 72) - 0.1);

    await page.getByLabel("Show the pages as seen with").selectOption("deuteranopia");
    await expect.poll(() => page.locator(".lp-pages-wrap").getAttribute("style")).toContain("#lp-vision-deuteranopia");
    await screenshot(page, "design-preview-deuteranopia");
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("works on a 390 px wide phone and at 200 % zoom", async () => {
    // Drawn at twice the density, as phones are: the same page at 640 × 450 is then a 1280 × 900 window at 200 % zoom.
    const page = await openDesignPage("dana", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "design-phone");
    expect(await axeViolations(page)).toEqual([]);
    // The preview is below every choice: from a choice far down the page, it is one tap away and back again.
    const box = page.getByRole("checkbox", { name: "Add circles in your colours to the cover" });
    await box.focus();
    const jump = page.getByRole("link", { name: "See the preview" });
    const inView = (locator: typeof jump) =>
      locator.evaluate((element) => {
        const { top, bottom } = element.getBoundingClientRect();
        return top >= -1 && bottom <= window.innerHeight + 1; // to within a pixel (scrolling ends on fractions)
      });
    await expect.poll(() => inView(jump)).toBe(true);
    await screenshot(page, "design-phone-jump", { fullPage: false });
    await jump.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("design-preview-heading");
    await expect.poll(() => inView(page.getByRole("heading", { name: "Preview", exact: true }))).toBe(true);
    expect(await inView(box)).toBe(false);
    await screenshot(page, "design-phone-preview", { fullPage: false });
    // Back to the choice she was at, not to the top of the choices.
    await page.getByRole("link", { name: "Back to the design choices" }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-describedby")))
      .toBe("cover-art-hint");
    expect(await inView(box)).toBe(true);

    // At 200 % zoom the window is short: a floating button would hide a good part of it. Read from the top of the page
    // to the preview, the button covers nothing at any point…
    await page.setViewportSize({ width: 640, height: 450 });
    const underTheJump = () =>
      jump.evaluate((link) => {
        const { top, bottom, left, right } = link.getBoundingClientRect();
        const under = new Set<string>();
        for (let y = Math.max(top, 0) + 1; y < Math.min(bottom, window.innerHeight); y += 6)
          for (let x = left + 1; x < right; x += 6)
            for (const element of document.elementsFromPoint(x, y))
              if (!element.contains(link) && !link.contains(element))
                under.add(
                  `<${element.tagName.toLowerCase()}> ${(element.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 40)}`,
                );
        return [...under];
      });
    const choicesEnd = await page
      .locator("#design-preview-heading")
      .evaluate((heading) => heading.getBoundingClientRect().top + window.scrollY);
    const covered = new Set<string>();
    for (let top = 0; top < choicesEnd; top += 200) {
      await page.evaluate((y) => window.scrollTo(0, y), top);
      for (const what of await underTheJump()) covered.add(what);
    }
    await page.evaluate(() => window.scrollTo(0, 900));
    await screenshot(page, "design-zoom-200-choices", { fullPage: false });
    expect([...covered]).toEqual([]);
    // …nor the control the keyboard is on (WCAG 2.4.11), all the way through the choices to the button itself.
    await page.locator("#design-panel-heading").focus();
    const hidden: string[] = [];
    for (let step = 0; step < 200; step += 1) {
      await page.keyboard.press("Tab");
      const focused = await jump.evaluate((link) => {
        const element = document.activeElement!;
        if (element === link) return null;
        const at = element.getBoundingClientRect();
        const button = link.getBoundingClientRect();
        const under =
          at.top < button.bottom && at.bottom > button.top && at.left < button.right && at.right > button.left;
        return { under, name: element.id || element.getAttribute("aria-label") || element.textContent || "" };
      });
      if (!focused) break;
      if (focused.under) hidden.push(focused.name);
    }
    expect(await jump.evaluate((link) => link === document.activeElement)).toBe(true);
    expect(hidden).toEqual([]);
    // The preview's pages, far taller than the window, are reached by the keyboard from their top — here after the
    // reader went back up to the top of the page (Chromium, left to itself, shows a focused box's middle: page 4).
    const pages = page.getByRole("region", { name: "Preview pages" });
    const topInView = () =>
      pages.evaluate((element) => {
        const { top } = element.getBoundingClientRect();
        return top >= -1 && top < window.innerHeight;
      });
    const tabOntoThePages = async () => {
      await page.getByLabel("Page size on screen").focus();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.keyboard.press("Tab");
      expect(await pages.evaluate((element) => element === document.activeElement)).toBe(true);
    };
    const nextFrames = () =>
      page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await tabOntoThePages();
    await expect.poll(topInView).toBe(true);
    await screenshot(page, "design-zoom-200-preview-focus", { fullPage: false });
    // From there the reader scrolls as she likes: nothing pulls her back.
    await page.evaluate(() => window.scrollBy(0, 1500));
    const scrolled = await page.evaluate(() => window.scrollY);
    await nextFrames();
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    // A click in the pages (not the keyboard) leaves them where they are.
    await page.getByLabel("Page size on screen").focus();
    await page.evaluate(() => window.scrollTo(0, 0));
    await pages.evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + 2000));
    const before = await page.evaluate(() => window.scrollY);
    expect(await pages.evaluate((element) => element.contains(document.elementFromPoint(320, 225)))).toBe(true);
    await page.mouse.click(320, 225);
    expect(await pages.evaluate((element) => element === document.activeElement)).toBe(true);
    await nextFrames();
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
    // For people who asked for less motion, the pages are there at once, without a glide.
    await page.emulateMedia({ reducedMotion: "reduce" });
    await tabOntoThePages();
    await nextFrames();
    expect(await topInView()).toBe(true);

    // On a wide screen the preview is beside the choices: no such link.
    await page.setViewportSize({ width: 1400, height: 1000 });
    await expect.poll(() => jump.isVisible()).toBe(false);
    await page.context().close();
  });

  it("a designer makes a brand kit with a logo, fixing a faint colour on the way, and applies it to a document", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await signInAs(page, server.url, "dana");
    await page.getByRole("link", { name: "Brand kits" }).click();
    await page.getByRole("link", { name: "Make a brand kit" }).click();
    await page.getByLabel("Name").fill("Purple brand");
    await page.getByRole("textbox", { name: "Main brand colour", exact: true }).fill("#b57edc");
    // Refused as typed: too faint for headings and links, with the nearest passing shade offered.
    const problem = page.locator("#colours\\.primary-error");
    await expect
      .poll(() => problem.textContent())
      .toMatch(/Main brand colour #b57edc would be hard to read.*Try #[0-9a-f]{6}/);
    // White text on that pale purple is refused too; the darker shade fixes both.
    await expect.poll(() => page.locator("#colours\\.onPrimary-error").count()).toBe(1);
    await problem.getByRole("button", { name: /^Use #[0-9a-f]{6}$/ }).click();
    await expect.poll(() => problem.count()).toBe(0);
    await expect.poll(() => page.locator(".field-error").count()).toBe(0);
    const primary = await page.getByRole("textbox", { name: "Main brand colour", exact: true }).inputValue();
    expect(contrastRatio(primary, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    await page.getByLabel("Headings").selectOption("lexend");

    // An SVG with a script is refused, and what was typed stays.
    const scripted = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    await page
      .getByLabel("Upload a logo (optional)")
      .setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from(scripted) });
    await page.getByRole("button", { name: "Save brand kit" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("This SVG file contains a script");
    expect(await page.getByLabel("Name").inputValue()).toBe("Purple brand");
    expect(await page.getByRole("textbox", { name: "Main brand colour", exact: true }).inputValue()).toBe(primary);
    await screenshot(page, "brand-kit-refused-logo");
    expect(await axeViolations(page)).toEqual([]);

    const logo = await sharp({ create: { width: 300, height: 100, channels: 4, background: primary } })
      .png()
      .toBuffer();
    await page
      .getByLabel("Upload a logo (optional)")
      .setInputFiles({ name: "purple-logo.png", mimeType: "image/png", buffer: logo });
    await page.getByLabel(/^The logo: it can't be left off/).check();
    await page.getByRole("button", { name: "Save brand kit" }).click();
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toContain("Brand kit “Purple brand” saved.");
    await expect.poll(() => page.getByRole("img", { name: "Logo in Purple brand" }).isVisible()).toBe(true);
    await screenshot(page, "brand-kits");
    expect(await axeViolations(page)).toEqual([]);

    // On the design page the kit brings its colours, fonts and logo, for everyone.
    await page.goto(`${server.url}/documents/${leaflet}/design`);
    await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByLabel("Choose a brand kit").selectOption({ label: "Purple brand" });
    await page.getByRole("button", { name: "Apply brand kit" }).click();
    await expect.poll(async () => (await canonicalDesign()).design.colours.primary).toBe(primary);
    await expect
      .poll(() =>
        page.locator(".lp-pages .lp-page").first().getByRole("img", { name: "Demo Charity logo" }).isVisible(),
      )
      .toBe(true);
    // The kit locks the logo, so it cannot be left off.
    expect(await page.getByRole("checkbox", { name: "Leave the logo off this document" }).isDisabled()).toBe(true);
    await screenshot(page, "design-with-brand-kit");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
