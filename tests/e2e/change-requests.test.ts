/**
 * Issue 12, as the group lives it: Abi (approver, lived experience) on her phone reads what she is asked to sign
 * off, asks for a change to one section in her own words; Wren sees it in her notifications, above the editor and on
 * the section, and answers "done"; Abi sees it answered. Every page on the way passes axe at phone and desktop
 * widths and at 200 % zoom.
 */
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { api, documentIdByTitle, signIn } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;
let leaflet: string;

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
/** 200 % zoom of a 1280 px window: the page lays out in 640 CSS pixels, drawn at twice the density. */
const ZOOMED: BrowserContextOptions = { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  leaflet = await documentIdByTitle(server.url, await signIn(server.url, "cora"), "Women's Rights");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

async function as(username: string, options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signInAs(page, server.url, username);
  return page;
}

async function expectNoAxeViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

describe("a change request, from Abi's phone to Wren's editor and back", () => {
  it("is asked in plain words, reaches Wren where she writes, is answered in place and shows as answered", async () => {
    const words = "Please add the Shelter helpline number, 0808 800 4444.";
    // Wren asks for sign-off with a message.
    const wrenToken = await signIn(server.url, "wren");
    const asked = await api(server.url, wrenToken, `/api/documents/${leaflet}/review-requests`, {
      method: "POST",
      body: JSON.stringify({ message: "Abi, this is ready for you. Thank you!" }),
    });
    expect(asked.status).toBe(201);

    // Abi, on her phone, finds it in "For you".
    const abi = await as("abi", PHONE);
    await abi.goto(`${server.url}/for-you`);
    await expect.poll(() => abi.getByRole("heading", { name: /Waiting for your sign-off/ }).isVisible()).toBe(true);
    await screenshot(abi, "issue12-abi-for-you-phone");
    await expectNoAxeViolations(abi, "For you (phone)");
    await abi.getByRole("link", { name: /Read and decide on “Women's Rights”/ }).click();
    await abi.waitForURL(/\/review$/);

    // The sign-off page: Wren's message in full at the top, the text to read, nothing pre-selected, no jargon.
    await expect.poll(() => abi.getByRole("heading", { name: /asked for sign-off/ }).isVisible()).toBe(true);
    expect(await abi.locator(".review-request__message").textContent()).toBe("Abi, this is ready for you. Thank you!");
    await expect.poll(() => abi.getByRole("heading", { name: "Read the text" }).isVisible()).toBe(true);
    expect(await abi.locator(".review-text__document").textContent()).toContain("Your home");
    const body = (await abi.locator("main").textContent()) ?? "";
    expect(body).not.toMatch(/fingerprint|hash/i);
    expect(body).toMatch(/This version was saved at \d\d:\d\d on /);
    expect(await abi.locator('input[name="decision"]:checked').count()).toBe(0);
    await screenshot(abi, "issue12-review-phone");
    await expectNoAxeViolations(abi, "Sign-off page (phone)");

    // The text is long on a phone: one link takes her straight to the decision.
    await abi.getByRole("link", { name: "Go straight to your decision" }).click();
    await expect
      .poll(() =>
        abi
          .getByRole("heading", { name: "Your decision on the words" })
          .evaluate((el) => el.getBoundingClientRect().top),
      )
      .toBeLessThan(844);

    // Sending without choosing says so at the top, and the link goes to the choice.
    const words_form = abi.locator("section", {
      has: abi.getByRole("heading", { name: "Your decision on the words" }),
    });
    await words_form.getByRole("button", { name: /Send decision/ }).click();
    const summary = abi.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect.poll(() => summary.isVisible()).toBe(true);
    await summary.getByRole("link", { name: "Choose approve, or ask for changes." }).click();
    expect(await abi.evaluate(() => document.activeElement?.id)).toBe("content-decision");
    await screenshot(abi, "issue12-review-error-phone");
    await expectNoAxeViolations(abi, "Sign-off page with an error (phone)");

    // She asks for changes to "Your home", in her own words.
    await words_form.getByLabel("Ask for changes").check();
    await words_form.getByLabel("Your comment").fill(words);
    await words_form.getByLabel("Your home").check();
    await words_form.getByRole("button", { name: /Send decision/ }).click();
    await expect.poll(() => abi.getByRole("status").first().textContent()).toMatch(/have been told what you asked/);
    const request = abi.locator(".review-changes .change-request").first();
    expect(await request.textContent()).toContain(words);
    expect(await request.textContent()).toContain("in “Your home”");
    await screenshot(abi, "issue12-review-asked-phone");
    await expectNoAxeViolations(abi, "Sign-off page after asking (phone)");

    // Wren hears about it, in Abi's words.
    const wren = await as("wren", DESKTOP);
    await wren.goto(`${server.url}/notifications`);
    const notice = wren.locator(".notification", { hasText: words });
    await expect.poll(() => notice.count()).toBe(1);
    expect(await notice.textContent()).toMatch(/Abi.* asked for changes to the words of “Women's Rights”/);
    await screenshot(wren, "issue12-wren-notifications");

    // In the document list and "For you".
    await wren.goto(`${server.url}/documents`);
    const card = wren.locator(".card", { has: wren.getByRole("link", { name: /^Women's Rights/ }) });
    expect(await card.locator(".card__waiting").textContent()).toMatch(/1 change asked for/);
    await screenshot(wren, "issue12-documents-desktop");
    await expectNoAxeViolations(wren, "Documents (desktop)");
    await wren.goto(`${server.url}/for-you`);
    expect(await wren.locator("#for-you-changes + ul").textContent()).toContain(words);
    await screenshot(wren, "issue12-wren-for-you-desktop");
    await expectNoAxeViolations(wren, "For you (desktop)");
    // "Write" opens the document at her section, with the caret in its words.
    await wren
      .getByRole("link", { name: /^Write .*Your rights at work/ })
      .first()
      .click();
    await expect.poll(() => wren.url()).toContain("?section=");
    await expect
      .poll(
        () =>
          wren.evaluate(
            () =>
              window
                .getSelection()
                ?.anchorNode?.parentElement?.closest("section.doc-section")
                ?.querySelector(".doc-section__title")?.textContent ?? null,
          ),
        { timeout: 20_000 },
      )
      .toBe("Your rights at work");
    // Its title is in sight at the top of the screen, not only the caret somewhere.
    await expect
      .poll(() =>
        wren.evaluate(() => {
          const title = [...document.querySelectorAll(".doc-section__title")].find(
            (element) => element.textContent === "Your rights at work",
          );
          const top = title?.getBoundingClientRect().top ?? -1;
          return top >= 0 && top < window.innerHeight / 2;
        }),
      )
      .toBe(true);

    // Above the editor, and on the section it concerns.
    await wren.goto(`${server.url}/documents/${leaflet}`);
    await expect.poll(() => wren.getByText("All changes saved").isVisible(), { timeout: 20_000 }).toBe(true);
    const banner = wren.locator(".change-banner");
    // The cards' code comes a moment after the text can be typed in ("Getting the change requests…" until then).
    await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toContain(words);
    expect(await banner.textContent()).toContain("— in “Your home”");
    const home = wren.locator(".section-item", { has: wren.getByRole("button", { name: "Your home", exact: true }) });
    expect(await home.locator(".section-item__change-request").textContent()).toContain(words);
    await screenshot(wren, "issue12-editor-banner-desktop");
    await expectNoAxeViolations(wren, "Editor with a change request (desktop)");

    // Will owns "Your home": on his phone the banner and the marked section are there too, and the words come first.
    const will = await as("will", PHONE);
    await will.goto(`${server.url}/documents/${leaflet}`);
    await expect.poll(() => will.getByText("All changes saved").isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => will.locator(".change-banner").textContent(), { timeout: 20_000 }).toContain(words);
    const bannerHeight = await will.locator(".change-banner").evaluate((el) => el.getBoundingClientRect().height);
    expect(bannerHeight).toBeLessThan(844 / 3);
    await screenshot(will, "issue12-editor-banner-phone");
    await expectNoAxeViolations(will, "Editor with a change request (phone)");
    await will.context().close();

    // Wren answers in place: done, with a note.
    await banner.locator("summary", { hasText: "Answer" }).click();
    await banner.getByLabel("A short note (needed for a reply)").fill("Added the helpline to “Your home”.");
    await banner.getByRole("button", { name: "Mark as done" }).click();
    await expect.poll(() => banner.getByRole("status").textContent()).toMatch(/It shows as done now/);
    await expect.poll(() => banner.locator(".change-request--done").count()).toBe(1);
    expect(await wren.locator(".section-item__change-request").count()).toBe(0);
    await screenshot(wren, "issue12-editor-answered-desktop");
    // Opened again with everything answered: one quiet folded line above the words.
    await wren.reload();
    await expect.poll(() => wren.locator(".change-banner").textContent()).toContain("Changes asked for: all answered");
    expect(await wren.locator("details.change-banner").getAttribute("open")).toBeNull();
    expect(await wren.locator(".change-banner").evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(60);
    await screenshot(wren, "issue12-editor-all-answered-desktop");

    // Abi is told, and sees it answered.
    await abi.goto(`${server.url}/notifications`);
    await expectNoAxeViolations(abi, "Notifications (phone)");
    expect(await abi.locator(".notification").first().textContent()).toMatch(
      /Wren.* says the change you asked for on “Women's Rights” is done: “Added the helpline to “Your home”\.”/,
    );
    await abi.goto(`${server.url}/documents/${leaflet}/review`);
    const answered = abi.locator(".change-request--done");
    expect(await answered.textContent()).toMatch(/Done — Wren/);
    expect(await answered.textContent()).toContain("Added the helpline");
    await screenshot(abi, "issue12-review-answered-phone");
    await expectNoAxeViolations(abi, "Sign-off page, answered (phone)");

    for (const page of [abi, wren]) await page.context().close();
  }, 240_000);

  it.each([
    ["phone", PHONE],
    ["desktop", DESKTOP],
    ["zoom-200", ZOOMED],
  ] as const)(
    "passes axe on the sign-off page, For you and the document list (%s)",
    async (name, options) => {
      // A second document with the same title: the list must tell them apart.
      const cora = await signIn(server.url, "cora");
      const listed = (await api<{ documents: Array<{ title: string }> }>(server.url, cora, "/api/documents")).body
        .documents;
      if (listed.filter((d) => d.title === "Women's Rights").length < 2) {
        expect(
          (
            await api(server.url, cora, "/api/documents", {
              method: "POST",
              body: JSON.stringify({ title: "Women's Rights", templateId: "a4-trifold" }),
            })
          ).status,
        ).toBe(201);
      }
      for (const who of ["abi", "wren", "cora"]) {
        const page = await as(who, options);
        for (const [label, path] of [
          ["review", `/documents/${leaflet}/review`],
          ["for-you", "/for-you"],
          ["documents", "/documents"],
        ] as const) {
          await page.goto(`${server.url}${path}`);
          await expect.poll(() => page.getByRole("heading", { level: 1 }).isVisible()).toBe(true);
          if (who === "abi") await screenshot(page, `issue12-${label}-${name}-${who}`);
          if (label === "documents") {
            const names = await page.getByRole("link", { name: /^Women's Rights/ }).allTextContents();
            expect(names).toHaveLength(2);
            expect(names[0]).not.toBe(names[1]);
            expect(names.join(" | ")).toMatch(/A4 tri-fold leaflet, changed \d{1,2} [A-Z][a-z]{2}/);
          }
          await expectNoAxeViolations(page, `${label} as ${who} (${name})`);
          // Nothing wider than the screen.
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
            `${label} as ${who} (${name}) fits`,
          ).toBe(true);
        }
        await page.context().close();
      }
    },
    240_000,
  );
});
