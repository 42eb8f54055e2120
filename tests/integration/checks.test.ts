/**
 * Checks through the real server: POST /api/documents/:id/checks (worker threads, axe-core in jsdom), the cache by
 * hash, dismissals, the word list page and the checks page. Documents are written with real y-websocket clients.
 */
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { CheckReport } from "../../app/domain/checks/types";
import { documentSchema } from "../../app/editor/schema.server";
import {
  addictsFixture,
  cleanFixture,
  imageWithoutAltFixture,
  p,
  section,
  doc as documentJson,
  type CheckFixture,
} from "../fixtures/checks/documents";
import { api, connect, documentIdByTitle, eventually, signIn, typeInSection, waitForSync } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let cora: string;
let wren: string;
let vic: string;
const GUIDE = "Guide to Child Protection and Care Proceedings";

beforeAll(async () => {
  server = await startServer();
  [cora, wren, vic] = await Promise.all([
    signIn(server.url, "cora"),
    signIn(server.url, "wren"),
    signIn(server.url, "vic"),
  ]);
});
afterAll(async () => {
  await server?.stop();
  await removeDataDir(server.dataDir);
});

type Canonical = { content: unknown; hash: string };
type ErrorBody = { error: { code: string; message: string; details?: { fields?: Record<string, string[]> } } };

