/**
 * Hostile frames at a live room (issue 7, item 3).
 *
 * The main test sends well over 100,000 malformed or mutated frames from many connections and every role, while an
 * honest writer types and an honest reader watches:
 *
 *  A. frames that must close their connection (random bytes, truncated varints, huge declared lengths, unknown
 *     message types and sync sub-types, text frames, frames above the size limit and above twice it, deletions of
 *     clocks the server has not seen — the honest writer's future ones, an unknown client's — and collected ranges
 *     under the honest writer's id): one per connection, each answered by a close code, so each one is known to
 *     have reached the room;
 *  B. frames that are refused or absorbed without closing (bit-flipped and random updates and delete sets from
 *     read-only members, deletions over a client id nobody writes under (asked to resync, not closed), mutated
 *     awareness states, presence listing one id many times, mutated state vectors,
 *     awareness queries): pipelined in batches, each
 *     batch followed by a WebSocket ping whose pong proves every frame before it was handled (the server handles
 *     a socket's frames in order, synchronously);
 *  C. frames that may or may not be accepted (valid sync and awareness messages with random bits flipped,
 *     truncated, spliced or grown, from writers, designers, approvers and coordinators): one at a time, each
 *     followed by a ping; a pong or a documented close code proves it was handled.
 *
 * Only frames proven handled are counted. The process must never crash (it keeps answering HTTP), its memory must
 * stay bounded (VmRSS / VmHWM from /proc), and the honest clients must never be disconnected and must converge.
 *
 * The server runs with SYNC_MESSAGES_PER_SECOND raised to 100,000: the limiter only pauses reading (decision
 * 003, nothing is dropped or closed), so at the default 200 a second per connection 100,000 frames would take
 * minutes and the test would measure the limiter rather than the handling of bad input. SYNC_MAX_MESSAGE_BYTES is
 * 1 MiB so the oversized frames are 1–3 MiB rather than 4–9 MiB (the same code paths: 4413 above the limit, 1009
 * above twice it).
 *
 * Targeted tests follow for attacks the fuzzing cannot find by chance: an awareness flood, a client that never
 * reads, one valid but pathological update, and an update forged under another client's id.
 */
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { afterAll, describe, expect, it } from "vitest";
import {
  api,
  connect,
  contentJson,
  documentIdByTitle,
  eventually,
  signIn,
  typeInSection,
  waitForSync,
  type SyncClient,
} from "../helpers/clients";
import {
  memoryOf,
  openRaw,
  seededRandom,
  sendFrame,
  SOAK,
  syncUrl,
  type Random,
  type RawSocket,
} from "../helpers/hostile";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";
import { collectedRangeUpdate, deleteSetUpdate, forgeClient } from "../helpers/yjs-frames";

const MAX_MESSAGE = 1024 * 1024;
const ENV = { SYNC_MESSAGES_PER_SECOND: "100000", SYNC_MAX_MESSAGE_BYTES: String(MAX_MESSAGE) };
const random = seededRandom();
console.log(`hostile-frames: seed ${random.seed} (set COPRESS_SEED to replay)`);

const servers: TestServer[] = [];
/** The first room, reused by the tests that need no fresh process (its title may have been mangled by then). */
let firstRoom: Room | undefined;
const toDestroy: SyncClient[] = [];
afterAll(async () => {
  for (const client of toDestroy) client.destroy();
  for (const server of servers) {
    await server.stop();
    await removeDataDir(server.dataDir);
  }
});

interface Room {
  server: TestServer;
  documentId: string;
  tokens: Record<string, string>;
}

async function openRoom(env: Record<string, string> = ENV): Promise<Room> {
  const server = await startServer({ env });
  servers.push(server);
  const tokens: Record<string, string> = {};
  for (const name of ["cora", "wren", "will", "dana", "abi", "vic"]) tokens[name] = await signIn(server.url, name);
  const documentId = await documentIdByTitle(server.url, tokens.cora!, "Women's Rights");
  firstRoom ??= { server, documentId, tokens };
  return { server, documentId, tokens };
}

/** The text of the content, tolerating any Yjs type a hostile writer may have put into it. */
function textOf(doc: Y.Doc): string {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (node instanceof Y.XmlText) texts.push(node.toString().replace(/<[^>]+>/g, ""));
    else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) node.toArray().forEach(walk);
  };
  walk(doc.getXmlFragment("content"));
  return texts.join("\n");
}

// Frames ------------------------------------------------------------------------------------------------------------

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}
const syncUpdate = (update: Uint8Array) =>
  message((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, update)));
const syncStep2 = (update: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(e, update);
  });
const syncStep1 = (stateVector: Uint8Array) =>
  message(
    (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, stateVector)),
  );
const awarenessFrame = (payload: Uint8Array) =>
  message((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, payload)));
const awarenessPayload = (states: Array<[clientId: number, clock: number, state: unknown]>) =>
  message((e) => {
    encoding.writeVarUint(e, states.length);
    for (const [clientId, clock, state] of states) {
      encoding.writeVarUint(e, clientId);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, JSON.stringify(state));
    }
  });
