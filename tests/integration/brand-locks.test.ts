/**
 * Brand-kit locks hold on the server. The logo and footer live in the design map, which only people with design
 * rights may change (a writer's attempt closes the connection with 4409), and a restore never touches the design.
 * The locks themselves are recorded in the design when the kit is applied, and the "brand-lock" check makes a
 * missing or changed locked element a blocker, so the contact box (which writers may delete) and anything a
 * designer's hand-made client changes stop sign-off until they are put back.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { designFromBrandKit, type BrandKit } from "../../app/domain/brand-kit";
import { DEFAULT_COLOURS } from "../../app/domain/design";
import { api, connect, documentIdByTitle, eventually, signIn, waitForSync, type SyncClient } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let leaflet: string;
let kit: BrandKit;
const tokens: Record<string, string> = {};
const clients: SyncClient[] = [];
const FOOTER = "Demo Charity, registered charity 1234567";

interface Finding {
  rule: string;
  severity: string;
  text: string;
  message: string;
}
interface LiveDocument {
  hash: string;
  content: unknown;
  design: { logoUploadId: string | null; footerText: string; brandLocks?: Record<string, unknown> };
}

const live = async () => (await api<LiveDocument>(server.url, tokens.cora!, `/api/documents/${leaflet}`)).body;
const brandFindings = async () =>
  (
    await api<{ findings: Finding[] }>(server.url, tokens.cora!, `/api/documents/${leaflet}/checks`, { method: "POST" })
  ).body.findings.filter((f) => f.rule === "brand-lock");
const saveVersion = async (name: string) =>
  (
    await api<{ id: string }>(server.url, tokens.wren!, `/api/documents/${leaflet}/versions`, {
      method: "POST",
      body: JSON.stringify({ name }),
    })
  ).body.id;
const restore = async (versionId: string) => {
  const response = await api(server.url, tokens.wren!, `/api/documents/${leaflet}/versions/${versionId}?restore`, {
    method: "POST",
  });
  expect(response.status).toBe(201);
};
const decide = async (who: string, scope: "content" | "design") =>
  api<{ error?: { code: string; message: string } }>(server.url, tokens[who]!, `/api/documents/${leaflet}/approvals`, {
    method: "POST",
    body: JSON.stringify({ scope, decision: "approve", hash: (await live()).hash }),
  });

async function open(who: string): Promise<SyncClient> {
  const client = connect(server.url, leaflet, tokens[who]!);
  clients.push(client);
  await waitForSync(client);
  return client;
}

/** The close code the server sends after a change it refuses (the client is stopped from reconnecting, as the editor does). */
function closeCode(client: SyncClient): Promise<number> {
  return new Promise((resolve) =>
    client.provider.on("connection-close", (event) => {
      if (!event) return;
      client.provider.disconnect();
      resolve(event.code);
    }),
  );
}

/** Every locked element exactly as the kit locked it. */
async function expectLockedElementsUnchanged() {
  const { design } = await live();
  expect(design.logoUploadId).toBe(kit.logoUploadId);
  expect(design.footerText).toBe(FOOTER);
  expect(design.brandLocks).toEqual({ logo: kit.logoUploadId, footerText: FOOTER, contactBlock: true });
}

function contactBoxes(doc: Y.Doc): Array<{ section: Y.XmlElement; index: number }> {
  const found: Array<{ section: Y.XmlElement; index: number }> = [];
  for (const section of doc.getXmlFragment("content").toArray() as Y.XmlElement[]) {
    section.toArray().forEach((block, index) => {
      if (block instanceof Y.XmlElement && block.nodeName === "contactBlock") found.push({ section, index });
    });
  }
  return found;
}

beforeAll(async () => {
  server = await startServer();
  for (const name of ["cora", "wren", "dana", "abi", "alex"]) tokens[name] = await signIn(server.url, name);
  leaflet = await documentIdByTitle(server.url, tokens.cora!, "Women's Rights");
  const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#1d4f91" } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "logo.png");
  form.append("purpose", "logo");
  const upload = (await (
    await fetch(`${server.url}/api/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.dana}` },
      body: form,
    })
  ).json()) as { upload: { id: string } };
  const created = await api<{ brandKit: BrandKit }>(server.url, tokens.dana!, "/api/brand-kits", {
    method: "POST",
    body: JSON.stringify({
      name: "Locked brand",
      colours: DEFAULT_COLOURS,
      headingFont: "lexend",
      bodyFont: "atkinson-hyperlegible",
      logoUploadId: upload.upload.id,
      footerText: FOOTER,
      lockedElements: ["logo", "footerText", "contactBlock"],
    }),
  });
  expect(created.status).toBe(201);
  kit = created.body.brandKit;
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

