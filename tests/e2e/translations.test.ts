/**
 * Translations in Chromium (issue 16): Cora adds Arabic from the sign-off page and lands in the translating view;
 * Wren translates two sections with the English original beside the text, right to left; Will changes the English
 * (over the sync protocol, as another person's editor would), and Wren's view marks exactly that section with what
 * changed until she confirms it. axe runs on the translating view and on the Arabic web version.
 */
import type { Browser, Page } from "playwright-core";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { connect, documentIdByTitle, sectionTitled, signIn, waitForSync } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;
let leaflet: string;
let arabic: string;

const FIRST = "هذه النشرة للنساء اللواتي يعشن في المملكة المتحدة.";
const SECOND = "لك الحق في أن تكوني آمنة في البيت وفي العمل.";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  leaflet = await documentIdByTitle(server.url, await signIn(server.url, "cora"), "Women's Rights");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

async function pageFor(username: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, server.url, username);
  return page;
}

/** Puts the caret in the first paragraph of the section with this title, selects the paragraph and types over it. */
async function translateFirstParagraph(page: Page, sectionTitle: string, words: string) {
  const section = page.locator("#document-text [data-section-id]").filter({ hasText: sectionTitle });
  const paragraph = section.locator(".doc-section__content > p").first();
  await paragraph.click({ clickCount: 3 });
  await page.keyboard.type(words);
}

describe("translating the Women's Rights leaflet into Arabic", () => {
  it("a coordinator adds Arabic from the sign-off page and lands beside the English original", async () => {
    const page = await pageFor("cora");
    await page.goto(`${server.url}/documents/${leaflet}/review`);
    await page.getByLabel("Add a language").selectOption("ar");
    await page.getByRole("button", { name: "Add this language" }).click();
    await page.waitForURL(/\/documents\/[^/]+\?panel=source$/);
    arabic = new URL(page.url()).pathname.split("/")[2]!;
    await expect.poll(() => page.getByRole("tab", { name: "English" }).getAttribute("aria-selected")).toBe("true");
    await expect.poll(() => page.getByText("sections need you").isVisible(), { timeout: 15_000 }).toBe(true);
    const text = page.locator("#document-text");
    expect(await text.getAttribute("lang")).toBe("ar");
    expect(await text.getAttribute("dir")).toBe("rtl");
    await page.context().close();
  });

  it("a translator writes two sections in Arabic; an English change marks one, with what changed, until she checks it", async () => {
    const page = await pageFor("wren");
    await page.goto(`${server.url}/documents/${arabic}`);
    await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
    await translateFirstParagraph(page, "Who this leaflet is for", FIRST);
    await translateFirstParagraph(page, "Your home", SECOND);
    await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
    const panel = page.getByRole("tabpanel", { name: "English" });
    await panel.getByRole("button", { name: "Look at the original again" }).click();
    const sectionCard = (title: string) =>
      panel.locator(".source-section").filter({ has: page.locator("h3", { hasText: new RegExp(`^${title}`) }) });
    const first = sectionCard("Who this leaflet is for");
    // One paragraph of three translated: the section says some of it is still English.
    await expect
      .poll(() => first.locator(".tag").textContent())
      .toBe("Partly translated: some of it is still in English");

    // Will changes the English of the second section.
    const will = connect(server.url, leaflet, await signIn(server.url, "will"));
    await waitForSync(will);
    const section = sectionTitled(will.doc, "Your home");
    const paragraph = section
      .toArray()
      .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === "paragraph")!;
    (paragraph.get(0) as Y.XmlText).insert(0, "Nobody may read your letters. ");
    await new Promise((resolve) => setTimeout(resolve, 300));
    will.destroy();

    const second = sectionCard("Your home");
    await expect
      .poll(
        async () => {
          await panel.getByRole("button", { name: "Look at the original again" }).click();
          return second.locator(".tag").textContent();
        },
        { timeout: 15_000 },
      )
      .toBe("English changed — check this section");
    expect(await second.locator("ins").textContent()).toMatch(/Nobody may read your letters/);
    expect(await first.locator(".tag").textContent()).toBe("Partly translated: some of it is still in English");
    await screenshot(page, "translation-stale");
    expect(await axeViolations(page)).toEqual([]);

    await second.getByRole("button", { name: "I've checked this section" }).click();
    await expect.poll(() => second.locator(".tag").textContent()).toBe("Up to date");
    await expect.poll(() => second.getByText("Last checked by Wren").isVisible()).toBe(true);
    await page.context().close();
  });

  it("the sign-off page shows the family, and the Arabic web version reads right to left with no axe violations", async () => {
    const page = await pageFor("cora");
    await page.goto(`${server.url}/documents/${leaflet}/review`);
    const languages = page.locator("#languages");
    expect(await languages.textContent()).toMatch(/English.*the original/);
    expect(await languages.getByRole("link", { name: "Arabic (العربية)" }).getAttribute("href")).toBe(
      `/documents/${arabic}/review`,
    );
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/api/documents/${arabic}/html`);
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    expect(await page.locator("html").getAttribute("lang")).toBe("ar");
    expect(await page.locator("main").textContent()).toContain(FIRST);
    await screenshot(page, "translation-web-version");
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("works on a 390 px phone: the original is one tap away", async () => {
    const page = await pageFor("wren", 390);
    await page.goto(`${server.url}/documents/${arabic}`);
    await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole("button", { name: "English" }).click();
    await expect
      .poll(() =>
        page
          .getByText(/Every section|sections? needs? you/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await screenshot(page, "translation-phone");
    expect(await axeViolations(page)).toEqual([]);
    // The Arabic web version on the phone starts with its words, and never scrolls sideways.
    await page.goto(`${server.url}/api/documents/${arabic}/html`);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).isVisible()).toBe(true);
    await screenshot(page, "translation-web-phone");
    await page.context().close();
  });
});
