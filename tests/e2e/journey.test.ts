/**
 * The whole journey, as the people in a co-production group would live it, in Chromium with separate browser
 * contexts (issue 7). Screenshots of every step are kept in test-results/journey-*.png.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactsDir, axeViolations, launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;
let step = 0;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  removeDataDir(server.dataDir);
});

async function person(username?: string): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  if (username) await signInAs(page, server.url, username);
  return page;
}

async function snap(page: Page, name: string) {
  step += 1;
  await screenshot(page, `journey-${String(step).padStart(2, "0")}-${name}`);
}

const editorOf = (page: Page) => page.getByRole("textbox", { name: /^Document text/ });
const sectionContent = (page: Page, index: number) => editorOf(page).locator("section.doc-section").nth(index).locator(".doc-section__content");

/** Puts the caret at the very end of a paragraph, as a person clicking after its last word would. */
async function clickAtEnd(paragraph: ReturnType<Page["locator"]>) {
  const box = (await paragraph.boundingBox())!;
  await paragraph.click({ position: { x: box.width - 2, y: box.height - 6 } });
}

async function openEditor(page: Page, url: string) {
  await page.goto(url);
  await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 20_000 }).toBe(true);
}

/** What the group writes in place of a template hint. */
function ownWords(hint: string, part: number): string {
  if (hint.startsWith("Your organisation")) return "Demo Charity";
  if (hint.startsWith("Phone")) return "Freephone: 0808 157 0123 (Monday to Friday, 9am to 5pm)";
  if (hint.startsWith("Email")) return "Email: help@demo-charity.example";
  if (hint.startsWith("Website")) return "Website: www.demo-charity.example";
  if (hint.startsWith("Add a short heading")) return "Your rights at home";
  return `We can help you with this, step ${part}.`;
}

async function decide(page: Page, documentUrl: string, part: "Words (content)" | "Design") {
  await page.goto(`${documentUrl}/review`);
  const form = page.locator("section", { has: page.getByRole("heading", { name: `Your decision on ${part === "Design" ? "the design" : "the words"}` }) });
  await form.getByLabel("Approve").check();
  await form.getByRole("button", { name: /Send decision/ }).click();
  await expect.poll(() => page.getByRole("status").last().textContent()).toMatch(/Thank you/);
}

