/**
 * Nothing unfinished gets published (issue 12), in real Chromium: a new document's template hints show greyed,
 * read as hints by screen readers, and go as soon as someone types; the Checks panel's one-tap "Replace with" puts
 * the kinder words in place of "addicts" (one step to undo) and the finding goes away; the design page's preview
 * says which pages were added to fill the booklet. Every page looked at has no axe violations.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { api, signIn } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;
let documentId: string;

const FIRST_HINT = "Say who this leaflet is for and what it will help them to do.";
const SECOND_HINT = "Keep this to two or three short sentences.";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const cora = await signIn(server.url, "cora");
  const created = await api<{ id: string }>(server.url, cora, "/api/documents", {
    method: "POST",
    body: JSON.stringify({ title: "Your rights at home", templateId: "a5-booklet" }),
  });
  documentId = created.body.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

async function open(username: string, path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signInAs(page, server.url, username);
  await page.goto(`${server.url}${path}`);
  return page;
}

async function openEditor(username: string): Promise<Page> {
  const page = await open(username, `/documents/${documentId}`);
  await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
  return page;
}

const hint = (page: Page, words: string) => page.locator(`#document-text .template-hint[data-placeholder="${words}"]`);
const editorText = (page: Page) => page.locator("#document-text").evaluate((element) => element.textContent ?? "");

describe("template hints in the editor", () => {
  it("show greyed, are read as hints, are not words, and go as soon as someone types", async () => {
    const page = await openEditor("wren");
    const first = hint(page, FIRST_HINT);
    await expect.poll(() => first.count(), { timeout: 10_000 }).toBe(1);
    const look = await first.evaluate((element) => {
      const before = getComputedStyle(element, "::before");
      return { content: before.content, colour: before.color, italic: before.fontStyle };
    });
    expect(look.content).toContain(FIRST_HINT);
    expect(look.colour).toBe("rgb(98, 106, 110)"); // greyed, still 5.7:1 on white
    expect(look.italic).toBe("italic");
    // A screen reader meets it as a hint (CSS alternative text), and it is no part of the text.
    const tree = await page.locator("#document-text").ariaSnapshot();
    expect(tree).toContain(`Hint: ${FIRST_HINT}`);
    expect(await editorText(page)).not.toContain(FIRST_HINT);
    await screenshot(page, "unfinished-editor-hints");
    expect(await axeViolations(page)).toEqual([]);

    // The Checks panel lists it as must-fix.
    await page.getByRole("tab", { name: /^Checks/ }).click();
    const finding = page.locator(".checks-finding", { hasText: FIRST_HINT });
    await expect.poll(() => finding.count(), { timeout: 15_000 }).toBe(1);
    expect(await finding.textContent()).toMatch(/Must fix\s*Template text is still here/);
    // A section's hints share one card (a new document has one in nearly every line), each with its own way to it.
    const items = finding.locator(".checks-hints__item");
    expect(await items.allTextContents()).toEqual([
      expect.stringContaining(FIRST_HINT),
      expect.stringContaining(SECOND_HINT),
    ]);
    expect(await finding.textContent()).toContain("Nothing is written in 2 places here yet.");
    expect(await page.locator(".checks-finding", { hasText: "Template text is still here" }).count()).toBeLessThan(8);
    await screenshot(page, "unfinished-checks-hints");
    await items
      .nth(1)
      .getByRole("button", { name: /Show in the text/ })
      .click();
    await expect
      .poll(() =>
        page.evaluate(() => {
          const anchor = window.getSelection()?.anchorNode;
          const block = anchor instanceof Element ? anchor : anchor?.parentElement;
          return block?.closest("p")?.getAttribute("data-placeholder") ?? null;
        }),
      )
      .toBe(SECOND_HINT);

    // Typed as people do, sometimes with a space first: the space stays where it was typed, with the caret after it
    // (the hint's grid once hid a lone space, and the next letters went before it, or into the block above).
    const paragraph = page.locator(".doc-section__content p").first();
    await first.click();
    await page.keyboard.type(" This leaflet is for women who rent their home.");
    await expect.poll(() => first.count()).toBe(0);
    expect(await paragraph.textContent()).toBe(" This leaflet is for women who rent their home.");
    await expect.poll(() => finding.count(), { timeout: 15_000 }).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("on a phone, a hint that wraps onto several lines makes its block as tall as it is, and typing replaces it", async () => {
    const page = await open("will", `/documents/${documentId}`, { width: 390, height: 844 });
    const second = hint(page, SECOND_HINT);
    await expect.poll(() => second.count(), { timeout: 15_000 }).toBe(1);
    const sizes = await second.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const lineHeight = parseFloat(getComputedStyle(element).lineHeight);
      const next = element.nextElementSibling?.getBoundingClientRect();
      return { height: box.height, lineHeight, bottom: box.bottom, nextTop: next?.top ?? Infinity };
    });
    expect(sizes.height).toBeGreaterThanOrEqual(sizes.lineHeight * 2 - 1); // the hint wraps at 390 px, and the block holds it
    expect(sizes.nextTop).toBeGreaterThanOrEqual(sizes.bottom); // nothing runs over the next block
    await second.click();
    await page.keyboard.type("Two short sentences.");
    await expect.poll(() => second.count()).toBe(0);
    expect(await editorText(page)).toContain("Two short sentences.");
    await screenshot(page, "unfinished-phone-hint-typed");
    await page.context().close();
  });
});

describe("one-tap fixes", () => {
  it("Replace with ‘people with an addiction’ fixes ‘addicts’ in one undoable step, and the finding goes away", async () => {
    const page = await openEditor("wren");
    await page.locator("#document-text p", { hasText: "This leaflet is for women who rent their home." }).click();
    await page.keyboard.press("End");
    await page.keyboard.type(" We also help addicts.");
    await page.getByRole("tab", { name: /^Checks/ }).click();
    const finding = page.locator(".checks-finding", { hasText: "‘addicts’" });
    const replace = finding.getByRole("button", { name: /^Replace with ‘people with an addiction’/ });
    await expect.poll(() => replace.count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, "unfinished-one-tap-fix");
    expect(await axeViolations(page)).toEqual([]);

    await replace.click();
    await expect.poll(() => editorText(page)).toContain("We also help people with an addiction.");
    expect(await editorText(page)).not.toContain("addicts");
    await expect.poll(() => finding.count(), { timeout: 15_000 }).toBe(0);
    // Focus stays in the panel (on the next finding or the summary), not lost to the page.
    await expect.poll(() => page.evaluate(() => Boolean(document.activeElement?.closest(".checks-panel")))).toBe(true);
    await expect
      .poll(() => page.locator(".checks-panel [aria-live]").last().textContent())
      .toContain("Changed ‘addicts’ to ‘people with an addiction’.");

    // One step to undo, and only the fix.
    await page.locator("#document-text").focus();
    await page.keyboard.press("Control+z");
    await expect.poll(() => editorText(page)).toContain("We also help addicts.");
    expect(await editorText(page)).toContain("This leaflet is for women who rent their home.");
    await page.context().close();
  });
});

describe("a hint nobody needs", () => {
  // In "What you need to know", which has other lines (a section's only line cannot be taken away).
  const UNNEEDED_HINT = "Start with the most important thing people need to know.";

  it("is taken away from the Checks tab in one undoable step", async () => {
    const page = await openEditor("cora");
    await expect.poll(() => hint(page, UNNEEDED_HINT).count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole("tab", { name: /^Checks/ }).click();
    const takeAway = page
      .locator(".checks-panel li", { hasText: UNNEEDED_HINT })
      .last()
      .getByRole("button", { name: /^Not needed: take it away/ });
    await expect.poll(() => takeAway.count(), { timeout: 15_000 }).toBe(1);
    await takeAway.scrollIntoViewIfNeeded();
    await screenshot(page, "unfinished-take-away-hint");
    await takeAway.click();
    await expect.poll(() => hint(page, UNNEEDED_HINT).count()).toBe(0);
    await expect
      .poll(() => page.locator(".checks-panel [aria-live]").last().textContent())
      .toContain(`Took away the hint ‘${UNNEEDED_HINT}’.`);
    await expect.poll(() => page.locator(".checks-panel li", { hasText: UNNEEDED_HINT }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // Back with one undo, as any change.
    await page.locator("#document-text").focus();
    await page.keyboard.press("Control+z");
    await expect.poll(() => hint(page, UNNEEDED_HINT).count()).toBe(1);
    await page.context().close();
  });
});

describe("the preview says which pages fill the booklet", () => {
  it("shows notes pages, or an inside back cover when the designer chooses it, and says so", async () => {
    const page = await open("dana", `/documents/${documentId}/design`);
    const notes = page.locator(".lp-notes");
    // The hints are never printed, so the words fill less than a sheet: the booklet is 4 pages, not 8 with a sheet of
    // notes pages, and the designer is told why.
    await expect
      .poll(() => notes.textContent(), { timeout: 20_000 })
      .toContain("Page 3: notes page (added to fill the booklet).");
    expect(await notes.textContent()).toContain(
      "The words fill less than the A5 booklet's 8 pages, so it is printed as 4 pages (one sheet folded)",
    );
    expect(await page.locator(".lp-caption").nth(2).textContent()).toBe(
      "Page 3 of 4: notes page (added to fill the booklet)",
    );
    expect(await page.locator("[data-spare-page=notes]").count()).toBe(1);
    // The contact box holds only hints, which are never printed: the back page would be blank, and the preview says so.
    expect(await notes.textContent()).toContain("The back page has nothing on it yet");
    await screenshot(page, "unfinished-preview-notes");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("radio", { name: "Inside back cover" }).check();
    await expect.poll(() => notes.textContent()).toContain("Page 3: inside back cover (added to fill the booklet).");
    expect(await page.locator("[data-spare-page=notes]").count()).toBe(0);
    expect(await page.locator("[data-spare-page=back-cover]").count()).toBe(1);
    await screenshot(page, "unfinished-preview-back-cover");
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("says, for a tri-fold, how many panels the words leave to notes, and how to take them off the flap", async () => {
    const cora = await signIn(server.url, "cora");
    const trifold = await api<{ id: string }>(server.url, cora, "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: "Your rights at home, folded", templateId: "a4-trifold" }),
    });
    const page = await open("dana", `/documents/${trifold.body.id}/design`);
    const notes = page.locator(".lp-notes");
    // Only hints and headings so far (hints never print): one panel of words, three notes panels, the flap among them.
    const tip =
      "The words fill 1 of the A4 tri-fold leaflet's 4 inside panels: the other 3 are printed as notes panels.";
    await expect.poll(() => notes.textContent(), { timeout: 20_000 }).toContain(tip);
    expect(await notes.textContent()).toContain("put the flap in your colours");
    // The PDF says the same, in the same words.
    const pdf = await fetch(`${server.url}/api/documents/${trifold.body.id}/pdf`, {
      headers: { cookie: `copress_session=${cora}` },
    });
    const warnings = JSON.parse(decodeURIComponent(pdf.headers.get("x-copress-warnings") ?? "[]")) as string[];
    expect(warnings.join(" ")).toContain(tip);
    await page.getByRole("radio", { name: "Inside back cover" }).check();
    await expect
      .poll(() => notes.textContent())
      .toContain("the other 3 are printed as 2 notes panels and, on the fold-in flap, a panel in your main colour.");
    expect(await page.locator("[data-spare-page=back-cover]").count()).toBe(1);
    await screenshot(page, "unfinished-preview-trifold-spare-panels");
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
