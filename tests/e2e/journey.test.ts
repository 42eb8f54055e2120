/**
 * The whole journey, as the people in a co-production group would live it, in Chromium with separate browser
 * contexts (issue 7), on a 1280 px desktop and a 390 × 844 phone (issue 12's journey review): the coordinator starts
 * and shares, writers write and fix what the checks find, the designer picks colours, the placeholders hold
 * publishing back, the approver asks for a change from her phone and the writer sees her words, she later approves,
 * the coordinator publishes and a viewer reads. Screenshots of every step are kept in test-results/journey-*.png and
 * the release's PDF pages as pictures in test-results/journey-pdf-*.png: look at them.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
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
  await removeDataDir(server.dataDir);
});

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

async function person(
  username?: string,
  options: BrowserContextOptions = { viewport: { width: 1280, height: 900 } },
): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true, ...options })).newPage();
  if (username) await signInAs(page, server.url, username);
  return page;
}

async function snap(page: Page, name: string) {
  step += 1;
  await screenshot(page, `journey-${String(step).padStart(2, "0")}-${name}`, { always: true });
}

const editorOf = (page: Page) => page.getByRole("textbox", { name: /^Document text/ });
const sectionContent = (page: Page, index: number) =>
  editorOf(page).locator("section.doc-section").nth(index).locator(".doc-section__content");

/** Puts the caret at the very end of a paragraph, as a person clicking after its last word would. */
async function clickAtEnd(paragraph: ReturnType<Page["locator"]>) {
  const box = (await paragraph.boundingBox())!;
  await paragraph.click({ position: { x: box.width - 2, y: box.height - 6 } });
}

