/**
 * Issue 12 in Chromium: Share on the document (invite with a role, Copy link, the newcomer lands on the document),
 * the same header and tabs on every document page, and template switches that ask first and are announced to
 * everyone. axe on the share dialog, the design page and the checks page at desktop, phone and 200 % zoom widths.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { api, connect, documentIdByTitle, signIn, waitForSync, type SyncClient } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;
let cora: string;
let leaflet: string;
let version: string;
const clients: SyncClient[] = [];

/** 1280 px desktop, a 390 px phone, and 1280 px at 200 % zoom (the same CSS width as a 640 px window). */
const SCREENS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  zoom200: { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 },
} as const;
type Screen = keyof typeof SCREENS;
/** Pages here load data, connect and render under a busy machine: give each expectation time to come true. */
const SOON = { timeout: 10_000 };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  cora = await signIn(server.url, "cora");
  leaflet = await documentIdByTitle(server.url, cora, "Women's Rights");
  version = (
    await api<{ id: string }>(server.url, cora, `/api/documents/${leaflet}/versions`, {
      method: "POST",
      body: JSON.stringify({ name: "First draft" }),
    })
  ).body.id;
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await browser?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

async function personIn(context: BrowserContext, username?: string): Promise<Page> {
  const page = await context.newPage();
  if (username) await signInAs(page, server.url, username);
  return page;
}

async function open(
  username: string,
  screen: Screen = "desktop",
  options: { clipboard?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    ...SCREENS[screen],
    ...(options.clipboard ? { permissions: ["clipboard-read", "clipboard-write"] } : {}),
  });
  return personIn(context, username);
}

const designNow = async () =>
  (await api<{ design: { templateId: string } }>(server.url, cora, `/api/documents/${leaflet}`)).body.design;

async function waitForEditor(page: Page) {
  await expect.poll(() => page.getByText("All changes saved").first().isVisible(), { timeout: 15_000 }).toBe(true);
}

/** The header every document page shares: title, Share, and the six tabs with exactly the current one marked. */
async function expectDocumentHeader(
  page: Page,
  current: string,
  marked: "page" | "true" = "page",
  textTab: "Write" | "Read" = "Write",
) {
  // (A saved version shows the document itself below, with its own title: the header's comes first.)
  await expect.poll(() => page.getByRole("heading", { level: 1 }).first().textContent(), SOON).toBe("Women's Rights");
  const tabs = page.getByRole("navigation", { name: "This document" }).getByRole("link");
  expect(await tabs.allTextContents()).toEqual([textTab, "Design", "Checks", "Versions", "PDF", "Sign-off"]);
  // After a tab is clicked the address changes first; the page (and its marked tab) follows once its data is in.
  await expect
    .poll(
      () =>
        tabs.evaluateAll((links) =>
          links
            .filter((link) => link.hasAttribute("aria-current"))
            .map((link) => [link.textContent, link.getAttribute("aria-current")]),
        ),
      SOON,
    )
    .toEqual([[current, marked]]);
  await expect.poll(() => page.getByRole("button", { name: "Share" }).isVisible(), SOON).toBe(true);
  expect(await page.getByRole("link", { name: "← All documents" }).count()).toBe(1);
  expect(await page.getByText("Layout: A5 booklet").count()).toBe(1);
}

