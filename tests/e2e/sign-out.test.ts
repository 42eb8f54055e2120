/**
 * Signing out on a shared computer: the copies of documents the editor keeps in the browser (IndexedDB, for working
 * offline) are removed, and the sign-in page says so (issue 11, item 6).
 */
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

const REMOVED = "You're signed out. Copress removed the copies of your documents kept on this device.";

/** The names of this site's IndexedDB databases, as the page sees them. */
const databases = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((info) => info.name ?? ""));
const offlineCopies = async (page: Page) => (await databases(page)).filter((name) => name.startsWith("copress:"));

async function openLeaflet(page: Page) {
  await page.getByRole("link", { name: "Women's Rights" }).click();
  await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
  // The editor keeps its copy on the device as soon as it has the document.
  await expect.poll(() => offlineCopies(page), { timeout: 10_000 }).toHaveLength(1);
}

describe("signing out clears this device's offline copies", () => {
  it("“Sign out” removes the copies and says so on the sign-in page", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, "wren");
    await openLeaflet(page);
    const [name] = await offlineCopies(page);
    const me = (await (await page.request.get(`${server.url}/api/session`)).json()) as { user: { id: string } };
    expect(name).toMatch(new RegExp(`^copress:[0-9a-f-]{36}:${me.user.id}$`));

    await page.getByRole("button", { name: /^Sign out/ }).click();
    await page.waitForURL(`${server.url}/login`);
    const status = page.getByRole("status");
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe(REMOVED);
    expect(await offlineCopies(page)).toEqual([]);
    await screenshot(page, "signed-out");
    expect(await axeViolations(page)).toEqual([]);

    // Only a real sign-out does this: coming back to the sign-in page later (or by a link) says nothing and removes nothing.
    await page.reload();
    await page.waitForLoadState("networkidle");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in to Copress");
    expect(await page.getByRole("status").count()).toBe(0);
    await context.close();
  });

  it("“Sign out everywhere” does the same, even with the document still open in another tab", async () => {
    const context = await browser.newContext();
    const editorTab = await context.newPage();
    await signInAs(editorTab, server.url, "will");
    await openLeaflet(editorTab);

    const accountTab = await context.newPage();
    await accountTab.goto(`${server.url}/account`);
    await accountTab.getByRole("button", { name: "Sign out everywhere" }).click();
    await accountTab.waitForURL(`${server.url}/login`);
    // The other tab's editor lets go of its copy when asked, so the removal finishes without closing it.
    await expect.poll(() => accountTab.getByRole("status").textContent(), { timeout: 10_000 }).toBe(REMOVED);
    expect(await offlineCopies(accountTab)).toEqual([]);
    expect(await offlineCopies(editorTab)).toEqual([]);
    // And the editor tab knows its session has ended.
    await expect.poll(() => editorTab.getByText("Your session has ended").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await axeViolations(accountTab)).toEqual([]);
    await context.close();
  });

  it("a link to the sign-in page cannot make a browser delete its copies", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, "dana");
    await openLeaflet(page);
    // Someone else's link, opened while the session has ended some other way (here: the cookie is gone).
    await context.clearCookies();
    await page.goto(`${server.url}/login?signedOut=1&deleted=1`);
    await page.waitForLoadState("networkidle");
    expect(await offlineCopies(page)).toHaveLength(1);
    await context.close();
  });
});