async function openEditor(page: Page, url: string) {
  await page.goto(url);
  await expect
    .poll(() => page.getByText(/^(All changes saved|Up to date)$/).isVisible(), { timeout: 20_000 })
    .toBe(true);
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
  const form = page.locator("section", {
    has: page.getByRole("heading", { name: `Your decision on ${part === "Design" ? "the design" : "the words"}` }),
  });
  await form.getByLabel("Approve").check();
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
    await nia.waitForURL(/\/documents\?welcome$/);
    expect(await nia.getByRole("region", { name: "Welcome to Demo Charity, Nia" }).textContent()).toContain(
      "Below are the documents your group is working on. Open one to start.",
    );
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
      await expect
        .poll(() => editorOf(page).textContent(), { timeout: 10_000 })
        .toContain("who want to know their rights.");
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
    await dana
      .getByRole("button", { name: /^Use #[0-9a-f]{6}$/ })
      .first()
      .click();
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
    // While they are there, nothing can be published: the sign-off page says what is missing, and Publish refuses.
    await cora.goto(`${documentUrl}/review`);
    const thisVersion = cora.locator(".review-box", { has: cora.getByRole("heading", { name: "This version" }) });
    await expect
      .poll(
        async () => {
          await cora.reload();
          return (await thisVersion.textContent()) ?? "";
        },
        { timeout: 20_000 },
      )
      .toMatch(/Not ready to publish yet\..*the template's words are still in \d+ places/);
    // Publishing is not offered until the version is ready (the server refuses it too: integration tests); the
    // Publish part points at the list that stays up to date instead of repeating it.
    const publish = cora.getByRole("region", { name: "Publish", exact: true });
    expect(await publish.getByRole("button", { name: "Publish this version" }).count()).toBe(0);
    expect(await publish.textContent()).toContain("You can publish this version once it is ready.");
    await publish.getByRole("link", { name: "See what is still needed" }).click();
    await expect.poll(() => cora.evaluate(() => location.hash)).toBe("#version-heading");
    await snap(cora, "placeholders-hold-publishing");
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

    // 8. Abi (lived experience), on her phone, first asks for a change in her own words; Wren, who owns that
    // section, sees exactly what she asked above the text and on her section.
    const abi = await person("abi", PHONE);
    const request = "Please say that women on zero-hours contracts have these rights too.";
    await abi.goto(`${documentUrl}/review`);
    const wordsDecision = abi.locator("section", {
      has: abi.getByRole("heading", { name: "Your decision on the words" }),
    });
    await wordsDecision.getByLabel("Ask for changes").check();
    await wordsDecision.getByLabel("Your comment").fill(request);
    await wordsDecision.getByLabel("What you need to know").check();
    await wordsDecision.getByRole("button", { name: /Send decision/ }).click();
    await expect.poll(() => abi.getByRole("status").first().textContent()).toMatch(/have been told what you asked/);
    // On her phone the form is far down the page: the confirmation comes to her, focused and in view.
    await expect.poll(() => abi.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("status");
    const said = (await abi.getByRole("status").first().boundingBox())!;
    expect(said.y).toBeGreaterThanOrEqual(0);
    expect(said.y + said.height).toBeLessThanOrEqual(844);
    await snap(abi, "approver-asks-for-a-change-phone");
    expect(await axeViolations(abi)).toEqual([]);
    // Her decision is in the list, whole, on the phone: each row a card, nothing cut off at the side.
    const decisionRow = abi.locator("tr", { hasText: "Asked for changes" }).first();
    await decisionRow.scrollIntoViewIfNeeded();
    expect(await decisionRow.textContent()).toContain("Words");
    const row = (await decisionRow.boundingBox())!;
    expect(row.x).toBeGreaterThanOrEqual(0);
    expect(row.x + row.width).toBeLessThanOrEqual(await abi.evaluate(() => window.innerWidth));
    expect(
      await abi
        .locator(".table-scroll")
        .first()
        .evaluate((element) => element.scrollWidth <= element.clientWidth + 1),
    ).toBe(true);
    await snap(abi, "approver-decisions-phone");
    await wren.reload();
    await expect.poll(() => wren.getByText("All changes saved").isVisible(), { timeout: 20_000 }).toBe(true);
    // The request's card comes a moment after the text can be typed in.
    await expect.poll(() => wren.locator(".change-banner").textContent(), { timeout: 20_000 }).toContain(request);
    await snap(wren, "writer-sees-the-request");

    // Wren answers it from her phone: the toolbar is one row well under a tenth of the screen, the words come first.
    const wrenPhone = await person("wren", PHONE);
    await openEditor(wrenPhone, documentUrl);
    const toolbarHeight = await wrenPhone
      .getByRole("toolbar")
      .first()
      .evaluate((element) => element.getBoundingClientRect().height);
    expect(toolbarHeight).toBeLessThanOrEqual(844 / 10);
    await expect.poll(() => wrenPhone.locator(".change-banner").textContent(), { timeout: 20_000 }).toContain(request);
    await clickAtEnd(sectionContent(wrenPhone, 1).locator("p").first());
    await wrenPhone.keyboard.type(" This is true on a zero-hours contract too.");
    await expect
      .poll(() => editorOf(wren).textContent(), { timeout: 10_000 })
      .toContain("on a zero-hours contract too."); // on her laptop too
    await snap(wrenPhone, "writer-answers-on-her-phone");
    expect(await axeViolations(wrenPhone)).toEqual([]);

    // Then Abi approves the words; Alex approves the design.
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
    const [download] = await Promise.all([
      cora.waitForEvent("download"),
      cora.getByRole("link", { name: "Download the PDF", exact: true }).click(),
    ]);
    const text = execFileSync("pdftotext", [(await download.path())!, "-"])
      .toString()
      .replace(/\s+/g, " ");
    writeFileSync(path.join(artifactsDir, "journey-release.txt"), text);
    expect(text).toContain("Women's Rights 2027");
    expect(text).toContain("who want to know their rights.");
    expect(text).toContain("paid the same as men. This is true on a zero-hours contract too. This includes bonuses.");
    expect(text).toContain("Some people who use drugs come to us for help.");
    expect(text).not.toContain("addicts");
    expect(text).not.toContain("DRAFT");
    expect(text).toContain("Freephone: 0808 157 0123");
    // The print shop's file of the same release: trimmed and bled, with the same words.
    const [printDownload] = await Promise.all([
      cora.waitForEvent("download"),
      cora.getByRole("link", { name: "Download the PDF for a print shop" }).click(),
    ]);
    expect(execFileSync("pdfinfo", ["-box", (await printDownload.path())!]).toString()).toMatch(
      /TrimBox:[\s\S]*BleedBox:|BleedBox:[\s\S]*TrimBox:/,
    );
    expect(
      execFileSync("pdftotext", [(await printDownload.path())!, "-"])
        .toString()
        .replace(/\s+/g, " "),
    ).toContain("Some people who use drugs come to us for help.");
    for (const hint of ["Put the one thing people must remember here", "add your phone number", "Add a short heading"])
      expect(text).not.toContain(hint);
    expect(text).toContain("help@demo-charity.example"); // an address printed whole, never hyphenated
    // Every page of the release as a picture, to be looked at.
    execFileSync("pdftoppm", ["-r", "60", "-png", (await download.path())!, path.join(artifactsDir, "journey-pdf")]);
    const pictures = readdirSync(artifactsDir).filter((file) => /^journey-pdf-\d+\.png$/.test(file));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [(await download.path())!]).toString())![1]);
    expect(pictures.length).toBe(pages);
    expect(pages % 4).toBe(0); // an A5 booklet is folded from sheets of four pages

    // 11. Vic, a viewer, reads it on her phone: no tools she cannot use, and whom to ask.
    const vic = await person("vic", PHONE);
    await openEditor(vic, documentUrl);
    expect(await vic.getByRole("toolbar").count()).toBe(0);
    // The reader's bar is loaded lazily: on a busy machine its words come a moment after "Up to date".
    await expect
      .poll(() =>
        vic
          .getByText(/^You can read this document\. Ask Cora \(coordinator\) if you need to write or comment\.$/)
          .isVisible(),
      )
      .toBe(true);
    expect(await editorOf(vic).textContent()).toContain("who want to know their rights.");
    await snap(vic, "viewer-reads-on-her-phone");
    expect(await axeViolations(vic)).toEqual([]);

    for (const page of [cora, nia, wren, wrenPhone, dana, abi, alex, vic]) await page.context().close();
  }, 300_000); // the whole group's work, hints written over one by one: longer than one e2e step
});
