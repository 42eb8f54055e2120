import { execFileSync } from "node:child_process";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { connect, documentIdByTitle, signIn, typeInSection, waitForSync } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;
let leaflet: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  leaflet = await documentIdByTitle(server.url, await signIn(server.url, "cora"), "Women's Rights");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

async function as(username: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signInAs(page, server.url, username);
  return page;
}

async function decide(
  page: Page,
  part: "Words (content)" | "Design",
  decision: "Approve" | "Ask for changes",
  comment = "",
) {
  await page.goto(`${server.url}/documents/${leaflet}/review`);
  const form = page.locator("section", {
    has: page.getByRole("heading", { name: `Your decision on ${part === "Design" ? "the design" : "the words"}` }),
  });
  await form.getByLabel(decision).check();
  if (comment) await form.getByLabel("Comment").fill(comment);
  await form.getByRole("button", { name: /Send decision/ }).click();
  // The page has other live regions (a design approver's page preview says what it added): find the thank-you.
  await expect
    .poll(() =>
      page
        .getByRole("status")
        .filter({ hasText: /Thank you/ })
        .count(),
    )
    .toBeGreaterThan(0);
}

describe("review → approve → stale → re-approve → publish → download", () => {
  it("goes all the way, and the published web version passes axe", async () => {
    // A writer asks for sign-off; the approvers are told.
    const wren = await as("wren");
    await wren.goto(`${server.url}/documents/${leaflet}/review`);
    await wren.getByLabel("Message for the approvers (optional)").fill("Ready for you — thank you!");
    await wren.getByRole("button", { name: "Ask for sign-off" }).click();
    await expect.poll(() => wren.getByRole("status").last().textContent()).toContain("The approvers have been told");

    const abi = await as("abi");
    await abi.getByRole("link", { name: /Notifications/ }).click();
    await abi.getByRole("link", { name: "Open the document" }).first().click();
    await abi.waitForURL(/\/review$/);
    await decide(abi, "Words (content)", "Approve");
    const alex = await as("alex");
    // A design approver sees the pages as they will print, drawn on the sign-off page itself.
    await alex.goto(`${server.url}/documents/${leaflet}/review`);
    await expect.poll(() => alex.getByRole("heading", { name: "Look at the pages" }).isVisible()).toBe(true);
    const pages = alex.getByRole("region", { name: "Preview pages" });
    await expect.poll(() => pages.isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => pages.getByText("Women's Rights").first().isVisible()).toBe(true);
    // In the fonts the PDF prints with (a fallback font breaks lines, and so pages, somewhere else).
    const body = await pages
      .locator(".lp-page p")
      .first()
      .evaluate((element) => getComputedStyle(element).fontFamily.split(",")[0]!.replace(/"/g, "").trim());
    await expect
      .poll(() =>
        alex.evaluate(
          (family) =>
            [...document.fonts].some((face) => face.family.replace(/"/g, "") === family && face.status === "loaded"),
          body,
        ),
      )
      .toBe(true);
    await screenshot(alex, "design-approver-sees-the-pages");
    expect(await axeViolations(alex)).toEqual([]);
    await decide(alex, "Design", "Approve");
    await abi.reload();
    await expect.poll(() => abi.getByText("Ready to publish.").isVisible()).toBe(true);
    // What the sign-off rules do not count is still said: sections not marked done, comments still open.
    const worthALook = abi.getByRole("note", { name: "Worth a look before publishing" });
    expect(await worthALook.textContent()).toContain(
      "3 sections are not marked done yet: “Your rights at work” (ready for review), “Your home” (drafting), " +
        "“Support if you are being abused” (drafting).",
    );
    expect(await worthALook.textContent()).toContain("These do not stop publishing");
    await screenshot(abi, "review-ready");
    expect(await axeViolations(abi)).toEqual([]);

    // A late edit makes the content approval stale, for everyone to see.
    const writer = connect(server.url, leaflet, await signIn(server.url, "will"));
    await waitForSync(writer);
    typeInSection(writer.doc, 3, "One more thing. ");
    await expect
      .poll(
        async () => {
          await abi.reload();
          return abi.locator("tr", { hasText: "Abi" }).first().textContent();
        },
        { timeout: 10_000 },
      )
      .toContain("Out of date");
    writer.destroy();
    await expect.poll(() => abi.getByText("Not ready to publish yet.").isVisible()).toBe(true);
    await screenshot(abi, "review-stale");

    // Abi sees what changed since her last decision, marked in the text, and approves again.
    await expect
      .poll(() => abi.locator(".review-text__section ins").first().textContent())
      .toContain("One more thing.");
    await decide(abi, "Words (content)", "Approve");

    // The coordinator publishes (without ticking the reader link: she makes it later) and downloads the PDF.
    const cora = await as("cora");
    await cora.goto(`${server.url}/documents/${leaflet}/review`);
    // "Ready to publish" at the top takes her to Publish, far down the page.
    await cora.getByRole("link", { name: "Go to Publish" }).click();
    await expect.poll(() => cora.evaluate(() => location.hash)).toBe("#publish-heading");
    // Beside the button too: what is not done yet, with a link back to the list.
    expect(
      await cora
        .getByRole("region", { name: "Publish" })
        .getByText(/^Before you publish:/)
        .textContent(),
    ).toBe("Before you publish: 3 sections are not marked done (worth a look).");
    await cora.getByRole("button", { name: "Publish this version" }).click();
    // Publishing renders the PDFs, which takes a while on a busy machine: wait for the confirmation first.
    await cora.getByRole("link", { name: "See the release" }).waitFor();
    // Once out, the version is not offered for publishing again; the list links each release's PDF and web version.
    await expect.poll(() => cora.getByText("This version is already published as").isVisible()).toBe(true);
    // Wren's request for sign-off has been answered by the release: it is not shown as waiting any more.
    expect(await cora.getByRole("heading", { name: /asked for sign-off$/ }).count()).toBe(0);
    // The status at the top says so too, instead of "Ready to publish".
    await expect
      .poll(() => cora.locator(".status-line").first().innerText())
      .toBe("Published. This version is release 1.");
    expect(await cora.getByRole("button", { name: "Publish this version" }).count()).toBe(0);
    // Nor is sign-off asked for again: this version has it.
    expect(await cora.getByRole("button", { name: "Ask for sign-off" }).count()).toBe(0);
    // The checks are counted in the Checks page's own words.
    expect(await cora.getByText(/^Checks: \d+ must fix, \d+ should fix, \d+ tips?\./).count()).toBe(1);
    // Published: "before publishing" is no longer said.
    expect(await cora.getByRole("note", { name: "Worth a look before publishing" }).count()).toBe(0);
    expect(await cora.getByRole("link", { name: /^Web version of release 1/ }).getAttribute("href")).toMatch(
      /^\/api\/releases\/[^/]+\/html$/,
    );
    await screenshot(cora, "published-version-not-offered-again");
    await cora.getByRole("link", { name: "See the release" }).click();
    await cora.waitForURL(/\/releases\//);
    await screenshot(cora, "release-page");
    expect(await axeViolations(cora)).toEqual([]);
    // Beside the print shop's PDF, what its PDF page said for the printer (Women's Rights is an A5 booklet).
    expect(await cora.getByRole("region", { name: "Notes to give the print shop" }).textContent()).toMatch(
      /For the printer: the \d+ pages are in reading order\. Print them as a booklet/,
    );
    const [download] = await Promise.all([
      cora.waitForEvent("download"),
      cora.getByRole("link", { name: "Download the PDF", exact: true }).click(),
    ]);
    const file = await download.path();
    const text = execFileSync("pdftotext", [file!, "-"]).toString();
    expect(text).toContain("One more thing.");
    expect(text).toContain("Women's Rights");

    // No link for readers yet: she makes one on the release page. It works without signing in, and the web version
    // passes axe (colour contrast included).
    await expect.poll(() => cora.getByText("This release was published without a link").isVisible()).toBe(true);
    await cora.getByRole("button", { name: "Make a link for readers" }).click();
    await cora.getByLabel("Address to give readers").waitFor();
    await screenshot(cora, "release-page-link-made");
    expect(await axeViolations(cora)).toEqual([]);
    const link = (await cora.getByLabel("Address to give readers").inputValue()).trim();
    expect(link).toMatch(/\/r\/[\w-]{32}$/);
    // The test server has no PUBLIC_URL and is opened as 127.0.0.1: the page says nobody else could open this link.
    await expect
      .poll(() => cora.getByText(/^This address names this computer \(127\.0\.0\.1:\d+\)/).isVisible())
      .toBe(true);
    expect(await cora.getByRole("button", { name: "Copy the link" }).count()).toBe(1);
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(link);
    await expect.poll(() => reader.getByRole("heading", { level: 1 }).textContent()).toContain("Women's Rights");
    await screenshot(reader, "web-version");
    expect(await axeViolations(reader)).toEqual([]);

    for (const page of [wren, abi, alex, cora, reader]) await page.context().close();
  });

  it("a saved version can be read on its own and passes axe", async () => {
    const wren = await as("wren");
    await wren.goto(`${server.url}/documents/${leaflet}/versions`);
    await wren.getByLabel("Name this version").fill("Sent to staff for review");
    await wren.getByRole("button", { name: "Save version" }).click();
    await wren.getByRole("link", { name: "Sent to staff for review", exact: true }).click();
    await expect.poll(() => wren.getByText("This is a read-only copy.").isVisible()).toBe(true);
    await screenshot(wren, "version-view");
    expect(await axeViolations(wren)).toEqual([]);
    await wren.context().close();
  });
});

describe("making a PDF", () => {
  it("shows progress, then a preview and a download, with no axe violations", async () => {
    const page = await as("wren");
    await page.goto(`${server.url}/documents/${leaflet}/export`);
    await page.getByRole("button", { name: "Make the PDF" }).click();
    await expect
      .poll(() => page.getByRole("heading", { name: /^Preview \(\d+ pages/ }).isVisible(), { timeout: 30_000 })
      .toBe(true);
    expect(await page.getByRole("progressbar").getAttribute("value")).toBe("100");
    const frame = page.locator("iframe.pdf-preview");
    expect(await frame.getAttribute("title")).toBe("PDF preview of Women's Rights");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download the PDF", exact: true }).click(),
    ]);
    const text = execFileSync("pdftotext", [(await download.path())!, "-"]).toString();
    expect(text).toContain("Who this leaflet is for");
    await screenshot(page, "export-page");
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("on a phone, offers to open the PDF instead of a frame inside the page", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    // As Chrome on Android says of itself.
    await context.addInitScript(() => Object.defineProperty(navigator, "pdfViewerEnabled", { get: () => false }));
    const page = await context.newPage();
    await signInAs(page, server.url, "wren");
    await page.goto(`${server.url}/documents/${leaflet}/export`);
    await page.getByRole("button", { name: "Make the PDF" }).click();
    const open = page.getByRole("link", { name: "Open the PDF", exact: true });
    await open.waitFor({ timeout: 30_000 });
    expect(await page.locator("iframe").count()).toBe(0);
    const response = await page.request.get(new URL((await open.getAttribute("href"))!, server.url).toString());
    expect(response.headers()["content-type"]).toBe("application/pdf");
    await screenshot(page, "export-page-phone");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
