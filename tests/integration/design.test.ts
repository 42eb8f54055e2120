import { sql } from "kysely";
import { openStoreOf } from "../helpers/store";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_COLOURS } from "../../app/domain/design";
import { contrastRatio } from "../../app/domain/colour";
import { api, connect, documentIdByTitle, eventually, signIn, waitForSync, type SyncClient } from "../helpers/clients";
import { projectRoot, removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let leaflet: string;
let tokens: Record<string, string>;
const clients: SyncClient[] = [];

function open(documentId: string, token: string) {
  const client = connect(server.url, documentId, token);
  clients.push(client);
  return client;
}

type Json = Record<string, unknown>;
type ErrorBody = { error: { code: string; message: string; details?: { fields?: Record<string, string[]> } } };

beforeAll(async () => {
  server = await startServer();
  tokens = {};
  for (const name of ["cora", "wren", "will", "dana", "vic", "abi"]) tokens[name] = await signIn(server.url, name);
  leaflet = await documentIdByTitle(server.url, tokens.cora!, "Women's Rights");
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

const kitBody = (overrides: Json = {}) => ({
  name: "Demo Charity main brand",
  colours: {
    text: "#0b0c0c",
    background: "#ffffff",
    primary: "#6a1b9a",
    onPrimary: "#ffffff",
    accent: "#00703c",
    muted: "#505a5f",
  },
  headingFont: "lexend",
  bodyFont: "atkinson-hyperlegible",
  footerText: "Demo Charity, registered charity 123456. Call 0800 000 000.",
  lockedElements: ["footerText"],
  ...overrides,
});

describe("the design map is shared in real time, and only designers change it", () => {
  it("a designer's colour change reaches another client and is recorded with who made it", async () => {
    const before = new Date().toISOString();
    const designer = open(leaflet, tokens.dana!);
    const writer = open(leaflet, tokens.wren!);
    await Promise.all([waitForSync(designer), waitForSync(writer)]);
    const purple = { ...DEFAULT_COLOURS, primary: "#6a1b9a" };
    designer.doc.getMap("design").set("colours", purple);
    await eventually(() => expect(writer.doc.getMap("design").get("colours")).toEqual(purple));

    const history = await api<{ changes: Json[]; summary: Json[] }>(
      server.url,
      tokens.abi!,
      `/api/documents/${leaflet}/design-changes?since=${before}`,
    );
    expect(history.status).toBe(200);
    expect(history.body.changes).toContainEqual(
      expect.objectContaining({
        key: "colours",
        origin: "person",
        by: expect.objectContaining({ name: "Dana (designer)" }),
        to: purple,
      }),
    );
    expect(history.body.summary).toContainEqual(
      expect.objectContaining({ key: "colours", from: DEFAULT_COLOURS, to: purple, people: ["Dana (designer)"] }),
    );

    // Changes before `since` are left out; a nonsense `since` is a clear 400.
    const later = await api<{ changes: Json[] }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/design-changes?since=${new Date().toISOString()}`,
    );
    expect(later.body.changes).toEqual([]);
    const bad = await api<ErrorBody>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/design-changes?since=yesterday-ish`,
    );
    expect(bad.status).toBe(400);
  });

  it("a writer's design change is refused by the server (see also sync.test.ts) and never recorded", async () => {
    const before = new Date().toISOString();
    const writer = open(leaflet, tokens.will!);
    await waitForSync(writer);
    const closeCodes: number[] = [];
    writer.provider.on("connection-close", (event) => {
      if (event) closeCodes.push(event.code);
      if (event?.code === 4409) writer.provider.disconnect();
    });
    writer.doc.getMap("design").set("colours", { ...DEFAULT_COLOURS, text: "#333333" });
    await eventually(() => expect(closeCodes).toContain(4409));
    const canonical = await api<{ design: { colours: Json } }>(server.url, tokens.cora!, `/api/documents/${leaflet}`);
    expect(canonical.body.design.colours.text).not.toBe("#333333");
    const history = await api<{ changes: Json[] }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/design-changes?since=${before}`,
    );
    expect(history.body.changes).toEqual([]);
  });

  it("an unreadable colour pair sent past the design panel is put back, for everyone", async () => {
    const before = new Date().toISOString();
    const designer = open(leaflet, tokens.dana!);
    const watcher = open(leaflet, tokens.wren!);
    await Promise.all([waitForSync(designer), waitForSync(watcher)]);
    const readable = designer.doc.getMap("design").get("colours") as Json;
    const pale = { ...readable, text: "#cccccc" }; // 1.6:1 on white
    expect(contrastRatio("#cccccc", "#ffffff")).toBeLessThan(4.5);
    designer.doc.getMap("design").set("colours", pale);
    await eventually(() => {
      expect(watcher.doc.getMap("design").get("colours")).toEqual(readable);
      expect(designer.doc.getMap("design").get("colours")).toEqual(readable);
    });
    const history = await api<{ changes: Array<{ origin: string; by: unknown; to: unknown }> }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/design-changes?since=${before}`,
    );
    expect(history.body.changes.map((change) => change.origin)).toEqual(["person", "guard"]);
    expect(history.body.changes[1]).toMatchObject({ by: null, to: readable });
  });

  it("design changes of another workspace's document are not found", async () => {
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/admin.ts",
        "create-workspace",
        "--workspace",
        "Other Org",
        "--username",
        "olga",
        "--name",
        "Olga",
        "--password",
        "another-long-password",
      ],
      { cwd: projectRoot, env: { ...process.env, DATA_DIR: server.dataDir, ...server.storeEnv } },
    );
    tokens.olga = await signIn(server.url, "olga", "another-long-password");
    expect((await api(server.url, tokens.olga, `/api/documents/${leaflet}/design-changes`)).status).toBe(404);
  });
});