const QUERY_AWARENESS = new Uint8Array([3]);

/** Valid messages of every kind, made from a real copy of the document, to mutate. */
interface Corpus {
  stateVector: Uint8Array;
  clients: Map<number, number>;
  updates: { content: Uint8Array; meta: Uint8Array; design: Uint8Array; comments: Uint8Array; full: Uint8Array };
  frames: Uint8Array[];
}

async function buildCorpus(room: Room): Promise<Corpus> {
  const copy = connect(room.server.url, room.documentId, room.tokens.wren!);
  await waitForSync(copy);
  const donor = new Y.Doc();
  Y.applyUpdate(donor, Y.encodeStateAsUpdate(copy.doc));
  copy.destroy();
  const stateVector = Y.encodeStateVector(donor);
  const diff = (change: () => void) => {
    const before = Y.encodeStateVector(donor);
    donor.transact(change);
    return Y.encodeStateAsUpdate(donor, before);
  };
  const updates: Record<"content" | "meta" | "design" | "comments" | "full", Uint8Array> = {
    content: diff(() => typeInSection(donor, 1, "Corpus text that bit flips will mangle. ")),
    meta: diff(() => donor.getMap("meta").set("title", "Women's Rights (corpus)")),
    design: diff(() => donor.getMap("design").set("footerText", "Registered charity 000000")),
    comments: new Uint8Array(),
    full: new Uint8Array(),
  };
  updates.comments = diff(() => {
    const thread = new Y.Map<unknown>();
    thread.set("id", "c-corpus");
    thread.set("sectionId", "s-corpus");
    thread.set("quote", "quoted words");
    const messages = new Y.Array<unknown>();
    messages.push([{ id: "m-1", authorId: "x", authorName: "X", text: "A comment", at: new Date().toISOString() }]);
    thread.set("messages", messages);
    donor.getMap("comments").set("c-corpus", thread);
  });
  updates.full = Y.encodeStateAsUpdate(donor);
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState({
    user: { name: "Corpus", color: "#1d4f91" },
    cursor: { anchor: { type: null, tname: "content", item: null, assoc: 0 }, head: null },
  });
  const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
  awareness.destroy();
  const clients = Y.decodeStateVector(stateVector);
  // Deletions are taken out of the corpus: a writer may delete text, so a bit flip that turned a deletion of
  // something else into a deletion of the honest writer's text would be a legitimate edit, not a server fault.
  for (const key of Object.keys(updates) as Array<keyof typeof updates>) updates[key] = withoutDeletions(updates[key]);
  const { content, meta, design, comments, full } = updates;
  return {
    stateVector,
    clients,
    updates: { content, meta, design, comments, full },
    frames: [
      syncUpdate(content),
      syncUpdate(meta),
      syncUpdate(design),
      syncUpdate(comments),
      syncStep2(content),
      syncStep2(full),
      syncStep1(stateVector),
      awarenessFrame(awarenessUpdate),
      QUERY_AWARENESS,
    ],
  };
}

/** The same update with its delete set emptied (structs re-encoded as they are), optionally one client's only. */
function withoutDeletions(update: Uint8Array, onlyClient?: number): Uint8Array {
  const byClient = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  for (const struct of Y.decodeUpdate(update).structs as Array<Y.Item | Y.GC | Y.Skip>) {
    if (onlyClient !== undefined && struct.id.client !== onlyClient) continue;
    const list = byClient.get(struct.id.client) ?? [];
    list.push(struct);
    byClient.set(struct.id.client, list);
  }
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const [client, structs] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock);
    for (const struct of structs) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}

function flipBits(bytes: Uint8Array, r: Random, flips = r.int(1, 8)): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < flips; i++) {
    const at = r.int(0, out.length - 1);
    out[at]! ^= 1 << r.int(0, 7);
  }
  return out;
}

function mutate(bytes: Uint8Array, r: Random, other: Uint8Array): Uint8Array {
  switch (r.int(0, 5)) {
    case 0:
    case 1:
      return flipBits(bytes, r);
    case 2:
      return bytes.slice(0, r.int(0, Math.max(0, bytes.length - 1))); // truncated
    case 3: {
      const at = r.int(0, bytes.length);
      return Uint8Array.from([...bytes.slice(0, at), ...r.bytes(r.int(1, 16)), ...bytes.slice(at)]); // grown
    }
    case 4:
      return Uint8Array.from([...bytes.slice(0, r.int(0, bytes.length)), ...other.slice(r.int(0, other.length))]); // spliced
    default: {
      const at = r.int(0, Math.max(0, bytes.length - 1));
      return Uint8Array.from([...bytes.slice(0, at), ...bytes.slice(at + r.int(1, 8))]); // bytes cut out
    }
  }
}

const varUint = (value: number) => message((e) => encoding.writeVarUint(e, value));

/** The honest writer's Yjs client id and the next clock it will write (its future work). */
interface Victim {
  client: number;
  nextClock: () => number;
}