describe("Share on the document", () => {
  it("Cora invites someone to write from the editor, copies the link, and the newcomer joins and lands on the document", async () => {
    const page = await open("cora", "desktop", { clipboard: true });
    await page.goto(`${server.url}/documents/${leaflet}`);
    await waitForEditor(page);
    const share = page.getByRole("button", { name: "Share" });
    await share.click();
    const dialog = page.getByRole("dialog", { name: "Share “Women's Rights”" });
    await expect.poll(() => dialog.isVisible(), SOON).toBe(true);
    // Focus moves into the dialog, to its heading.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Share “Women's Rights”");
    await expect.poll(() => dialog.getByRole("radio", { name: "Write" }).isChecked(), SOON).toBe(true);
    await screenshot(page, "share-dialog-coordinator");
    expect(await axeViolations(page)).toEqual([]);

    await dialog.getByRole("button", { name: "Make a link" }).click();
    const link = dialog.getByRole("textbox", { name: "Invite link (Write)" });
    await expect.poll(() => link.isVisible(), SOON).toBe(true);
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{43}$`));
    await expect
      .poll(() => dialog.getByRole("status").filter({ hasText: "Link made for someone to write." }).isVisible(), SOON)
      .toBe(true);
    // Keyboard focus is on Copy link, the next thing to do.
    const copy = dialog.getByRole("button", { name: "Copy link" });
    // (once the page has caught up with the new link: the focus moves when the form is done)
    await expect.poll(() => copy.evaluate((button) => button === document.activeElement), SOON).toBe(true);
    await page.keyboard.press("Enter");
    await expect
      .poll(() => dialog.getByText("Copied. You can paste it into a message now.").isVisible(), SOON)
      .toBe(true);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    // The open link is listed with a way to cancel it.
    await expect.poll(() => dialog.getByRole("button", { name: /^Cancel the write link/ }).count(), SOON).toBe(1);
    await screenshot(page, "share-dialog-link-copied");
    expect(await axeViolations(page)).toEqual([]);

    // Escape closes, and focus goes back to Share.
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.isVisible(), SOON).toBe(false);
    expect(await share.evaluate((button) => button === document.activeElement)).toBe(true);

    // Someone new, in their own browser.
    const newcomer = await personIn(await browser.newContext(SCREENS.phone));
    await newcomer.goto(url);
    await expect
      .poll(() => newcomer.getByText("You've been invited to “Women's Rights”, to write.").isVisible(), SOON)
      .toBe(true);
    await newcomer.getByLabel("Your name").fill("Nia");
    await newcomer.getByLabel("Choose a username").fill("nia");
    await newcomer.getByLabel("Choose a password").fill("a long enough password");
    await newcomer.getByRole("button", { name: "Join" }).click();
    await newcomer.waitForURL(`${server.url}/documents/${leaflet}?welcome`);
    await waitForEditor(newcomer);
    await expectDocumentHeader(newcomer, "Write");
    expect(await newcomer.getByRole("textbox", { name: "Document text", exact: true }).count()).toBe(1);
    // A welcome first: how to start writing, in plain steps, put away with one tap (and the words get the focus).
    const welcome = newcomer.getByRole("region", { name: "Welcome to Demo Charity, Nia" });
    await expect.poll(() => welcome.isVisible()).toBe(true);
    expect(await welcome.textContent()).toContain("Grey words are hints from the template. Write over them.");
    await screenshot(newcomer, "share-newcomer-lands-on-document", { always: true });
    expect(await axeViolations(newcomer)).toEqual([]);
    await welcome.getByRole("button", { name: /^Got it/ }).tap();
    await expect.poll(() => welcome.count(), SOON).toBe(0);
    expect(newcomer.url()).toBe(`${server.url}/documents/${leaflet}`);
    await expect.poll(() => newcomer.evaluate(() => document.activeElement?.id), SOON).toBe("document-text");

    // The link is used up: Cora's list is empty when she opens Share again.
    await share.click();
    await expect.poll(() => dialog.getByText("Who can open it").isVisible(), SOON).toBe(true);
    await expect.poll(() => dialog.getByRole("listitem").filter({ hasText: "Nia" }).count(), SOON).toBe(1);
    expect(await dialog.getByRole("button", { name: /^Cancel the/ }).count()).toBe(0);
    await dialog.getByRole("button", { name: "Close" }).click();
    await page.context().close();
    await newcomer.context().close();
  });

  it("without clipboard permission the link is selected and the person is told how to copy it", async () => {
    const page = await open("cora");
    await page.goto(`${server.url}/documents/${leaflet}/versions`);
    // Without permission, the Clipboard API refuses and the older copy command is not allowed either.
    await page.evaluate(() => {
      Object.defineProperty(navigator, "clipboard", {
        value: { writeText: () => Promise.reject(new Error("denied")) },
      });
      document.execCommand = () => false;
    });
    await page.getByRole("button", { name: "Share" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Copy address" }).click();
    await expect.poll(() => dialog.getByText(/Your browser didn't let Copress copy it\./).isVisible(), SOON).toBe(true);
    const field = dialog.getByRole("textbox", { name: "Address of this document" });
    expect(await field.inputValue()).toBe(`${server.url}/documents/${leaflet}`);
    const selected = await field.evaluate((input: HTMLInputElement) => [
      input === document.activeElement,
      input.value.slice(input.selectionStart!, input.selectionEnd!),
    ]);
    expect(selected).toEqual([true, `${server.url}/documents/${leaflet}`]);
    await page.context().close();
  });

  it("people who cannot invite see who can open the document and whom to ask; the share dialog passes axe on a phone and at 200 %", async () => {
    for (const screen of ["phone", "zoom200", "desktop"] as const) {
      const page = await open("wren", screen);
      await page.goto(`${server.url}/documents/${leaflet}/checks`);
      await page.getByRole("button", { name: "Share" }).click();
      const dialog = page.getByRole("dialog");
      await expect.poll(() => dialog.getByText("Ask Cora (coordinator) to invite them.").isVisible(), SOON).toBe(true);
      expect(await dialog.getByRole("button", { name: "Make a link" }).count()).toBe(0);
      await expect.poll(() => dialog.getByRole("listitem").filter({ hasText: "Wren (you)" }).count(), SOON).toBe(1);
      expect(await dialog.getByRole("textbox", { name: "Address of this document" }).inputValue()).toBe(
        `${server.url}/documents/${leaflet}`,
      );
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, screen).toBeLessThanOrEqual(0);
      await screenshot(page, `share-dialog-writer-${screen}`);
      expect(await axeViolations(page), screen).toEqual([]);
      await page.context().close();
    }
    // Anyone can ask someone already here to look at it, with a note, all by keyboard.
    const wren = await open("wren", "phone");
    await wren.goto(`${server.url}/documents/${leaflet}/checks`);
    await wren.getByRole("button", { name: "Share" }).click();
    const dialog = wren.getByRole("dialog");
    const who = dialog.getByRole("combobox", { name: "Who?" });
    await expect.poll(() => who.isVisible(), SOON).toBe(true);
    await dialog.getByRole("button", { name: "Tell them" }).click();
    await expect.poll(() => dialog.getByText("Choose someone from the list.").isVisible(), SOON).toBe(true);
    await who.selectOption({ label: "Abi" });
    await dialog.getByRole("textbox", { name: "A note for them (if you like)" }).fill("Could you read the money part?");
    await dialog.getByRole("textbox", { name: "A note for them (if you like)" }).press("Tab");
    await wren.keyboard.press("Enter");
    await expect
      .poll(() => dialog.getByRole("status").filter({ hasText: "Abi has been told." }).isVisible(), SOON)
      .toBe(true);
    await expect
      .poll(() => dialog.getByRole("textbox", { name: "A note for them (if you like)" }).inputValue(), SOON)
      .toBe("");
    expect(await axeViolations(wren)).toEqual([]);
    await wren.context().close();
    const abi = await open("abi");
    await abi.goto(`${server.url}/notifications`);
    const item = abi
      .getByRole("listitem")
      .filter({ hasText: "Wren would like you to look at “Women's Rights”: “Could you read the money part?”" });
    await expect.poll(() => item.isVisible(), SOON).toBe(true);
    expect(await item.textContent()).toContain("New:");
    await item.getByRole("link", { name: "Open the document" }).click();
    await abi.waitForURL(`${server.url}/documents/${leaflet}`);
    // Opened from the notification, it is read: no longer new, back on the list.
    await abi.goto(`${server.url}/notifications`);
    await expect.poll(() => item.isVisible(), SOON).toBe(true);
    expect(await item.textContent()).not.toContain("New:");
    // Someone else's notification (or a made-up one) is not followed: the list shows.
    await abi.goto(`${server.url}/notifications?open=not-a-notification`);
    expect(new URL(abi.url()).pathname).toBe("/notifications");
    await abi.context().close();

    const phone = await open("cora", "phone");
    await phone.goto(`${server.url}/documents/${leaflet}/design`);
    await phone.getByRole("button", { name: "Share" }).click();
    await expect
      .poll(() => phone.getByRole("dialog").getByRole("button", { name: "Make a link" }).isVisible(), SOON)
      .toBe(true);
    await screenshot(phone, "share-dialog-coordinator-phone");
    expect(await axeViolations(phone)).toEqual([]);
    await phone.context().close();
  });
});

describe("the same navigation on every document page", () => {
  it("write, design, checks, versions, a version, PDF and sign-off all show the header and tabs, with the current one marked", async () => {
    const page = await open("cora");
    const pages: Array<[string, string, "page" | "true"]> = [
      ["", "Write", "page"],
      ["/design", "Design", "page"],
      ["/checks", "Checks", "page"],
      ["/versions", "Versions", "page"],
      [`/versions/${version}`, "Versions", "true"],
      ["/export", "PDF", "page"],
      ["/review", "Sign-off", "page"],
    ];
    for (const [suffix, tab, marked] of pages) {
      await page.goto(`${server.url}/documents/${leaflet}${suffix}`);
      await expectDocumentHeader(page, tab, marked);
    }
    // The tabs take you there.
    await page.getByRole("navigation", { name: "This document" }).getByRole("link", { name: "Design" }).click();
    await page.waitForURL(`${server.url}/documents/${leaflet}/design`);
    await expectDocumentHeader(page, "Design");
    await page.getByRole("navigation", { name: "This document" }).getByRole("link", { name: "Checks" }).click();
    await page.waitForURL(`${server.url}/documents/${leaflet}/checks`);
    await expectDocumentHeader(page, "Checks");
    await page.context().close();

    // Someone who may not change the words reads them: the first tab says so.
    const viewer = await open("vic");
    await viewer.goto(`${server.url}/documents/${leaflet}`);
    await expectDocumentHeader(viewer, "Read", "page", "Read");
    await viewer.goto(`${server.url}/documents/${leaflet}/review`);
    await expectDocumentHeader(viewer, "Sign-off", "page", "Read");
    await viewer.context().close();

    // On a phone every tab is in sight, whole (they wrap; none is cut in half), the current one too.
    const phone = await open("cora", "phone");
    for (const suffix of ["/export", "/review"]) {
      await phone.goto(`${server.url}/documents/${leaflet}${suffix}`);
      const current = phone.getByRole("navigation", { name: "This document" }).locator("[aria-current]");
      await expect
        .poll(() =>
          current.evaluate((link) => {
            const row = link.closest("nav")!.getBoundingClientRect();
            const box = link.getBoundingClientRect();
            return box.left >= row.left && box.right <= row.right;
          }),
        )
        .toBe(true);
      const cut = await phone
        .getByRole("navigation", { name: "This document" })
        .getByRole("link")
        .evaluateAll(
          (links) =>
            links.filter((link) => {
              const row = link.closest("nav")!.getBoundingClientRect();
              const box = link.getBoundingClientRect();
              return box.left < row.left || box.right > row.right;
            }).length,
        );
      expect(cut).toBe(0);
    }
    await phone.context().close();
  });

  it("the design and checks pages pass axe at desktop, phone and 200 % zoom widths, without sideways scrolling", async () => {
    for (const screen of ["desktop", "phone", "zoom200"] as const) {
      const page = await open("dana", screen);
      await page.goto(`${server.url}/documents/${leaflet}/design`);
      await expect.poll(() => page.locator(".lp-caption").count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await screenshot(page, `design-page-${screen}`);
      expect(await axeViolations(page), `design, ${screen}`).toEqual([]);
      await page.goto(`${server.url}/documents/${leaflet}/checks`);
      await expect.poll(() => page.getByRole("heading", { name: "Checks", level: 2 }).isVisible(), SOON).toBe(true);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `checks, ${screen}`).toBeLessThanOrEqual(0);
      await screenshot(page, `checks-page-${screen}`);
      expect(await axeViolations(page), `checks, ${screen}`).toEqual([]);
      await page.context().close();
    }
  });
});

describe("every other page this work changed passes axe at 1280 px, 390 px and 200 %", () => {
  it("the editor, versions, a version, PDF, sign-off, the share page, Members with a link to copy, and a document invite", async () => {
    const invite = await api<{ url: string }>(server.url, cora, `/api/documents/${leaflet}/invites`, {
      method: "POST",
      body: JSON.stringify({ role: "approver" }),
    });
    expect(invite.status).toBe(201);
    for (const screen of ["desktop", "phone", "zoom200"] as const) {
      const page = await open("cora", screen);
      const check = async (name: string) => {
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${name}, ${screen}: no sideways scrolling`).toBeLessThanOrEqual(0);
        expect(await axeViolations(page), `${name}, ${screen}`).toEqual([]);
      };
      for (const suffix of ["", "/versions", `/versions/${version}`, "/export", "/review", "/share"]) {
        await page.goto(`${server.url}/documents/${leaflet}${suffix}`);
        await expect.poll(() => page.getByRole("navigation", { name: "This document" }).isVisible(), SOON).toBe(true);
        if (suffix === "") await waitForEditor(page);
        await check(`/documents/:id${suffix}`);
      }
      await screenshot(page, `share-page-${screen}`);
      await page.goto(`${server.url}/members`);
      await page.getByRole("button", { name: "Make invite link" }).click();
      await expect.poll(() => page.getByRole("button", { name: "Copy link" }).isVisible(), SOON).toBe(true);
      await screenshot(page, `members-invite-link-${screen}`);
      await check("/members");
      const stranger = await personIn(await browser.newContext(SCREENS[screen]));
      await stranger.goto(invite.body.url);
      await expect
        .poll(
          () => stranger.getByText("You've been invited to “Women's Rights”, to comment and sign off.").isVisible(),
          SOON,
        )
        .toBe(true);
      await screenshot(stranger, `invite-to-document-${screen}`);
      const overflow = await stranger.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeViolations(stranger), `invite page, ${screen}`).toEqual([]);
      await stranger.context().close();
      await page.context().close();
    }
  }, 360_000);
});

