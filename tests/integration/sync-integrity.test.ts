/**
 * Nothing one member sends can erase, impersonate or drown the others (issue 11). Each attack is a hand-made frame
 * (lib0 encoding, tests/helpers/yjs-frames.ts) on a raw socket; the people attacked use real y-websocket clients,
 * and each test asserts what they would notice: their later words reach the server, the API and a fresh reader;
 * other people's presence is not multiplied or taken over; comments carry their real authors.
 */
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommentThreadRecord } from "../../app/domain/comment-threads";
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
import { openRaw, sendFrame, syncUrl, type RawSocket } from "../helpers/hostile";
import { makeDataDir, removeDataDir, startServer, type TestServer } from "../helpers/server";
import {
  awarenessFrame,
  collectedRangeUpdate,
  decodeFrame,
  deleteSetUpdate,
  step1Frame,
  stepTwoFrame,
  updateFrame,
} from "../helpers/yjs-frames";

let server: TestServer;
let leaflet: string;
const tokens: Record<string, string> = {};
const clients: SyncClient[] = [];
const sockets: RawSocket[] = [];

beforeAll(async () => {
  server = await startServer();
  for (const name of ["cora", "wren", "will", "abi", "vic", "dana"]) tokens[name] = await signIn(server.url, name);
  leaflet = await documentIdByTitle(server.url, tokens.cora!, "Women's Rights");
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const socket of sockets) socket.ws.terminate();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

async function person(name: string, documentId = leaflet): Promise<SyncClient> {
  const client = connect(server.url, documentId, tokens[name]!);
  clients.push(client);
  await waitForSync(client);
  return client;
}

async function raw(name: string, documentId = leaflet): Promise<RawSocket> {
  const socket = await openRaw(syncUrl(server, documentId, tokens[name]!));
  sockets.push(socket);
  return socket;
}

/**
 * Resolves once the server has handled every frame sent before it on this socket: it answers a sync step 1 in
 * order, so its reply is a barrier (no fixed waits for negative assertions).
 */
async function barrier(socket: RawSocket): Promise<void> {
  const before = socket.messages.length;
  await sendFrame(socket.ws, step1Frame());
  await eventually(() => {
    const replied = socket.messages.slice(before).some((m) => {
      const frame = decodeFrame(m);
      return frame.kind === "sync" && frame.subType === 1;
    });
    if (!replied && socket.closeCode === null) throw new Error("no reply yet");
  });
}

/** Adds a paragraph with these words at the end of section `index`, as typing a new paragraph would. */
function addParagraph(doc: Y.Doc, index: number, words: string) {
  const section = doc.getXmlFragment("content").get(index) as Y.XmlElement;
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(words)]);
  section.insert(section.length, [paragraph]);
}

async function canonicalText(token: string, documentId = leaflet): Promise<string> {
  const { body } = await api<{ content: unknown }>(server.url, token, `/api/documents/${documentId}`);
  return JSON.stringify(body.content);
}

