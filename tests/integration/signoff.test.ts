import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  api,
  connect,
  documentIdByTitle,
  eventually,
  firstWordsAnchor,
  signIn,
  typeInSection,
  waitForSync,
} from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let leaflet: string;
const tokens: Record<string, string> = {};

interface Hashes {
  hash: string;
  contentHash: string;
  designHash: string;
}

const current = async () => (await api<Hashes>(server.url, tokens.cora!, `/api/documents/${leaflet}`)).body;
const decide = (who: string, body: Record<string, unknown>) =>
  api<{ error?: { code: string; message: string }; id?: string }>(
    server.url,
    tokens[who]!,
    `/api/documents/${leaflet}/approvals`,
    { method: "POST", body: JSON.stringify(body) },
  );
const state = async () =>
  (
    await api<{
      met: boolean;
      unmet: Array<{ code: string; message: string }>;
      approvals: Array<{ memberName: string; scope: string; status: string }>;
    }>(server.url, tokens.cora!, `/api/documents/${leaflet}/approvals`)
  ).body;

/** Whether the watermark is on every page: pdf.js reads the diagonal text as one run (pdftotext splits it up). */
async function watermarkedPages(bytes: ArrayBuffer): Promise<{ pages: number; watermarked: number }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes.slice(0)), useSystemFonts: false, isEvalSupported: false })
    .promise;
  let watermarked = 0;
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const text = content.items.map((item) => ("str" in item ? item.str : "")).join("");
    if (text.includes("DRAFT — not approved")) watermarked += 1;
  }
  return { pages: pdf.numPages, watermarked };
}

function pdfText(bytes: ArrayBuffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "copress-pdf-"));
  const file = path.join(dir, "doc.pdf");
  writeFileSync(file, Buffer.from(bytes));
  return execFileSync("pdftotext", ["-layout", file, "-"]).toString();
}