describe("switching the template", () => {
  it("asks first; Keep changes nothing; Switch changes it for everyone, and Wren sees who did it", async () => {
    const [dana, wren] = await Promise.all([open("dana"), open("wren")]);
    for (const page of [dana, wren]) {
      await page.goto(`${server.url}/documents/${leaflet}/design`);
      await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 15_000 }).toBe(true);
    }
    expect((await designNow()).templateId).toBe("a5-booklet");

    // Choosing only asks.
    await dana.getByRole("radio", { name: "A4 tri-fold leaflet", exact: true }).check();
    const question = dana.getByRole("group", { name: /^Switch everyone's layout to A4 tri-fold leaflet\?/ });
    await expect.poll(() => question.isVisible(), SOON).toBe(true);
    expect(await question.textContent()).toContain(
      "Everyone working on this document will see it change. Your words stay as they are.",
    );
    // Dana sees how it would look before she asks everyone; Wren's preview stays as it is.
    await expect.poll(() => dana.getByText("This is how A4 tri-fold leaflet would look.").isVisible(), SOON).toBe(true);
    await expect.poll(() => dana.locator(".lp-panel").count(), SOON).toBeGreaterThanOrEqual(6);
    expect(await wren.locator(".lp-panel").count()).toBe(0);
    await screenshot(dana, "template-switch-asks");
    expect(await axeViolations(dana)).toEqual([]);
    expect((await designNow()).templateId).toBe("a5-booklet");

    // "Keep" leaves it, and the keyboard is back on the layout in use.
    await question.getByRole("button", { name: "Keep A5 booklet" }).click();
    await expect.poll(() => question.count(), SOON).toBe(0);
    await expect
      .poll(() => dana.evaluate(() => (document.activeElement as HTMLInputElement | null)?.id), SOON)
      .toBe("template-a5-booklet");
    expect(await dana.getByRole("radio", { name: "A5 booklet", exact: true }).isChecked()).toBe(true);
    // Arrow keys move through the choices without switching anything.
    await dana.keyboard.press("ArrowDown");
    await expect.poll(() => dana.getByRole("group", { name: /^Switch everyone's layout to/ }).count(), SOON).toBe(1);
    await dana.keyboard.press("Escape");
    await expect.poll(() => dana.getByRole("group", { name: /^Switch everyone's layout to/ }).count(), SOON).toBe(0);
    expect((await designNow()).templateId).toBe("a5-booklet");

    // "Switch" switches, for everyone.
    await dana.getByRole("radio", { name: "A4 tri-fold leaflet", exact: true }).check();
    await dana
      .getByRole("group", { name: /^Switch everyone's layout to A4 tri-fold leaflet\?/ })
      .getByRole("button", { name: /^Switch/ })
      .click();
    await expect.poll(async () => (await designNow()).templateId, SOON).toBe("a4-trifold");
    await expect
      .poll(
        () =>
          dana
            .getByText("Switched to A4 tri-fold leaflet. Everyone working on this document sees the new layout now.")
            .isVisible(),
        SOON,
      )
      .toBe(true);
    const notice = wren.getByRole("status").filter({ hasText: "switched the layout" });
    await expect
      .poll(() => notice.textContent(), { timeout: 10_000 })
      .toBe(
        "Dana (designer) switched the layout to A4 tri-fold leaflet. The words are the same; only the layout changed.",
      );
    // Both headers now name the new layout.
    for (const page of [dana, wren])
      await expect.poll(() => page.getByText("Layout: A4 tri-fold leaflet").count(), { timeout: 10_000 }).toBe(1);
    // Dana is told where she switched, not by the notice.
    expect(await dana.getByRole("status").filter({ hasText: "switched the layout" }).count()).toBe(0);
    await screenshot(wren, "template-switch-announced");
    expect(await axeViolations(wren)).toEqual([]);

    // A switch made by a program (no confirmation possible) is announced the same way.
    const designer = connect(server.url, leaflet, await signIn(server.url, "dana"));
    clients.push(designer);
    await waitForSync(designer);
    designer.doc.getMap("design").set("templateId", "a5-booklet");
    await expect
      .poll(() => notice.textContent(), { timeout: 10_000 })
      .toBe("Dana (designer) switched the layout to A5 booklet. The words are the same; only the layout changed.");
    await wren.getByRole("button", { name: /^OK/ }).click();
    await expect.poll(() => notice.count(), SOON).toBe(0);
    await dana.context().close();
    await wren.context().close();
  });
});