const check = (token: string | null, id: string, body?: unknown) =>
  api<CheckReport & ErrorBody>(server.url, token, `/api/documents/${id}/checks`, {
    method: "POST",
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function canonical(id: string): Promise<Canonical> {
  return (await api<Canonical>(server.url, wren, `/api/documents/${id}`)).body;
}

/** A new a4-guide document whose content is `fixture`, written through a real sync client (as the editor would). */
async function documentFrom(fixture: CheckFixture | { title: string; content: unknown }): Promise<string> {
  const created = await api<{ id: string }>(server.url, cora, "/api/documents", {
    method: "POST",
    body: JSON.stringify({ title: fixture.title, templateId: "a4-guide" }),
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  const client = connect(server.url, id, cora);
  await waitForSync(client);
  prosemirrorJSONToYXmlFragment(documentSchema, fixture.content, client.doc.getXmlFragment("content"));
  const expected = JSON.stringify(documentSchema.nodeFromJSON(fixture.content).textContent);
  await eventually(async () =>
    expect(JSON.stringify(documentSchema.nodeFromJSON((await canonical(id)).content).textContent)).toBe(expected),
  );
  client.destroy();
  return id;
}

/** The words a finding points at, read from the server's own canonical document. */
function wordsAt(content: unknown, range: { from: number; to: number }): string {
  return documentSchema.nodeFromJSON(content).textBetween(range.from, range.to);
}

describe("POST /api/documents/:id/checks", () => {
  it("checks the demo guide: scores per section and for the document, findings that point at the words", async () => {
    const id = await documentIdByTitle(server.url, wren, GUIDE);
    const { status, body: report } = await check(wren, id);
    expect(status).toBe(200);
    const current = await canonical(id);
    expect(report.hash).toBe(current.hash);
    expect(report.sections).toHaveLength(7);
    for (const section of report.sections) {
      expect(section.scores.readingAge).toEqual(expect.any(Number));
      expect(["within", "above"]).toContain(section.readingAgeStatus);
    }
    expect(report.document.words).toBe(report.sections.reduce((sum, s) => sum + s.scores.words, 0));
    expect(report.document.fleschReadingEase).toEqual(expect.any(Number));
    expect(report.target).toEqual({ templateId: "a4-guide", readingAge: "9–11", maxSentenceWords: 20 });

    const serviceUsers = report.findings.find((finding) => finding.rule === "lived-experience")!;
    expect(serviceUsers).toMatchObject({
      text: "service users",
      severity: "warning",
      suggestions: ["people who draw on support"],
    });
    expect(wordsAt(current.content, serviceUsers.range!)).toBe("service users");
    const long = report.findings.find((finding) => finding.rule === "long-sentence")!;
    expect(wordsAt(current.content, long.range!)).toBe(long.text);
    for (const finding of report.findings.filter((f) => f.target === "text" && f.range))
      expect(wordsAt(current.content, finding.range!)).toBe(finding.text);

    expect(report.axe.ran).toBe(true);
    expect(report.axe.rulesRun).toBeGreaterThan(50);
    expect(report.axe.violations).toEqual([]);
    expect(report.notChecked.map((item) => item.rule)).toContain("color-contrast");
  });

  it("serves the same report while the document is unchanged, and a new one after an edit", async () => {
    const id = await documentIdByTitle(server.url, wren, GUIDE);
    const first = (await check(wren, id)).body;
    const again = (await check(vic, id)).body;
    expect(again.checkedAt).toBe(first.checkedAt);
    expect(again.hash).toBe(first.hash);

    const client = connect(server.url, id, wren);
    await waitForSync(client);
    typeInSection(client.doc, 0, "We help addicts. ");
    await eventually(async () => expect((await canonical(id)).hash).not.toBe(first.hash));
    client.destroy();

    const after = (await check(wren, id)).body;
    expect(after.hash).not.toBe(first.hash);
    expect(after.checkedAt).not.toBe(first.checkedAt);
    const addicts = after.findings.find((finding) => finding.text === "addicts")!;
    expect(addicts).toMatchObject({ rule: "lived-experience", sectionId: after.sections[0]!.sectionId });
    expect(addicts.message).toBe("Many people find ‘addicts’ stigmatising; try ‘people with an addiction’.");
  });

  it("runs axe-core for real: a picture without alt text fails image-alt, and adding alt text passes it", async () => {
    const id = await documentFrom(imageWithoutAltFixture);
    const failing = (await check(wren, id)).body;
    expect(failing.findings.map((finding) => [finding.rule, finding.severity, finding.alsoFoundBy])).toEqual([
      ["image-alt", "blocker", ["axe"]],
    ]);
    expect(failing.axe.violations).toEqual(["image-alt"]);
    expect(failing.counts).toEqual({ blocker: 1, warning: 0, tip: 0 });

    const client = connect(server.url, id, wren);
    await waitForSync(client);
    const intro = client.doc.getXmlFragment("content").get(0) as Y.XmlElement;
    const picture = intro
      .toArray()
      .find((child) => child instanceof Y.XmlElement && child.nodeName === "image") as Y.XmlElement;
    picture.setAttribute("alt", "A parent and a social worker talking");
    await eventually(async () => expect((await canonical(id)).hash).not.toBe(failing.hash));
    client.destroy();

    const fixed = (await check(wren, id)).body;
    expect(fixed.findings).toEqual([]);
    expect(fixed.axe.violations).toEqual([]);
    expect(fixed.axe.passes).toContain("image-alt");
  });

  it("finds nothing at all in the clean fixture", async () => {
    const id = await documentFrom(cleanFixture);
    const report = (await check(wren, id)).body;
    expect(report.findings).toEqual([]);
    expect(report.counts).toEqual({ blocker: 0, warning: 0, tip: 0 });
    expect(report.readingAgeStatus).toBe("within");
  });

  it("refuses without sign-in, other methods, bad bodies and unknown documents, changing nothing", async () => {
    const id = await documentIdByTitle(server.url, wren, GUIDE);
    expect((await check(null, id)).status).toBe(401);
    expect((await api(server.url, wren, `/api/documents/${id}/checks`)).status).toBe(405);
    const odd = await check(wren, id, { run: "please" });
    expect(odd.status).toBe(400);
    expect(odd.body.error.code).toBe("bad_request");
    const text = await api<ErrorBody>(server.url, wren, `/api/documents/${id}/checks`, {
      method: "POST",
      body: "hello",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(400);
    expect(text.body.error.message).toMatch(/JSON/);
    const missing = await check(wren, "00000000-0000-0000-0000-000000000000");
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/could not be found/);
  });
});

describe("leaving a finding as it is", () => {
  it("records a warning's dismissal with who, when and why; blockers, empty reasons and viewers are refused", async () => {
    const id = await documentFrom({
      ...addictsFixture,
      content: documentJson(
        section("s-1", "Help", [p("We help addicts. A picture is below.")]),
        section("s-2", "More", [{ type: "image", attrs: { src: "/p.png", alt: "", decorative: false } }]),
      ),
    });
    const report = (await check(wren, id)).body;
    const warning = report.findings.find((finding) => finding.rule === "lived-experience")!;
    const blocker = report.findings.find((finding) => finding.rule === "image-alt")!;
    expect(report.counts).toEqual({ blocker: 1, warning: 1, tip: 0 });

    const empty = await check(wren, id, { dismiss: { findingId: warning.id, reason: "  " } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details?.fields?.reason?.[0]).toMatch(/Say why/);
    const blocked = await check(wren, id, { dismiss: { findingId: blocker.id, reason: "We like it" } });
    expect(blocked.status).toBe(400);
    expect(blocked.body.error.message).toBe("This must be fixed before sign-off, so it cannot be left as it is.");
    const viewer = await check(vic, id, { dismiss: { findingId: warning.id, reason: "We quote a person" } });
    expect(viewer.status).toBe(403);
    const unknown = await check(wren, id, { dismiss: { findingId: "nothing-like-this", reason: "We quote a person" } });
    expect(unknown.status).toBe(404);
    expect((await check(wren, id)).body.dismissed).toBe(0);

    const dismissed = await check(wren, id, {
      dismiss: { findingId: warning.id, reason: "We quote a person's own words" },
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.findings.find((finding) => finding.id === warning.id)!).toMatchObject({
      dismissal: { reason: "We quote a person's own words", dismissedByName: "Wren" },
    });
    expect(dismissed.body.counts).toEqual({ blocker: 1, warning: 0, tip: 0 });
    expect(dismissed.body.dismissed).toBe(1);
    // Others see it too, and it survives an edit elsewhere in the document.
    const client = connect(server.url, id, wren);
    await waitForSync(client);
    typeInSection(client.doc, 0, "Hello. ");
    await eventually(async () => expect((await canonical(id)).hash).not.toBe(report.hash));
    client.destroy();
    const later = (await check(vic, id)).body;
    expect(later.hash).not.toBe(report.hash);
    expect(later.findings.find((finding) => finding.rule === "lived-experience")!.dismissal?.reason).toBe(
      "We quote a person's own words",
    );

    const back = await check(wren, id, { undismiss: { findingId: warning.id } });
    expect(back.status).toBe(200);
    expect(back.body.counts).toEqual({ blocker: 1, warning: 1, tip: 0 });
  });
});

/** A browser-like form post: session cookie plus our own Origin. */
async function formPost(pathname: string, fields: Record<string, string>, token: string) {
  return fetch(`${server.url}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: server.url,
      cookie: `copress_session=${token}`,
    },
    body: new URLSearchParams(fields),
  });
}

const page = (pathname: string, token: string) =>
  fetch(`${server.url}${pathname}`, { headers: { cookie: `copress_session=${token}` } });
/** A page's HTML without React's text separators (`<!-- -->`). */
const textOf = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

describe("the word list", () => {
  it("lets coordinators add words (with their source) that the checks then find, and refuses writers and bad input", async () => {
    const id = await documentFrom({
      title: "Frequent flyers",
      content: documentJson(section("s-1", "Our visitors", [p("He is a frequent flyer at the clinic.")])),
    });
    expect((await check(wren, id)).body.findings).toEqual([]);

    const entry = {
      intent: "add",
      phrase: "frequent flyer",
      suggestion: "person who often visits",
      reason: "It makes a joke of people who need help.",
      source: "Our lived experience panel, May 2026",
    };
    const refused = await formPost("/word-list", entry, wren);
    expect(refused.status).toBe(403);
    expect(await textOf(refused)).toContain("Only coordinators can change the word list");
    const noSource = await formPost("/word-list", { ...entry, source: "" }, cora);
    expect(noSource.status).toBe(400);
    expect(await textOf(noSource)).toContain("Say where this advice comes from");
    expect((await check(wren, id)).body.findings).toEqual([]);

    const added = await formPost("/word-list", entry, cora);
    expect(added.status).toBe(200);
    expect(await textOf(added)).toContain("Added “frequent flyer”");
    const duplicate = await formPost("/word-list", { ...entry, phrase: "Frequent  Flyer" }, cora);
    expect(duplicate.status).toBe(400);
    expect(await duplicate.text()).toContain("The word list already has these words.");

    const report = (await check(wren, id)).body;
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      rule: "lived-experience",
      text: "frequent flyer",
      sourceNote: "Our lived experience panel, May 2026",
      suggestions: ["person who often visits"],
    });

    const listPage = await textOf(await page("/word-list", wren));
    expect(listPage).toContain("frequent flyer");
    expect(listPage).toContain("Only coordinators can change the word list");
  });
});

describe("the checks page", () => {
  it("shows the report by section with reading-age badges, and a dismiss form that explains a missing reason", async () => {
    const id = await documentIdByTitle(server.url, wren, GUIDE);
    const html = await textOf(await page(`/documents/${id}/checks`, wren));
    expect(html).toContain(`Checks: ${GUIDE}`);
    expect(html).toContain("Reading age");
    expect(html).toContain("What social workers do");
    expect(html).toContain("Leave it as it is");
    expect(html).toContain("Not checked automatically");

    const report = (await check(wren, id)).body;
    const warning = report.findings.find((finding) => finding.severity === "warning" && !finding.dismissal)!;
    const refused = await formPost(
      `/documents/${id}/checks`,
      { intent: "dismiss", findingId: warning.id, reason: "" },
      wren,
    );
    expect(refused.status).toBe(400);
    const refusedHtml = await textOf(refused);
    expect(refusedHtml).toContain("There is a problem");
    expect(refusedHtml).toContain("Say why it is right as it is");

    const viewerHtml = await textOf(await page(`/documents/${id}/checks`, vic));
    expect(viewerHtml).toContain("Reading age");
    expect(viewerHtml).not.toContain("Leave it as it is");
  });
});
