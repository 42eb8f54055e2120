import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

describe("two people co-write a leaflet in Chromium", () => {
  it("each sees the other's typing and cursor name", async () => {
    const wrenContext = await browser.newContext();
    const willContext = await browser.newContext();
    const wren = await wrenContext.newPage();
    const will = await willContext.newPage();
    await Promise.all([signInAs(wren, server.url, "wren"), signInAs(will, server.url, "will")]);

    for (const page of [wren, will]) {
      await page.getByRole("link", { name: "Women's Rights" }).click();
      await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
    }
    const wrenEditor = wren.getByRole("textbox", { name: "Document text" });
    const willEditor = will.getByRole("textbox", { name: "Document text" });

    // Wren types at the start of the first paragraph.
    await wrenEditor.locator(".doc-section__content p").first().click();
    await wren.keyboard.press("Home");
    await wren.keyboard.type("Hello from Wren. ");
    await expect.poll(() => willEditor.textContent(), { timeout: 10_000 }).toContain("Hello from Wren.");

    // Will types in another section; Wren sees it.
    await willEditor.locator("section").nth(1).locator(".doc-section__content p").first().click();
    await will.keyboard.press("End");
    await will.keyboard.type(" Will adds this.");
    await expect.poll(() => wrenEditor.textContent(), { timeout: 10_000 }).toContain("Will adds this.");

    // Each sees the other's named cursor.
    await expect
      .poll(() => will.locator(".collaboration-carets__label").allTextContents(), { timeout: 10_000 })
      .toContain("Wren");
    await expect
      .poll(() => wren.locator(".collaboration-carets__label").allTextContents(), { timeout: 10_000 })
      .toContain("Will");
    await expect.poll(() => wren.getByRole("list", { name: "People here now" }).textContent()).toContain("Will");

    // Wren opens the leaflet in a second window too: in the first, that caret is hers, not a co-writer's "Wren".
    const wrenAgain = await wrenContext.newPage();
    await wrenAgain.goto(wren.url());
    const againEditor = wrenAgain.getByRole("textbox", { name: "Document text" });
    await againEditor.locator("section").nth(2).locator(".doc-section__content p").first().click();
    await wrenAgain.keyboard.type("x");
    await expect
      .poll(() => wren.locator(".collaboration-carets__label").allTextContents(), { timeout: 10_000 })
      .toContain("You, in another window");
    expect(await wren.locator(".collaboration-carets__label").allTextContents()).not.toContain("Wren");
    await wrenAgain.close();

    await screenshot(wren, "editor-wren");
    expect(await axeViolations(wren)).toEqual([]);
    await wrenContext.close();
    await willContext.close();
  });

  it("two people typing in the same paragraph at once each keep their own words, letter for letter", async () => {
    const pages = await Promise.all(
      ["wren", "cora"].map(async (name) => {
        const page = await (await browser.newContext()).newPage();
        await signInAs(page, server.url, name);
        await page.getByRole("link", { name: "Women's Rights" }).click();
        await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
        return page;
      }),
    );
    const [wren, cora] = pages as [Page, Page];
    const paragraph = (page: Page) =>
      page
        .getByRole("textbox", { name: "Document text" })
        .locator("section")
        .nth(1)
        .locator(".doc-section__content p")
        .first();
    // The words only, without the other person's caret and name drawn among them.
    const words = (page: Page) =>
      paragraph(page).evaluate((element) => {
        const copy = element.cloneNode(true) as HTMLElement;
        copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
        return copy.textContent;
      });
    const before = await words(wren);
    // Wren at the end of the paragraph, Cora at its start; then they type at the same time, a letter each in turn.
    // (End and Home go to the ends of a line on the screen: the caret is put after the last word and before the first.)
    const box = (await paragraph(wren).boundingBox())!;
    await paragraph(wren).click({ position: { x: box.width - 2, y: box.height - 6 } });
    await wren.keyboard.press("End");
    await paragraph(cora).click({ position: { x: 2, y: 6 } });
    await cora.keyboard.press("Home");
    const wrenWords = " and advice, really.";
    const coraWords = "Please note: ";
    for (let index = 0; index < Math.max(wrenWords.length, coraWords.length); index++) {
      await Promise.all([
        index < wrenWords.length ? wren.keyboard.type(wrenWords[index]!) : null,
        index < coraWords.length ? cora.keyboard.type(coraWords[index]!) : null,
      ]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const page of [wren, cora])
      await expect.poll(() => words(page), { timeout: 10_000 }).toBe(`${coraWords}${before}${wrenWords}`);
    for (const page of pages) await page.context().close();
  });

  it("a viewer sees the document read-only", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, "vic");
    await page.getByRole("link", { name: "Women's Rights" }).click();
    const editor = page.getByRole("textbox", { name: "Document text (read only)" });
    await expect.poll(() => editor.getAttribute("contenteditable"), { timeout: 15_000 }).toBe("false");
    // No editing tools, and whom to ask instead.
    await expect
      .poll(() => page.getByText(/^You can read this document\. Ask .+ if you need to write or comment\.$/).isVisible())
      .toBe(true);
    expect(await page.getByRole("toolbar").count()).toBe(0);
    await context.close();
  });
});

describe("every page has no axe violations", () => {
  const pages: Array<[string, string | null, string]> = [
    ["sign-in page", null, "/login"],
    ["documents list", "cora", "/documents"],
    ["members page", "cora", "/members"],
    ["account page", "wren", "/account"],
    ["not found page", "wren", "/documents/no-such-document"],
  ];
  it.each(pages)("%s", async (name, username, pathname) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (username) await signInAs(page, server.url, username);
    await page.goto(`${server.url}${pathname}`);
    await screenshot(page, `page-${name.replace(/\s+/g, "-")}`);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
