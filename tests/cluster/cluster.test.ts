/**
 * Several Copress processes serving the same documents (issue 17): three real server processes on one real
 * PostgreSQL database and a real Redis of the test's own (so it can be restarted), behind a plain TCP proxy that sends
 * each new connection to the next live process — no sticky sessions. Real y-websocket clients edit through it.
 */
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import {
  api,
  connect,
  documentIdByTitle,
  eventually,
  plainText,
  signIn,
  waitForSync,
  type SyncClient,
} from "../helpers/clients";
import { makeDataDir, removeDataDir, startServer, type TestServer } from "../helpers/server";
import { freshPostgresDatabase } from "../helpers/store";
import { startRedis, type TestRedis } from "../helpers/network";

const MARKER = /\[\[[a-z0-9-]+\]\]/g;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: TestRedis | null = null;
let database: { url: string; drop(): Promise<void> };
let dataDir: string;
const servers: Array<TestServer | null> = [];
let proxy: net.Server;
let proxyUrl: string;
const clients: SyncClient[] = [];
const tokens: Record<string, string> = {};

const env = () => ({
  DATABASE_URL: database.url,
  REDIS_URL: redis!.url,
  SYNC_ROOM_IDLE_MS: "60000",
  SYNC_COMPACT_AFTER: "40", // compaction happens often, on whichever process stores the batch
});