describe("the Women's Rights leaflet, from a blank page to a published PDF", () => {
  it("is made, checked, signed off and published by the whole group", async () => {
    // 1. The coordinator starts the leaflet from the A5 booklet template.
    const cora = await person("cora");
    await cora.getByLabel("Title").fill("Women's Rights 2027");
    await cora.getByRole("radio", { name: /A5 booklet/ }).check();
    await cora.getByRole("button", { name: "Start document" }).click();
    await cora.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    const documentUrl = cora.url();
    await openEditor(cora, documentUrl);
    await snap(cora, "coordinator-starts");

    // 2. She invites a new writer by link (no email needed), who joins.
    await cora.goto(`${server.url}/members`);
    await cora.getByRole("button", { name: "Make invite link" }).click();
    const inviteLink = (await cora.getByLabel("Invite link").inputValue()).trim();
    const nia = await person();
    await nia.goto(inviteLink);
    await nia.getByLabel("Your name").fill("Nia");
    await nia.getByLabel("Choose a username").fill("nia");
    await nia.getByLabel("Choose a password").fill("a long enough password");
    await nia.getByRole("button", { name: "Join" }).click();
    await nia.waitForURL(/\/documents$/);
    await snap(nia, "writer-joins");

    // 3. She assigns sections: the first to Nia, the second to Wren.
    await openEditor(cora, documentUrl);
    for (const [index, owner] of [
      [0, "Nia"],
      [1, "Wren"],
    ] as const) {
      const item = cora.locator(".section-item").nth(index);
      await item.locator("summary").click();
      await item.getByLabel("Owner").selectOption({ label: owner });
      await item.getByRole("button", { name: /^Save/ }).click();
      await expect.poll(() => item.locator(".section-item__meta").textContent()).toContain(`Owner: ${owner}`);
    }
    await snap(cora, "sections-assigned");

    // 4. Two writers co-write at the same time.
    const wren = await person("wren");
    await Promise.all([openEditor(nia, documentUrl), openEditor(wren, documentUrl)]);
    await sectionContent(nia, 0).locator("p").first().click();
    await nia.keyboard.press("Control+A"); // selects this section's text only (pressed again: everything)
    await clickAtEnd(sectionContent(wren, 1).locator("p").first());
    await Promise.all([
      nia.keyboard.type("This leaflet is for women in the UK who want to know their rights.", { delay: 10 }),
      wren.keyboard.type(" You have the right to be paid the same as men.", { delay: 10 }),
    ]);
    for (const page of [nia, wren]) {
      await expect.poll(() => editorOf(page).textContent(), { timeout: 10_000 }).toContain("who want to know their rights.");
      await expect.poll(() => editorOf(page).textContent(), { timeout: 10_000 }).toContain("paid the same as men.");
    }
    await snap(wren, "co-writing");

    // 5. The designer picks a colour that is hard to read, is refused, and takes the suggestion.
    const dana = await person("dana");
    await dana.goto(`${documentUrl}/design`);
    await expect.poll(() => dana.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
    await dana.getByRole("textbox", { name: "Text", exact: true }).fill("#ffcc00");
    await dana.getByRole("button", { name: "Apply colours" }).click();
    await expect.poll(() => dana.getByRole("alert").filter({ hasText: "There is a problem" }).isVisible()).toBe(true);
    await snap(dana, "colour-refused");
    await dana.getByRole("button", { name: /^Use #[0-9a-f]{6}$/ }).first().click();
    await expect.poll(() => dana.getByText("Colours applied. Everyone sees them now.").isVisible()).toBe(true);
    await snap(dana, "colour-suggestion-taken");

    // 6. The checks flag "addicts" and a 40-word sentence; the writer fixes both.
    await clickAtEnd(sectionContent(nia, 0).locator("p").first());
    await nia.keyboard.press("Enter");
    const longSentence =
      "If you are worried about your safety at home or at work and you want to talk to someone who understands what you are going through and can help you make a plan that keeps you and your children safe then call us.";
    await nia.keyboard.type(`Some addicts come to us for help. ${longSentence}`);
    await nia.getByRole("tab", { name: /^Checks/ }).click();
    const addicts = nia.locator(".checks-finding", { hasText: "addicts" });
    const longOne = nia.locator(".checks-finding", { hasText: "Long sentence" });
    await expect.poll(() => addicts.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => longOne.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await snap(nia, "checks-flag-problems");
    // Select exactly that paragraph's words (as dragging over them would), then type over them.
    const problemParagraph = sectionContent(nia, 0).locator("p").nth(1);
    await problemParagraph.click();
    await problemParagraph.evaluate((paragraph) => {
      const range = document.createRange();
      range.selectNodeContents(paragraph);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    });
    await expect.poll(() => nia.evaluate(() => window.getSelection()?.toString())).toContain("Some addicts");
    await nia.keyboard.type(
      "Some people who use drugs come to us for help. If you are worried about your safety, call us. We will listen. We can help you make a plan to keep you and your children safe.",
    );
    await expect.poll(() => addicts.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => longOne.count(), { timeout: 15_000 }).toBe(0);
    await snap(nia, "checks-fixed");

    // 6b. The template's greyed hints are not words: the checks say each must be written over before sign-off, and
    // Nia writes her own words in every one (issue 12: nothing unfinished is published).
    const templateText = nia.locator(".checks-finding", { hasText: "Template text is still here" });
    await expect.poll(() => templateText.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await snap(nia, "checks-template-text");
    const hints = editorOf(nia).locator(".template-hint");
    for (let part = 1; (await hints.count()) > 0; part += 1) {
      const hint = hints.first();
      const words = (await hint.getAttribute("data-placeholder")) ?? "";
      await hint.click();
      await nia.keyboard.type(ownWords(words, part));
      await expect.poll(() => editorOf(nia).locator(`.template-hint[data-placeholder="${words}"]`).count()).toBe(0);
    }
    await expect.poll(() => templateText.count(), { timeout: 15_000 }).toBe(0);
    await snap(nia, "hints-written-over");

    // 7. The coordinator asks for one content approval from someone with lived experience.
    await cora.goto(`${documentUrl}/review`);
    await cora.getByText(/Who signs off this document\?/).click();
    const wordsRules = cora.locator("fieldset", { has: cora.getByText("Words", { exact: true }) });
    await wordsRules.getByLabel("At least one from someone with lived experience").check();
    await cora.getByRole("button", { name: "Save sign-off rules" }).click();
    await expect.poll(() => cora.getByRole("status").last().textContent()).toContain("Sign-off rules saved");

    // 8. Abi (lived experience) approves the words; Alex approves the design.
    const abi = await person("abi");
    const alex = await person("alex");
    await decide(abi, documentUrl, "Words (content)");
    await decide(alex, documentUrl, "Design");
    await abi.reload();
    await expect.poll(() => abi.getByText("Ready to publish.").isVisible()).toBe(true);
    await snap(abi, "approved");

    // 9. A late edit makes the words' approval stale; Abi looks again and re-approves.
    await clickAtEnd(sectionContent(wren, 1).locator("p").first());
    await wren.keyboard.type(" This includes bonuses.");
    await expect
      .poll(
        async () => {
          await abi.reload();
          return abi.locator("tr", { hasText: "Abi" }).first().textContent();
        },
        { timeout: 15_000 },
      )
      .toContain("Out of date");
    await snap(abi, "approval-stale");
    await decide(abi, documentUrl, "Words (content)");

    // 10. The coordinator publishes, downloads the PDF and it has the group's words.
    await cora.goto(`${documentUrl}/review`);
    await expect.poll(() => cora.getByText("Ready to publish.").isVisible()).toBe(true);
    await cora.getByRole("button", { name: "Publish this version" }).click();
    await cora.getByRole("link", { name: "See the release" }).click();
    await cora.waitForURL(/\/releases\//);
    await snap(cora, "published");
    expect(await axeViolations(cora)).toEqual([]);
    const [download] = await Promise.all([cora.waitForEvent("download"), cora.getByRole("link", { name: "Download the PDF" }).click()]);
    const text = execFileSync("pdftotext", [(await download.path())!, "-"]).toString().replace(/\s+/g, " ");
    writeFileSync(path.join(artifactsDir, "journey-release.txt"), text);
    expect(text).toContain("Women's Rights 2027");
    expect(text).toContain("who want to know their rights.");
    expect(text).toContain("paid the same as men. This includes bonuses.");
    expect(text).toContain("Some people who use drugs come to us for help.");
    expect(text).not.toContain("addicts");
    expect(text).not.toContain("DRAFT");
    expect(text).toContain("Freephone: 0808 157 0123");
    for (const hint of ["Put the one thing people must remember here", "add your phone number", "Add a short heading"]) expect(text).not.toContain(hint);

    for (const page of [cora, nia, wren, dana, abi, alex]) await page.context().close();
  }, 300_000); // the whole group's work, hints written over one by one: longer than one e2e step
});
