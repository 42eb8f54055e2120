/**
 * Durability under a hard crash (issue 7, item 2). Twenty real y-websocket clients edit one document, each
 * inserting uniquely numbered markers of realistic sizes in different places (and deleting a little of the
 * original text); the server is killed with SIGKILL mid-session and restarted on the same port and data folder;
 * the clients reconnect on their own.
 *
 * The promise checked ("no accepted edit is ever lost"):
 *  1. Every marker that any client had received from another client before the kill (so the server had
 *     broadcast it, which it does only after storing it) is in the database the dead server left behind.
 *  2. After the restart every marker any client ever inserted is present: those typed while the server was dead
 *     are still in that client's Y.Doc and are sent on reconnect.
 *  3. All clients, a fresh client and GET /api/documents/:id agree exactly (ProseMirror JSON).
 *  4. After one more SIGKILL with nobody connected, a fresh client still sees every marker (it was stored).
 *
 * The second scenario does the same with SYNC_COMPACT_AFTER=5, so the log is folded into the state row every few
 * batches, and kills the server right after a compaction was seen in the database, several times.
 *
 * COPRESS_SOAK=1 makes the sessions longer and kills more often.
 */
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { afterAll, onTestFinished, describe, expect, it } from "vitest";
import {
  api,
  connect,
  contentJson,
  eventually,
  plainText,
  signIn,
  waitForSync,
  type SyncClient,
} from "../helpers/clients";
import { SOAK, seededRandom, type Random } from "../helpers/hostile";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";
import { openStoreOf } from "../helpers/store";
import type { Database } from "../../server/db/database";

const CLIENTS = 20;
const MARKER = /\[\[c\d\d-\d{4}\]\]/g;
const EDIT_MS = SOAK ? 20_000 : 3_000; // editing time around each kill
const OFFLINE_MS = SOAK ? 3_000 : 1_200; // how long the server stays dead
const random = seededRandom();
console.log(`durability: seed ${random.seed} (set COPRESS_SEED to replay)`);

const servers: TestServer[] = [];
afterAll(async () => {
  for (const server of servers) {
    await server.kill();
    await removeDataDir(server.dataDir);
  }
});

const SENTENCES = [
  "You have the right to be treated fairly at work, whatever your age, race, religion or sex.",
  "If you are worried about your child, you can ask the local council for help and support.",
  "A social worker may visit you at home to talk about what is happening.",
  "You can bring a friend or supporter with you to any meeting.",
  "Ask for an interpreter if English is not your first language; it is free.",
  "Write down the date, the time and the names of the people you spoke to.",
  "Legal aid can pay for a solicitor. You do not have to pay it back.",
  "Call us on 0800 000 0000, Monday to Friday, 9am to 5pm.",
];

/** A realistic piece of text: a few words, a sentence or two, or (sometimes) a pasted paragraph. */
function prose(r: Random): string {
  const roll = r.next();
  if (roll < 0.4) return ` ${r.pick(SENTENCES).split(" ").slice(0, r.int(2, 8)).join(" ")} `;
  if (roll < 0.95) return ` ${Array.from({ length: r.int(1, 3) }, () => r.pick(SENTENCES)).join(" ")} `;
  return ` ${Array.from({ length: r.int(6, 16) }, () => r.pick(SENTENCES)).join(" ")} `; // a pasted paragraph, 0.5–1.5 kB
}

/** Every paragraph's text in the content, wherever it sits (sections, lists, key information…). */
function paragraphs(doc: Y.Doc): Array<{ element: Y.XmlElement; text: Y.XmlText | null }> {
  const found: Array<{ element: Y.XmlElement; text: Y.XmlText | null }> = [];
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === "paragraph")
        found.push({
          element: child,
          text: (child.toArray().find((c) => c instanceof Y.XmlText) as Y.XmlText | undefined) ?? null,
        });
      else walk(child);
    }
  };
  walk(doc.getXmlFragment("content"));
  return found;
}

/** Offsets in a text where an insertion or a deletion cannot cut through a marker this client can see. */
function markerSpans(text: string): Array<[number, number]> {
  return [...text.matchAll(MARKER)].map((m) => [m.index!, m.index! + m[0].length]);
}
/** The characters of a paragraph's text as offsets count them (formatting is not text; an embed counts as one). */
const charactersOf = (text: Y.XmlText) =>
  text
    .toDelta()
    .map((d: { insert: unknown }) => (typeof d.insert === "string" ? d.insert : " "))
    .join("");
const markersIn = (text: string) => new Set(text.match(MARKER) ?? []);
const inside = (spans: Array<[number, number]>, offset: number) =>
  spans.some(([start, end]) => offset > start && offset < end);

interface Writer {
  id: number;
  client: SyncClient;
  inserted: string[];
  timer?: NodeJS.Timeout;
}