/** A delete set over the honest writer's unseen clocks: his future work, or known clocks reaching on past them. */
function unseenDeletion(r: Random, victim: Victim): Uint8Array {
  const next = victim.nextClock();
  return deleteSetUpdate(
    r.pick([
      [{ client: victim.client, clock: next + r.int(0, 50), length: r.int(1, 1_000_000) }],
      // Reaching back over known clocks and on past them: refused whole, so none of the known text goes either.
      [{ client: victim.client, clock: Math.max(0, next - r.int(1, 20)), length: 1_000_000 }],
    ]),
  );
}

/** A delete set over a client id nobody writes under: never applied; the sender is asked for what is missing. */
const unknownClientDeletion = (r: Random) =>
  deleteSetUpdate([{ client: r.int(1, 2 ** 31), clock: r.int(0, 1000), length: r.int(1, 10_000) }]);

/** Category A: frames that must close their connection, with the role that sends them and the codes allowed. */
function closingFrame(
  r: Random,
  victim: Victim,
): { name: string; role: string; frame: Uint8Array | string; codes: number[] } {
  // Approvers only comment, through the comments API: their sync connection is read-only, like a viewer's.
  const writer = r.pick(["wren", "cora", "will", "dana"]);
  const anyone = r.pick(["wren", "cora", "dana", "abi", "vic"]);
  switch (r.int(0, 11)) {
    case 10:
      return {
        name: "delete of unseen clocks",
        role: r.pick(["wren", "cora", "dana"]),
        frame: syncUpdate(unseenDeletion(r, victim)),
        codes: [4409],
      };
    case 11:
      return {
        name: "collected range under the honest writer's id",
        role: r.pick(["wren", "cora"]),
        frame: syncUpdate(collectedRangeUpdate(victim.client, victim.nextClock() + r.int(0, 10), r.int(1, 1_000_000))),
        codes: [4409],
      };
    case 0: {
      // Random bytes whose first varint is no message type we know.
      const bytes = r.bytes(r.int(1, 3000));
      bytes[0] = r.pick([2, 4, 5, 9, 42, 127]);
      return { name: "random bytes", role: anyone, frame: bytes, codes: [4400] };
    }
    case 1:
      return {
        name: "truncated varint",
        role: anyone,
        frame: Uint8Array.from(
          r.pick([
            [0x80],
            [0xff, 0xff],
            [0x00, 0x80],
            [0x00, 0x82, 0x80],
            [0x00, 0x02, 0xff],
            [0x01, 0x80, 0x80],
            [0x00, 0x00, 0xff, 0xff, 0xff],
          ]),
        ),
        codes: [4400],
      };
    case 2: {
      // A huge declared length with a few bytes after it (the envelope or the awareness count).
      const huge = r.pick([2 ** 31 - 1, 2 ** 32, 2 ** 40, Number.MAX_SAFE_INTEGER]);
      const frame = r.pick([
        Uint8Array.from([0, 2, ...varUint(huge), ...r.bytes(r.int(0, 64))]),
        Uint8Array.from([0, 1, ...varUint(huge), ...r.bytes(r.int(0, 64))]),
        Uint8Array.from([0, 0, ...varUint(huge), 1, 2, 3]),
        Uint8Array.from([1, ...varUint(huge), ...r.bytes(r.int(0, 64))]),
        awarenessFrame(Uint8Array.from([...varUint(huge), ...r.bytes(r.int(0, 64))])),
        awarenessFrame(Uint8Array.from([1, 7, 1, ...varUint(huge), 0x7b])), // a state string "longer" than the message
      ]);
      return { name: "huge declared length", role: anyone, frame, codes: [4400] };
    }
    case 3: {
      // A Yjs update that declares far more clients or structs than it holds (only checked for writers).
      const huge = r.pick([2 ** 20, 2 ** 31, 2 ** 45]);
      const frame = syncUpdate(Uint8Array.from([...varUint(huge), ...r.bytes(r.int(0, 200))]));
      return { name: "update with huge counts", role: writer, frame, codes: [4400, 4409] };
    }
    case 4:
      return {
        name: "unknown message type",
        role: anyone,
        frame: Uint8Array.from([...varUint(r.pick([2, 4, 8, 99, 300, 2 ** 28, 2 ** 35])), ...r.bytes(r.int(0, 32))]),
        codes: [4400],
      };
    case 5:
      return {
        name: "unknown sync sub-type",
        role: anyone,
        frame: Uint8Array.from([0, ...varUint(r.pick([3, 4, 17, 255, 2 ** 30])), ...r.bytes(r.int(0, 32))]),
        codes: [4400],
      };
    case 6:
      return {
        name: "text frame",
        role: anyone,
        frame: r.pick(["hello", "\u0000\u0001", '{"type":"sync"}', "x".repeat(r.int(1, 5000))]),
        codes: [4400],
      };
    case 7:
      return {
        name: "awareness with more than 64 states",
        role: anyone,
        frame: awarenessFrame(awarenessPayload(Array.from({ length: 65 + r.int(0, 100) }, (_, i) => [i + 1, 1, {}]))),
        codes: [4400],
      };
    case 8:
      return {
        name: "awareness state that is not an object",
        role: anyone,
        frame: awarenessFrame(awarenessPayload([[r.int(1, 1e6), 1, r.pick([1, "x", [1, 2], true])]])),
        codes: [4400],
      };
    default:
      return {
        name: "awareness state that is not JSON",
        role: anyone,
        frame: awarenessFrame(
          message(
            (e) => (
              encoding.writeVarUint(e, 1),
              encoding.writeVarUint(e, 5),
              encoding.writeVarUint(e, 1),
              encoding.writeVarString(e, "{not json")
            ),
          ),
        ),
        codes: [4400],
      };
  }
}