describe("brand kits", () => {
  let kitId: string;

  it("a designer makes a kit; everyone in the workspace can see it", async () => {
    const created = await api<{ brandKit: Json }>(server.url, tokens.dana!, "/api/brand-kits", {
      method: "POST",
      body: JSON.stringify(kitBody()),
    });
    expect(created.status).toBe(201);
    expect(created.body.brandKit).toMatchObject({
      name: "Demo Charity main brand",
      headingFont: "lexend",
      lockedElements: ["footerText"],
      logoUrl: null,
    });
    kitId = created.body.brandKit.id as string;
    const listed = await api<{ brandKits: Json[] }>(server.url, tokens.wren!, "/api/brand-kits");
    expect(listed.body.brandKits.map((kit) => kit.id)).toContain(kitId);
    // Not to another workspace.
    expect((await api<{ brandKits: Json[] }>(server.url, tokens.olga!, "/api/brand-kits")).body.brandKits).toEqual([]);
    expect((await api(server.url, tokens.olga!, `/api/brand-kits/${kitId}`)).status).toBe(404);
  });

  it("refuses colours that would print unreadable text, with the nearest passing shade, and stores nothing", async () => {
    const refused = await api<ErrorBody>(server.url, tokens.dana!, "/api/brand-kits", {
      method: "POST",
      body: JSON.stringify(kitBody({ name: "Pale", colours: { ...kitBody().colours, text: "#999999" } })),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(
      /Text #999999 would be hard to read.*needs at least 4.5:1\. Try #[0-9a-f]{6}/,
    );
    expect(refused.body.error.details?.fields?.["colours.text"]).toHaveLength(1);
    const suggestion = /Try (#[0-9a-f]{6})/.exec(refused.body.error.message)![1]!;
    expect(contrastRatio(suggestion, "#ffffff")).toBeGreaterThanOrEqual(4.6); // a little above the line
    const listed = await api<{ brandKits: Json[] }>(server.url, tokens.dana!, "/api/brand-kits");
    expect(listed.body.brandKits.map((kit) => kit.name)).not.toContain("Pale");
  });

  it("refuses bad input field by field, a taken name, and people who are not designers", async () => {
    const bad = await api<ErrorBody>(server.url, tokens.dana!, "/api/brand-kits", {
      method: "POST",
      body: JSON.stringify(
        kitBody({ name: " ", headingFont: "comic-sans", colours: { ...kitBody().colours, accent: "green" } }),
      ),
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details?.fields ?? {}).sort()).toEqual(["colours.accent", "headingFont", "name"]);
    const taken = await api<ErrorBody>(server.url, tokens.cora!, "/api/brand-kits", {
      method: "POST",
      body: JSON.stringify(kitBody({ name: "demo charity MAIN brand" })),
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("name_taken");
    const writer = await api<ErrorBody>(server.url, tokens.wren!, "/api/brand-kits", {
      method: "POST",
      body: JSON.stringify(kitBody({ name: "Mine" })),
    });
    expect(writer.status).toBe(403);
    expect((await api(server.url, tokens.wren!, `/api/brand-kits/${kitId}`, { method: "DELETE" })).status).toBe(403);
    const locked = await api<ErrorBody>(server.url, tokens.dana!, "/api/brand-kits", {
      method: "POST",
      body: JSON.stringify(kitBody({ name: "Locked logo", lockedElements: ["logo"] })),
    });
    expect(locked.status).toBe(400);
    expect(locked.body.error.message).toContain("no logo");
  });

  it("a designer changes and removes a kit", async () => {
    const updated = await api<{ brandKit: Json }>(server.url, tokens.dana!, `/api/brand-kits/${kitId}`, {
      method: "PUT",
      body: JSON.stringify(kitBody({ name: "Demo Charity brand", bodyFont: "open-sans" })),
    });
    expect(updated.status).toBe(200);
    expect(updated.body.brandKit).toMatchObject({ name: "Demo Charity brand", bodyFont: "open-sans" });
    const spare = await api<{ brandKit: Json }>(server.url, tokens.cora!, "/api/brand-kits", {
      method: "POST",
      body: JSON.stringify(kitBody({ name: "Spare" })),
    });
    expect(
      (await api(server.url, tokens.cora!, `/api/brand-kits/${spare.body.brandKit.id}`, { method: "DELETE" })).status,
    ).toBe(204);
    expect((await api(server.url, tokens.cora!, `/api/brand-kits/${spare.body.brandKit.id}`)).status).toBe(404);
  });
});

describe("logo uploads", () => {
  const uploadsDir = () => path.join(server.dataDir, "uploads");
  const storedFiles = () => readdirSync(uploadsDir()).sort();
  const storedRows = async () => {
    const store = await openStoreOf(server.dataDir);
    try {
      const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM uploads`.execute(store.db);
      return Number(rows[0]!.n);
    } finally {
      await store.close();
    }
  };

  async function upload(
    token: string,
    bytes: Uint8Array,
    fileName: string,
    type = "application/octet-stream",
    purpose = "logo",
  ) {
    const form = new FormData();
    form.set("purpose", purpose);
    form.set("file", new Blob([new Uint8Array(bytes)], { type }), fileName);
    // fetch sets the multipart boundary itself (the `api` helper would label the body as JSON).
    const response = await fetch(`${server.url}/api/uploads`, {
      method: "POST",
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as { upload: Json } & ErrorBody };
  }

  const png = () =>
    sharp({ create: { width: 400, height: 200, channels: 4, background: { r: 106, g: 27, b: 154, alpha: 1 } } })
      .png()
      .toBuffer();

  let logoUrl: string;

  it("stores a PNG logo re-encoded under a random name and serves it only to its workspace", async () => {
    const response = await upload(tokens.dana!, await png(), "Our logo.png", "image/png");
    expect(response.status).toBe(201);
    expect(response.body.upload).toMatchObject({
      mediaType: "image/png",
      originalType: "image/png",
      width: 400,
      height: 200,
      originalName: "Our logo.png",
    });
    logoUrl = response.body.upload.url as string;
    expect(storedFiles()).toHaveLength(1);
    expect(storedFiles()[0]).toMatch(/^[0-9a-f]{32}\.png$/);

    const fetched = await fetch(`${server.url}${logoUrl}`, { headers: { authorization: `Bearer ${tokens.vic}` } });
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("image/png");
    expect(fetched.headers.get("x-content-type-options")).toBe("nosniff");
    expect(fetched.headers.get("content-disposition")).toBe('inline; filename="Our logo.png"');
    expect(
      Buffer.from(await fetched.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");

    expect((await fetch(`${server.url}${logoUrl}`)).status).toBe(401);
    expect(
      (await fetch(`${server.url}${logoUrl}`, { headers: { authorization: `Bearer ${tokens.olga}` } })).status,
    ).toBe(404);
  });

  it("a kit can use the uploaded logo and lock it", async () => {
    const id = logoUrl.split("/").pop();
    const created = await api<{ brandKit: Json }>(server.url, tokens.dana!, "/api/brand-kits", {
      method: "POST",
      body: JSON.stringify(kitBody({ name: "With logo", logoUploadId: id, lockedElements: ["logo", "footerText"] })),
    });
    expect(created.status).toBe(201);
    expect(created.body.brandKit).toMatchObject({ logoUrl, lockedElements: ["logo", "footerText"] });
    const missing = await api<ErrorBody>(server.url, tokens.dana!, "/api/brand-kits", {
      method: "POST",
      body: JSON.stringify(kitBody({ name: "Ghost logo", logoUploadId: "not-an-upload" })),
    });
    expect(missing.status).toBe(400);
  });

  it("draws a clean SVG logo as a PNG", async () => {
    const svg = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60"><rect width="120" height="60" fill="#6a1b9a"/><circle cx="30" cy="30" r="20" fill="#fff"/></svg>`;
    const response = await upload(tokens.dana!, new TextEncoder().encode(svg), "logo.svg", "image/svg+xml");
    expect(response.status).toBe(201);
    expect(response.body.upload).toMatchObject({
      mediaType: "image/png",
      originalType: "image/svg+xml",
      width: 1600,
      height: 800,
    });
    expect(storedFiles()).toHaveLength(2);
  });

  it("takes WebP, GIF and AVIF pictures in, stored as the PNG or JPEG a PDF can draw", async () => {
    const photo = sharp({ create: { width: 300, height: 200, channels: 3, background: "#2e7d32" } });
    const seeThrough = sharp({
      create: { width: 120, height: 80, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } },
    });
    const cases = [
      { bytes: await photo.clone().webp().toBuffer(), sent: "image/webp", stored: "image/jpeg", width: 300 },
      { bytes: await seeThrough.clone().webp().toBuffer(), sent: "image/webp", stored: "image/png", width: 120 },
      { bytes: await photo.clone().gif().toBuffer(), sent: "image/gif", stored: "image/png", width: 300 },
      { bytes: await photo.clone().avif().toBuffer(), sent: "image/avif", stored: "image/jpeg", width: 300 },
    ];
    for (const { bytes, sent, stored, width } of cases) {
      // Named and labelled wrongly on purpose: the bytes decide.
      const response = await upload(tokens.dana!, bytes, "picture.png", "image/png", "image");
      expect(response.status, sent).toBe(201);
      expect(response.body.upload).toMatchObject({ mediaType: stored, originalType: sent, width });
      const served = await fetch(`${server.url}${String(response.body.upload.url)}`, {
        headers: { authorization: `Bearer ${tokens.dana!}` },
      });
      expect(served.headers.get("content-type")).toBe(stored);
      expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).format).toBe(
        stored === "image/png" ? "png" : "jpeg",
      );
    }
  });

  it("refuses a wrong type, a file too big, an SVG with a script and a disguised file, storing nothing", async () => {
    const filesBefore = storedFiles();
    const rowsBefore = await storedRows();

    const tiff = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#ff0000" } })
      .tiff()
      .toBuffer();
    const wrongType = await upload(tokens.dana!, tiff, "logo.png", "image/png"); // the name and type lie; the bytes don't
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toBe(
      "That file is a TIFF picture. Please upload a PNG, JPEG, WebP, GIF or SVG picture.",
    );

    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF");
    expect((await upload(tokens.dana!, pdf, "logo.png", "image/png")).body.error.message).toBe(
      "That file is a PDF. Please upload a PNG, JPEG, WebP, GIF or SVG picture.",
    );

    const big = new Uint8Array(2.5 * 1024 * 1024);
    big.set(await png());
    const tooBig = await upload(tokens.dana!, big, "huge.png", "image/png");
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.message).toBe("That file is bigger than 2 MB. Save it smaller and try again.");

    const scripted = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>fetch('/api/documents')</script><rect width="10" height="10"/></svg>`;
    const script = await upload(tokens.dana!, new TextEncoder().encode(scripted), "logo.svg", "image/svg+xml");
    expect(script.status).toBe(400);
    expect(script.body.error.message).toMatch(
      /^This SVG file contains a script, an animation or links to other files, so we can't use it safely\./,
    );

    const handler = `<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10" onload="alert(1)"/></svg>`;
    expect((await upload(tokens.dana!, new TextEncoder().encode(handler), "a.svg")).status).toBe(400);
    const external = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>`;
    expect((await upload(tokens.dana!, new TextEncoder().encode(external), "b.svg")).status).toBe(400);
    const entities = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]><svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>`;
    expect((await upload(tokens.dana!, new TextEncoder().encode(entities), "c.svg")).status).toBe(400);

    const text = await upload(tokens.dana!, new TextEncoder().encode("just some words"), "logo.png", "image/png");
    expect(text.status).toBe(400);
    const broken = await upload(tokens.dana!, (await png()).subarray(0, 60), "broken.png", "image/png");
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toContain("We couldn't read that picture");
    const empty = await upload(tokens.dana!, new Uint8Array(0), "empty.png", "image/png");
    expect(empty.status).toBe(400);

    const writer = await upload(tokens.wren!, await png(), "logo.png", "image/png");
    expect(writer.status).toBe(403);
    const notMultipart = await api<ErrorBody>(server.url, tokens.dana!, "/api/uploads", {
      method: "POST",
      body: JSON.stringify({ file: "x" }),
    });
    expect(notMultipart.status).toBe(400);

    expect(storedFiles()).toEqual(filesBefore);
    expect(await storedRows()).toBe(rowsBefore);
  });
});

describe("fonts for the preview", () => {
  it("serves the bundled WOFF files and nothing else", async () => {
    const font = await fetch(`${server.url}/fonts/lexend-latin-700-normal.woff`);
    expect(font.status).toBe(200);
    expect(font.headers.get("content-type")).toBe("font/woff");
    expect(
      Buffer.from(await font.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe("wOFF");
    expect((await fetch(`${server.url}/fonts/lexend-latin-700-normal.woff2`)).status).toBe(404);
    expect((await fetch(`${server.url}/fonts/..%2F..%2Fpackage.json`)).status).toBe(404);
  });
});