async function newDocument(title: string): Promise<string> {
  const created = await api<{ id: string }>(server.url, tokens.cora!, "/api/documents", {
    method: "POST",
    body: JSON.stringify({ title, templateId: "a5-booklet" }),
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

describe("deletions are checked like insertions", () => {
  it("an approver's and a writer's deletion of a writer's future clocks erase nothing: her later paragraph reaches the server, the API and a fresh reader, and survives a restart", async () => {
    const documentId = await newDocument("Future work");
    const wren = await person("wren", documentId);
    addParagraph(wren.doc, 0, "Written before the attack.");
    await eventually(async () =>
      expect(await canonicalText(tokens.cora!, documentId)).toContain("Written before the attack."),
    );

    const next = Y.getState(wren.doc.store, wren.doc.clientID);
    const attack = updateFrame(deleteSetUpdate([{ client: wren.doc.clientID, clock: next, length: 1_000_000 }]));
    // Abi may only comment: her sync connection is read-only, so the frame is dropped.
    const abi = await raw("abi", documentId);
    await sendFrame(abi.ws, attack);
    await barrier(abi);
    // Will may write: the same frame from him is refused and his connection closed (his copy would have diverged).
    const will = await raw("will", documentId);
    await sendFrame(will.ws, attack);
    expect(await will.closed).toBe(4409);
    // A client id nobody has written under is never deleted from either: the update is not applied, and the
    // sender is asked for what the server lacks (as an honest client typing ahead of its reconnection would be).
    const will2 = await raw("will", documentId);
    await sendFrame(will2.ws, updateFrame(deleteSetUpdate([{ client: 424242, clock: 0, length: 10 }])));
    await barrier(will2);
    expect(will2.closeCode).toBeNull();

    addParagraph(wren.doc, 0, "Written after the attack.");
    await eventually(async () =>
      expect(await canonicalText(tokens.cora!, documentId)).toContain("Written after the attack."),
    );
    const reader = await person("vic", documentId);
    await eventually(() => expect(plainText(reader.doc)).toContain("Written after the attack."));

    // Stored, not just held in memory: after a restart the words are still there.
    for (const client of [wren, reader]) {
      client.destroy();
      clients.splice(clients.indexOf(client), 1);
    }
    await server.stop();
    server = await startServer({ dataDir: server.dataDir });
    for (const name of Object.keys(tokens)) tokens[name] = await signIn(server.url, name);
    const text = await canonicalText(tokens.cora!, documentId);
    expect(text).toContain("Written before the attack.");
    expect(text).toContain("Written after the attack.");
  });

  it("a collected range under someone else's client id is refused (it would make the server ignore her real edits)", async () => {
    const documentId = await newDocument("Borrowed clocks");
    const wren = await person("wren", documentId);
    // Wren's client announces itself in presence before she types: that claims her id.
    const will = await raw("will", documentId);
    await eventually(() => expect(wren.provider.awareness.getStates().size).toBeGreaterThan(0));
    await barrier(will);
    await sendFrame(
      will.ws,
      updateFrame(collectedRangeUpdate(wren.doc.clientID, Y.getState(wren.doc.store, wren.doc.clientID), 1_000_000)),
    );
    expect(await will.closed).toBe(4409);
    addParagraph(wren.doc, 0, "Wren's first words.");
    await eventually(async () =>
      expect(await canonicalText(tokens.cora!, documentId)).toContain("Wren's first words."),
    );
  });

  it("an update that would wait for content nobody sent (a gap in its clocks) is not kept: the sender is asked for the rest", async () => {
    const documentId = await newDocument("Gaps");
    const will = await person("will", documentId);
    will.provider.disconnect();
    // Two edits offline; only the second is sent, by hand: its clocks start after the first's.
    const first = new Promise<Uint8Array>((resolve) => will.doc.once("update", resolve));
    addParagraph(will.doc, 0, "FIRST-EDIT");
    await first;
    const second = new Promise<Uint8Array>((resolve) => will.doc.once("update", resolve));
    addParagraph(will.doc, 1, "SECOND-EDIT");
    const rogue = await raw("will", documentId);
    const stepOnes = () =>
      rogue.messages.filter((m) => {
        const frame = decodeFrame(m);
        return frame.kind === "sync" && frame.subType === 0;
      }).length;
    await eventually(() => expect(stepOnes()).toBe(1)); // the server's own greeting, however late it arrives
    await sendFrame(rogue.ws, updateFrame(await second));
    await barrier(rogue);
    // Not applied and not kept waiting; not closed either: the server asked for what it lacks (sync step 1).
    expect(rogue.closeCode).toBeNull();
    expect(stepOnes()).toBe(2);
    // A sync step 2 is the answer to the server's own state: one with a gap is refused.
    const rogue2 = await raw("will", documentId);
    await sendFrame(rogue2.ws, stepTwoFrame(await second));
    expect(await rogue2.closed).toBe(4409);
    const reader = await person("vic", documentId);
    expect(plainText(reader.doc)).not.toContain("SECOND-EDIT");
    // When Will's client reconnects, both edits arrive whole.
    will.provider.connect();
    await eventually(async () => {
      const text = await canonicalText(tokens.cora!, documentId);
      expect(text).toContain("FIRST-EDIT");
      expect(text).toContain("SECOND-EDIT");
    });
  });
});

describe("presence cannot be amplified or forged", () => {
  it("one message listing the same client id 500 times reaches each other person once (at most twice its size)", async () => {
    const documentId = await newDocument("Presence flood");
    const watcher = await raw("wren", documentId);
    const vic = await raw("vic", documentId);
    await barrier(watcher);
    const big = "x".repeat(16 * 1024 - 100);
    const entries = Array.from({ length: 500 }, (_, i) => ({
      clientId: 31337,
      clock: i + 1,
      state: i < 499 ? { n: i } : { user: { name: "Vic" }, big },
    }));
    const frame = awarenessFrame(entries);
    expect(frame.byteLength).toBeGreaterThan(16 * 1024);
    const before = watcher.messages.length;
    await sendFrame(vic.ws, frame);
    await barrier(vic);
    await barrier(watcher); // the broadcast to Wren was written before this reply
    const received = watcher.messages.slice(before).filter((m) => decodeFrame(m).kind === "awareness");
    const bytes = received.reduce((sum, m) => sum + m.byteLength, 0);
    expect(received.length).toBe(1);
    expect(bytes).toBeLessThanOrEqual(2 * frame.byteLength);
    const last = decodeFrame(received[0]!) as Extract<ReturnType<typeof decodeFrame>, { kind: "awareness" }>;
    expect(last.entries).toHaveLength(1);
    expect(last.entries[0]).toMatchObject({ clientId: 31337, clock: 500 });
  });

  it("a burst of presence messages is coalesced: bounded messages out, and the newest state still arrives", async () => {
    const documentId = await newDocument("Presence burst");
    const watcher = await raw("wren", documentId);
    const vic = await raw("vic", documentId);
    await barrier(watcher);
    const started = Date.now();
    const before = watcher.messages.length;
    for (let i = 1; i <= 300; i++)
      await sendFrame(
        vic.ws,
        awarenessFrame([{ clientId: 4242, clock: i, state: { user: { name: "Vic" }, cursor: i } }]),
      );
    const latestCursor = () => {
      let latest = 0;
      for (const m of watcher.messages.slice(before)) {
        const frame = decodeFrame(m);
        if (frame.kind === "awareness")
          for (const e of frame.entries)
            latest = Math.max(latest, (e.state as { cursor?: number } | null)?.cursor ?? 0);
      }
      return latest;
    };
    await eventually(() => expect(latestCursor()).toBe(300));
    const seconds = (Date.now() - started) / 1000;
    const sent = watcher.messages.slice(before).filter((m) => decodeFrame(m).kind === "awareness").length;
    // 40 at once, then 20 a second: far fewer than the 300 sent.
    expect(sent).toBeLessThanOrEqual(40 + Math.ceil(20 * seconds) + 2);
    expect(sent).toBeLessThan(300);
  });

  it("names are stamped by the server, and nobody can show presence under someone else's client id", async () => {
    const documentId = await newDocument("Presence names");
    const wren = await person("wren", documentId);
    wren.provider.awareness.setLocalStateField("user", { name: "Wren", colour: "#005ea5" });
    const watcher = await person("dana", documentId);
    await eventually(() =>
      expect(
        (watcher.provider.awareness.getStates().get(wren.doc.clientID) as { user?: { name?: string } } | undefined)
          ?.user?.name,
      ).toBe("Wren"),
    );
    const vic = await raw("vic", documentId);
    // Under her own new id, Vic claims to be Cora; under Wren's id, she tries to replace Wren's presence.
    await sendFrame(
      vic.ws,
      awarenessFrame([{ clientId: 9090, clock: 1, state: { user: { name: "Cora", id: "someone" } } }]),
    );
    await sendFrame(
      vic.ws,
      awarenessFrame([{ clientId: wren.doc.clientID, clock: 10_000, state: { user: { name: "Not Wren" } } }]),
    );
    await barrier(vic);
    await eventually(() =>
      expect(
        (watcher.provider.awareness.getStates().get(9090) as { user?: { name?: string } } | undefined)?.user?.name,
      ).toBe("Vic"),
    );
    const wrens = watcher.provider.awareness.getStates().get(wren.doc.clientID) as
      { user?: { name?: string } } | undefined;
    expect(wrens?.user?.name).toBe("Wren");
  });
});

describe("comments belong to their authors", () => {
  async function threads(documentId = leaflet): Promise<CommentThreadRecord[]> {
    const { body } = await api<{ threads: CommentThreadRecord[] }>(
      server.url,
      tokens.cora!,
      `/api/documents/${documentId}/comments`,
    );
    return body.threads;
  }

  /** A thread as a modified client would write it into the Y.Doc itself, claiming to be Cora. */
  function forgedThreadUpdate(base: Y.Doc): Uint8Array {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
    const before = Y.encodeStateVector(doc);
    const thread = new Y.Map<unknown>();
    thread.set("id", "c-forged");
    thread.set("createdBy", "cora");
    thread.set("createdByName", "Cora");
    const messages = new Y.Array<unknown>();
    messages.push([
      { id: "m-forged", authorId: "cora", authorName: "Cora", text: "FORGED", at: new Date().toISOString() },
    ]);
    thread.set("messages", messages);
    doc.getMap("comments").set("c-forged", thread);
    return Y.encodeStateAsUpdate(doc, before);
  }

  it("a thread written into the document by a client is refused (4409 for a writer and for an approver) and never stored", async () => {
    const reader = await person("cora");
    const update = forgedThreadUpdate(reader.doc);
    const will = await raw("will");
    await sendFrame(will.ws, updateFrame(update));
    expect(await will.closed).toBe(4409);
    const abi = await raw("abi");
    await sendFrame(abi.ws, updateFrame(update));
    expect(await abi.closed).toBe(4409);
    expect((await threads()).map((t) => t.id)).not.toContain("c-forged");
    expect(reader.doc.getMap("comments").has("c-forged")).toBe(false);
  });

  it("the comments API signs each thread and reply with the sender; only authors change their words; coordinators' removals are recorded", async () => {
    const writer = await person("wren");
    // Any words of a section: anchors are Yjs relative positions into the content.
    const section = writer.doc.getXmlFragment("content").get(1) as Y.XmlElement;
    const paragraph = section
      .toArray()
      .find((n) => n instanceof Y.XmlElement && n.nodeName === "paragraph") as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    const encode = (index: number) =>
      Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index))).toString("base64");
    const sectionId = String(section.getAttribute("id"));
    const body = {
      sectionId,
      anchor: encode(0),
      head: encode(5),
      quote: "words",
      text: "Abi's view",
      authorId: "cora",
      authorName: "Cora",
      at: "2001-01-01T00:00:00Z",
    };
    const created = await api<{ id: string; messageId: string }>(
      server.url,
      tokens.abi!,
      `/api/documents/${leaflet}/comments`,
      { method: "POST", body: JSON.stringify(body) },
    );
    expect(created.status).toBe(201);
    let thread = (await threads()).find((t) => t.id === created.body.id)!;
    expect(thread).toMatchObject({ createdByName: "Abi", resolved: false });
    expect(thread.messages).toHaveLength(1);
    expect(thread.messages[0]).toMatchObject({ authorName: "Abi", text: "Abi's view" });
    expect(thread.messages[0]!.authorId).not.toBe("cora");
    expect(Date.now() - Date.parse(thread.messages[0]!.at)).toBeLessThan(60_000);

    const messageUrl = `/api/documents/${leaflet}/comments/${created.body.id}/messages/${created.body.messageId}`;
    const notHers = await api(server.url, tokens.wren!, messageUrl, {
      method: "PATCH",
      body: JSON.stringify({ text: "Changed by Wren" }),
    });
    expect(notHers.status).toBe(403);
    expect((await api(server.url, tokens.wren!, messageUrl, { method: "DELETE" })).status).toBe(403);
    expect(
      (
        await api(server.url, tokens.vic!, `/api/documents/${leaflet}/comments/${created.body.id}/messages`, {
          method: "POST",
          body: JSON.stringify({ text: "Hi" }),
        })
      ).status,
    ).toBe(403);
    const edited = await api<{ message: { text: string; editedAt?: string } }>(server.url, tokens.abi!, messageUrl, {
      method: "PATCH",
      body: JSON.stringify({ text: "Abi's clearer view" }),
    });
    expect(edited.status).toBe(200);
    expect(edited.body.message.editedAt).toBeTruthy();

    const resolved = await api(server.url, tokens.wren!, `/api/documents/${leaflet}/comments/${created.body.id}`, {
      method: "PATCH",
      body: JSON.stringify({ resolved: true, resolvedBy: "Cora" }),
    });
    expect(resolved.status).toBe(200);
    thread = (await threads()).find((t) => t.id === created.body.id)!;
    expect(thread).toMatchObject({ resolved: true, resolvedBy: "Wren" });
    expect(thread.messages[0]!.text).toBe("Abi's clearer view");

    const reply = await api<{ id: string }>(
      server.url,
      tokens.wren!,
      `/api/documents/${leaflet}/comments/${created.body.id}/messages`,
      { method: "POST", body: JSON.stringify({ text: "Thanks" }) },
    );
    const removed = await api(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/comments/${created.body.id}/messages/${reply.body.id}`,
      { method: "DELETE" },
    );
    expect(removed.status).toBe(200);
    const history = await api<{ events: Array<{ type: string; actorName: string; data: { author?: string } }> }>(
      server.url,
      tokens.cora!,
      `/api/audit?documentId=${leaflet}`,
    );
    expect(history.body.events.find((e) => e.type === "comment.removed")).toMatchObject({
      actorName: expect.stringContaining("Cora"),
      data: { author: "Wren" },
    });
    expect((await threads()).find((t) => t.id === created.body.id)!.messages.map((m) => m.text)).toEqual([
      "Abi's clearer view",
    ]);
  });

  it("refuses an anchor outside the document's words, and nothing is created", async () => {
    const before = (await threads()).length;
    const elsewhere = Buffer.from(
      Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(new Y.Doc().getMap("evil"), 0)),
    ).toString("base64");
    const refused = await api<{ error: { code: string; message: string } }>(
      server.url,
      tokens.wren!,
      `/api/documents/${leaflet}/comments`,
      {
        method: "POST",
        body: JSON.stringify({ sectionId: "s-x", anchor: elsewhere, head: elsewhere, quote: "", text: "Hello" }),
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("Select them again");
    expect((await threads()).length).toBe(before);
  });
});

describe("live sync lasts no longer than the session", () => {
  it("a sync connection is closed (4401) when its session expires", async () => {
    const dataDir = makeDataDir();
    const shortLived = await startServer({ dataDir, env: { SESSION_DAYS: String(3 / 86_400) } }); // three seconds
    try {
      const token = await signIn(shortLived.url, "wren");
      const documentId = await documentIdByTitle(shortLived.url, token, "Women's Rights");
      const socket = await openRaw(syncUrl(shortLived, documentId, token));
      sockets.push(socket);
      expect(socket.closeCode).toBeNull();
      expect(await socket.closed).toBe(4401);
    } finally {
      await shortLived.stop();
      await removeDataDir(dataDir);
    }
  });
});

describe("honest clients are not refused", () => {
  it("a writer's whole offline copy (with comments and design she may not write) is accepted when sent again", async () => {
    const documentId = await newDocument("Whole copy");
    const designer = await person("dana", documentId);
    designer.doc.getMap("design").set("footerText", "Charity 123");
    const writer = await person("wren", documentId);
    const section = writer.doc.getXmlFragment("content").get(0) as Y.XmlElement;
    const paragraph = section
      .toArray()
      .find((n) => n instanceof Y.XmlElement && n.nodeName === "paragraph") as Y.XmlElement;
    // A new document holds template hints, not words: she writes some first, then Abi comments on them.
    paragraph.insert(0, [new Y.XmlText("Words to comment on.")]);
    await eventually(async () =>
      expect(await canonicalText(tokens.cora!, documentId)).toContain("Words to comment on."),
    );
    const at = (i: number) =>
      Buffer.from(
        Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(paragraph.get(0) as Y.XmlText, i)),
      ).toString("base64");
    await api(server.url, tokens.abi!, `/api/documents/${documentId}/comments`, {
      method: "POST",
      body: JSON.stringify({
        sectionId: section.getAttribute("id"),
        anchor: at(0),
        head: at(2),
        quote: "",
        text: "Hi",
      }),
    });
    await eventually(() => {
      expect(writer.doc.getMap("comments").size).toBe(1);
      expect(writer.doc.getMap("design").get("footerText")).toBe("Charity 123");
    });
    // What y-websocket sends when the IndexedDB copy loads after the socket opened: everything, plus a new word.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(writer.doc));
    addParagraph(copy, 0, "Typed offline.");
    const socket = await raw("wren", documentId);
    await sendFrame(socket.ws, updateFrame(Y.encodeStateAsUpdate(copy)));
    await barrier(socket);
    expect(socket.closeCode).toBeNull();
    await eventually(async () => expect(await canonicalText(tokens.cora!, documentId)).toContain("Typed offline."));
  });
});