/** One edit, as a person would make it: insert a marker with some text somewhere, or now and then delete a few words. */
function edit(writer: Writer, r: Random) {
  const doc = writer.client.doc;
  const all = paragraphs(doc);
  if (all.length === 0) return;
  const target = r.pick(all);
  doc.transact(() => {
    const roll = r.next();
    if (roll < 0.08 && target.text && target.text.length > 40) {
      // Delete a few characters of text that holds no marker.
      const text = charactersOf(target.text);
      const spans = markerSpans(text);
      const start = r.int(0, Math.max(0, text.length - 12));
      const length = r.int(1, 10);
      const hitsMarker = spans.some(([s, e]) => start < e && start + length > s);
      if (!hitsMarker && start + length <= target.text.length) target.text.delete(start, length);
      return;
    }
    const marker = `[[c${String(writer.id).padStart(2, "0")}-${String(writer.inserted.length).padStart(4, "0")}]]`;
    const piece = r.next() < 0.5 ? `${marker}${prose(r)}` : `${prose(r)}${marker}`;
    if (roll < 0.2 || !target.text) {
      // A new paragraph after this one.
      const parent = target.element.parent as Y.XmlElement;
      const index = parent.toArray().indexOf(target.element);
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(piece.trim())]);
      parent.insert(index + 1, [paragraph]);
    } else {
      const text = charactersOf(target.text);
      const spans = markerSpans(text);
      let offset = r.pick([0, text.length, r.int(0, text.length)]);
      while (inside(spans, offset)) offset = spans.find(([s, e]) => offset > s && offset < e)![1];
      target.text.insert(Math.min(offset, target.text.length), piece);
    }
    writer.inserted.push(marker);
  });
}

function startTyping(writers: Writer[], r: Random) {
  for (const writer of writers) {
    const tick = () => {
      edit(writer, r);
      writer.timer = setTimeout(tick, r.int(50, 250)); // about 7 edits a second each, 140 a second in all
    };
    writer.timer = setTimeout(tick, r.int(0, 100));
  }
}
const stopTyping = (writers: Writer[]) => writers.forEach((w) => clearTimeout(w.timer));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Markers each client holds that another client inserted: they reached it through the server, so were stored. */
function acknowledgedMarkers(writers: Writer[]): Set<string> {
  const acknowledged = new Set<string>();
  for (const writer of writers) {
    const own = `[[c${String(writer.id).padStart(2, "0")}-`;
    for (const marker of plainText(writer.client.doc).match(MARKER) ?? [])
      if (!marker.startsWith(own)) acknowledged.add(marker);
  }
  return acknowledged;
}

/** The document exactly as a restarted server would load it: the state row, then the log in order. */
async function storedText(store: Database, documentId: string): Promise<{ text: string; logRows: number }> {
  const doc = new Y.Doc();
  const state = await store.db
    .selectFrom("document_states")
    .select("state")
    .where("document_id", "=", documentId)
    .executeTakeFirst();
  const updates = await store.db
    .selectFrom("document_updates")
    .select("data")
    .where("document_id", "=", documentId)
    .orderBy("seq")
    .execute();
  Y.transact(doc, () => {
    if (state) Y.applyUpdate(doc, state.state);
    for (const row of updates) Y.applyUpdate(doc, row.data);
  });
  return { text: plainText(doc), logRows: updates.length };
}

async function lastCompaction(store: Database, documentId: string): Promise<string | undefined> {
  const row = await store.db
    .selectFrom("document_states")
    .select("compacted_at")
    .where("document_id", "=", documentId)
    .executeTakeFirst();
  return row?.compacted_at;
}

