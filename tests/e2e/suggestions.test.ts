/**
 * Suggest and decide, in Chromium (issue 15): Abi, an approver with lived experience, rewords a sentence in Wren's
 * owned section and says why; Wren sees it as it happens and accepts it with the keyboard alone; the checks no
 * longer flag the word. Wren's own suggesting mode and a refused edit are covered too.
 */
import type { Browser, Page } from "playwright-core";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { api, connect, documentIdByTitle, eventually, sectionTitled, signIn, waitForSync } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;
let leaflet: string;
const SECTION = "Your rights at work";
const SENTENCE = "We also support addicts and their families. ";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // Cora puts the document in owned mode, with the section Wren's, and a sentence the checks will flag.
  const cora = await signIn(server.url, "cora");
  const wren = await signIn(server.url, "wren");
  const wrenId = (await api<{ user: { id: string } }>(server.url, wren, "/api/session")).body.user.id;
  leaflet = await documentIdByTitle(server.url, cora, "Women's Rights");
  const client = connect(server.url, leaflet, cora);
  await waitForSync(client);
  const section = sectionTitled(client.doc, SECTION);
  const paragraph = section
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === "paragraph")!;
  client.doc.transact(() => {
    client.doc.getMap("settings").set("ownershipMode", "owned");
    section.setAttribute("owner", wrenId);
    (paragraph.get(0) as Y.XmlText).insert(0, SENTENCE);
  });
  await eventually(async () => {
    const { body } = await api<{ content: unknown }>(server.url, cora, `/api/documents/${leaflet}`);
    expect(JSON.stringify(body.content)).toContain("support addicts");
  });
  client.destroy();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

async function openLeaflet(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, server.url, username);
  await page.getByRole("link", { name: "Women's Rights" }).click();
  await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
  return page;
}

const editorOf = (page: Page) => page.getByRole("textbox", { name: /^Document text/ });
const sectionText = (page: Page, title: string) =>
  editorOf(page)
    .locator("section.doc-section", { has: page.getByRole("heading", { name: title, exact: true }) })
    .locator(".doc-section__content");

/** A section's words as a reader sees them (without other people's caret labels). */
const wordsIn = (page: Page, title: string) =>
  page.evaluate((heading) => {
    const section = [...document.querySelectorAll("#document-text section.doc-section")].find(
      (candidate) => candidate.querySelector(".doc-section__title")?.textContent === heading,
    );
    const copy = section?.querySelector(".doc-section__content")?.cloneNode(true) as HTMLElement | undefined;
    copy?.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
    return copy?.textContent ?? "";
  }, title);

/** Selects the first occurrence of `words` in the text, as a double click would a word. */
async function selectWords(page: Page, words: string) {
  await page.evaluate((target) => {
    const root = document.querySelector("#document-text")!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(target);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + target.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error(`No “${target}” in the text`);
  }, words);
}

async function openTab(page: Page, name: RegExp) {
  await page.getByRole("tab", { name }).click();
}