function oversizedFrame(r: Random): { name: string; role: string; frame: Uint8Array; codes: number[] } {
  if (r.next() < 0.5)
    return {
      name: "frame above the limit",
      role: "wren",
      frame: r.bytes(MAX_MESSAGE + r.int(1, MAX_MESSAGE - 1)),
      codes: [4413],
    };
  return {
    name: "frame above twice the limit",
    role: "wren",
    frame: r.bytes(2 * MAX_MESSAGE + r.int(1, MAX_MESSAGE)),
    codes: [1009],
  };
}

/** Category B: frames that are refused or absorbed without closing, for a given connection. */
function absorbedFrame(r: Random, corpus: Corpus, role: string, idBase: number, victim: Victim): Uint8Array {
  const roll = r.next();
  if (role === "vic" && roll < 0.6) {
    // A read-only member's (a viewer's) changes are dropped whatever they hold: bit-flipped, cut or random updates,
    // and deletions of the honest writer's work (seen or future clocks). An approver may suggest, so hers are not
    // read-only any more: her refused changes close with 4409 (tests/integration/suggestions.test.ts).
    const kind = r.next();
    const inner =
      kind < 0.3
        ? r.bytes(r.int(0, 400))
        : kind < 0.5
          ? r.next() < 0.5
            ? unseenDeletion(r, victim)
            : deleteSetUpdate([
                { client: victim.client, clock: r.int(0, victim.nextClock()), length: r.int(1, 1_000_000) },
              ])
          : mutate(r.pick(Object.values(corpus.updates)), r, r.pick(Object.values(corpus.updates)));
    return r.next() < 0.5 ? syncUpdate(inner) : syncStep2(inner);
  }
  if (roll < 0.16) {
    // Deletions of a client id nobody writes under, from anyone: not applied, not closed (the sender is asked for
    // what it seems to be missing), and nothing is left waiting.
    return syncUpdate(unknownClientDeletion(r));
  }
  if (roll < 0.2) {
    // The same presence id listed many times (with rising clocks), the last entry largest: kept once.
    const id = idBase + r.int(0, 7);
    const times = r.int(2, 60);
    return awarenessFrame(
      awarenessPayload(
        Array.from({ length: times }, (_, i) => [
          id,
          r.int(0, 2 ** 20) + i,
          i === times - 1 ? { filler: "y".repeat(r.int(0, 4000)) } : { n: i },
        ]),
      ),
    );
  }
  if (roll < 0.75) {
    // Awareness with valid structure but hostile content: spoofed names, odd values, deep nesting, null removals.
    const count = r.int(1, 8);
    const states: Array<[number, number, unknown]> = [];
    for (let i = 0; i < count; i++) {
      const state = r.pick<() => unknown>([
        () => ({ user: { id: "someone-else", name: "<img src=x onerror=alert(1)>", color: "javascript:alert(1)" } }),
        () => ({ cursor: { anchor: r.bytes(8).join(","), head: { type: { client: r.int(0, 2 ** 31), clock: -1 } } } }),
        () => ({
          [`k${r.int(0, 99)}`]: "\ud800\udfff\u202e".repeat(r.int(1, 50)),
          n: r.pick([1e308, -0, 2 ** 53, Number.MIN_VALUE]),
        }),
        () => ({ deep: JSON.parse("[".repeat(150) + "]".repeat(150)) }),
        () => ({ filler: "x".repeat(r.int(0, 300)) }),
        () => null,
        () => ({}),
      ])();
      // At most 8 presence ids per connection (a person with a few tabs); more is a flood, closed (tested below).
      states.push([idBase + r.int(0, 7), r.int(0, 2 ** 31), state]);
    }
    return awarenessFrame(awarenessPayload(states));
  }
  if (roll < 0.99) {
    // A state vector that still decodes: the server answers with what it thinks the client lacks.
    const vector = new Map(corpus.clients);
    for (const [client, clock] of vector) vector.set(client, clock + r.int(0, 1000));
    for (let i = r.int(0, 5); i > 0; i--) vector.set(r.int(1, 2 ** 31), r.int(0, 2 ** 20));
    return syncStep1(
      message((e) => {
        encoding.writeVarUint(e, vector.size);
        for (const [client, clock] of vector) {
          encoding.writeVarUint(e, client);
          encoding.writeVarUint(e, clock);
        }
      }),
    );
  }
  return QUERY_AWARENESS;
}

