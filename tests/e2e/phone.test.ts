/**
 * Issue 12, "the group's first week": the editor on a phone (words first, one-row toolbar, checks and comments in a
 * sheet opened from the underlined words, "Show in the text" that really shows them), owned sections that say so,
 * the shortcuts people bring from Google Docs and Word, @mentions that notify, a viewer's page without tools they
 * can't use, and at 200 % zoom. Real Chromium; screenshots in test-results/phone-*.png with COPRESS_SCREENSHOTS=1.
 */
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { api, connect, documentIdByTitle, signIn, waitForSync } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

// A test that fails before closing its pages closes them here, so that the next test does not meet their presence.
afterEach(async () => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
/** A 1280 × 900 window at 200 % zoom: the page sees 640 × 450 CSS pixels, drawn at twice the density. */
const ZOOM_200: BrowserContextOptions = { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 };

async function openLeaflet(username: string, options: BrowserContextOptions, title = "Women's Rights"): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signInAs(page, server.url, username);
  await page.getByRole("link", { name: title }).click();
  await expect
    .poll(() => page.getByText(/^(All changes saved|Up to date)$/).isVisible(), { timeout: 15_000 })
    .toBe(true);
  return page;
}

/**
 * Taps, and waits for the tap to end (its click): a tap's mouse events come after the touch, and keys pressed
 * before they arrive would be followed by the editor putting the caret back where the finger was.
 */
async function tapAndWait(page: Page, locator: ReturnType<Page["locator"]>) {
  const clicked = page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        document.addEventListener("click", () => resolve(), { once: true, capture: true }),
      ),
  );
  await locator.tap();
  await clicked;
}

/**
 * Waits a frame, as a person does between keys: the browser tells the editor of a changed selection a moment after
 * the key (a shortcut sent 3 ms after Shift+Arrow would act on the selection from before it).
 */
