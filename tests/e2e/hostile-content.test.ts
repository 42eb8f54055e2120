/**
 * Hostile content (issue 7, item 5). Over 30 XSS payloads (tests/helpers/hostile.ts) go in the way people and
 * their clients put things in: the real editor in Chromium (typing, the comment box, the link dialog), the API
 * (titles, brand kit names and footers, upload file names, version names, review requests, approval comments,
 * word list advice, a member's display name from an invite) and a writer's own Yjs client (section text and
 * titles, content and handover notes, link targets, alt text, comments with any author name, the design's footer,
 * presence colours).
 *
 * Then every page that shows them is opened in Chromium: the document list, the editor (with its comments and
 * sections panels), the design preview, the versions page and a saved version, the review page, the checks page,
 * the export page, the release page, the web version (API and share link), notifications, members, brand kits,
 * the audit log and the word list. Every payload tries to set `window.__xss` or open a dialog. Each page is
 * checked with the Content-Security-Policy bypassed (so an escaping mistake would actually run, instead of being
 * hidden by the CSP); the pages that run the most script of their own (the list, the editor, the design preview,
 * the sign-off page and the web version) are checked again as a reader's browser sees them, CSP and all. The test fails when the canary is set in any
 * frame, a dialog opens, the page navigates away, or the DOM holds anything a payload could have injected (an
 * `on…` attribute, a script without our nonce, a `javascript:`/`vbscript:`/`data:text/html` URL in a link, form
 * or frame, a `<base>`, a `srcdoc`, a meta refresh). The payloads must also show up as the literal text people
 * typed, and the release PDF must hold that text (pdftotext) where it is printable.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../app/domain/approval-policy";
import { DEFAULT_COLOURS } from "../../app/domain/design";
import { launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { api, connect, eventually, signIn, waitForSync, type SyncClient } from "../helpers/clients";
import { HOSTILE_HREFS, XSS_PAYLOADS as P } from "../helpers/hostile";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;
const clients: SyncClient[] = [];
const tokens: Record<string, string> = {};
let documentId: string;
let releaseId: string;
let shareUrl: string;
let versionId: string;
let kitId: string;
/** The hostile member's display name (a payload) and session. */
const MALLORY_NAME = P[2]!.slice(0, 80);
let mallory: SyncClient;

const PASSWORD = "a long enough password";
const truncate = (text: string, max: number) => text.slice(0, max);

// Building content the way a writer's client does --------------------------------------------------------------------

function paragraph(...parts: Array<string | [string, Record<string, unknown>]>): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  const text = new Y.XmlText();
  let at = 0;
  for (const part of parts) {
    const [value, marks] = typeof part === "string" ? [part, undefined] : part;
    text.insert(at, value, marks);
    at += value.length;
  }
  element.insert(0, [text]);
  return element;
}

function image(src: string, alt: string): Y.XmlElement {
  const element = new Y.XmlElement("image");
  element.setAttribute("src", src);
  element.setAttribute("alt", alt);
  return element;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/**
 * A comment thread through the comments API (the only way in: the server signs it with the sender's name), its
 * first words and replies hostile, on the first five characters of `anchorText`.
 */
async function commentThread(
  token: string,
  documentId: string,
  sectionId: string,
  anchorText: Y.XmlText,
  messages: string[],
  quote: string,
) {
  const at = (index: number) =>
    toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(anchorText, index)));
  const base = `/api/documents/${documentId}/comments`;
  const created = await api<{ id: string }>(server.url, token, base, {
    method: "POST",
    body: JSON.stringify({ sectionId, anchor: at(0), head: at(5), quote, text: truncate(messages[0]!, 2000) }),
  });
  expect(created.status, `comment ${JSON.stringify(messages[0])}`).toBe(201);
  for (const text of messages.slice(1)) {
    expect(
      (
        await api(server.url, token, `${base}/${created.body.id}/messages`, {
          method: "POST",
          body: JSON.stringify({ text: truncate(text, 2000) }),
        })
      ).status,
    ).toBe(201);
  }
}

/** Payloads that a PDF font can print and pdftotext can read back (plain ASCII, no control characters). */
const printable = (payload: string) => /^[\x20-\x7e]+$/.test(payload);
const squash = (text: string) => text.replace(/\s+/g, "");

