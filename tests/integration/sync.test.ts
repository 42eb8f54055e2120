import { execFileSync } from "node:child_process";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  api,
  closeCodeOf,
  connect,
  contentJson,
  documentIdByTitle,
  eventually,
  plainText,
  signIn,
  typeInSection,
  waitForSync,
  type SyncClient,
} from "../helpers/clients";
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

describe("co-editing over the real protocol", () => {
  it("two writers' edits converge", async () => {
    const a = open(leaflet, tokens.wren!);
    const b = open(leaflet, tokens.will!);
    await Promise.all([waitForSync(a), waitForSync(b)]);
    expect(contentJson(a.doc)).toEqual(contentJson(b.doc));
    expect(plainText(a.doc)).toContain("rights"); // the stored demo text arrived before anyone typed

    typeInSection(a.doc, 0, "Wren was here. ");
    typeInSection(b.doc, 1, "Will was here. ");
    await eventually(() => {
      expect(plainText(a.doc)).toContain("Will was here.");
      expect(plainText(b.doc)).toContain("Wren was here.");
    });
    expect(contentJson(a.doc)).toEqual(contentJson(b.doc));
  });

  it("a viewer's edits are neither applied nor broadcast, but their presence is", async () => {
    const writer = open(leaflet, tokens.wren!);
    const viewer = open(leaflet, tokens.vic!);
    await Promise.all([waitForSync(writer), waitForSync(viewer)]);
    viewer.provider.awareness.setLocalStateField("user", { name: "Vic" });
    typeInSection(viewer.doc, 0, "VIEWER-EDIT ");
    await eventually(() => {
      const names = [...writer.provider.awareness.getStates().values()].map(
        (s) => (s as { user?: { name?: string } }).user?.name,
      );
      expect(names).toContain("Vic");
    });
    // Flush order: a writer's later edit arrives, the viewer's never does.
    typeInSection(writer.doc, 0, "AFTER ");
    const third = open(leaflet, tokens.will!);
    await waitForSync(third);
    await eventually(() => expect(plainText(third.doc)).toContain("AFTER"));
    expect(plainText(writer.doc)).not.toContain("VIEWER-EDIT");
    expect(plainText(third.doc)).not.toContain("VIEWER-EDIT");
    const canonical = await api<{ content: unknown }>(server.url, tokens.cora!, `/api/documents/${leaflet}`);
    expect(JSON.stringify(canonical.body.content)).not.toContain("VIEWER-EDIT");
  });

  it("approvers can't change the text", async () => {
    const approver = open(leaflet, tokens.abi!);
    await waitForSync(approver);
    typeInSection(approver.doc, 0, "APPROVER-EDIT ");
    const check = open(leaflet, tokens.will!);
    await waitForSync(check);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(plainText(check.doc)).not.toContain("APPROVER-EDIT");
  });

  it("a writer cannot change the design; a designer can, and everyone sees it", async () => {
    const writer = open(leaflet, tokens.wren!);
    const designer = open(leaflet, tokens.dana!);
    const reader = open(leaflet, tokens.will!);
    await Promise.all([waitForSync(writer), waitForSync(designer), waitForSync(reader)]);
    const closeCodes: number[] = [];
    writer.provider.on("connection-close", (event) => {
      if (event) closeCodes.push(event.code);
      // As the editor does: a refused change needs a reload, not a retry.
      if (event?.code === 4409 && writer.provider.shouldConnect) writer.provider.disconnect();
    });
    writer.doc.getMap("design").set("templateId", "hacked-by-writer");
    await eventually(() => expect(closeCodes).toContain(4409));

    designer.doc.getMap("design").set("accent", "#1d4f91");
    await eventually(() => expect(reader.doc.getMap("design").get("accent")).toBe("#1d4f91"));
    const canonical = await api<{ design: Record<string, unknown> }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}`,
    );
    expect(canonical.body.design.templateId).toBe("a5-booklet");
    expect(canonical.body.design.accent).toBe("#1d4f91");
  });

  it("presence shows the signed-in name, whatever name a client claims", async () => {
    const liar = open(leaflet, tokens.wren!);
    const watcher = open(leaflet, tokens.will!);
    await Promise.all([waitForSync(liar), waitForSync(watcher)]);
    liar.provider.awareness.setLocalStateField("user", {
      id: "someone-else",
      name: "Cora (coordinator)",
      color: "#ffd166",
    });
    await eventually(() => {
      const users = [...watcher.provider.awareness.getStates().values()].map(
        (s) => (s as { user?: { name: string } }).user?.name,
      );
      expect(users).toContain("Wren");
      expect(users).not.toContain("Cora (coordinator)");
    });
  });
});

describe("refusals use the documented close codes", () => {
  const syncUrl = (id: string, token?: string) =>
    `${server.url.replace("http", "ws")}/sync/${id}${token ? `?token=${token}` : ""}`;

  it("no credentials → 4401", async () => {
    expect(await closeCodeOf(syncUrl(leaflet))).toBe(4401);
    expect(await closeCodeOf(syncUrl(leaflet, "not-a-real-token"))).toBe(4401);
  });

  it("unknown document → 4404", async () => {
    expect(await closeCodeOf(syncUrl("no-such-document", tokens.cora))).toBe(4404);
  });

  it("a document of another workspace → 4403", async () => {
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
    const olga = await signIn(server.url, "olga", "another-long-password");
    expect(await closeCodeOf(syncUrl(leaflet, olga))).toBe(4403);
    // …and over HTTP it does not even exist for them.
    expect((await api(server.url, olga, `/api/documents/${leaflet}`)).status).toBe(404);
  });

  it("a browser page on another site cannot open an editing session → 4403", async () => {
    expect(await closeCodeOf(syncUrl(leaflet, tokens.wren), undefined, { origin: "https://evil.example" })).toBe(4403);
  });

  it("the session cookie works as well as ?token=", async () => {
    const code = await new Promise<number | "open">((resolve) => {
      const socket = new WebSocket(syncUrl(leaflet), { headers: { cookie: `copress_session=${tokens.wren}` } });
      socket.on("message", () => {
        resolve("open");
        socket.close();
      });
      socket.on("close", (c) => resolve(c));
    });
    expect(code).toBe("open");
  });
});

describe("bad frames close only their own connection", () => {
  const frames: Array<[string, number, () => Uint8Array | string]> = [
    ["random bytes", 4400, () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02])],
    ["an unknown message type", 4400, () => new Uint8Array([7, 1, 2, 3])],
    [
      "a truncated update",
      4400,
      () => {
        const donor = new Y.Doc();
        donor.getXmlFragment("content").insert(0, [new Y.XmlText("hello there")]);
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 0);
        syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(donor));
        const full = encoding.toUint8Array(encoder);
        return full.slice(0, full.length - 6);
      },
    ],
    [
      "a huge declared length",
      4400,
      () => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 0);
        encoding.writeVarUint(encoder, 2);
        encoding.writeVarUint(encoder, 0x7fffffff);
        return encoding.toUint8Array(encoder);
      },
    ],
    ["a text frame", 4400, () => "hello"],
    ["an oversized frame", 4413, () => new Uint8Array(5 * 1024 * 1024 + 10)],
  ];

  it.each(frames)("%s → close %i, others keep editing", async (_name, expected, frame) => {
    const honest = open(leaflet, tokens.will!);
    await waitForSync(honest);
    const code = await closeCodeOf(
      `${server.url.replace("http", "ws")}/sync/${leaflet}?token=${tokens.wren}`,
      (socket) => socket.send(frame()),
    );
    expect(code).toBe(expected);
    const marker = `still-fine-${Math.random().toString(36).slice(2, 8)} `;
    typeInSection(honest.doc, 2, marker);
    const observer = open(leaflet, tokens.wren!);
    await waitForSync(observer);
    await eventually(() => expect(plainText(observer.doc)).toContain(marker.trim()));
  });
});

describe("storage", () => {
  it("content survives a restart and the hash is stable", async () => {
    const writer = open(leaflet, tokens.wren!);
    await waitForSync(writer);
    typeInSection(writer.doc, 0, "Before restart. ");
    await eventually(async () => {
      const { body } = await api<{ content: unknown }>(server.url, tokens.cora!, `/api/documents/${leaflet}`);
      expect(JSON.stringify(body.content)).toContain("Before restart.");
    });
    const before = await api<{ hash: string; contentHash: string; designHash: string }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}`,
    );
    const again = await api<{ hash: string }>(server.url, tokens.cora!, `/api/documents/${leaflet}`);
    expect(again.body.hash).toBe(before.body.hash);
    expect(before.body.hash).toMatch(/^[0-9a-f]{64}$/);

    for (const client of clients.splice(0)) client.destroy();
    const dataDir = server.dataDir;
    await server.stop();
    server = await startServer({ dataDir });
    tokens.cora = await signIn(server.url, "cora");
    tokens.wren = await signIn(server.url, "wren");
    const after = await api<{ hash: string; contentHash: string; designHash: string }>(
      server.url,
      tokens.cora,
      `/api/documents/${leaflet}`,
    );
    expect(after.body).toMatchObject({
      hash: before.body.hash,
      contentHash: before.body.contentHash,
      designHash: before.body.designHash,
    });

    const reader = open(leaflet, tokens.wren);
    await waitForSync(reader);
    expect(plainText(reader.doc)).toContain("Before restart.");
  });

  it("a content edit changes the content hash but not the design hash", async () => {
    const before = await api<{ hash: string; contentHash: string; designHash: string }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}`,
    );
    const writer = open(leaflet, tokens.wren!);
    await waitForSync(writer);
    typeInSection(writer.doc, 1, "x");
    await eventually(async () => {
      const after = await api<{ contentHash: string; designHash: string; hash: string }>(
        server.url,
        tokens.cora!,
        `/api/documents/${leaflet}`,
      );
      expect(after.body.contentHash).not.toBe(before.body.contentHash);
      expect(after.body.designHash).toBe(before.body.designHash);
      expect(after.body.hash).not.toBe(before.body.hash);
    });
  });
});