/** A TCP proxy: each new connection goes to the next live process, round robin, as a load balancer would. */
function startProxy(): Promise<string> {
  let next = 0;
  proxy = net.createServer((socket) => {
    const live = servers.filter((server): server is TestServer => server !== null);
    if (live.length === 0) return socket.destroy();
    const target = live[next++ % live.length]!;
    const upstream = net.connect({ port: target.port, host: "127.0.0.1" });
    socket.pipe(upstream).pipe(socket);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on("error", end);
    upstream.on("error", end);
    socket.on("close", end);
    upstream.on("close", end);
  });
  return new Promise((resolve) =>
    proxy.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`)),
  );
}

/** A client connected straight to one process (not through the proxy). */
async function clientOn(server: TestServer, documentId: string, who: string) {
  const client = connect(server.url, documentId, tokens[who]!);
  clients.push(client);
  await waitForSync(client, 20_000);
  return client;
}

function paragraphTexts(doc: Y.Doc): Y.XmlText[] {
  const found: Y.XmlText[] = [];
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === "paragraph") {
        const text = child.toArray().find((c) => c instanceof Y.XmlText) as Y.XmlText | undefined;
        if (text) found.push(text);
      } else walk(child);
    }
  };
  walk(doc.getXmlFragment("content"));
  return found;
}

/** Each client types markers into random paragraphs (and now and then deletes plain words), concurrently. */
function typeConcurrently(writers: Array<{ name: string; client: SyncClient }>, everyMs: number) {
  let count = 0;
  const timers = writers.map(({ name, client }, w) =>
    setInterval(() => {
      if (!client.provider.wsconnected) return;
      const texts = paragraphTexts(client.doc);
      if (texts.length === 0) return;
      const text = texts[(count * 7 + w * 13) % texts.length]!;
      // The characters as offsets count them (formatting is not text), so a deletion never cuts a marker.
      const characters = text
        .toDelta()
        .map((d: { insert: unknown }) => (typeof d.insert === "string" ? d.insert : " "))
        .join("");
      client.doc.transact(() => {
        if (count % 9 === 8 && characters.length > 30 && !characters.slice(0, 12).includes("[[")) text.delete(0, 5);
        else {
          // Never inside another marker (that would split it, and it would no longer be found).
          let at = (count * 31) % (characters.length + 1);
          for (const m of characters.matchAll(MARKER)) if (at > m.index! && at < m.index! + m[0].length) at = m.index!;
          text.insert(at, ` [[${name}-${w}-${count++}]] `);
        }
      });
    }, everyMs),
  );
  return () => timers.forEach(clearInterval);
}

const contentOf = (client: SyncClient) => yXmlFragmentToProsemirrorJSON(client.doc.getXmlFragment("content"));
const markersIn = (doc: Y.Doc) => new Set(plainText(doc).match(MARKER) ?? []);

async function expectConverged(all: SyncClient[], timeoutMs = 30_000) {
  await eventually(
    () => {
      const reference = JSON.stringify(contentOf(all[0]!));
      for (const client of all) expect(JSON.stringify(contentOf(client))).toBe(reference);
    },
    timeoutMs,
    100,
  );
}

beforeAll(async () => {
  redis = await startRedis();
  database = await freshPostgresDatabase("copress_cluster");
  dataDir = makeDataDir(); // shared: uploads live here, the database is PostgreSQL
  // One at a time, as a deployment rolls out: the first migrates and seeds, the others find it done.
  for (let i = 0; i < 3; i++) servers.push(await startServer({ dataDir, env: env() }));
  proxyUrl = await startProxy();
  for (const name of ["cora", "wren", "will", "abi", "vic"]) tokens[name] = await signIn(proxyUrl, name);
}, 120_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await new Promise((resolve) => proxy?.close(resolve));
  await Promise.all(servers.map((server) => server?.stop() ?? Promise.resolve()));
  await redis?.stop();
  await database?.drop();
  if (dataDir) await removeDataDir(dataDir);
});

describe("three processes, one PostgreSQL, one Redis", () => {
  it("seeds once and answers /ready on every process", async () => {
    for (const server of servers) expect((await fetch(`${server!.url}/ready`)).status).toBe(200);
    const listed = await api<{ documents: Array<{ title: string }> }>(servers[2]!.url, tokens.cora!, "/api/documents");
    expect(listed.body.documents.filter((d) => d.title === "Women's Rights")).toHaveLength(1);
  });

  it("sign-in throttling counts tries on every process together", async () => {
    // 30 wrong passwords for one account at once, spread over the three processes by the proxy: only 5 are checked.
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${proxyUrl}/api/session`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "alex", password: "not the right password" }),
        }).then((response) => response.status),
      ),
    );
    expect(answers.filter((status) => status === 401)).toHaveLength(5);
    expect(answers.filter((status) => status === 429)).toHaveLength(25);
  });

  it("clients on different processes co-edit one document and converge exactly", async () => {
    const documentId = await documentIdByTitle(proxyUrl, tokens.cora!, "Women's Rights");
    const writers: Array<{ name: string; client: SyncClient }> = [];
    for (let i = 0; i < 6; i++) {
      const name = i % 2 === 0 ? "wren" : "will";
      writers.push({ name, client: await clientOn(servers[i % 3]!, documentId, name) });
    }
    const stop = typeConcurrently(writers, 40);
    await sleep(3000);
    stop();
    await expectConverged(writers.map((w) => w.client));
    // A newcomer on each process loads the same document, and the API (any process) agrees.
    const fresh = await Promise.all(servers.map((server) => clientOn(server!, documentId, "vic")));
    await expectConverged([writers[0]!.client, ...fresh]);
    const canonical = await api<{ content: unknown }>(servers[1]!.url, tokens.vic!, `/api/documents/${documentId}`);
    expect(canonical.body.content).toEqual(contentOf(writers[0]!.client));
    expect(markersIn(fresh[0]!.doc).size).toBeGreaterThan(100);
  });

  it("two writers on different processes replay a real editing trace at once; everyone ends with exactly both texts", async () => {
    // The keystroke-level trace the sync benchmark replays (bench/data/README.md): its first transactions, typed by two
    // writers at once into two paragraphs, each writer on a process of their own and a reader on the third.
    const trace = JSON.parse(
      gunzipSync(readFileSync(path.join(import.meta.dirname, "../../bench/data/automerge-paper.json.gz"))).toString(),
    ) as { txns: Array<{ patches: Array<[number, number, string]> }> };
    const COUNT = 3000;
    const expected = (() => {
      const text = new Y.Doc().getText();
      for (const { patches } of trace.txns.slice(0, COUNT))
        for (const [at, remove, insert] of patches) {
          if (remove > 0) text.delete(at, remove);
          if (insert) text.insert(at, insert);
        }
      return text.toString();
    })();
    const created = await api<{ id: string }>(servers[0]!.url, tokens.cora!, "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: "Two traces at once", templateId: "a5-booklet" }),
    });
    expect(created.status).toBe(201);
    const documentId = created.body.id;
    const [wren, will, reader] = [
      await clientOn(servers[0]!, documentId, "wren"),
      await clientOn(servers[1]!, documentId, "will"),
      await clientOn(servers[2]!, documentId, "vic"),
    ];
    // Two paragraphs of the starter: one each (a paragraph's text is made by its writer's first keystroke).
    const paragraphs = (doc: Y.Doc) => {
      const found: Y.XmlElement[] = [];
      const walk = (node: Y.XmlFragment | Y.XmlElement) => {
        for (const child of node.toArray()) {
          if (!(child instanceof Y.XmlElement)) continue;
          if (child.nodeName === "paragraph") found.push(child);
          else walk(child);
        }
      };
      walk(doc.getXmlFragment("content"));
      return found;
    };
    expect(paragraphs(wren.doc).length).toBeGreaterThanOrEqual(2);
    const replay = async (client: SyncClient, index: number) => {
      const paragraph = paragraphs(client.doc)[index]!;
      client.doc.transact(() => paragraph.insert(0, [new Y.XmlText()]));
      const text = paragraph.get(0) as Y.XmlText;
      // Ten keystrokes a message, as a fast typist's client sends them, interleaved with the other writer's.
      for (let from = 0; from < COUNT; from += 10) {
        client.doc.transact(() => {
          for (const { patches } of trace.txns.slice(from, from + 10))
            for (const [at, remove, insert] of patches) {
              if (remove > 0) text.delete(at, remove);
              if (insert) text.insert(at, insert);
            }
        });
        await sleep(1);
      }
    };
    await Promise.all([replay(wren, 0), replay(will, 1)]);
    const textOf = (client: SyncClient, index: number) =>
      (paragraphs(client.doc)[index]?.get(0) as Y.XmlText | undefined)?.toString();
    await eventually(
      () => {
        for (const client of [wren, will, reader]) {
          expect(textOf(client, 0)).toBe(expected);
          expect(textOf(client, 1)).toBe(expected);
        }
      },
      30_000,
      100,
    );
    await expectConverged([wren, will, reader]);
    // A newcomer loads the stored document from any process: the same.
    const fresh = await clientOn(servers[1]!, documentId, "vic");
    await expectConverged([wren, fresh]);
  });

  it("a process killed mid-session loses nothing acknowledged; its clients reconnect elsewhere and converge", async () => {
    const documentId = await documentIdByTitle(
      proxyUrl,
      tokens.cora!,
      "Guide to Child Protection and Care Proceedings",
    );
    const writers: Array<{ name: string; client: SyncClient }> = [];
    for (let i = 0; i < 6; i++) {
      const name = i % 2 === 0 ? "wren" : "will";
      const client = connect(proxyUrl, documentId, tokens[name]!); // through the proxy: spread over the three
      clients.push(client);
      await waitForSync(client, 20_000);
      writers.push({ name, client });
    }
    const stop = typeConcurrently(writers, 50);
    await sleep(1500);
    // What a client on another process has seen was stored before it was relayed: it must survive.
    const acknowledged = new Set<string>();
    for (const { client } of writers) for (const marker of markersIn(client.doc)) acknowledged.add(marker);
    const victim = servers[1]!;
    servers[1] = null; // the proxy stops sending new connections there
    await victim.kill(); // SIGKILL: nothing flushed on purpose
    try {
      await sleep(1500); // everyone keeps typing; the killed process's clients reconnect through the proxy
      stop();
      // Reconnecting waits on y-websocket's back-off and on two processes taking over, slow on a busy test machine.
      await eventually(() => expect(writers.every((w) => w.client.provider.wsconnected)).toBe(true), 45_000, 100);
      await expectConverged(writers.map((w) => w.client));
      const checker = await clientOn(servers[2]!, documentId, "vic");
      await expectConverged([writers[0]!.client, checker]);
      const present = markersIn(checker.doc);
      expect([...acknowledged].filter((marker) => !present.has(marker))).toEqual([]);
    } finally {
      stop();
      // Bring the process back for the tests that follow, whether this one passed or not.
      servers[1] = await startServer({ dataDir, port: victim.port, env: env() });
    }
  });

  const WORDS_ONLY = {
    content: { required: 1, role: "approver", requireLivedExperience: false, contributorsCount: true },
    design: { required: 0, role: "approver", requireLivedExperience: false, contributorsCount: true },
    blockingSeverities: [], // a new document's starter hints would block; this test is about the processes
  };
  let signedOff = "";

  it("an approval given on one process goes stale from an edit made on another", async () => {
    const [a, b, c] = servers as TestServer[];
    const created = await api<{ id: string }>(a!.url, tokens.cora!, "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: "Cluster sign-off", templateId: "a5-booklet" }),
    });
    signedOff = created.body.id;
    await api(a!.url, tokens.cora!, `/api/documents/${signedOff}/policy`, {
      method: "PUT",
      body: JSON.stringify({ policy: WORDS_ONLY }),
    });
    const hash = (await api<{ hash: string }>(a!.url, tokens.cora!, `/api/documents/${signedOff}`)).body.hash;
    const approved = await api<{ id: string }>(a!.url, tokens.abi!, `/api/documents/${signedOff}/approvals`, {
      method: "POST",
      body: JSON.stringify({ scope: "content", decision: "approve", hash }),
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    const writer = await clientOn(b!, signedOff, "wren");
    // The starter's paragraphs are empty: the writer adds words to the first one.
    const section = writer.doc.getXmlFragment("content").get(0) as Y.XmlElement;
    const paragraph = section.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === "paragraph");
    (paragraph as Y.XmlElement).insert(0, [new Y.XmlText("A change made on another process.")]);
    await eventually(async () => {
      const state = await api<{ approvals: Array<{ memberName: string; scope: string; status: string }> }>(
        c!.url,
        tokens.cora!,
        `/api/documents/${signedOff}/approvals`,
      );
      expect(state.body.approvals.find((x) => x.memberName === "Abi" && x.scope === "content")?.status).toBe("stale");
    }, 20_000);
  });

  it("publishes made at once on different processes keep one release number sequence and one valid audit chain", async () => {
    const [a] = servers as TestServer[];
    const hash = (await api<{ hash: string }>(a!.url, tokens.cora!, `/api/documents/${signedOff}`)).body.hash;
    const approved = await api(a!.url, tokens.abi!, `/api/documents/${signedOff}/approvals`, {
      method: "POST",
      body: JSON.stringify({ scope: "content", decision: "approve", hash }),
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    const results = await Promise.all(
      [0, 1, 2, 0, 1, 2].map((i) =>
        api<{ number?: number }>(servers[i]!.url, tokens.cora!, `/api/documents/${signedOff}/releases`, {
          method: "POST",
          body: JSON.stringify({}),
        }),
      ),
    );
    const numbers = results
      .filter((r) => r.status === 201)
      .map((r) => r.body.number!)
      .sort((x, y) => x - y);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    const verified = await api<{ ok: boolean }>(servers[2]!.url, tokens.cora!, "/api/audit?verify");
    expect(verified.body).toMatchObject({ ok: true });
  });

  it("Redis restarted mid-session: nothing is lost and every process's clients converge again", async () => {
    const documentId = await documentIdByTitle(proxyUrl, tokens.cora!, "Women's Rights");
    const writers: Array<{ name: string; client: SyncClient }> = [];
    for (let i = 0; i < 3; i++) writers.push({ name: "wren", client: await clientOn(servers[i]!, documentId, "wren") });
    const stop = typeConcurrently(writers, 60);
    await sleep(800);
    const port = redis!.port;
    await redis!.stop();
    await sleep(800); // edits go on: each process stores them; the others cannot hear of them yet
    redis = await startRedis(port);
    await sleep(1500);
    stop();
    await expectConverged(
      writers.map((w) => w.client),
      40_000,
    );
    const fresh = await clientOn(servers[0]!, documentId, "vic");
    await expectConverged([writers[0]!.client, fresh]);
    for (const server of servers)
      await eventually(async () => expect((await fetch(`${server!.url}/ready`)).status).toBe(200));
  });
});
