/**
 * The picture library in Chromium (issue 16): Wren gives an Easy Read row a picture from the library by typing a
 * word, keeps the description it fills in (changing it a little), and the row carries the picture, its description
 * and the licence's credit; the Checks no longer ask for a picture there. axe runs with the dialog open.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPENMOJI_CREDIT } from "../../app/domain/picture-credits";
import { axeViolations, launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { api, eventually, signIn } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;
let easyRead: string;
let cora: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  cora = await signIn(server.url, "cora");
  const made = await api<{ id: string }>(server.url, cora, "/api/documents", {
    method: "POST",
    body: JSON.stringify({ title: "Seeing your doctor", templateId: "a4-easy-read" }),
  });
  easyRead = made.body.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

type Row = { type: string; attrs: Record<string, unknown>; content?: unknown[] };
async function firstRow(): Promise<Row> {
  const { body } = await api<{ content: { content: Array<{ content: Row[] }> } }>(
    server.url,
    cora,
    `/api/documents/${easyRead}`,
  );
  return body.content.content[0]!.content.find((block) => block.type === "easyReadRow")!;
}

describe("an Easy Read row gets a picture from the library", () => {
  it("by a word, with its description filled in and the licence's credit kept", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page: Page = await context.newPage();
    await signInAs(page, server.url, "wren");
    await page.goto(`${server.url}/documents/${easyRead}`);
    await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);

    const row = page.locator("#document-text .easy-read-row").first();
    await row.locator("p").first().click();
    await page.keyboard.type("You can see a doctor when you are ill.");
    await page.getByRole("button", { name: "More" }).click();
    await page.getByRole("menuitem", { name: "Picture for this row" }).click();

    const dialog = page.getByRole("dialog", { name: "Picture for this row" });
    await dialog.getByLabel("Find a picture").fill("doctor");
    await dialog.getByRole("button", { name: "Look" }).click();
    await expect.poll(() => dialog.getByText(/pictures? for “doctor”/).isVisible()).toBe(true);
    const choice = dialog.getByRole("list", { name: "Pictures found" }).getByRole("button").first();
    const name = (await choice.locator("span").first().textContent())!;
    await choice.click();
    expect(await choice.getAttribute("aria-pressed")).toBe("true");
    expect(await dialog.getByLabel("Describe the picture").inputValue()).toBe(name);
    // The next step, saying what it shows, is where the keyboard goes (on a phone, it comes into view).
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("picture-alt");
    await expect.poll(() => dialog.getByText("The leaflet will say so.").isVisible()).toBe(true);
    await screenshot(page, "picture-library");
    expect(await axeViolations(page)).toEqual([]);

    await dialog.getByLabel("Describe the picture").fill(`${name} talking with a patient`);
    await dialog.getByRole("button", { name: "Add picture" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => row.locator("img").count(), { timeout: 10_000 }).toBe(1);

    await eventually(async () => {
      const stored = await firstRow();
      expect(stored.attrs.imageSrc).toMatch(/^\/uploads\//);
      expect(stored.attrs.imageAlt).toBe(`${name} talking with a patient`);
      expect(stored.attrs.imageCredit).toBe(OPENMOJI_CREDIT);
    });
    await context.close();
  });
});