// Sockets -----------------------------------------------------------------------------------------------------------

/** Resolves "pong" when every frame sent before the ping was handled, or the close code if the server closed. */
function probe(socket: RawSocket): Promise<"pong" | number> {
  if (socket.closeCode !== null) return Promise.resolve(socket.closeCode);
  return new Promise((resolve) => {
    const onPong = () => {
      socket.ws.off("pong", onPong);
      resolve("pong");
    };
    socket.ws.on("pong", onPong);
    void socket.closed.then((code) => {
      socket.ws.off("pong", onPong);
      resolve(code);
    });
    try {
      socket.ws.ping();
    } catch {
      // closed meanwhile: the close code answers
    }
  });
}

/** A raw socket that keeps only a count of what it receives (hostile sockets get every broadcast too). */
async function hostileSocket(room: Room, role: string): Promise<RawSocket> {
  const socket = await openRaw(syncUrl(room.server, room.documentId, room.tokens[role]));
  socket.ws.removeAllListeners("message");
  socket.ws.on("message", () => undefined);
  socket.ws.on("error", () => undefined);
  return socket;
}

/** An honest writer typing numbered markers, and an honest reader; neither may ever be disconnected. */
function honestPair(room: Room) {
  const writer = connect(room.server.url, room.documentId, room.tokens.will!);
  const reader = connect(room.server.url, room.documentId, room.tokens.cora!);
  toDestroy.push(writer, reader);
  const closes: number[] = [];
  for (const client of [writer, reader])
    client.provider.on("connection-close", (event) => closes.push(event?.code ?? -1));
  const markers: string[] = [];
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  reader.doc.on("update", () => {
    if (sentAt.size === 0) return;
    const text = textOf(reader.doc);
    for (const [marker, at] of sentAt) {
      if (text.includes(marker)) {
        latencies.push(Date.now() - at);
        sentAt.delete(marker);
      }
    }
  });
  let timer: NodeJS.Timeout | undefined;
  let sectionIds: string[] = [];
  /** Types at the start of a section's first text, found by the section's id (junk elements may be added around it). */
  const typeInto = (sectionId: string, text: string) => {
    const section = writer.doc
      .getXmlFragment("content")
      .toArray()
      .find((node) => node instanceof Y.XmlElement && node.getAttribute("id") === sectionId) as Y.XmlElement;
    const paragraph = section
      .toArray()
      .find((node) => node instanceof Y.XmlElement && node.nodeName === "paragraph") as Y.XmlElement;
    const target = paragraph.toArray().find((node) => node instanceof Y.XmlText) as Y.XmlText;
    target.insert(0, text);
  };
  return {
    writer,
    reader,
    closes,
    markers,
    latencies,
    async ready() {
      await Promise.all([waitForSync(writer), waitForSync(reader)]);
      writer.provider.awareness.setLocalStateField("user", { name: "Will", color: "#00703c" });
      sectionIds = writer.doc
        .getXmlFragment("content")
        .toArray()
        .slice(0, 4)
        .map((node) => String((node as Y.XmlElement).getAttribute("id")));
    },
    start(everyMs = 100) {
      const tick = () => {
        const marker = `honest-${markers.length}-${random.int(1000, 9999)}`;
        typeInto(random.pick(sectionIds), `${marker} `);
        markers.push(marker);
        sentAt.set(marker, Date.now());
        timer = setTimeout(tick, everyMs);
      };
      tick();
    },
    stop: () => clearTimeout(timer),
    /** Both honest clients and a fresh one hold every marker and exactly the same document. */
    /**
     * Both honest clients and a fresh one hold every marker and the same document (same state vector, same text).
     * With `canonical`, the server's canonical JSON must match too (after fuzzing, structural junk a writer's
     * mutated update left in the content can make that fail; a separate test covers that on its own).
     */
    async converged(options: { canonical: boolean } = { canonical: true }) {
      const vector = (client: SyncClient) => Array.from(Y.encodeStateVector(client.doc));
      await eventually(
        () => {
          for (const client of [writer, reader]) {
            const text = textOf(client.doc);
            expect(markers.filter((marker) => !text.includes(marker))).toEqual([]);
          }
          expect(textOf(reader.doc)).toBe(textOf(writer.doc));
          expect(vector(reader)).toEqual(vector(writer));
        },
        20_000,
        100,
      );
      const fresh = connect(room.server.url, room.documentId, room.tokens.abi!);
      toDestroy.push(fresh);
      await waitForSync(fresh, 20_000);
      expect(textOf(fresh.doc)).toBe(textOf(writer.doc));
      expect(vector(fresh)).toEqual(vector(writer));
      const canonical = await api<{ content: unknown }>(
        room.server.url,
        room.tokens.abi!,
        `/api/documents/${room.documentId}`,
      );
      if (!options.canonical) return canonical.status;
      expect(canonical.status).toBe(200);
      // Which side differs, should they ever: what the server sends a newcomer, and what it reads itself.
      expect(contentJson(fresh.doc), "a fresh client's copy of the server's document").toEqual(contentJson(writer.doc));
      expect(canonical.body.content, "the server's own reading of its document").toEqual(contentJson(writer.doc));
      return canonical.status;
    },
  };
}

