import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
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

async function openLeaflet(username: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signInAs(page, server.url, username);
  await page.getByRole("link", { name: "Women's Rights" }).click();
  await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
  return page;
}

const editorOf = (page: Page) => page.getByRole("textbox", { name: /^Document text/ });
const documentText = (page: Page) =>
  page.evaluate(() => {
    const copy = document.querySelector("#document-text")!.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
    return copy.textContent;
  });
const sectionText = (page: Page, title: string) =>
  editorOf(page)
    .locator("section.doc-section", { has: page.getByRole("heading", { name: title, exact: true }) })
    .locator(".doc-section__content");

describe("writing together", () => {
  it("two writers type in different sections at the same time and converge", async () => {
    const [wren, will] = await Promise.all([openLeaflet("wren"), openLeaflet("will")]);
    await sectionText(wren, "Your home").locator("p").first().click();
    await wren.keyboard.press("End");
    await sectionText(will, "Contact us").locator("p").first().click();
    await will.keyboard.press("End");
    await Promise.all([
      wren.keyboard.type(" Wren typing here.", { delay: 15 }),
      will.keyboard.type(" Will typing there.", { delay: 15 }),
    ]);
    for (const page of [wren, will]) {
      await expect.poll(() => editorOf(page).textContent(), { timeout: 10_000 }).toContain("Wren typing here.");
      await expect.poll(() => editorOf(page).textContent(), { timeout: 10_000 }).toContain("Will typing there.");
    }
    // The same text everywhere (leaving out other people's cursor labels, which differ by design).
    expect(await documentText(wren)).toBe(await documentText(will));
    await expect
      .poll(() => will.getByRole("list", { name: "People here now" }).textContent())
      .toContain("in “Your home”");
    await wren.context().close();
    await will.context().close();
  });

  it("edits made while the server is unreachable are kept on the device and merged when it is back", async () => {
    const wren = await openLeaflet("wren");
    const port = server.port;
    const dataDir = server.dataDir;
    await server.stop();
    await expect
      .poll(() => wren.getByRole("status").first().textContent(), { timeout: 15_000 })
      .toMatch(/Offline|Connecting/);
    await sectionText(wren, "Your rights at work").locator("p").first().click();
    await wren.keyboard.press("End");
    await wren.keyboard.type(" Written on the bus.");
    await screenshot(wren, "editor-offline");

    server = await startServer({ dataDir, port });
    await expect.poll(() => wren.getByText("All changes saved").isVisible(), { timeout: 20_000 }).toBe(true);
    const will = await openLeaflet("will");
    await expect.poll(() => editorOf(will).textContent(), { timeout: 10_000 }).toContain("Written on the bus.");
    await wren.context().close();
    await will.context().close();
  });

  it("a comment is added, replied to and resolved by another person", async () => {
    const [will, wren] = await Promise.all([openLeaflet("will"), openLeaflet("wren")]);
    // Will selects words with the keyboard and comments.
    const paragraph = sectionText(will, "Your home").locator("p").first();
    await paragraph.click();
    await will.keyboard.press("Home");
    await will.keyboard.press("Shift+End");
    // As a person does: the words are seen chosen before the button is pressed (and the editor has heard of it).
    await expect
      .poll(() => will.evaluate(() => window.getSelection()?.toString().length ?? 0), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await will.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    await will.getByRole("button", { name: "Comment", exact: true }).click();
    await will.getByLabel("Your comment").fill("Can we add the Shelter helpline here?");
    await will.getByRole("button", { name: "Add comment" }).click();

    await wren.getByRole("tab", { name: "Comments" }).click();
    const thread = wren.locator(".thread", { hasText: "Can we add the Shelter helpline here?" });
    await expect.poll(() => thread.isVisible(), { timeout: 10_000 }).toBe(true);
    await thread.getByLabel("Reply").fill("Good idea, I'll add it.");
    await thread.getByRole("button", { name: "Send reply" }).click();
    await expect
      .poll(() => will.locator(".thread").first().textContent(), { timeout: 10_000 })
      .toContain("Good idea, I'll add it.");

    await thread.getByRole("button", { name: /^Resolve/ }).click();
    await expect.poll(() => will.getByText("No open comments.").isVisible(), { timeout: 10_000 }).toBe(true);
    await will.getByText("Resolved comments (1)").click();
    await expect.poll(() => will.getByText(/Resolved by Wren/).isVisible()).toBe(true);
    await screenshot(will, "editor-comments");
    expect(await axeViolations(will)).toEqual([]);
    await will.context().close();
    await wren.context().close();
  });

  it("reached with Tab alone, the text has a caret and takes what is typed", async () => {
    const wren = await openLeaflet("wren");
    for (
      let presses = 0;
      presses < 60 && (await wren.evaluate(() => document.activeElement?.id)) !== "document-text";
      presses += 1
    )
      await wren.keyboard.press("Tab");
    expect(await wren.evaluate(() => document.activeElement?.id)).toBe("document-text");
    await wren.keyboard.type("Tabbed in. ");
    await expect.poll(() => editorOf(wren).textContent()).toContain("Tabbed in. ");
    await wren.keyboard.press("Control+z");
    await expect.poll(() => editorOf(wren).textContent()).not.toContain("Tabbed in.");
    await wren.context().close();
  });

  it("a coordinator adds a section, assigns it and changes its status using only the keyboard", async () => {
    const cora = await openLeaflet("cora");
    const titleInput = cora.getByLabel("New section title");
    await titleInput.focus();
    await cora.keyboard.type("Money and benefits");
    await cora.keyboard.press("Enter");
    await expect
      .poll(() => editorOf(cora).getByRole("heading", { name: "Money and benefits" }).isVisible(), { timeout: 5000 })
      .toBe(true);

    const item = cora.locator(".section-item", { hasText: "Money and benefits" });
    // Handing over is named on the button that opens it, and the owner list says how.
    expect(await item.locator("summary").innerText()).toMatch(/^Change or hand over\s+“Money and benefits”$/);
    await item.locator("summary").focus();
    await cora.keyboard.press("Enter");
    await item.getByLabel("Owner").focus();
    expect(await item.getByRole("combobox", { name: "Owner" }).getAttribute("aria-describedby")).toBeTruthy();
    await expect.poll(() => item.getByText(/To hand this section over, choose who takes it on/).isVisible()).toBe(true);
    await item.getByLabel("Owner").selectOption({ label: "Will" }); // select options are chosen with the keyboard in a real browser
    await item.getByLabel("Note for the new owner (optional)").focus();
    await cora.keyboard.type("Please start with Universal Credit.");
    // Nothing is written in it yet: it can't be marked done.
    await item.getByLabel("Status").selectOption("done");
    await item.getByRole("button", { name: /^Save/ }).focus();
    await cora.keyboard.press("Enter");
    await expect
      .poll(() => item.getByRole("alert").innerText())
      .toContain("Nothing is written in this section yet: grey hints are not printed.");
    await item.getByLabel("Status").selectOption("ready-for-review");
    await item.getByRole("button", { name: /^Save/ }).focus();
    await cora.keyboard.press("Enter");
    // Said where she saved it, not only aloud: who has it now, and that they were told.
    await expect
      .poll(() => item.locator(".section-settings__saved").innerText())
      .toBe("Handed “Money and benefits” to Will. They have been told, with your note.");

    const header = editorOf(cora)
      .locator("section.doc-section", { has: cora.getByRole("heading", { name: "Money and benefits" }) })
      .locator(".doc-section__header");
    await expect.poll(() => header.textContent()).toContain("Ready for review · Owner: Will");
    await expect.poll(() => header.textContent()).toContain("Handover note: Please start with Universal Credit.");

    // Move it up with the keyboard; focus stays on the button so it can move again.
    await item.getByRole("button", { name: "Move “Money and benefits” up" }).focus();
    await cora.keyboard.press("Enter");
    const titles = await cora.locator(".section-item__title").allTextContents();
    expect(titles.indexOf("Money and benefits")).toBe(titles.length - 2);

    const will = await openLeaflet("will");
    await expect
      .poll(() => editorOf(will).textContent(), { timeout: 10_000 })
      .toContain("Handover note: Please start with Universal Credit.");
    await screenshot(cora, "editor-sections");
    expect(await axeViolations(cora)).toEqual([]);

    // When only owners may change their sections, Will hands it on to Wren: he may no longer change it, so its
    // settings go, but what he did stays in sight under the section.
    await cora.getByRole("radio", { name: "Only each section's owner" }).check();
    const willItem = will.locator(".section-item", { hasText: "Money and benefits" });
    await expect.poll(() => willItem.locator("summary").isVisible(), { timeout: 10_000 }).toBe(true);
    await willItem.locator("summary").click();
    await willItem.getByLabel("Owner").selectOption({ label: "Wren" });
    await willItem.getByLabel("Note for the new owner (optional)").fill("Over to you for the last part.");
    await willItem.getByRole("button", { name: /^Save/ }).click();
    await expect
      .poll(() => willItem.locator(".section-settings__saved").innerText())
      .toBe("Handed “Money and benefits” to Wren. They have been told, with your note.");
    expect(await willItem.locator("summary").count()).toBe(0);
    await cora.getByRole("radio", { name: "Everyone who writes" }).check();

    // Setting a document up: several sections to one person at once, with the keyboard; each is handed over.
    const many = cora.locator(".assign-many");
    await many.locator("summary").focus();
    await cora.keyboard.press("Enter");
    await many.getByRole("checkbox", { name: "Who this leaflet is for" }).check();
    await many.getByRole("checkbox", { name: "Contact us" }).check();
    await many.getByLabel("Give them to").selectOption({ label: "Will" });
    await many.getByRole("button", { name: "Give the ticked sections" }).focus();
    await cora.keyboard.press("Enter");
    await expect
      .poll(() => many.locator(".section-settings__saved").innerText())
      .toBe("2 sections given to Will. They have been told.");
    for (const title of ["Who this leaflet is for", "Contact us"])
      await expect
        .poll(() => cora.locator(".section-item", { hasText: title }).locator(".section-item__meta").innerText())
        .toContain("Owner: Will");
    expect(await axeViolations(cora)).toEqual([]);
    await screenshot(cora, "editor-sections-give-several");
    await cora.context().close();
    await will.context().close();
  });

  /** Opens the picture dialog in the first paragraph of "Your home" and chooses a plain picture of that size. */
  async function choosePicture(page: Page, name: string, width: number, height: number, colour: string) {
    const png = await sharp({ create: { width, height, channels: 3, background: colour } })
      .png()
      .toBuffer();
    await sectionText(page, "Your home").locator("p").first().click();
    await page.getByRole("button", { name: "More" }).click();
    await page.getByRole("menuitem", { name: "Picture", exact: true }).click();
    // The dialog opens on finding a picture, its first part.
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type))
      .toBe("search");
    await page
      .getByLabel("Or a picture from your device (a photo or drawing up to 2 MB)")
      .setInputFiles({ name, mimeType: "image/png", buffer: png });
  }

  it("a picture needs a description (or a decoration mark) and then appears in the text", async () => {
    const page = await openLeaflet("wren");
    await choosePicture(page, "house.png", 40, 30, "#1d4f91");
    await page.getByRole("button", { name: "Add picture" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("Describe the picture");
    await page.getByLabel("Describe the picture").fill("A front door with a key in the lock");
    // A file that is not a picture is refused, and the keyboard goes back to the file (the button was out of use).
    const file = page.getByLabel("Or a picture from your device (a photo or drawing up to 2 MB)");
    await file.setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some words") });
    await page.getByRole("button", { name: "Add picture" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("not a picture we can use");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("picture-file");
    expect(await file.getAttribute("aria-invalid")).toBe("true");
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#1d4f91" } })
      .png()
      .toBuffer();
    await file.setInputFiles({ name: "house.png", mimeType: "image/png", buffer: png });
    expect(await file.getAttribute("aria-invalid")).toBeNull();
    await page.getByRole("button", { name: "Add picture" }).click();
    const image = editorOf(page).getByRole("img", { name: "A front door with a key in the lock" });
    await expect.poll(() => image.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await image.getAttribute("src")).toMatch(/^\/uploads\//);
    // The picture just added is in sight, not under the pinned toolbar.
    const picture = (await image.boundingBox())!;
    const toolbar = (await page.getByRole("toolbar", { name: "Formatting" }).boundingBox())!;
    expect(picture.y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height);
    expect(picture.y + picture.height).toBeLessThanOrEqual(900);
    expect(await axeViolations(page)).toEqual([]);
    // Its description is shown under it, and mended there without knowing the More menu.
    const figure = editorOf(page).locator("figure.doc-picture");
    expect(await figure.locator("figcaption").textContent()).toContain(
      "Description: A front door with a key in the lock",
    );
    await figure.getByRole("button", { name: "Change description" }).click();
    const field = page.getByLabel("Describe the picture");
    await expect.poll(() => field.inputValue()).toBe("A front door with a key in the lock");
    await field.fill("A blue front door with a key in the lock");
    await page.getByRole("button", { name: "Save description" }).click();
    await expect
      .poll(() => editorOf(page).getByRole("img", { name: "A blue front door with a key in the lock" }).count())
      .toBe(1);
    expect(await figure.locator("figcaption").textContent()).toContain("Description: A blue front door");
    await page.context().close();
  });

  it("draws a large picture small enough to keep the words around it in sight", async () => {
    const page = await openLeaflet("wren");
    await choosePicture(page, "park.png", 1600, 1200, "#00703c");
    await page.getByLabel("Describe the picture").fill("A green park");
    await page.getByRole("button", { name: "Add picture" }).click();
    const image = editorOf(page).getByRole("img", { name: "A green park" });
    await expect.poll(() => image.isVisible(), { timeout: 10_000 }).toBe(true);
    const box = (await image.boundingBox())!;
    // 14rem at most (224 px), its shape kept.
    expect(box.height).toBeLessThanOrEqual(225);
    expect(box.width / box.height).toBeCloseTo(1600 / 1200, 1);
    // It went after the paragraph she had clicked in, not into the middle of its sentence.
    expect(await sectionText(page, "Your home").locator("p").first().textContent()).toMatch(
      /^If you rent, you have the right to a home that is safe and in good repair\./,
    );
    await image.scrollIntoViewIfNeeded();
    await screenshot(page, "editor-picture-with-description");
    await page.context().close();
  });

  it("in Easy Read, a row gets its picture beside its words, and More adds another row", async () => {
    const { api, signIn } = await import("../helpers/clients");
    const made = await api<{ id: string }>(server.url, await signIn(server.url, "cora"), "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: "Easy Read test", templateId: "a4-easy-read" }),
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, server.url, "wren");
    await page.goto(`${server.url}/documents/${made.body.id}`);
    await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
    const rows = editorOf(page).locator(".easy-read-row");
    await rows.first().locator(".easy-read-row__words p").click();
    await page.keyboard.type("This is for parents.");
    await expect.poll(() => rows.first().locator(".easy-read-row__words").textContent()).toBe("This is for parents.");
    await page.getByRole("button", { name: "More" }).click();
    await page.getByRole("menuitem", { name: "Picture for this row" }).click();
    // A WebP, as pictures saved from the web often are: taken in like PNG and JPEG.
    const webp = await sharp({ create: { width: 120, height: 90, channels: 3, background: "#1d4f91" } })
      .webp()
      .toBuffer();
    const file = page.getByLabel("Or a picture from your device (a photo or drawing up to 2 MB)");
    expect(await file.getAttribute("accept")).toContain("image/webp");
    await file.setInputFiles({ name: "family.webp", mimeType: "image/webp", buffer: webp });
    await page.getByLabel("Describe the picture").fill("A parent and a child");
    await page.getByRole("button", { name: "Add picture" }).click();
    const picture = rows.first().getByRole("img", { name: "A parent and a child" });
    await expect.poll(() => picture.isVisible(), { timeout: 10_000 }).toBe(true);
    // Beside the words, not above them.
    const words = (await rows.first().locator(".easy-read-row__words").boundingBox())!;
    expect((await picture.boundingBox())!.x + 10).toBeLessThan(words.x);

    const before = await rows.count();
    await rows.first().locator(".easy-read-row__words p").click();
    await page.getByRole("button", { name: "More" }).click();
    await page.getByRole("menuitem", { name: "Easy Read row" }).click();
    // The caret is in the new row once the editor has the focus back.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest(".ProseMirror") !== null)).toBe(true);
    await page.keyboard.type("A new idea.");
    await expect.poll(() => rows.count()).toBe(before + 1);
    expect(await rows.nth(1).locator(".easy-read-row__words").textContent()).toBe("A new idea.");
    await screenshot(page, "editor-easy-read-rows");
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("checks words as people type and jumps to the finding", async () => {
    const page = await openLeaflet("wren");
    await sectionText(page, "Your home").locator("p").first().click();
    await page.keyboard.press("End");
    await page.keyboard.type(" Some addicts may need this too.");
    await page.getByRole("tab", { name: /^Checks/ }).click();
    const finding = page.locator(".checks-finding", { hasText: "addicts" }).first();
    await expect.poll(() => finding.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await finding.textContent()).toMatch(/(people|person) with an addiction/); // a kinder alternative is offered
    await finding.getByRole("button", { name: /Show in the text/ }).click();
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toContain("addicts");
    await screenshot(page, "editor-checks");
    // A long sentence is lit up with the caret before it, not selected: one key pressed would have replaced it all.
    await page.keyboard.press("Control+End"); // the end of the document, a sentence of its own
    const long =
      " If you are worried about your safety at home or at work and you want to talk to someone who understands what you are going through then call us.";
    await page.keyboard.type(long);
    const longOne = page.locator(".checks-finding", { hasText: "Long sentence" }).first();
    await expect.poll(() => longOne.isVisible(), { timeout: 15_000 }).toBe(true);
    // Checked again once typing stops: the finding then covers the whole sentence.
    await expect.poll(() => page.getByText("Checking…").count(), { timeout: 15_000 }).toBe(0);
    await longOne.getByRole("button", { name: /Show in the text/ }).click();
    await expect
      .poll(async () => (await page.locator(".ProseMirror .spotlight").allTextContents()).join(""))
      .toBe(long.trim());
    const selection = await page.evaluate(() => {
      const selected = window.getSelection()!;
      return { collapsed: selected.isCollapsed, focused: document.activeElement?.classList.contains("ProseMirror") };
    });
    expect(selection).toEqual({ collapsed: true, focused: true });
    await page.keyboard.type("Please read this. ");
    await expect.poll(() => editorOf(page).textContent()).toContain(`Please read this. ${long.trim()}`);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("works on a 390 px wide phone screen with no axe violations", async () => {
    const page = await openLeaflet("wren", { width: 390, height: 844 });
    await screenshot(page, "editor-phone");
    expect(await axeViolations(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