// The page check -------------------------------------------------------------------------------------------------

interface PageCheck {
  name: string;
  url: string;
  /** Things to do once it has loaded (open a panel, wait for the editor). */
  prepare?: (page: Page) => Promise<void>;
  /** Literal payload text the page must show as text. */
  shows?: string[];
}

/** Everything that a payload could have injected into the DOM, found in the page itself. */
function injectedMarkup(): string[] {
  const found: string[] = [];
  const badUrl = (value: string) => {
    // eslint-disable-next-line no-control-regex -- control characters are what a hostile link hides in
    const v = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
    return (
      v.startsWith("javascript:") ||
      v.startsWith("vbscript:") ||
      v.startsWith("data:text/html") ||
      v.startsWith("data:image/svg")
    );
  };
  const describe = (element: Element) =>
    `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}${element.className && typeof element.className === "string" ? `.${element.className.split(" ")[0]}` : ""}>`;
  for (const element of Array.from(document.querySelectorAll("*"))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) found.push(`${describe(element)} has ${name}="${attribute.value.slice(0, 60)}"`);
      if (name === "srcdoc") found.push(`${describe(element)} has srcdoc`);
      if (["href", "xlink:href", "action", "formaction"].includes(name) && badUrl(attribute.value))
        found.push(`${describe(element)} ${name}="${attribute.value.slice(0, 60)}"`);
      if (
        ["src", "data"].includes(name) &&
        ["IFRAME", "FRAME", "EMBED", "OBJECT", "SCRIPT"].includes(element.tagName) &&
        badUrl(attribute.value)
      )
        found.push(`${describe(element)} ${name}="${attribute.value.slice(0, 60)}"`);
    }
    if (element.tagName === "SCRIPT" && !(element as HTMLScriptElement).nonce)
      found.push(`a <script> without our nonce: ${(element.textContent ?? "").slice(0, 60)}`);
    if (element.tagName === "BASE") found.push("a <base> element");
    if (element.tagName === "META" && /refresh/i.test(element.getAttribute("http-equiv") ?? ""))
      found.push("a meta refresh");
    if (["OBJECT", "EMBED", "FRAME"].includes(element.tagName)) found.push(`an <${element.tagName.toLowerCase()}>`);
    if (element.tagName === "IFRAME" && !/^\/api\/pdf-exports\//.test(element.getAttribute("src") ?? ""))
      found.push(`an <iframe src="${element.getAttribute("src")}">`);
  }
  return found;
}

interface PageProblems {
  /** Something a payload did or could do: the canary, a dialog, a navigation, injected markup. */
  xss: string[];
  /** The payload was not shown as the text people typed (dropped or altered rather than escaped). */
  fidelity: string[];
  /** The page itself misbehaved: not 200, React threw its server HTML away, our own scripts lost their nonce. */
  integrity: string[];
}