async function fetchPdf(pathname: string): Promise<ArrayBuffer> {
  const response = await fetch(`${server.url}${pathname}`, { headers: { authorization: `Bearer ${tokens.cora}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/pdf");
  return response.arrayBuffer();
}

beforeAll(async () => {
  server = await startServer();
  for (const name of ["cora", "wren", "abi", "alex", "dana"]) tokens[name] = await signIn(server.url, name);
  leaflet = await documentIdByTitle(server.url, tokens.cora!, "Women's Rights");
});

afterAll(async () => {
  await server?.stop();
  await removeDataDir(server.dataDir);
});

describe("sign-off", () => {
  it("refuses to publish with the unmet rules, in plain words", async () => {
    const response = await api<{ unmet: Array<{ code: string; message: string }> }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/releases`,
      { method: "POST" },
    );
    expect(response.status).toBe(409);
    expect(response.body.unmet.map((u) => u.code)).toEqual(
      expect.arrayContaining(["content_approvals_missing", "design_approvals_missing"]),
    );
    expect(response.body.unmet[0]!.message).toMatch(/need/);
  });

  it("refuses an approval for a version that is no longer current (409), and approvals from the wrong role (403)", async () => {
    const { hash } = await current();
    const stale = await decide("abi", { scope: "content", decision: "approve", hash: "0".repeat(64) });
    expect(stale.status).toBe(409);
    expect(stale.body.error!.code).toBe("stale_hash");
    const writer = await decide("wren", { scope: "content", decision: "approve", hash });
    expect(writer.status).toBe(403);
    const badScope = await decide("abi", { scope: "everything", decision: "approve", hash });
    expect(badScope.status).toBe(400);
  });

  it("a text edit makes the content approval stale for everyone to see; a design approval survives it", async () => {
    let { hash } = await current();
    expect((await decide("abi", { scope: "content", decision: "approve", hash, comment: "Reads well." })).status).toBe(
      201,
    );
    expect((await decide("alex", { scope: "design", decision: "approve", hash })).status).toBe(201);
    expect((await state()).met).toBe(true);

    const writer = connect(server.url, leaflet, tokens.wren!);
    await waitForSync(writer);
    typeInSection(writer.doc, 2, "A late edit. ");
    await eventually(async () => {
      const now = await state();
      expect(now.met).toBe(false);
      expect(now.approvals.find((a) => a.memberName === "Abi")!.status).toBe("stale");
      expect(now.approvals.find((a) => a.memberName === "Alex")!.status).toBe("counts");
      expect(now.unmet.map((u) => u.code)).toEqual(["content_approvals_missing"]);
    });
    writer.destroy();
    const history = await api<{ events: Array<{ type: string }> }>(
      server.url,
      tokens.cora!,
      `/api/audit?documentId=${leaflet}`,
    );
    await eventually(async () => {
      const events = (
        await api<{ events: Array<{ type: string }> }>(server.url, tokens.cora!, `/api/audit?documentId=${leaflet}`)
      ).body.events.map((e) => e.type);
      expect(events).toContain("approval.stale");
    });
    expect(history.status).toBe(200);

    // Abi looks again and re-approves the new version.
    ({ hash } = await current());
    expect((await decide("abi", { scope: "content", decision: "approve", hash })).status).toBe(201);
    expect((await state()).met).toBe(true);
  });

  it("an approval given and outdated within two seconds of the last look is still recorded as gone stale", async () => {
    const staleIds = async () =>
      (
        await api<{ events: Array<{ type: string; data: { approvalId?: string } }> }>(
          server.url,
          tokens.cora!,
          `/api/audit?documentId=${leaflet}`,
        )
      ).body.events
        .filter((e) => e.type === "approval.stale")
        .map((e) => e.data.approvalId);
    const writer = connect(server.url, leaflet, tokens.wren!);
    await waitForSync(writer);
    // First edit: the approval from the test before goes stale.
    typeInSection(writer.doc, 2, "One more word. ");
    await eventually(async () =>
      expect((await state()).approvals.find((a) => a.memberName === "Abi")?.status).toBe("stale"),
    );
    // Abi approves the new text, and Wren changes it again at once: well inside the two seconds.
    const again = await decide("abi", { scope: "content", decision: "approve", hash: (await current()).hash });
    expect(again.status).toBe(201);
    typeInSection(writer.doc, 2, "And another. ");
    await eventually(async () => expect(await staleIds()).toContain(again.body.id));
    writer.destroy();
    expect((await decide("abi", { scope: "content", decision: "approve", hash: (await current()).hash })).status).toBe(
      201,
    );
  });

  it("the draft PDF has the watermark until the version is approved; the release's does not, and never changes", async () => {
    // Approved now: the live PDF is final.
    const finalPdf = await fetchPdf(`/api/documents/${leaflet}/pdf`);
    expect((await watermarkedPages(finalPdf)).watermarked).toBe(0);

    const published = await api<{ id: string; number: number }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/releases`,
      { method: "POST", body: JSON.stringify({ shareLink: true }) },
    );
    expect(published.status).toBe(201);
    expect(published.body.number).toBe(1);
    // The release is among the document's versions too, to compare with or go back to.
    const versions = await api<{ versions: Array<{ name: string; createdBy: string }> }>(
      server.url,
      tokens.wren!,
      `/api/documents/${leaflet}/versions`,
    );
    expect(versions.body.versions[0]).toMatchObject({
      name: expect.stringMatching(/^Cora \(coordinator\) published release 1 \(/),
      createdBy: "Cora (coordinator)",
    });
    const releasePdf = await fetchPdf(`/api/releases/${published.body.id}/pdf`);
    expect((await watermarkedPages(releasePdf)).watermarked).toBe(0);
    expect(pdfText(releasePdf)).toContain("A late edit.");
    // The print-shop file of the same version is kept with it: trimmed to A5, 3 mm bleed, final.
    const printPdf = await fetchPdf(`/api/releases/${published.body.id}/pdf?variant=print`);
    expect((await watermarkedPages(printPdf)).watermarked).toBe(0);
    expect(pdfText(printPdf)).toContain("A late edit.");
    const printFile = path.join(mkdtempSync(path.join(tmpdir(), "copress-pdf-")), "print.pdf");
    writeFileSync(printFile, Buffer.from(printPdf));
    const boxes = execFileSync("pdfinfo", ["-box", printFile]).toString();
    const trim = /TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(boxes)!.slice(1).map(Number);
    const bleed = /BleedBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(boxes)!.slice(1).map(Number);
    expect(trim[2]! - trim[0]!).toBeCloseTo(419.53, 0);
    expect(trim[0]! - bleed[0]!).toBeCloseTo(8.5, 0);
    // Panel by panel, made from the release's own JSON (for a booklet, the same pages as the release's PDF).
    const readerPdf = await fetchPdf(`/api/releases/${published.body.id}/pdf?variant=reader`);
    expect((await watermarkedPages(readerPdf)).watermarked).toBe(0);
    expect(pdfText(readerPdf)).toContain("A late edit.");
    const unknown = await api<{ error: { code: string } }>(
      server.url,
      tokens.cora!,
      `/api/releases/${published.body.id}/pdf?variant=poster`,
    );
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    const release = await api<{ hash: string; shareUrl: string; hasPrintPdf: boolean }>(
      server.url,
      tokens.cora!,
      `/api/releases/${published.body.id}`,
    );
    expect(release.body.hasPrintPdf).toBe(true);
    expect((release.body as unknown as { panelByPanel: boolean }).panelByPanel).toBe(false);
    // The print PDF's note for the printer is kept with the release, to be shown beside its download: a booklet's
    // pages in reading order, and how many sheets they make.
    const printPages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [printFile]).toString())![1]);
    expect((release.body as unknown as { printNotes: string[] }).printNotes).toContain(
      `For the printer: the ${printPages} pages are in reading order. Print them as a booklet, ${printPages / 4} sheets folded and stapled in the middle (saddle-stitched).`,
    );

    // Someone signed out who opens the web version or the PDF in the browser (a link on the release page) is asked to
    // sign in, and brought back; a program still gets the API's error.
    for (const path of [`/api/releases/${published.body.id}/html`, `/api/releases/${published.body.id}/pdf`]) {
      const opened = await fetch(`${server.url}${path}`, {
        headers: { "Sec-Fetch-Dest": "document" },
        redirect: "manual",
      });
      expect(opened.status).toBe(302);
      expect(opened.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
      const program = await fetch(`${server.url}${path}`);
      expect(program.status).toBe(401);
      expect(await program.json()).toMatchObject({ error: { code: "unauthenticated" } });
    }

    // A later edit: the document is a draft again, the release stays exactly as it was.
    const writer = connect(server.url, leaflet, tokens.wren!);
    await waitForSync(writer);
    typeInSection(writer.doc, 0, "Edited after publishing. ");
    await eventually(async () => expect((await state()).met).toBe(false));
    writer.destroy();
    const draftPdf = await fetchPdf(`/api/documents/${leaflet}/pdf`);
    const draft = await watermarkedPages(draftPdf);
    expect(draft.watermarked).toBe(draft.pages);
    expect(pdfText(draftPdf)).toContain("Edited after publishing.");

    const again = await fetchPdf(`/api/releases/${published.body.id}/pdf`);
    expect(Buffer.from(again).equals(Buffer.from(releasePdf))).toBe(true);
    const printAgain = await fetchPdf(`/api/releases/${published.body.id}/pdf?variant=print`);
    expect(Buffer.from(printAgain).equals(Buffer.from(printPdf))).toBe(true);
    expect(
      (await api<{ hash: string }>(server.url, tokens.cora!, `/api/releases/${published.body.id}`)).body.hash,
    ).toBe(release.body.hash);
    expect(pdfText(again)).not.toContain("Edited after publishing.");

    // The share link shows the web version without signing in.
    const shared = await fetch(`${server.url}${release.body.shareUrl}`);
    expect(shared.status).toBe(200);
    const html = await shared.text();
    expect(html).toContain('lang="en-GB"');
    expect(html).toContain("A late edit.");
    expect(html).not.toContain("Edited after publishing.");
    // It links its own PDF behind the same link: the very bytes published, no sign-in either.
    const pdfLink = `${release.body.shareUrl}/pdf`;
    expect(html).toContain(`href="${pdfLink}" download>Download this as a PDF</a>`);
    const sharedPdf = await fetch(`${server.url}${pdfLink}`);
    expect(sharedPdf.status).toBe(200);
    expect(sharedPdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await sharedPdf.arrayBuffer()).equals(Buffer.from(releasePdf))).toBe(true);
    expect((await fetch(`${server.url}/r/${"x".repeat(32)}/pdf`)).status).toBe(404);
  });

  it("a request for changes holds publishing up until that approver approves again", async () => {
    const { hash } = await current();
    expect((await decide("abi", { scope: "content", decision: "approve", hash })).status).toBe(201);
    const noComment = await decide("alex", { scope: "design", decision: "changes", hash });
    expect(noComment.status).toBe(400);
    expect(
      (
        await decide("alex", {
          scope: "design",
          decision: "changes",
          hash,
          comment: "The blue is too pale on the cover.",
        })
      ).status,
    ).toBe(201);
    const refused = await api<{ unmet: Array<{ code: string; message: string }> }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/releases`,
      { method: "POST" },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.unmet.map((u) => u.message)).toContain("Alex asked for changes to the design.");
  });

  it("a published web page carries its pictures inside it, so readers of a share link see them", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#1d4f91" } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "door.png");
    form.append("purpose", "image");
    const uploaded = (await (
      await fetch(`${server.url}/api/uploads`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.wren}` },
        body: form,
      })
    ).json()) as { upload: { url: string } };
    const writer = connect(server.url, leaflet, tokens.wren!);
    await waitForSync(writer);
    const section = writer.doc.getXmlFragment("content").get(1) as Y.XmlElement;
    const image = new Y.XmlElement("image");
    image.setAttribute("src", uploaded.upload.url);
    image.setAttribute("alt", "A front door");
    image.setAttribute("decorative", false as unknown as string);
    section.insert(section.length, [image]);
    await eventually(async () =>
      expect(
        JSON.stringify(
          (await api<{ content: unknown }>(server.url, tokens.cora!, `/api/documents/${leaflet}`)).body.content,
        ),
      ).toContain(uploaded.upload.url),
    );
    writer.destroy();
    // The designer adds the charity's logo.
    const logoForm = new FormData();
    logoForm.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "logo.png");
    logoForm.append("purpose", "logo");
    const logoUpload = await fetch(`${server.url}/api/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.dana}` },
      body: logoForm,
    });
    expect(logoUpload.status).toBe(201);
    const logo = ((await logoUpload.json()) as { upload: { id: string; url: string } }).upload;
    const designer = connect(server.url, leaflet, tokens.dana!);
    await waitForSync(designer);
    designer.doc.getMap("design").set("logoUploadId", logo.id);
    // …and a cover picture from the group's uploads, with its credit.
    designer.doc.getMap("design").set("coverPicture", {
      src: uploaded.upload.url,
      alt: "A front door, painted blue",
      credit: "Photo: Demo Charity",
    });
    await eventually(async () =>
      expect(
        (
          await api<{ design: { logoUploadId?: string; coverPicture?: unknown } }>(
            server.url,
            tokens.cora!,
            `/api/documents/${leaflet}`,
          )
        ).body.design,
      ).toMatchObject({ logoUploadId: logo.id, coverPicture: { alt: "A front door, painted blue" } }),
    );
    designer.destroy();
    // The live web page shows it from the server; the release carries it inside.
    const live = await (
      await fetch(`${server.url}/api/documents/${leaflet}/html`, {
        headers: { authorization: `Bearer ${tokens.cora}` },
      })
    ).text();
    expect(live).toContain(`src="${logo.url}" alt="Demo Charity logo" class="cp-logo"`);
    // The web version has the cover picture under the title, as the PDF does, and its credit at the end.
    expect(live).toContain(
      `<img src="${uploaded.upload.url}" alt="A front door, painted blue" class="cp-cover-picture">`,
    );
    expect(live.indexOf("cp-cover-picture")).toBeLessThan(live.indexOf("</header>"));
    expect(live).toContain('<p class="cp-credit">Photo: Demo Charity</p>');
    const { hash } = await current();
    expect((await decide("abi", { scope: "content", decision: "approve", hash })).status).toBe(201);
    expect((await decide("alex", { scope: "design", decision: "approve", hash })).status).toBe(201);
    const published = await api<{ shareUrl: string }>(server.url, tokens.cora!, `/api/documents/${leaflet}/releases`, {
      method: "POST",
      body: JSON.stringify({ shareLink: true }),
    });
    expect(published.status).toBe(201);
    const html = await (await fetch(`${server.url}${published.body.shareUrl}`)).text();
    expect(html).toContain('alt="A front door"');
    expect(html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="Demo Charity logo" class="cp-logo">/);
    expect(html).not.toContain(logo.url);
    expect(html).toMatch(
      /<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="A front door, painted blue" class="cp-cover-picture">/,
    );
    expect(html).toMatch(/src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    expect(html).not.toContain(uploaded.upload.url);
  });

  it("a release published without a link for readers can be given one later, by a coordinator only", async () => {
    const published = await api<{ id: string; shareUrl: string | null }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/releases`,
      { method: "POST" },
    );
    expect(published.status).toBe(201);
    expect(published.body.shareUrl).toBeNull();
    const id = published.body.id;
    const shareLink = `/api/releases/${id}/share-link`;
    // Only coordinators; a writer is told so and nothing changes.
    const refused = await api<{ error: { message: string } }>(server.url, tokens.wren!, shareLink, { method: "POST" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("Only coordinators can make a link for readers.");
    expect(
      (await api<{ shareUrl: string | null }>(server.url, tokens.cora!, `/api/releases/${id}`)).body.shareUrl,
    ).toBeNull();

    const made = await api<{ shareUrl: string }>(server.url, tokens.cora!, shareLink, { method: "POST" });
    expect(made.status).toBe(201);
    expect(made.body.shareUrl).toMatch(/^\/r\/[\w-]{32}$/);
    // Asked again: the same link, not a second one.
    const again = await api<{ shareUrl: string }>(server.url, tokens.cora!, shareLink, { method: "POST" });
    expect(again.status).toBe(200);
    expect(again.body.shareUrl).toBe(made.body.shareUrl);
    expect((await api<{ shareUrl: string }>(server.url, tokens.cora!, `/api/releases/${id}`)).body.shareUrl).toBe(
      made.body.shareUrl,
    );

    // Without signing in: the web version, whose PDF link is the share link's own, and that PDF.
    const page = await fetch(`${server.url}${made.body.shareUrl}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`href="${made.body.shareUrl}/pdf"`);
    expect(html).not.toContain(`/api/releases/${id}/pdf`);
    const pdf = await fetch(`${server.url}${made.body.shareUrl}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    // The release itself is unchanged: its signed-in web version still links the signed-in PDF.
    const signedIn = await api<string>(server.url, tokens.cora!, `/api/releases/${id}/html`);
    expect(signedIn.body).toContain(`href="/api/releases/${id}/pdf"`);
  });

  it("the documents list says which documents are published, linking the newest release, for every member", async () => {
    const releases = await api<{ releases: Array<{ id: string; number: number }> }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/releases`,
    );
    const newest = releases.body.releases[0]!;
    expect(newest.number).toBeGreaterThan(1); // several releases by now: the list shows the newest
    for (const who of ["vic", "wren"]) {
      const list = await fetch(`${server.url}/documents?_data=${encodeURIComponent("routes/documents._index")}`, {
        headers: { cookie: `copress_session=${tokens[who] ?? (await signIn(server.url, who))}` },
      });
      expect(list.status).toBe(200);
      const { published, documents } = (await list.json()) as {
        published: Record<string, { id: string; number: number; publishedAt: string }>;
        documents: Array<{ id: string }>;
      };
      expect(published[leaflet]).toMatchObject({ id: newest.id, number: newest.number });
      // Only documents that were published, and only this workspace's.
      expect(Object.keys(published)).toEqual([leaflet]);
      expect(documents.map((d) => d.id)).toContain(leaflet);
    }

    // Changed since the newest release: the list says so (a comment is not a change to the document).
    const listText = async () =>
      (
        await (await fetch(`${server.url}/documents`, { headers: { cookie: `copress_session=${tokens.wren}` } })).text()
      ).replace(/<!-- -->/g, "");
    expect(await listText()).not.toContain("changed since, not yet published");
    const writer = connect(server.url, leaflet, tokens.wren!);
    await waitForSync(writer);
    const commented = await api(server.url, tokens.wren!, `/api/documents/${leaflet}/comments`, {
      method: "POST",
      body: JSON.stringify({ ...firstWordsAnchor(writer.doc, 0, 3), quote: "", text: "Only a comment." }),
    });
    expect(commented.status).toBe(201);
    // "Last changed" moves at most every 5 s, at the end of that window for a change inside it: wait it out.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect(await listText()).not.toContain("changed since, not yet published");
    typeInSection(writer.doc, 0, "Changed after publishing. ");
    await expect.poll(listText, { timeout: 10_000 }).toContain("changed since, not yet published");
    writer.destroy();
  });

  it("the audit log chain verifies", async () => {
    const verified = await api<{ ok: boolean; events: number }>(server.url, tokens.cora!, "/api/audit?verify");
    expect(verified.body.ok).toBe(true);
    expect(verified.body.events).toBeGreaterThan(5);
    expect((await api(server.url, tokens.wren!, "/api/audit?verify")).status).toBe(403);
    // The History page says it in words, naming the document and what was approved: never an event's code.
    const page = await fetch(`${server.url}/audit`, { headers: { cookie: `copress_session=${tokens.cora}` } });
    const html = await page.text();
    const text = html
      .slice(html.indexOf("<table"), html.indexOf("</table>"))
      .replace(/<[^>]+>/g, "")
      .replace(/&#x27;|&#39;/g, "'");
    expect(text).toContain("approved the words in “Women's Rights”");
    expect(text).toContain("approved the design in “Women's Rights”");
    expect(text).toContain("asked for changes to the design in “Women's Rights”: The blue is too pale on the cover.");
    expect(text).toContain("published a release in “Women's Rights”");
    expect(text).not.toMatch(/\b(approval|release|suggestion|document|comment|decision)\.[a-z_]+\b/);
  });
});