describe("brand-kit locks on the server", () => {
  let withContactBox: string;
  let withoutContactBox: string;

  it("applying a kit records its locks in the document", async () => {
    withContactBox = await saveVersion("Before the brand kit");
    const designer = await open("dana");
    // Exactly what the design panel does when a designer applies a kit.
    designer.doc.transact(() => {
      for (const [key, value] of Object.entries(designFromBrandKit(kit))) designer.doc.getMap("design").set(key, value);
    });
    await eventually(async () => expect((await live()).design.brandLocks).toBeDefined());
    await expectLockedElementsUnchanged();
    expect(await brandFindings()).toEqual([]);
  });

  it("a writer who deletes the contact box is told by the checks, and sign-off stops until it is back", async () => {
    const writer = await open("wren");
    expect(contactBoxes(writer.doc)).toHaveLength(1);
    const [box] = contactBoxes(writer.doc);
    box!.section.delete(box!.index, 1);
    await eventually(async () => expect(JSON.stringify((await live()).content)).not.toContain("contactBlock"));

    const findings = await brandFindings();
    expect(findings).toEqual([
      expect.objectContaining({
        severity: "blocker",
        text: "Contact box",
        message: "The brand kit asks every document to keep its contact box, and this document has none.",
      }),
    ]);
    const approval = await decide("abi", "content");
    expect(approval.status).toBe(409);
    expect(approval.body.error!.code).toBe("blocked_by_checks");
    const publish = await api<{ unmet: Array<{ code: string }> }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/releases`,
      { method: "POST" },
    );
    expect(publish.status).toBe(409);
    expect(publish.body.unmet.map((u) => u.code)).toContain("checks_blocking");
    withoutContactBox = await saveVersion("Contact box deleted");
  });

  it("restoring a version brings the check with it either way, and never touches the locked logo or footer", async () => {
    await restore(withContactBox);
    expect(await brandFindings()).toEqual([]);
    await expectLockedElementsUnchanged();
    await restore(withoutContactBox);
    expect((await brandFindings()).map((f) => f.text)).toEqual(["Contact box"]);
    await expectLockedElementsUnchanged();
  });

  it("a writer cannot change or remove the locked logo or footer, or the locks, over sync: the connection is closed with 4409", async () => {
    const attempts: Array<(design: Y.Map<unknown>) => void> = [
      (design) => design.set("footerText", "Call us any time"),
      (design) => design.set("logoUploadId", null),
      (design) => design.delete("brandLocks"),
    ];
    for (const attempt of attempts) {
      const writer = await open("wren");
      const refused = closeCode(writer);
      attempt(writer.doc.getMap("design"));
      expect(await refused).toBe(4409);
      writer.destroy();
    }
    await expectLockedElementsUnchanged();
  });

  it("a designer's hand-made client that drops the locked logo gets past sync, but not past sign-off", async () => {
    await restore(withContactBox);
    const designer = await open("dana");
    designer.doc.getMap("design").set("logoUploadId", null);
    await eventually(async () => expect((await live()).design.logoUploadId).toBeNull());
    expect((await brandFindings()).map((f) => f.text)).toEqual(["Logo"]);
    const approval = await decide("alex", "design");
    expect(approval.status).toBe(409);
    expect(approval.body.error!.code).toBe("blocked_by_checks");

    // Applying the kit again puts it back; then the document can be signed off and published as the kit asks.
    designer.doc.transact(() => {
      for (const [key, value] of Object.entries(designFromBrandKit(kit))) designer.doc.getMap("design").set(key, value);
    });
    await eventually(async () => expect((await live()).design.logoUploadId).toBe(kit.logoUploadId));
    await expectLockedElementsUnchanged();
    expect(await brandFindings()).toEqual([]);
    expect((await decide("abi", "content")).status).toBe(201);
    expect((await decide("alex", "design")).status).toBe(201);
    const published = await api<{ id: string }>(server.url, tokens.cora!, `/api/documents/${leaflet}/releases`, {
      method: "POST",
    });
    expect(published.status).toBe(201);
  });
});