describe("suggesting and deciding", () => {
  it("Abi rewords 'addicts' in Wren's section with a reason; Wren sees it live and accepts it with the keyboard; the finding goes", async () => {
    const [abi, wren] = await Promise.all([openLeaflet("abi"), openLeaflet("wren")]);
    expect(await editorOf(abi).getAttribute("aria-label")).toMatch(/shown as a suggestion/);
    // Wren's checks flag the word before anyone suggests anything.
    await openTab(wren, /^Checks/);
    await expect.poll(() => wren.locator("#panel-checks").textContent(), { timeout: 15_000 }).toContain("addicts");

    // Abi selects the word and types over it: a suggestion, not a change.
    await sectionText(abi, SECTION).locator("p").first().click();
    await selectWords(abi, "addicts");
    await abi.keyboard.type("people who use drugs");
    await expect.poll(() => abi.locator("ins.suggestion-insertion").textContent()).toBe("people who use drugs");
    await expect.poll(() => abi.locator("del.suggestion-deletion").textContent()).toBe("addicts");

    // She says why, from the Suggestions tab.
    await openTab(abi, /^Suggestions/);
    const panel = abi.locator("#panel-suggestions");
    await expect.poll(() => panel.textContent()).toContain("You suggested");
    await panel.getByRole("button", { name: /^Add a reason/ }).click();
    await abi.getByLabel("Why you suggest it (optional)").fill("Person-first words, as our group agreed");
    await abi.getByRole("button", { name: "Save reason" }).click();
    await expect.poll(() => panel.textContent()).toContain("Why: Person-first words, as our group agreed");
    // An approver has no Accept button: the words are Wren's to decide.
    expect(await panel.getByRole("button", { name: /^Accept/ }).count()).toBe(0);
    expect(await axeViolations(abi)).toEqual([]);
    await screenshot(abi, "suggestion-abi");

    // Wren sees it as it happens, with Abi's name and reason.
    await expect
      .poll(() => wren.locator("ins.suggestion-insertion").textContent(), { timeout: 10_000 })
      .toBe("people who use drugs");
    await expect
      .poll(() => wren.locator("ins.suggestion-insertion [title]").first().getAttribute("title"))
      .toBe("Suggested by Abi: Person-first words, as our group agreed");
    await openTab(wren, /^Suggestions/);
    const wrenPanel = wren.locator("#panel-suggestions");
    await expect.poll(() => wrenPanel.textContent()).toContain("Abi suggested");
    // The checks say what taking it would fix.
    await expect
      .poll(() => wrenPanel.locator(".suggestion__impact").textContent(), { timeout: 10_000 })
      .toMatch(/Accepting it fixes:.*“addicts”/);
    await expect.poll(() => wren.getByRole("tab", { name: /^Suggestions/ }).textContent()).toBe("Suggestions (1)");
    expect(await axeViolations(wren)).toEqual([]);
    await screenshot(wren, "suggestion-wren");

    // Keyboard only: into the text, to the suggestion, accept.
    await sectionText(wren, SECTION)
      .locator("p")
      .first()
      .click({ position: { x: 2, y: 4 } }); // the start of the paragraph, before the suggestion
    await wren.keyboard.press("Alt+ArrowDown");
    await expect
      .poll(() => wren.locator("[aria-live='polite']").first().textContent())
      .toMatch(/Suggestion 1 of 1, by Abi: “people who use drugs” instead of “addicts”\. Why: Person-first words/);
    await wren.keyboard.press("Control+Alt+Enter");
    await expect
      .poll(() => wren.locator("[aria-live='polite']").first().textContent())
      .toContain("Accepted Abi's suggestion");

    for (const page of [wren, abi]) {
      await expect
        .poll(() => wordsIn(page, SECTION), { timeout: 10_000 })
        .toContain("We also support people who use drugs and their families.");
      expect(await page.locator("ins.suggestion-insertion, del.suggestion-deletion").count()).toBe(0);
    }
    await openTab(wren, /^Checks/);
    await expect.poll(() => wren.locator("#panel-checks").textContent()).not.toContain("addicts");
    await abi.context().close();
    await wren.context().close();
  });

  it("a writer switches suggesting on for her own words; a new paragraph can't be suggested and she is told why", async () => {
    const wren = await openLeaflet("wren");
    // In "More", as a mode that stays on, said aloud and shown under the toolbar.
    await wren.getByRole("button", { name: "More" }).click();
    await wren.getByRole("menuitemcheckbox", { name: /Suggest changes/ }).click();
    await expect.poll(() => wren.locator(".suggesting-notice").isVisible()).toBe(true);
    await expect.poll(() => wren.locator("[aria-live='polite']").first().textContent()).toContain("Suggesting is on");
    await sectionText(wren, SECTION).locator("p").first().click();
    await wren.keyboard.press("Home");
    await wren.keyboard.type("Today: ");
    await expect
      .poll(() => sectionText(wren, SECTION).locator("ins.suggestion-insertion").first().textContent())
      .toBe("Today: ");
    await wren.keyboard.press("Enter");
    await expect
      .poll(() => wren.locator(".editor-toast").textContent())
      .toContain("You can suggest changes to the words within a paragraph");
    // Two more at the end of the paragraph. The last she takes back with the keyboard alone.
    await wren.keyboard.press("End");
    await wren.keyboard.type(" Thank you.");
    await wren.keyboard.press("Alt+ArrowUp");
    await expect
      .poll(() => wren.locator("[aria-live='polite']").first().textContent())
      .toMatch(/Suggestion 2 of 2, by you: Adding “Thank you\.”/);
    await wren.keyboard.press("Control+Alt+Backspace");
    await expect
      .poll(() => wren.locator("[aria-live='polite']").first().textContent())
      .toContain("Rejected your suggestion: Adding “Thank you.”");
    await expect.poll(() => wordsIn(wren, SECTION)).not.toContain("Thank you.");
    // Another, then both left are turned down at once.
    await sectionText(wren, SECTION)
      .locator("p")
      .first()
      .click({ position: { x: 2, y: 4 } });
    await wren.keyboard.press("End");
    await wren.keyboard.type(" Thanks again.");
    await openTab(wren, /^Suggestions/);
    await wren.getByRole("button", { name: "Reject all 2 in “Your rights at work”" }).click();
    await expect.poll(() => sectionText(wren, SECTION).locator("ins.suggestion-insertion").count()).toBe(0);
    expect(await wordsIn(wren, SECTION)).not.toContain("Today:");
    expect(await wordsIn(wren, SECTION)).not.toContain("Thanks again.");
    await wren.context().close();
  });

  it("Dana and Wren disagree about a colour: a decision is raised, views given, Alex decides with a reason, and it shows on the sign-off page", async () => {
    const signOffPage = async (username: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await signInAs(page, server.url, username);
      await page.goto(`${server.url}/documents/${leaflet}/review`);
      return page;
    };
    const dana = await signOffPage("dana");
    await dana.getByText("Raise a decision", { exact: true }).click();
    await dana.getByLabel("The question").fill("Which accent colour should the leaflet use?");
    await dana.getByLabel("What it is about").selectOption("design");
    await dana.getByLabel("The options, one on each line").fill("Teal\nPurple");
    await dana.getByRole("button", { name: "Raise the decision" }).click();
    await expect.poll(() => dana.getByRole("status").first().textContent()).toContain("Decision raised");
    const decision = dana.locator("article.decision");
    await decision.getByLabel("Teal").check();
    await decision.getByLabel("Why (optional)").fill("It matches our logo");
    await decision.getByRole("button", { name: "Give my view" }).click();
    await expect.poll(() => dana.locator("article.decision").textContent()).toContain("It matches our logo");

    const wren = await signOffPage("wren");
    await wren.locator("article.decision").getByLabel("Purple").check();
    await wren.locator("article.decision").getByLabel("Why (optional)").fill("Warmer, less clinical");
    await wren.locator("article.decision").getByRole("button", { name: "Give my view" }).click();
    await expect.poll(() => wren.locator("article.decision").textContent()).toContain("Warmer, less clinical");

    const alex = await signOffPage("alex");
    const open = alex.locator("article.decision");
    expect(await open.textContent()).toContain("You decide this");
    await open
      .getByRole("group", { name: /You decide this/ })
      .getByLabel("Purple")
      .check();
    await open.getByLabel("Why (everyone will see this)").fill("Purple passes contrast and the group found it warmer");
    expect(await axeViolations(alex)).toEqual([]);
    await open.getByRole("button", { name: "Decide", exact: true }).click();
    await expect
      .poll(() => alex.locator(".decision--decided").textContent())
      .toMatch(/Decided: Purple, by Alex.*Why: Purple passes contrast and the group found it warmer/);
    expect(await alex.locator(".decision--decided").textContent()).toContain(
      "Dana (designer): “Teal” — It matches our logo",
    );
    expect(await axeViolations(alex)).toEqual([]);
    await screenshot(alex, "decision-decided");
    for (const page of [dana, wren, alex]) await page.context().close();
  });

  it("in owned mode Wren is offered only what she may do, and her words in Will's empty hint line reach him as a suggestion", async () => {
    // Will's section gets a line still showing its template hint.
    const cora = connect(server.url, leaflet, await signIn(server.url, "cora"));
    await waitForSync(cora);
    cora.doc.transact(() => {
      const home = sectionTitled(cora.doc, "Your home");
      const hint = new Y.XmlElement("paragraph");
      hint.setAttribute("placeholder", "Write the first step here.");
      home.insert(home.length, [hint]);
    });
    await waitForSync(cora);
    cora.destroy();

    const wren = await openLeaflet("wren");
    await openTab(wren, /^Sections/);
    const item = (title: string) =>
      wren.locator(".section-item", { has: wren.getByRole("button", { name: title, exact: true }) });
    await expect.poll(() => item(SECTION).locator("summary", { hasText: "Change" }).count()).toBe(1);
    // Will's section: no Change (title, owner, removing it) and no moving it, which the server would refuse.
    expect(await item("Your home").locator("summary", { hasText: "Change" }).count()).toBe(0);
    expect(
      await item("Your home")
        .getByRole("button", { name: /^Move / })
        .count(),
    ).toBe(0);

    const hintLine = editorOf(wren).locator("p.template-hint", { hasText: "" }).last();
    await hintLine.click();
    await wren.keyboard.type("Call the council first.");
    await expect.poll(() => wordsIn(wren, "Your home")).toContain("Call the council first.");
    // Still connected, and stored as Wren's suggestion in Will's section.
    await expect.poll(() => wren.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await wren.getByText(/Not connected|couldn't be saved/).count()).toBe(0);
    const will = await signIn(server.url, "will");
    await eventually(async () => {
      const { body } = await api<{ content: unknown }>(server.url, will, `/api/documents/${leaflet}`);
      expect(JSON.stringify(body.content)).toMatch(/"text":"Call the council first\.","marks":\[\{"type":"insertion"/);
    });
    await screenshot(wren, "suggestion-in-hint-line");

    // She thinks better of it: "Take it back" in the Suggestions tab; the line shows its hint again, as stored.
    await openTab(wren, /^Suggestions/);
    await wren.getByRole("button", { name: /^Take it back/ }).click();
    await expect.poll(() => wordsIn(wren, "Your home")).not.toContain("Call the council first.");
    await eventually(async () => {
      const { body } = await api<{ content: unknown }>(server.url, will, `/api/documents/${leaflet}`);
      expect(JSON.stringify(body.content)).not.toContain("Call the council first.");
    });
    expect(await wren.getByText(/Not connected|couldn't be saved/).count()).toBe(0);
    await wren.context().close();
  });

  it("Will steps back from his section with one action; Cora sees it needs someone, and is told", async () => {
    const will = await openLeaflet("will");
    await openTab(will, /^Sections/);
    await will.getByRole("button", { name: "Step back from “Your home”" }).click();
    // One question, no reason asked; the keyboard is on "No" first.
    await will.getByRole("button", { name: "Yes, step back" }).click();
    await expect
      .poll(() => will.locator("[aria-live='polite']").first().textContent())
      .toContain("You've stepped back from “Your home”");
    const cora = await openLeaflet("cora");
    const home = editorOf(cora).locator("section.doc-section", {
      has: cora.getByRole("heading", { name: "Your home", exact: true }),
    });
    await expect.poll(() => home.locator(".doc-section__meta").first().textContent()).toBe("Needs someone");
    await cora.goto(`${server.url}/notifications`);
    await expect
      .poll(() => cora.locator("main").textContent())
      .toContain("Will stepped back from “Your home” in “Women's Rights”. It needs someone now.");
    expect(await axeViolations(cora)).toEqual([]);
    await will.context().close();
    await cora.context().close();
  });

  it("Cora names Vic the flow editor; Vic may suggest and sees every section's reading age, sentence length and tone", async () => {
    const cora = await openLeaflet("cora");
    await openTab(cora, /^Sections/);
    await cora.getByLabel("Flow editor").selectOption({ label: "Vic" });
    await expect
      .poll(() => cora.locator("[aria-live='polite']").first().textContent())
      .toContain("can now suggest changes in every section");
    const vic = await openLeaflet("vic");
    await expect.poll(() => vic.locator(".reader-bar").textContent()).toContain("You are this document's flow editor");
    await openTab(vic, /^Checks/);
    const flow = vic.locator("section.flow");
    await expect.poll(() => flow.textContent(), { timeout: 15_000 }).toContain("How the sections compare");
    expect(await flow.locator("tbody tr").count()).toBe(5);
    expect(await flow.locator("tbody tr").first().textContent()).toMatch(
      /^Who this leaflet is for\d+.*words on average, longest \d+(Speaks to the reader|Does not say “you”)/,
    );
    expect(await axeViolations(vic)).toEqual([]);
    await screenshot(vic, "flow-editor");
    await cora.context().close();
    await vic.context().close();
  });
});