async function checkPage(context: BrowserContext, check: PageCheck, pass: string, into: PageProblems) {
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text().slice(0, 200));
  });
  page.on("dialog", (dialog) => {
    into.xss.push(`${check.name} (${pass}): a ${dialog.type()} dialog opened: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  const response = await page.goto(`${server.url}${check.url}`, { waitUntil: "load" });
  if (!response || response.status() !== 200)
    into.integrity.push(`${check.name} (${pass}): status ${response?.status()}`);
  await check.prepare?.(page);
  await page.evaluate(() => document.querySelectorAll("details").forEach((details) => (details.open = true)));
  await page.waitForTimeout(600);
  // Focus and hover everything focusable once: payloads with autofocus/onfocus/onmouseover get their chance.
  await page.evaluate(() => {
    for (const element of Array.from(
      document.querySelectorAll<HTMLElement>("a, button, input, textarea, [tabindex], img, svg, details"),
    )) {
      element.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
      if (typeof element.focus === "function") element.focus();
    }
  });
  await page.waitForTimeout(200);
  if (!page.url().startsWith(`${server.url}${check.url.split("?")[0]}`))
    into.xss.push(`${check.name} (${pass}): the page navigated to ${page.url()}`);
  for (const frame of page.frames()) {
    const canary = await frame.evaluate(() => (window as unknown as { __xss?: unknown }).__xss).catch(() => undefined);
    if (canary !== undefined)
      into.xss.push(`${check.name} (${pass}): window.__xss = ${JSON.stringify(canary)} in frame ${frame.url()}`);
  }
  for (const found of await page.evaluate(injectedMarkup)) {
    // Our own framework scripts without the nonce are not a payload's doing (see integrity), anything else is.
    if (/^a <script> without our nonce: \(\(s,l\)=>/.test(found))
      into.integrity.push(`${check.name} (${pass}): Remix's scroll-restoration ${found}`);
    else into.xss.push(`${check.name} (${pass}): ${found}`);
  }
  for (const error of consoleErrors.filter((e) => /React error #(418|423|425)|Hydration/i.test(e))) {
    into.integrity.push(
      `${check.name} (${pass}): hydration failed, React re-rendered the page on the client: ${error.slice(0, 80)}`,
    );
  }
  if (pass === "CSP bypassed") {
    const text = await page.evaluate(
      () =>
        document.body.innerText +
        "\n" +
        Array.from(document.querySelectorAll("textarea, input"))
          .map((el) => (el as HTMLInputElement).value)
          .join("\n"),
    );
    for (const literal of check.shows ?? [])
      if (!text.includes(literal))
        into.fidelity.push(`${check.name}: does not show the literal text ${JSON.stringify(literal)}`);
    await screenshot(page, `hostile-${check.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`);
  }
  await page.close();
}

// Set-up -----------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  for (const name of ["cora", "wren", "dana", "abi", "alex"]) tokens[name] = await signIn(server.url, name);
  const cora = tokens.cora!;

  // A member whose display name is a payload joins by invite (as writer, designer and approver).
  const invited = await fetch(`${server.url}/members?_data=routes%2Fmembers`, {
    method: "POST",
    headers: {
      cookie: `copress_session=${cora}`,
      origin: server.url,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams([
      ["intent", "invite"],
      ["roles", "writer"],
      ["roles", "designer"],
      ["roles", "approver"],
    ]),
  });
  const inviteToken = /\/invite\/([A-Za-z0-9_-]+)/.exec(
    ((await invited.json()) as { inviteUrl: string }).inviteUrl,
  )![1]!;
  const joined = await fetch(`${server.url}/invite/${inviteToken}`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ displayName: MALLORY_NAME, username: "mallory", password: PASSWORD }),
  });
  expect(joined.status).toBe(302);
  tokens.mallory = await signIn(server.url, "mallory", PASSWORD);

  // The document, titled with payloads; sign-off rules that let hostile text through the checks.
  const made = await api<{ id: string }>(server.url, cora, "/api/documents", {
    method: "POST",
    body: JSON.stringify({ title: "Hostile content", templateId: "a5-booklet" }),
  });
  documentId = made.body.id;
  expect(
    (
      await api(server.url, cora, `/api/documents/${documentId}`, {
        method: "PATCH",
        body: JSON.stringify({ title: truncate(`${P[1]} ${P[26]}`, 200) }),
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await api(server.url, cora, `/api/documents/${documentId}/policy`, {
        method: "PUT",
        body: JSON.stringify({ policy: { ...DEFAULT_POLICY, blockingSeverities: [] } }),
      })
    ).status,
  ).toBe(200);
  // More documents, one payload title each, for the list page.
  for (const payload of P.slice(0, 12))
    await api(server.url, cora, "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: truncate(payload, 200), templateId: "a4-guide" }),
    });

  // Pictures: one honest, with hostile file names (and an SVG whose body is hostile too).
  const png = await sharp({ create: { width: 60, height: 40, channels: 3, background: { r: 0, g: 112, b: 60 } } })
    .png()
    .toBuffer();
  const upload = async (name: string, bytes: Uint8Array, type: string, purpose = "image", expected = 201) => {
    const form = new FormData();
    form.append("purpose", purpose);
    form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
    const response = await fetch(`${server.url}/api/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.dana}` },
      body: form,
    });
    expect(response.status, `upload ${JSON.stringify(name)}`).toBe(expected);
    return ((await response.json()) as { upload: { id: string; url: string } }).upload;
  };
  // (File names with ";" or "=" cannot be uploaded at all today: see the last test.)
  const picture = await upload("<script>alert(document.cookie)</script>.png", png, "image/png");
  await upload('"><svg onload(1)><img src x onerror(2)>.png', png, "image/png");
  await upload('evil".png\r\nX-Injected: yes', png, "image/png");
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="window.__xss=90"><script>window.__xss=91</script><rect width="40" height="40" fill="#1d4f91"/><foreignObject><iframe src="javascript:parent.__xss=92"/></foreignObject></svg>`,
  );
  // An SVG logo with scripts, handlers or outside links is refused outright (never stored, never served).
  await upload("hostile.svg", svg, "image/svg+xml", "logo", 400);
  const logo = await upload(
    "<script>window.__xss_by_name</script>.svg",
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><title>&lt;script&gt;window.__xss=93&lt;/script&gt;</title><rect width="40" height="40" fill="#1d4f91"/></svg>',
    ),
    "image/svg+xml",
    "logo",
  );

  // Brand kits named with payloads, one with a payload footer and the hostile logo.
  const kit = async (name: string, footerText = "", logoUploadId: string | null = null) => {
    const response = await api<{ brandKit: { id: string } }>(server.url, tokens.dana!, "/api/brand-kits", {
      method: "POST",
      body: JSON.stringify({
        name: truncate(name, 80),
        colours: DEFAULT_COLOURS,
        headingFont: "atkinson-hyperlegible",
        bodyFont: "atkinson-hyperlegible",
        footerText,
        logoUploadId,
        lockedElements: [],
      }),
    });
    expect(response.status, `brand kit ${JSON.stringify(name)}`).toBe(201);
    return response.body.brandKit.id;
  };
  kitId = await kit(P[3]!, truncate(P[20]!, 300), logo.id);
  await kit(P[18]!);
  await kit(P[19]!);

  // The word list advises, in payloads, about words the document uses.
  const words = await fetch(`${server.url}/word-list?_data=routes%2Fword-list`, {
    method: "POST",
    headers: {
      cookie: `copress_session=${cora}`,
      origin: server.url,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      intent: "add",
      phrase: "hostile words",
      suggestion: truncate(P[33]!, 120),
      reason: truncate(P[34]!, 300),
      source: truncate(P[35]!, 200),
    }),
  });
  expect(words.status).toBe(200);

  // Mallory's own Yjs client writes everything else into the document.
  mallory = connect(server.url, documentId, tokens.mallory!);
  clients.push(mallory);
  await waitForSync(mallory);
  const doc = mallory.doc;
  const content = doc.getXmlFragment("content");
  doc.transact(() => {
    const sections = content.toArray() as Y.XmlElement[];
    sections[0]!.setAttribute("title", P[0]!);
    sections[0]!.setAttribute("contentNote", P[5]!);
    sections[0]!.setAttribute("handoverNote", P[6]!);
    if (sections[1]) sections[1].setAttribute("title", P[4]!);
    if (sections[2]) sections[2].setAttribute("title", P[27]!);
    // The template's hints are written over, with payloads too: nothing unfinished can be signed off.
    let next = 0;
    const writeOverHints = (element: Y.XmlElement) => {
      for (const child of element.toArray()) {
        if (!(child instanceof Y.XmlElement)) continue;
        if (child.getAttribute("placeholder") && child.length === 0)
          child.insert(0, [new Y.XmlText(`Written over: ${P[next++ % P.length]}`)]);
        else writeOverHints(child);
      }
    };
    sections.forEach(writeOverHints);

    const hostile = new Y.XmlElement("section");
    hostile.setAttribute("id", "s-hostile");
    hostile.setAttribute("title", P[26]!);
    hostile.setAttribute("status", "drafting");
    const blocks: Y.XmlElement[] = [paragraph("These hostile words are here on purpose.")];
    for (const payload of P) blocks.push(paragraph(payload));
    blocks.push(
      paragraph(
        ...HOSTILE_HREFS.map((href, i): [string, Record<string, unknown>] => [
          `link ${i} ${P[i % P.length]} `,
          { link: { href } },
        ]),
      ),
    );
    blocks.push(
      image(picture.url, P[7]!),
      image("javascript:window.__xss=200", P[8]!),
      image('x" onerror="window.__xss=201', P[9]!),
      image("data:text/html,<script>parent.__xss=202</script>", "data"),
    );
    const row = new Y.XmlElement("easyReadRow");
    row.setAttribute("imageSrc", "javascript:window.__xss=203");
    row.setAttribute("imageAlt", P[10]!);
    row.insert(0, [paragraph("Easy read row")]);
    blocks.push(row);
    hostile.insert(0, blocks);
    content.insert(content.length, [hostile]);

    doc.getMap("design").set("footerText", truncate(P[28]!, 300));
  });
  mallory.provider.awareness.setLocalStateField("user", {
    name: "ignored",
    color: 'red;background:url("javascript:window.__xss=300")',
  });
  await eventually(async () => {
    const canonical = await api<{ content: unknown; design: { footerText: string } }>(
      server.url,
      cora,
      `/api/documents/${documentId}`,
    );
    expect(JSON.stringify(canonical.body.content)).toContain("s-hostile");
    expect(canonical.body.design.footerText).toBe(truncate(P[28]!, 300));
  });
  // Comments, signed by the server with Mallory's (hostile) name, hold hostile words and quotes.
  const sections = content.toArray() as Y.XmlElement[];
  const firstText = (
    sections[0]!.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === "paragraph") as Y.XmlElement
  ).get(0) as Y.XmlText;
  const hostileSection = sections.find((section) => section.getAttribute("id") === "s-hostile")!;
  await commentThread(
    tokens.mallory!,
    documentId,
    String(sections[0]!.getAttribute("id")),
    firstText,
    [...P.slice(11, 17)],
    P[17]!,
  );
  await commentThread(
    tokens.mallory!,
    documentId,
    "s-hostile",
    (hostileSection.get(1) as Y.XmlElement).get(0) as Y.XmlText,
    [P[22]!, P[36]!, P[31]!],
    P[5]!,
  );

  // Versions named with payloads; a review request and approval comments in payloads; then the release.
  for (const payload of [P[21]!, P[22]!, P[23]!]) {
    const saved = await api<{ id: string }>(server.url, tokens.wren!, `/api/documents/${documentId}/versions`, {
      method: "POST",
      body: JSON.stringify({ name: truncate(payload, 120) }),
    });
    expect(saved.status).toBe(201);
    versionId = saved.body.id;
  }
  expect(
    (
      await api(server.url, tokens.wren!, `/api/documents/${documentId}/review-requests`, {
        method: "POST",
        body: JSON.stringify({ message: P[24] }),
      })
    ).status,
  ).toBe(201);
  const { hash } = (await api<{ hash: string }>(server.url, cora, `/api/documents/${documentId}`)).body;
  for (const [who, scope, comment] of [
    ["abi", "content", P[25]],
    ["alex", "design", P[31]],
  ] as const) {
    const decided = await api(server.url, tokens[who]!, `/api/documents/${documentId}/approvals`, {
      method: "POST",
      body: JSON.stringify({ scope, decision: "approve", hash, comment }),
    });
    expect(decided.status, `${who} approves`).toBe(201);
  }
  const release = await api<{ id: string; shareUrl: string }>(
    server.url,
    cora,
    `/api/documents/${documentId}/releases`,
    { method: "POST", body: JSON.stringify({ shareLink: true }) },
  );
  expect(release.status).toBe(201);
  releaseId = release.body.id;
  shareUrl = release.body.shareUrl;
  // Mallory asks for changes on the live version, in a payload.
  expect(
    (
      await api(server.url, tokens.mallory!, `/api/documents/${documentId}/approvals`, {
        method: "POST",
        body: JSON.stringify({ scope: "design", decision: "changes", hash, comment: P[32] }),
      })
    ).status,
  ).toBe(201);
}, 240_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await browser?.close();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

// Tests ------------------------------------------------------------------------------------------------------------

const editorOf = (page: Page) => page.getByRole("textbox", { name: /^Document text/ });

describe("hostile content", () => {
  it("the checks can see a payload that does run (a page that injects one on purpose)", async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.setContent(`<p>${P[1]}</p><a href="javascript:void 0">x</a>`);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBe(2);
    expect(await page.evaluate(injectedMarkup)).toEqual([
      expect.stringContaining("onerror"),
      expect.stringContaining("javascript:"),
    ]);
    await context.close();
  });

  it("typed into the real editor, the comment box and the link dialog, stays text", async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signInAs(page, server.url, "wren");
    await page.goto(`${server.url}/documents/${documentId}`);
    await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 20_000 }).toBe(true);
    const first = editorOf(page).locator("section.doc-section").first().locator(".doc-section__content p").first();
    await first.click();
    await page.keyboard.press("End");
    await page.keyboard.type(` ${P[0]} ${P[12]}`, { delay: 2 });
    // A comment on what was just typed.
    await page.keyboard.press("Shift+Home");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await page.getByLabel("Your comment").fill(P[37]!);
    await page.getByRole("button", { name: "Add comment" }).click();
    // A javascript: link is refused by the link dialog.
    await first.click();
    await page.keyboard.press("End");
    await page.keyboard.press("Shift+ArrowLeft");
    await page.getByRole("button", { name: "Link", exact: true }).click();
    await page.getByLabel("Link address").fill("javascript:window.__xss=500");
    await page.getByLabel("Link address").press("Enter");
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "Links can go to" }).isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    await page.waitForTimeout(500);

    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await expect.poll(() => editorOf(page).textContent()).toContain(P[12]!);
    // The typed text reached everyone, as text.
    await eventually(async () => {
      const canonical = await api<{ content: unknown }>(server.url, tokens.cora!, `/api/documents/${documentId}`);
      const json = JSON.stringify(canonical.body.content);
      expect(json).toContain(JSON.stringify(P[12]).slice(1, -1));
      expect(json).not.toContain("window.__xss=500");
    });
    await eventually(() =>
      expect(JSON.stringify(mallory.doc.getMap("comments").toJSON())).toContain(JSON.stringify(P[37]).slice(1, -1)),
    );
    await context.close();
  }, 120_000);

  it("never runs in any page that shows it (canary, dialogs, injected markup), with or without the CSP", async () => {
    const pages: PageCheck[] = [
      { name: "documents list", url: "/documents", shows: [P[0]!, P[5]!] },
      {
        name: "editor",
        url: `/documents/${documentId}`,
        prepare: async (page) => {
          await expect.poll(() => page.getByText("All changes saved").isVisible(), { timeout: 20_000 }).toBe(true);
          await page.getByRole("tab", { name: "Comments" }).click();
          await expect.poll(() => page.locator(".thread").count(), { timeout: 10_000 }).toBeGreaterThan(1);
        },
        shows: [P[9]!, P[19]!, P[13]!, P[16]!, P[5]!, P[6]!],
      },
      {
        name: "editor sections panel",
        url: `/documents/${documentId}`,
        prepare: async (page) =>
          void (await expect
            .poll(() => page.getByText("All changes saved").isVisible(), { timeout: 20_000 })
            .toBe(true)),
        shows: [P[26]!],
      },
      {
        name: "design preview",
        url: `/documents/${documentId}/design`,
        prepare: async (page) =>
          void (await expect.poll(() => page.locator(".lp-caption").count(), { timeout: 20_000 }).toBeGreaterThan(0)),
        shows: [P[14]!],
      },
      { name: "versions page", url: `/documents/${documentId}/versions`, shows: [truncate(P[21]!, 120)] },
      { name: "a saved version", url: `/documents/${documentId}/versions/${versionId}`, shows: [P[15]!, P[26]!] },
      { name: "review page", url: `/documents/${documentId}/review`, shows: [P[24]!] },
      { name: "checks page", url: `/documents/${documentId}/checks` },
      { name: "export page", url: `/documents/${documentId}/export` },
      { name: "release page", url: `/releases/${releaseId}` },
      {
        name: "web version (API)",
        url: `/api/releases/${releaseId}/html`,
        shows: [P[17]!, P[26]!, truncate(P[28]!, 300)],
      },
      { name: "notifications", url: "/notifications", shows: [P[24]!] },
      { name: "members", url: "/members", shows: [MALLORY_NAME] },
      { name: "brand kits", url: "/brand-kits", shows: [truncate(P[3]!, 80)] },
      { name: "a brand kit", url: `/brand-kits/${kitId}` },
      { name: "audit log", url: "/audit" },
      { name: "word list", url: "/word-list", shows: [truncate(P[34]!, 300)] },
    ];
    const problems: PageProblems = { xss: [], fidelity: [], integrity: [] };
    // With the CSP: the pages whose own scripts do the most (every page's escaping is proven by the first pass).
    const withCsp = new Set(["documents list", "editor", "design preview", "review page", "web version (API)"]);
    for (const [pass, bypassCSP] of [
      ["CSP bypassed", true],
      ["as served", false],
    ] as const) {
      for (const user of ["cora", "abi"]) {
        const checks = pages.filter(
          (p) => (user === "abi") === (p.name === "notifications") && (bypassCSP || withCsp.has(p.name)),
        );
        if (checks.length === 0) continue;
        const context = await browser.newContext({ bypassCSP, viewport: { width: 1280, height: 900 } });
        const login = await context.newPage();
        await signInAs(login, server.url, user);
        await login.close();
        // Abi sees the notifications about the review request; Cora sees everything else.
        for (const check of checks) await checkPage(context, check, pass, problems);
        await context.close();
      }
      // The share link, as a reader who is not signed in.
      const reader = await browser.newContext({ bypassCSP });
      await checkPage(
        reader,
        { name: "web version (share link)", url: shareUrl, shows: [P[14]!, P[1]!] },
        pass,
        problems,
      );
      await reader.close();
    }
    console.log(
      `hostile content: ${pages.length + 1} pages checked, ${withCsp.size + 1} of them again with the CSP; ${problems.xss.length} XSS, ${problems.fidelity.length} fidelity, ${problems.integrity.length} page problems`,
    );
    expect(problems.xss, "payloads that ran or could run").toEqual([]);
    expect(problems.fidelity, "payloads not shown as the text people typed").toEqual([]);
    expect(problems.integrity, "pages that misbehaved (not about the payloads)").toEqual([]);
  }, 300_000);

  it("comes out of the PDF as the literal text people typed", async () => {
    const response = await fetch(`${server.url}/api/releases/${releaseId}/pdf`, {
      headers: { authorization: `Bearer ${tokens.cora}` },
    });
    expect(response.status).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), "copress-hostile-"));
    const file = path.join(dir, "release.pdf");
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const text = squash(execFileSync("pdftotext", [file, "-"]).toString());
    // The same text read without cropping to the page: what is drawn beyond the paper's edge shows up only here.
    const uncropped = squash(
      execFileSync("pdftotext", ["-x", "-2000", "-y", "-2000", "-W", "6000", "-H", "6000", file, "-"]).toString(),
    );
    const missing = P.filter(printable)
      .filter((payload) => !text.includes(squash(payload)))
      .map(
        (payload) =>
          `${JSON.stringify(payload)}: ${uncropped.includes(squash(payload)) ? "drawn partly beyond the edge of the page (a long unbreakable word is not wrapped)" : "not in the PDF at all"}`,
      );
    expect(missing, "payloads missing from the PDF text").toEqual([]);
    // Titles and notes too.
    for (const payload of [P[0]!, P[26]!, P[1]!, P[5]!].filter(printable)) expect(text).toContain(squash(payload));
  }, 120_000);

  it("upload file names never reach a response header unescaped", async () => {
    const list = await api<{ uploads: Array<{ id: string; url: string }> }>(server.url, tokens.cora!, "/api/uploads");
    expect(list.body.uploads.length).toBeGreaterThanOrEqual(3);
    for (const upload of list.body.uploads) {
      const response = await fetch(`${server.url}${upload.url}`, {
        headers: { cookie: `copress_session=${tokens.cora}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(/^inline; filename="[A-Za-z0-9 ._-]+\.(png|jpg)"$/);
      expect(response.headers.get("x-injected")).toBeNull();
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-type")).toMatch(/^image\/(png|jpeg)$/);
    }
  });

  it("a picture whose file name holds a payload (or just a ';' or '=') is stored, not refused", async () => {
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 0, g: 0, b: 0 } } })
      .png()
      .toBuffer();
    const refused: string[] = [];
    for (const name of [`${P[29]}.png`, `${P[1]}.png`, "Leaflet; final version.png", "logo=blue.png"]) {
      const form = new FormData();
      form.append("purpose", "image");
      form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), name);
      const response = await fetch(`${server.url}/api/uploads`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.dana}` },
        body: form,
      });
      if (response.status !== 201)
        refused.push(`${JSON.stringify(name)} → ${response.status} ${(await response.text()).slice(0, 100)}`);
    }
    expect(refused).toEqual([]);
  });
});