async function session(options: { env: Record<string, string>; kills: number; duringCompaction: boolean }) {
  let server = await startServer({ env: options.env });
  servers.push(server);
  const { port, dataDir } = server;
  // The test's own view of the store: what a restarted server would load. SQLite stays readable while the server is
  // dead; PostgreSQL is a server of its own.
  const store = await openStoreOf(dataDir);
  onTestFinished(() => store.close());
  // Tokens outlive restarts (sessions are in the database); three people who may edit share the 20 clients.
  const tokens = await Promise.all(["wren", "will", "cora"].map((name) => signIn(server.url, name)));
  const checker = await signIn(server.url, "vic");
  const created = await api<{ id: string }>(server.url, tokens[2]!, "/api/documents", {
    method: "POST",
    body: JSON.stringify({ title: "Durability: Guide to Child Protection", templateId: "a4-guide" }),
  });
  expect(created.status).toBe(201);
  const documentId = created.body.id;

  const writers: Writer[] = Array.from({ length: CLIENTS }, (_, id) => ({
    id,
    client: connect(server.url, documentId, tokens[id % tokens.length]!),
    inserted: [],
  }));
  await Promise.all(writers.map((w) => waitForSync(w.client, 30_000)));
  const closes: number[] = [];
  for (const w of writers) w.client.provider.on("connection-close", (event) => event && closes.push(event.code));

  startTyping(writers, random);
  const report: Array<Record<string, unknown>> = [];
  for (let round = 0; round < options.kills; round++) {
    await sleep(EDIT_MS);
    if (options.duringCompaction) {
      // Wait for a fresh compaction, then kill at once: the next one is a few batches away.
      const seen = await lastCompaction(store, documentId);
      await eventually(async () => expect(await lastCompaction(store, documentId)).not.toBe(seen), 10_000, 5);
    }
    const acknowledged = acknowledgedMarkers(writers);
    await server.kill();
    const typedBeforeKill = writers.reduce((sum, w) => sum + w.inserted.length, 0);
    // 1. What the dead server left on disk holds every edit it had passed on to anyone.
    const stored = await storedText(store, documentId);
    const onDisk = markersIn(stored.text);
    const lost = [...acknowledged].filter((marker) => !onDisk.has(marker));
    expect(lost, `acknowledged markers missing from the database after SIGKILL (round ${round})`).toEqual([]);
    await sleep(OFFLINE_MS); // the clients keep typing into their own copies meanwhile
    server = await startServer({ dataDir, port, env: options.env });
    const typedWhileDead = writers.reduce((sum, w) => sum + w.inserted.length, 0) - typedBeforeKill;
    expect(typedWhileDead).toBeGreaterThan(0);
    report.push({ round, acknowledged: acknowledged.size, logRowsOnDisk: stored.logRows, typedWhileDead });
    servers.push(server);
  }
  await sleep(EDIT_MS);
  stopTyping(writers);

  // 2 + 3. Everyone reconnected by themselves, and every marker anyone typed is everywhere, identically.
  const everyMarker = writers.flatMap((w) => w.inserted);
  expect(new Set(everyMarker).size).toBe(everyMarker.length);
  await eventually(
    () => {
      for (const w of writers) {
        expect(w.client.provider.wsconnected).toBe(true);
        const present = markersIn(plainText(w.client.doc));
        const missing = everyMarker.filter((marker) => !present.has(marker));
        expect(missing, `client ${w.id} lacks markers`).toEqual([]);
      }
    },
    60_000,
    200,
  );
  // Deletions carry no marker, so the wait above does not cover the last ones still on their way: compare the
  // clients with each other afresh each time (a snapshot taken too early would wait for a state nobody keeps).
  await eventually(
    () => {
      const now = contentJson(writers[0]!.client.doc);
      for (const w of writers) expect(contentJson(w.client.doc)).toEqual(now);
    },
    30_000,
    200,
  );
  const reference = contentJson(writers[0]!.client.doc);
  const fresh = connect(server.url, documentId, checker);
  await waitForSync(fresh, 30_000);
  expect(contentJson(fresh.doc)).toEqual(reference);
  const canonical = await api<{ content: unknown }>(server.url, checker, `/api/documents/${documentId}`);
  expect(canonical.body.content).toEqual(reference);
  fresh.destroy();

  // 4. Kill once more with nobody connected: everything is on disk.
  for (const w of writers) w.client.destroy();
  await sleep(300);
  await server.kill();
  server = await startServer({ dataDir, port, env: options.env });
  servers.push(server);
  const after = connect(server.url, documentId, checker);
  await waitForSync(after, 30_000);
  const present = markersIn(plainText(after.doc));
  expect(everyMarker.filter((marker) => !present.has(marker))).toEqual([]);
  expect(yXmlFragmentToProsemirrorJSON(after.doc.getXmlFragment("content"))).toEqual(reference);
  after.destroy();

  console.log(
    `durability (${options.duringCompaction ? "kill during compaction" : "kill mid-session"}): ${everyMarker.length} markers from ${CLIENTS} clients, ` +
      `${Math.round(Y.encodeStateAsUpdate(writers[0]!.client.doc).byteLength / 1024)} kB document, close codes seen ${JSON.stringify(countBy(closes))}, rounds ${JSON.stringify(report)}`,
  );
}

function countBy(values: number[]) {
  const counts: Record<number, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

describe("no accepted edit is ever lost", () => {
  it(
    "20 clients, SIGKILL mid-session, restart on the same port: every marker survives and everyone converges",
    async () => {
      await session({ env: {}, kills: SOAK ? 5 : 1, duringCompaction: false });
    },
    SOAK ? 1_200_000 : 240_000,
  );

  it(
    "the same with the log compacted every 5 batches and the kill landing right after a compaction",
    async () => {
      await session({ env: { SYNC_COMPACT_AFTER: "5" }, kills: SOAK ? 10 : 2, duringCompaction: true });
    },
    SOAK ? 1_800_000 : 300_000,
  );
});