/** Polls HTTP throughout, so a crash or a stalled event loop is seen when it happens. */
function watchHttp(room: Room) {
  const failures: string[] = [];
  let slowest = 0;
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const started = Date.now();
      try {
        const response = await fetch(`${room.server.url}/login`, { signal: AbortSignal.timeout(10_000) });
        if (response.status !== 200) failures.push(`GET /login → ${response.status}`);
        await response.arrayBuffer();
      } catch (error) {
        failures.push(`GET /login failed: ${String(error)}`);
      }
      slowest = Math.max(slowest, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    failures,
    slowest: () => slowest,
    async done() {
      stop = true;
      await loop;
    },
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

// Tests -------------------------------------------------------------------------------------------------------------

describe("hostile frames at a live room", () => {
  it(
    `${SOAK ? "500,000" : "100,000"}+ malformed or mutated frames: no crash, bounded memory, the honest clients unaffected`,
    async () => {
      const room = await openRoom();
      const pid = room.server.process.pid!;
      const corpus = await buildCorpus(room);
      const honest = honestPair(room);
      await honest.ready();
      honest.start(100);
      const victim: Victim = {
        client: honest.writer.doc.clientID,
        nextClock: () => Y.getState(honest.writer.doc.store, honest.writer.doc.clientID),
      };
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const before = memoryOf(pid);
      const http = watchHttp(room);

      const target = SOAK ? 500_000 : 100_000;
      const counts = { A: 0, B: 0, C: 0 };
      const outcomes = new Map<string, number>();
      const note = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      const unexpected: string[] = [];

      // A: one closing frame per connection.
      const runA = async (total: number) => {
        for (let i = 0; i < total; i++) {
          const { name, role, frame, codes } = i % 100 === 99 ? oversizedFrame(random) : closingFrame(random, victim);
          const socket = await hostileSocket(room, role);
          await sendFrame(socket.ws, frame);
          const result = await probe(socket);
          if (result === "pong" || !codes.includes(result)) unexpected.push(`A ${name} as ${role} → ${result}`);
          else counts.A += 1;
          note(`A ${name} → ${result}`);
          socket.ws.terminate();
        }
      };
      // B: pipelined batches of absorbed frames, each batch proven by a pong.
      const runB = async (total: number, role: string, idBase: number) => {
        let socket = await hostileSocket(room, role);
        let sent = 0;
        while (sent < total) {
          const batch = Math.min(500, total - sent);
          for (let i = 0; i < batch; i++) socket.ws.send(absorbedFrame(random, corpus, role, idBase, victim));
          const result = await probe(socket);
          if (result === "pong") counts.B += batch;
          else {
            unexpected.push(`B batch as ${role} closed the connection with ${result}`);
            socket = await hostileSocket(room, role);
          }
          sent += batch;
        }
        note(`B as ${role}: ${total} frames`);
        socket.ws.close();
      };
      // C: mutated valid messages, one at a time.
      const runC = async (total: number) => {
        let role = random.pick(["wren", "dana", "abi", "cora", "vic"]);
        let socket = await hostileSocket(room, role);
        for (let i = 0; i < total; i++) {
          const frame = mutate(random.pick(corpus.frames), random, random.pick(corpus.frames));
          await sendFrame(socket.ws, frame);
          const result = await probe(socket);
          note(`C → ${result === "pong" ? "handled, kept open" : result}`);
          if (result !== "pong" && ![4400, 4409, 4413].includes(result)) unexpected.push(`C as ${role} → ${result}`);
          counts.C += 1;
          if (result !== "pong") {
            role = random.pick(["wren", "dana", "abi", "cora", "vic"]);
            socket = await hostileSocket(room, role);
          }
        }
        socket.ws.close();
      };

      const scale = target / 100_000;
      const started = Date.now();
      await Promise.all([
        runA(1200 * scale),
        runA(1200 * scale),
        runC(4000 * scale),
        runC(4000 * scale),
        runB(23_000 * scale, "vic", 1_000_000),
        runB(23_000 * scale, "wren", 2_000_000),
        runB(23_000 * scale, "dana", 3_000_000),
        runB(23_000 * scale, "abi", 4_000_000),
      ]);
      const seconds = (Date.now() - started) / 1000;
      honest.stop();
      await http.done();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const after = memoryOf(pid);
      const total = counts.A + counts.B + counts.C;
      console.log(
        `hostile-frames: ${total} frames proven handled in ${seconds.toFixed(1)} s (A ${counts.A}, B ${counts.B}, C ${counts.C}); ` +
          `RSS ${before.rssMiB.toFixed(0)} → ${after.rssMiB.toFixed(0)} MiB, peak ${after.peakMiB.toFixed(0)} MiB; ` +
          `slowest HTTP answer ${http.slowest()} ms; honest edit latency p50 ${percentile(honest.latencies, 50)} ms, p99 ${percentile(honest.latencies, 99)} ms, ` +
          `max ${Math.max(0, ...honest.latencies)} ms over ${honest.latencies.length} edits\n` +
          [...outcomes]
            .sort()
            .map(([key, n]) => `  ${key}: ${n}`)
            .join("\n"),
      );

      expect(total).toBeGreaterThanOrEqual(target);
      expect(unexpected.slice(0, 20)).toEqual([]);
      expect(room.server.process.exitCode).toBeNull();
      expect(http.failures).toEqual([]);
      expect((await fetch(`${room.server.url}/login`)).status).toBe(200);
      // Bounded: what is left is independent of how many frames came (a budget, not a leak per frame).
      expect(after.rssMiB - before.rssMiB).toBeLessThan(150);
      expect(after.peakMiB - before.rssMiB).toBeLessThan(300);
      expect(honest.closes).toEqual([]);
      const canonicalStatus = await honest.converged({ canonical: false });
      console.log(`hostile-frames: GET /api/documents/:id after the fuzzing answered ${canonicalStatus}`);
    },
    SOAK ? 1_200_000 : 240_000,
  );

  it("an awareness flood (new client ids, large states) cannot pin unbounded memory or swamp other people's presence", async () => {
    const room = await openRoom();
    const pid = room.server.process.pid!;
    const honest = honestPair(room);
    await honest.ready();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = memoryOf(pid);
    const socket = await hostileSocket(room, "vic");
    const filler = "y".repeat(4000);
    let nextId = 1;
    // 400 messages × 64 new client ids × 4 kB: 100 MB of "presence" from one read-only connection.
    for (let m = 0; m < 400; m++) {
      const states: Array<[number, number, unknown]> = Array.from({ length: 64 }, () => [
        nextId++,
        1,
        { user: { name: `ghost ${nextId}` }, filler },
      ]);
      socket.ws.send(awarenessFrame(awarenessPayload(states)));
    }
    const result = await probe(socket);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = memoryOf(pid);
    const seenByHonest = honest.reader.provider.awareness.getStates().size;
    console.log(
      `awareness flood: ${nextId - 1} states sent (${result}); RSS ${before.rssMiB.toFixed(0)} → ${after.rssMiB.toFixed(0)} MiB; the honest reader holds ${seenByHonest} presence states`,
    );
    socket.ws.terminate();
    expect(room.server.process.exitCode).toBeNull();
    expect(after.rssMiB - before.rssMiB, "server memory held by one connection's awareness").toBeLessThan(50);
    expect(seenByHonest, "presence states one connection pushed onto everyone else").toBeLessThan(200);
  }, 120_000);

  it("a client that asks for the document over and over and never reads cannot make the server buffer without bound", async () => {
    const room = await openRoom();
    const pid = room.server.process.pid!;
    const honest = honestPair(room);
    await honest.ready();
    honest.start(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = memoryOf(pid);
    const socket = await hostileSocket(room, "vic");
    (socket.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // never read again
    const askForEverything = syncStep1(new Uint8Array([0])); // an empty state vector: "send me the whole document"
    for (let i = 0; i < 20_000; i++) socket.ws.send(askForEverything);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const after = memoryOf(pid);
    const documentBytes = Y.encodeStateAsUpdate(honest.reader.doc).byteLength;
    console.log(
      `slow reader: 20,000 requests for a ${Math.round(documentBytes / 1024)} kB document; RSS ${before.rssMiB.toFixed(0)} → ${after.rssMiB.toFixed(0)} MiB`,
    );
    socket.ws.terminate();
    honest.stop();
    expect(room.server.process.exitCode).toBeNull();
    expect(after.rssMiB - before.rssMiB, "memory buffered for a client that does not read").toBeLessThan(64);
    expect(honest.closes).toEqual([]);
    await honest.converged();
  }, 120_000);

  it("one valid but pathological update (40,000 separate insertions, ~420 kB, under the size limit) does not stall the server", async () => {
    const room = firstRoom ?? (await openRoom());
    const copy = connect(room.server.url, room.documentId, room.tokens.wren!);
    await waitForSync(copy);
    const before = Y.encodeStateVector(copy.doc);
    const donor = new Y.Doc();
    Y.applyUpdate(donor, Y.encodeStateAsUpdate(copy.doc));
    copy.destroy();
    // Typing with the cursor kept at the start of a paragraph (e.g. Home before each character) never merges.
    const section = donor.getXmlFragment("content").get(0) as Y.XmlElement;
    const paragraph = section
      .toArray()
      .find((node) => node instanceof Y.XmlElement && node.nodeName === "paragraph") as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    donor.transact(() => {
      for (let i = 0; i < 40_000; i++) text.insert(0, "x");
    });
    // Only the new insertions (not the document's old deletions, which touch the design, nor anything the fuzzing
    // left pending in the room): a plain, valid edit a writer may make.
    const frame = syncUpdate(withoutDeletions(Y.encodeStateAsUpdate(donor, before), donor.clientID));
    expect(frame.byteLength).toBeLessThan(MAX_MESSAGE);
    const socket = await hostileSocket(room, "wren");
    await sendFrame(socket.ws, frame);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const asked = Date.now();
    const response = await fetch(`${room.server.url}/login`);
    const waited = Date.now() - asked;
    const handled = await probe(socket);
    socket.ws.close();
    console.log(
      `pathological update: ${Math.round(frame.byteLength / 1024)} kB frame (${handled}); an HTTP request made meanwhile waited ${waited} ms`,
    );
    expect(response.status).toBe(200);
    // Before update-scope.ts looked items up by binary search this took 2.3–4.5 s here (quadratic in the number of
    // items: a 4 MiB frame would have frozen the server for minutes); now a few hundred ms. 1.5 s leaves room for
    // a busy machine while still catching the quadratic case.
    expect(waited, "milliseconds one 420 kB frame blocked the event loop").toBeLessThan(1500);
    expect(handled, "the edit is valid and allowed").toBe("pong");
  }, 120_000);

  it("a writer's update that puts a non-XML Yjs type into the content cannot break the document for everyone", async () => {
    const room = firstRoom ?? (await openRoom());
    const made = await api<{ id: string }>(room.server.url, room.tokens.cora!, "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: "Structure", templateId: "a5-booklet" }),
    });
    const writer = connect(room.server.url, made.body.id, room.tokens.wren!);
    toDestroy.push(writer);
    await waitForSync(writer);
    const closes: number[] = [];
    writer.provider.on("connection-close", (event) => {
      if (event) closes.push(event.code);
      if (event?.code === 4409) writer.provider.disconnect();
    });
    // The content holds XmlElements and XmlTexts only; a decodable update can put any shared type there (a bit
    // flip in a ContentType's type reference does exactly that: the fuzzing above found it).
    const section = writer.doc.getXmlFragment("content").get(0) as unknown as Y.XmlFragment;
    const odd = new Y.Map<unknown>();
    odd.set("x", 1);
    section.insert(0, [odd as unknown as Y.XmlElement, new Y.Text("plain text type") as unknown as Y.XmlElement]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Either the server refused it (4409) or it took it; either way the document must keep working for everyone.
    const canonical = await api<{ error?: unknown }>(
      room.server.url,
      room.tokens.cora!,
      `/api/documents/${made.body.id}`,
    );
    const review = await fetch(`${room.server.url}/documents/${made.body.id}/review`, {
      headers: { cookie: `copress_session=${room.tokens.cora}` },
    });
    const fresh = connect(room.server.url, made.body.id, room.tokens.abi!);
    toDestroy.push(fresh);
    await waitForSync(fresh);
    let editorView = "readable";
    try {
      contentJson(fresh.doc);
    } catch (error) {
      editorView = `throws ${String(error)}`;
    }
    console.log(
      `non-XML type in content: closes ${JSON.stringify(closes)}; GET /api/documents/:id → ${canonical.status}; review page → ${review.status}; a fresh client's ProseMirror view ${editorView}`,
    );
    expect(canonical.status, "GET /api/documents/:id").toBe(200);
    expect(review.status, "the review page").toBe(200);
    expect(editorView, "a fresh client's y-prosemirror conversion").toBe("readable");
  }, 60_000);

  it("an update forged under another person's client id cannot make that person's edits disappear", async () => {
    const room = firstRoom ?? (await openRoom());
    const honest = honestPair(room);
    await honest.ready();
    honest.start(100);
    // Will types a numbered marker every 100 ms
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Will's client id is public (every awareness message carries it) and his clock is in the server's state vector.
    const victim = honest.writer.doc.clientID;
    const forger = connect(room.server.url, room.documentId, room.tokens.wren!);
    toDestroy.push(forger);
    await waitForSync(forger);
    forger.provider.disconnect(); // the forger crafts by hand from here
    const ahead = Y.getState(forger.doc.store, victim) + 60; // where Will's typing will be in a moment
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(forger.doc));
    const vectorBefore = Y.encodeStateVector(forged);
    forged.clientID = 999_999; // any id; rewritten below to Will's, at a clock he has not reached yet
    typeInSection(forged, 2, "FORGED ".repeat(50));
    const honestUpdate = Y.encodeStateAsUpdate(forged, vectorBefore);
    const update = forgeClient(honestUpdate, 999_999, victim, ahead);
    expect(Y.decodeUpdate(update).structs[0]!.id).toMatchObject({ client: victim, clock: ahead });
    const socket = await hostileSocket(room, "wren");
    await sendFrame(socket.ws, syncUpdate(update));
    const handled = await probe(socket);
    socket.ws.close();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    honest.stop();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const reader = textOf(honest.reader.doc);
    const lost = honest.markers.filter((marker) => !reader.includes(marker));
    console.log(
      `forged client id (${handled}): ${lost.length} of Will's ${honest.markers.length} markers never reached the reader: ${lost.slice(0, 5).join(", ")}`,
    );
    expect(lost, "Will's own edits, typed after the forgery, must reach everyone").toEqual([]);
    await honest.converged();
  }, 60_000);
});