async function settle(page: Page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

/** What the person sees: the screen, not the whole page (a phone's fixed bar and sheet stay where they are). */
async function snap(page: Page, name: string) {
  await screenshot(page, name, { fullPage: false });
}

const editorOf = (page: Page) => page.getByRole("textbox", { name: /^Document text/ });
const sectionOf = (page: Page, title: string) =>
  editorOf(page).locator("section.doc-section", { has: page.getByRole("heading", { name: title, exact: true }) });
const liveRegion = (page: Page) => page.locator(".editor-workspace > p[aria-live='polite']");

/** The visible part of the screen: the viewport less the bottom bar of a phone. */
async function visibleArea(page: Page): Promise<{ top: number; bottom: number }> {
  return page.evaluate(() => {
    const bar = document.querySelector(".panel-bar");
    return { top: 0, bottom: bar ? bar.getBoundingClientRect().top : window.innerHeight };
  });
}

async function fullyVisible(page: Page, locator: ReturnType<Page["locator"]>): Promise<boolean> {
  const box = await locator.boundingBox();
  if (!box) return false;
  const area = await visibleArea(page);
  const width = await page.evaluate(() => window.innerWidth);
  return box.y >= area.top && box.y + box.height <= area.bottom && box.x >= 0 && box.x + box.width <= width;
}

async function expectNoAxeViolations(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

/** Types words that the checks flag ("addicts") at the end of a section's first paragraph. */
async function typeFlaggedWords(page: Page, sectionTitle: string) {
  const paragraph = sectionOf(page, sectionTitle).locator(".doc-section__content p").first();
  await paragraph.click();
  await page.keyboard.press("End");
  await page.keyboard.type(" Some addicts may need this too.");
  // The element holding only the word (a long sentence's underline around it may share or wrap it).
  const mark = editorOf(page)
    .locator(".check-mark", { hasText: /^addicts$/ })
    .last();
  await expect.poll(() => mark.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  return mark;
}

describe("on a 390 × 844 phone, the words come first", () => {
  it("has a one-row toolbar under a tenth of the screen, not pinned, and the text on the first screen", async () => {
    const page = await openLeaflet("wren", PHONE);
    const toolbar = page.getByRole("toolbar", { name: "Formatting" });
    const box = (await toolbar.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(844 * 0.1);
    // One row: every button's top is the same.
    const tops = await toolbar
      .locator(":scope > button, :scope > .toolbar-more > button")
      .evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    expect(tops.length).toBe(7);
    expect(await page.locator(".editor-toolbar-wrap").evaluate((el) => getComputedStyle(el).position)).toBe("static");
    // The first paragraph of the text is on the first screen, clear of the bottom bar.
    expect(await fullyVisible(page, editorOf(page).locator(".doc-section__content p").first())).toBe(true);
    // The panels are a bar at the bottom, not 2,000 px down the page.
    const bar = page.getByRole("navigation", { name: "Sections, checks, comments and suggestions" });
    await expect.poll(() => bar.getByRole("button", { name: /^Checks/ }).isVisible()).toBe(true);
    expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(844 * 0.1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await snap(page, "phone-01-first-screen");
    await expectNoAxeViolations(page);

    // "More" holds the rest, as a menu that works from the keyboard too.
    await page.getByRole("button", { name: "More" }).tap();
    const menu = page.getByRole("menu", { name: "More" });
    await expect.poll(() => menu.isVisible()).toBe(true);
    await expect.poll(() => menu.getByRole("menuitemcheckbox", { name: /Numbered list/ }).isVisible()).toBe(true);
    // A phone has no keyboard: no shortcuts to learn, and no keys beside the items.
    expect(await menu.getByRole("menuitem", { name: /Keyboard shortcuts/ }).count()).toBe(0);
    expect(await menu.locator(".toolbar-menu__keys").count()).toBe(0);
    expect(await fullyVisible(page, menu)).toBe(true);
    await snap(page, "phone-02-more-menu");
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");
    await expect.poll(() => menu.count()).toBe(0);
    await page.context().close();
  });

  it("tapping an underlined word says what it is and keeps the caret there; Show opens the sheet on that finding, and “Show in the text” puts the words in view", async () => {
    const page = await openLeaflet("wren", PHONE);
    const mark = await typeFlaggedWords(page, "Your home");
    await page.keyboard.press("Escape"); // the virtual keyboard of a real phone would go away too
    await mark.scrollIntoViewIfNeeded();
    await tapAndWait(page, mark);

    // A line above the bar says what the check found; the words stay uncovered, with the caret in them, to change.
    const peek = page.locator(".tap-peek");
    await expect.poll(() => peek.isVisible()).toBe(true);
    expect(await peek.textContent()).toMatch(/^(Should fix|Must fix): \w/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("document-text");
    expect(await fullyVisible(page, mark)).toBe(true);
    await snap(page, "phone-03a-tapped-underline");
    await expectNoAxeViolations(page);
    await peek.getByRole("button", { name: "Show the check" }).tap();

    const sheet = page.getByRole("dialog", { name: /^Checks/ });
    await expect.poll(() => sheet.isVisible()).toBe(true);
    // The word's finding, not the long sentence's around it (their underlines overlap).
    const finding = page.locator(".checks-finding", { hasText: "Many people find ‘addicts’ stigmatising" });
    await expect.poll(() => finding.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await finding.getAttribute("class")).toContain("checks-finding--current");
    expect(await finding.textContent()).toContain("addicts");
    expect(await fullyVisible(page, finding.locator(".checks-finding__title"))).toBe(true);
    await snap(page, "phone-03-sheet-on-finding");
    await expectNoAxeViolations(page);

    // Close gives the focus back to where it was: the words.
    await sheet.getByRole("button", { name: "Close" }).tap();
    await expect.poll(() => sheet.isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("document-text");

    // From the top of the page, through the bar: "Show in the text" brings the words into the middle, lit up.
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await fullyVisible(page, mark)).toBe(false);
    const openChecks = page
      .getByRole("navigation", { name: "Sections, checks, comments and suggestions" })
      .getByRole("button", { name: /^Checks/ });
    await openChecks.tap();
    await expect.poll(() => sheet.isVisible()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("tab-checks");
    await page.keyboard.press("Escape"); // and Escape gives it back to the bar
    await expect.poll(() => sheet.isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("open-checks");
    await openChecks.tap();
    await expect.poll(() => sheet.isVisible()).toBe(true);
    await finding.getByRole("button", { name: /Show in the text/ }).tap();
    await expect.poll(() => sheet.isVisible()).toBe(false);
    // The lit words may be split over several spans where other marks (the check's underline) begin or end.
    const lit = editorOf(page).locator(".spotlight");
    await expect.poll(async () => (await lit.allTextContents()).join("")).toContain("addicts");
    await expect.poll(() => fullyVisible(page, lit.first())).toBe(true);
    await expect.poll(() => fullyVisible(page, lit.last())).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("document-text");
    expect(await page.evaluate(() => window.getSelection()?.toString())).toContain("addicts");
    await snap(page, "phone-04-shown-in-the-text");
    await expectNoAxeViolations(page);
    // The light goes after a few seconds; the words stay selected.
    await expect.poll(() => lit.count(), { timeout: 10_000 }).toBe(0);

    // The line above the bar offers the check's better words too: one tap changes them where they are.
    await page.keyboard.press("ArrowRight");
    await tapAndWait(page, mark);
    const replace = peek.getByRole("button", {
      name: "Replace with ‘people with an addiction’ (instead of ‘addicts’)",
    });
    await expect.poll(() => replace.isVisible()).toBe(true);
    // The tapped words stay in sight above the line: what is replaced is seen.
    await expect
      .poll(
        async () => (await mark.boundingBox())!.y + (await mark.boundingBox())!.height <= (await peek.boundingBox())!.y,
      )
      .toBe(true);
    await snap(page, "phone-04a-tap-to-replace");
    await replace.tap();
    await expect.poll(() => editorOf(page).textContent()).toContain("Some people with an addiction may need this too.");
    await expect.poll(() => peek.count()).toBe(0);
    await expect
      .poll(() => page.locator(".editor-toast").textContent())
      .toContain("Changed ‘addicts’ to ‘people with an addiction’.");
    await expect.poll(() => editorOf(page).locator(".check-mark", { hasText: "addicts" }).count()).toBe(0);
    await page.context().close();
  });

  it("on a wide screen, clicking an underline selects that finding in the Checks tab", async () => {
    const page = await openLeaflet("wren", DESKTOP);
    const mark = await typeFlaggedWords(page, "Contact us");
    await mark.click();
    await expect.poll(() => page.getByRole("tab", { name: /^Checks/ }).getAttribute("aria-selected")).toBe("true");
    const finding = page.locator(".checks-finding", { hasText: "Many people find ‘addicts’ stigmatising" });
    // A busy machine draws the Checks tab's list late (the tab's code and the first results arrive after the click).
    await expect.poll(() => finding.getAttribute("class"), { timeout: 15_000 }).toContain("checks-finding--current");
    const title = finding.locator(".checks-finding__title");
    // Where it was, if it never came into view: the next failure says why.
    const where = async () =>
      JSON.stringify({
        box: await title.boundingBox(),
        area: await visibleArea(page),
        scrollY: await page.evaluate(() => scrollY),
      });
    await expect
      .poll(() => fullyVisible(page, title), { timeout: 15_000, message: "the finding in view" })
      .toBe(true)
      .catch(async (error: Error) => {
        throw new Error(`${error.message}: ${await where()}`);
      });
    // The person stays in the text, where they were writing.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("document-text");
    await snap(page, "phone-05-desktop-finding-selected");
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});

describe("a tap on a section's title or status", () => {
  it("puts the caret at the start of the section's words, and nothing typed is lost", async () => {
    const page = await openLeaflet("wren", PHONE);
    const section = sectionOf(page, "Your home");
    await section.locator(".doc-section__meta").tap();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest(".ProseMirror") !== null)).toBe(true);
    await page.keyboard.type("Hello from Wren. ");
    await expect.poll(() => section.locator(".doc-section__content").textContent()).toMatch(/^Hello from Wren\. /);
    expect(await section.getByRole("heading", { name: "Your home", exact: true }).count()).toBe(1);
    await page.context().close();
  });
});

describe("owned sections say so, and typing there is never dropped silently", () => {
  it("shows the owner and a lock; typing there is a suggestion, and a refused edit is explained with a comment instead", async () => {
    const cora = await openLeaflet("cora", DESKTOP);
    await cora.getByRole("radio", { name: "Only each section's owner" }).check();
    const wren = await openLeaflet("wren", PHONE);
    const home = sectionOf(wren, "Your home");
    await expect
      .poll(() => home.locator(".doc-section__lock").textContent(), { timeout: 10_000 })
      .toBe("Will's section — what you type here is shown as a suggestion for Will to take or turn down.");
    // Her own section has no lock.
    expect(await sectionOf(wren, "Your rights at work").locator(".doc-section__lock").isVisible()).toBe(false);

    const paragraph = home.locator(".doc-section__content p").first();
    await paragraph.scrollIntoViewIfNeeded();
    await tapAndWait(wren, paragraph);
    // The browser moves the caret a frame after the tap: type once it is in Will's paragraph, as a person would.
    await expect
      .poll(() => paragraph.evaluate((element) => element.contains(document.getSelection()?.anchorNode ?? null)))
      .toBe(true);
    await wren.keyboard.press("End");
    // Her typing in Will's section is a suggestion for him (issue 15), not a change and not dropped.
    await wren.keyboard.type("xyz");
    await expect.poll(() => home.locator("ins.suggestion-insertion").textContent(), { timeout: 15_000 }).toBe("xyz");
    // A new paragraph can't be a suggestion: refused at the section, with "Comment instead".
    await wren.keyboard.press("Enter");
    const message = home.locator(".doc-section__refusal");
    await expect.poll(() => message.isVisible(), { timeout: 15_000 }).toBe(true); // a busy test machine is slow to tap
    expect(await message.textContent()).toContain("Your typing wasn't added: this is Will's section");
    // Brought into view above the keyboard (a frame or more after it appears, on a busy machine).
    await expect.poll(() => fullyVisible(wren, message)).toBe(true);
    await expect
      .poll(() => liveRegion(wren).textContent())
      .toContain("Will's section: you can't change the words here");
    await snap(wren, "phone-06-owned-refused");
    await expectNoAxeViolations(wren);

    // "Comment instead" opens the comment box on the word at the caret.
    await message.getByRole("button", { name: "Comment instead" }).tap();
    const sheet = wren.getByRole("dialog", { name: /^Comments/ });
    await expect.poll(() => sheet.isVisible()).toBe(true);
    await expect.poll(() => wren.evaluate(() => document.activeElement?.id)).toBe("new-comment");
    await expect.poll(() => sheet.getByText(/^Commenting on: “.+”$/).isVisible()).toBe(true);
    await snap(wren, "phone-07-comment-instead");
    await expectNoAxeViolations(wren);
    await sheet.getByRole("button", { name: "Cancel" }).tap();
    await expect.poll(() => sheet.isVisible()).toBe(false);
    // What reached the document is only her suggestion, which Will may take or turn down; it is turned down here.
    const token = await signIn(server.url, "cora");
    const id = await documentIdByTitle(server.url, token, "Women's Rights");
    const { body } = await api<{ suggestions: Array<{ id: string; text: string; kind: string }> }>(
      server.url,
      token,
      `/api/documents/${id}/suggestions`,
    );
    expect(body.suggestions.map((s) => [s.kind, s.text])).toEqual([["insertion", "xyz"]]);
    const rejected = await api(server.url, token, `/api/documents/${id}/suggestions/${body.suggestions[0]!.id}`, {
      method: "POST",
      body: JSON.stringify({ decision: "reject" }),
    });
    expect(rejected.status).toBe(200);
    expect(JSON.stringify((await api(server.url, token, `/api/documents/${id}`)).body)).not.toContain("xyz");

    await cora.getByRole("radio", { name: "Everyone who writes" }).check();
    await expect.poll(() => home.locator(".doc-section__lock").isVisible(), { timeout: 10_000 }).toBe(false);
    await wren.context().close();
    await cora.context().close();
  });
});

describe("habits from Google Docs and Word", () => {
  it("Ctrl+K opens the link dialog, Ctrl+Alt+M the comment box, and Ctrl+I says kindly why there are no italics", async () => {
    const page = await openLeaflet("wren", PHONE);
    const paragraph = sectionOf(page, "Who this leaflet is for").locator(".doc-section__content p").first();
    const before = await paragraph.innerHTML();
    await tapAndWait(page, paragraph);
    await page.keyboard.press("End");
    await page.keyboard.press("Shift+ArrowLeft");
    await page.keyboard.press("Shift+ArrowLeft");
    await settle(page);

    await page.keyboard.press("Control+k");
    const link = page.getByRole("dialog", { name: /link/ });
    await expect.poll(() => link.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("link-href");
    expect(await fullyVisible(page, link)).toBe(true);
    await snap(page, "phone-08-link-dialog");
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");
    await expect.poll(() => link.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("document-text");

    await page.keyboard.press("Control+Alt+m");
    const sheet = page.getByRole("dialog", { name: /^Comments/ });
    await expect.poll(() => sheet.isVisible(), { timeout: 5_000 }).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("new-comment");
    await page.keyboard.press("Escape");
    await expect.poll(() => sheet.isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("document-text");

    await page.keyboard.press("Control+i");
    const toast = page.locator(".editor-toast");
    await expect
      .poll(() => toast.textContent())
      .toContain("Copress doesn't use italics: they're harder to read for many people. Use bold (Ctrl+B)");
    await expect.poll(() => liveRegion(page).textContent()).toContain("Copress doesn't use italics");
    expect(await fullyVisible(page, toast)).toBe(true);
    expect(await paragraph.innerHTML()).toBe(before);
    await snap(page, "phone-09-no-italics");
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it("shows the shortcuts on the buttons and in a help reachable from More, all by keyboard", async () => {
    const page = await openLeaflet("wren", DESKTOP);
    const bold = page.getByRole("button", { name: "Bold" });
    expect(await bold.getAttribute("aria-keyshortcuts")).toBe("Control+B");
    expect(await bold.getAttribute("title")).toBe("Bold (Ctrl+B)");
    expect(await page.getByRole("button", { name: "Link", exact: true }).getAttribute("aria-keyshortcuts")).toBe(
      "Control+K",
    );
    expect(await page.getByRole("button", { name: "Comment", exact: true }).getAttribute("aria-keyshortcuts")).toBe(
      "Control+Alt+M",
    );

    await sectionOf(page, "Your home").locator(".doc-section__content p").first().click();
    await page.keyboard.press("Alt+F10");
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest("[role=toolbar]") !== null)).toBe(true);
    await page.keyboard.press("End");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("More");
    await page.keyboard.press("ArrowDown");
    const menu = page.getByRole("menu", { name: "More" });
    await expect.poll(() => menu.isVisible()).toBe(true);
    // The menu takes the focus as it opens (a moment later on a busy machine).
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("role")?.startsWith("menuitem") ?? false))
      .toBe(true);
    await page.keyboard.press("End");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Keyboard shortcuts");
    await expectNoAxeViolations(page);
    await page.keyboard.press("Enter");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect.poll(() => help.isVisible()).toBe(true);
    for (const keys of ["Ctrl+B", "Ctrl+K", "Ctrl+Alt+M", "Alt+F10"])
      await expect.poll(() => help.getByText(keys, { exact: true }).isVisible()).toBe(true);
    await snap(page, "phone-10-shortcuts-help");
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");
    await expect.poll(() => help.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("More");
    await page.context().close();
  });
});

describe("commenting on a phone", () => {
  it("keeps the commented words on the screen after the comment is added", async () => {
    const page = await openLeaflet("wren", PHONE, "Guide to Child Protection and Care Proceedings");
    // Words far down the page. Comment is in the toolbar at the top of the page (the words come first on a phone), so
    // she scrolls up to it; once the comment is added she is taken back to the words.
    const paragraph = sectionOf(page, "Getting a solicitor and legal aid").locator(".doc-section__content p").first();
    await paragraph.scrollIntoViewIfNeeded();
    await tapAndWait(page, paragraph);
    await settle(page);
    const scrolledTo = await page.evaluate(() => window.scrollY);
    expect(scrolledTo).toBeGreaterThan(500);
    await page.getByRole("button", { name: "Comment", exact: true }).tap();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("new-comment");
    await page.keyboard.type("Is this still right?");
    await page.getByRole("button", { name: "Add comment" }).tap();
    await expect.poll(() => page.getByRole("dialog", { name: /^Comments/ }).isVisible()).toBe(false);
    await expect.poll(() => liveRegion(page).textContent()).toContain("Comment added.");
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    await snap(page, "phone-13-after-comment");
    const box = (await paragraph.boundingBox())!;
    const area = await visibleArea(page);
    // At least part of the commented paragraph is on the screen, above the bottom bar.
    expect(box.y).toBeLessThan(area.bottom);
    expect(box.y + box.height).toBeGreaterThan(area.top);
    await page.context().close();
  });
});

describe("@mentions", () => {
  it("offers the members after an @, writes @username, and tells that person", async () => {
    const page = await openLeaflet("wren", PHONE);
    const paragraph = sectionOf(page, "Your rights at work").locator(".doc-section__content p").first();
    await tapAndWait(page, paragraph);
    await page.keyboard.press("Home");
    await page.keyboard.press("Shift+End");
    await settle(page);
    await page.getByRole("button", { name: "Comment", exact: true }).tap();
    const box = page.getByLabel("Your comment");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("new-comment");
    await page.keyboard.type("Could you check this, @wi");
    const people = page.getByRole("listbox", { name: "People to mention" });
    await expect.poll(() => people.isVisible()).toBe(true);
    const options = await people.getByRole("option").allTextContents();
    expect(options).toEqual(["Will @will"]);
    expect(await box.getAttribute("aria-activedescendant")).toBe(
      await people.getByRole("option").first().getAttribute("id"),
    );
    await snap(page, "phone-11-mention-list");
    await expectNoAxeViolations(page);
    await page.keyboard.press("Enter");
    await expect.poll(() => box.inputValue()).toBe("Could you check this, @will ");
    expect(await people.count()).toBe(0);
    // Escape closes only the list, not the sheet.
    await page.keyboard.type("and @");
    await expect.poll(() => people.getByRole("option").count()).toBeGreaterThan(2);
    await page.keyboard.press("Escape");
    await expect.poll(() => people.count()).toBe(0);
    await expect.poll(() => page.getByRole("dialog", { name: /^Comments/ }).isVisible()).toBe(true);
    await page.keyboard.type("abi?");
    await page.getByRole("button", { name: "Add comment" }).tap();
    await expect.poll(() => page.getByRole("dialog", { name: /^Comments/ }).isVisible()).toBe(false);
    await expect.poll(() => liveRegion(page).textContent()).toContain("Comment added. Will and Abi have been told.");

    for (const username of ["will", "abi"]) {
      const token = await signIn(server.url, username);
      await expect
        .poll(
          async () =>
            (
              await api<{ notifications: Array<{ kind: string; message: string }> }>(
                server.url,
                token,
                "/api/notifications",
              )
            ).body.notifications,
          { timeout: 10_000 },
        )
        .toContainEqual(
          expect.objectContaining({ kind: "mention", message: expect.stringContaining("Wren mentioned you") }),
        );
    }

    // Tapping the commented words says whose comment it is; Show opens the sheet on it. Typing puts the line away.
    const commented = editorOf(page).locator(".comment-highlight").first();
    await commented.scrollIntoViewIfNeeded();
    await tapAndWait(page, commented);
    const peek = page.locator(".tap-peek");
    await expect
      .poll(() => peek.textContent())
      .toBe("Wren commented: “Could you check this, @will and @abi?”Show the commentClose this line");
    await peek.getByRole("button", { name: "Show the comment" }).tap();
    const commentsSheet = page.getByRole("dialog", { name: /^Comments/ });
    await expect.poll(() => commentsSheet.isVisible()).toBe(true);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest(".thread")?.textContent ?? ""))
      .toContain("Could you check this, @will and @abi?");
    await commentsSheet.getByRole("button", { name: "Close" }).tap();
    await expect.poll(() => commentsSheet.isVisible()).toBe(false);

    // The comment's "Show in the text" also brings its words into view.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page
      .getByRole("navigation", { name: "Sections, checks, comments and suggestions" })
      .getByRole("button", { name: "Comments (1)" })
      .tap();
    const thread = page.locator(".thread", { hasText: "Could you check this" });
    await thread.getByRole("button", { name: /Show in the text/ }).tap();
    const lit = editorOf(page).locator(".spotlight");
    await expect.poll(() => lit.count()).toBeGreaterThan(0);
    await expect.poll(() => fullyVisible(page, lit.first())).toBe(true);
    await page.context().close();
  });
});

describe("people who can't change the words", () => {
  it("a viewer sees no editing tools, and whom to ask", async () => {
    // In owned mode, where the sections panel used to say "Anyone can comment" to people who can't.
    const token = await signIn(server.url, "cora");
    const cora = connect(server.url, await documentIdByTitle(server.url, token, "Women's Rights"), token);
    await waitForSync(cora);
    cora.doc.getMap("settings").set("ownershipMode", "owned");
    try {
      for (const options of [DESKTOP, PHONE]) {
        const page = await openLeaflet("vic", options);
        // Nothing of hers is saved: the line says the page is up to date.
        expect(await page.locator(".save-state").innerText()).toBe("Up to date");
        expect(await page.getByRole("toolbar").count()).toBe(0);
        expect(await page.getByRole("button", { name: "Comment", exact: true }).count()).toBe(0);
        await expect
          .poll(() =>
            page
              .getByText("You can read this document. Ask Cora (coordinator) if you need to write or comment.")
              .isVisible(),
          )
          .toBe(true);
        if (options === PHONE)
          await page
            .getByRole("navigation", { name: "Sections, checks, comments and suggestions" })
            .getByRole("button", { name: "Sections" })
            .tap();
        const hint = page.getByText(/^Each section can only be changed by its owner and coordinators\./);
        await expect.poll(() => hint.isVisible(), { timeout: 10_000 }).toBe(true);
        expect(await hint.textContent()).not.toMatch(/comment/i);
        expect(await page.getByText(/Anyone can comment/).count()).toBe(0);
        // No locks on every section either: the page has said it once.
        expect(await editorOf(page).locator(".doc-section__lock:visible").count()).toBe(0);
        // Nor the group's work on each section ("Drafting · Owner: Nia"): a viewer reads, often after publishing.
        expect(await editorOf(page).locator(".doc-section__meta:visible").count()).toBe(0);
        expect(await editorOf(page).innerText()).not.toMatch(/Drafting|Owner:/);
        await snap(page, `phone-12-viewer-${options === PHONE ? "phone" : "desktop"}`);
        await expectNoAxeViolations(page);
        await page.context().close();
      }
    } finally {
      cora.doc.getMap("settings").set("ownershipMode", "collective");
      cora.destroy();
    }
  });

  it("an approver is told they can suggest and comment, and has the one button that works for them", async () => {
    const page = await openLeaflet("abi", PHONE);
    expect(await page.getByRole("toolbar").count()).toBe(0);
    await expect
      .poll(() =>
        page.getByText(/You can suggest changes: what you type in the text is shown as a suggestion/).isVisible(),
      )
      .toBe(true);
    const comment = page.getByRole("button", { name: "Comment", exact: true });
    await comment.tap();
    // Nothing chosen yet: it says what to do (no keyboard shortcut on a phone) instead of doing nothing.
    await expect
      .poll(() => page.locator(".editor-toast").textContent())
      .toContain("First tap a word in the text (or select several), then choose Comment.");
    // A tap on a word, then Comment: the comment box opens on that word.
    await page.locator(".editor-toast").getByRole("button", { name: "OK" }).tap();
    await editorOf(page).locator(".doc-section__content p").first().tap();
    await comment.tap();
    await expect.poll(() => page.locator("#new-comment").isVisible(), { timeout: 10_000 }).toBe(true);
    await snap(page, "phone-13-approver");
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});

describe("at 200 % zoom", () => {
  it("shows the text on the first screen, with the same one-row toolbar", async () => {
    const page = await openLeaflet("wren", ZOOM_200);
    expect(await fullyVisible(page, editorOf(page).locator(".doc-section__content p").first())).toBe(true);
    const tops = await page
      .getByRole("toolbar", { name: "Formatting" })
      .locator(":scope > button, :scope > .toolbar-more > button")
      .evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await snap(page, "phone-14-zoom-200");
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});

describe("what screen readers hear about others", () => {
  it("names the person and the section, never an empty title", async () => {
    const wren = await openLeaflet("wren", DESKTOP);
    // Alone first: a page an earlier test closed without its unload handlers stays present until the server's
    // presence timeout (30 s), and would be counted among those still here.
    await expect
      .poll(() => wren.getByRole("list", { name: "People here now" }).getByRole("listitem").count(), {
        timeout: 40_000,
      })
      .toBe(1);
    const will = await openLeaflet("will", DESKTOP);
    await expect.poll(() => liveRegion(wren).textContent(), { timeout: 10_000 }).toBe("Will joined.");
    const paragraph = sectionOf(will, "Your home").locator(".doc-section__content p").first();
    await paragraph.click();
    await will.keyboard.press("End");
    await will.keyboard.type(" Will was here.");
    await expect.poll(() => liveRegion(wren).textContent(), { timeout: 10_000 }).toBe("Will is editing “Your home”.");
    // Will closes his tab, as a person does (the page's unload handlers run: his presence goes at once, not when the
    // server next notices a silent connection).
    await will.close({ runBeforeUnload: true });
    await will.waitForEvent("close");
    await will.context().close();
    await expect
      .poll(() => liveRegion(wren).textContent(), { timeout: 30_000 })
      .toBe("Will left. You're the only one here now.");
    await wren.context().close();
  });
});
