/**
 * The rules of a Room, without a network: a Room only needs a store and connections that can send and close, so
 * these tests drive it with hand-made y-websocket messages and look at what it stores, sends and refuses.
 */
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  awarenessFrame,
  deleteSetUpdate,
  forgeClient,
  stepTwoFrame,
  updateFrame,
} from "../../tests/helpers/yjs-frames";
import type { DocumentPart } from "../../app/domain/permissions";
import { mergeInGroups, RefusedChangeError, Room, type RoomConnection, type RoomStore } from "./room";

/** A store in memory that can be told to fail, and remembers what it was asked to keep. */
function memoryStore(initial?: Y.Doc) {
  const appended: Uint8Array[] = [];
  const claims = new Map<number, string>();
  let failNext = 0;
  const claim = (list: Array<[number, string]>) => {
    for (const [client, userId] of list) if (!claims.has(client)) claims.set(client, userId);
  };
  const store: RoomStore = {
    load: async () => ({
      state: initial ? Y.encodeStateAsUpdate(initial) : null,
      updates: [...appended],
      lastSeq: appended.length,
    }),
    loadClientOwners: async () => new Map(claims),
    claimClients: async (_id, list) => claim(list),
    append: async (_id, updates, list) => {
      if (failNext > 0) {
        failNext -= 1;
        throw new Error("disk full");
      }
      claim(list);
      appended.push(...updates);
      return appended.length;
    },
    compact: async () => {},
  };
  return { store, appended, claims, failOnce: () => (failNext = 1) };
}

let nextId = 1;
/** A connection that records what it is sent. */
function connection(
  userId: string,
  writable: DocumentPart[],
  displayName = userId,
): RoomConnection & { sent: Uint8Array[]; closed: number | null } {
  const sent: Uint8Array[] = [];
  const conn = {
    id: nextId++,
    userId,
    displayName,
    tokenHash: `token-${userId}`,
    writable: new Set(writable),
    sent,
    closed: null as number | null,
    send: (message: Uint8Array) => void sent.push(message),
    close: (code: number) => void (conn.closed = code),
  };
  return conn;
}

/** A document with one section holding one paragraph, as a starting state. */
function starter(owner = "wren") {
  const doc = new Y.Doc();
  const section = new Y.XmlElement("section");
  section.setAttribute("id", "s-1");
  section.setAttribute("owner", owner);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText("Hello")]);
  section.insert(0, [paragraph]);
  doc.getXmlFragment("content").insert(0, [section]);
  return doc;
}

/** A client that has the room's document, and the update its next change makes. */
function clientOf(room: Room, clientId?: number) {
  const doc = new Y.Doc();
  if (clientId !== undefined) doc.clientID = clientId;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
  const change = (fn: (d: Y.Doc) => void) => {
    const before = Y.encodeStateVector(doc);
    fn(doc);
    return Y.encodeStateAsUpdate(doc, before);
  };
  return { doc, change };
}

const typeInto = (doc: Y.Doc, words: string) =>
  (((doc.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(
    0,
    words,
  );
const text = (doc: Y.Doc) =>
  (((doc.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText).toString();

/** Sync updates a connection was sent (type 0, sub-type 2). */
function updatesSent(conn: { sent: Uint8Array[] }) {
  return conn.sent.filter((m) => {
    const d = decoding.createDecoder(m);
    return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === syncProtocol.messageYjsUpdate;
  });
}

/** Awareness entries a connection was sent, message by message. */
function awarenessSent(conn: { sent: Uint8Array[] }) {
  const messages: Array<Array<{ clientId: number; state: Record<string, unknown> | null }>> = [];
  for (const m of conn.sent) {
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) !== 1) continue;
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
    const count = decoding.readVarUint(inner);
    const entries = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(inner);
      decoding.readVarUint(inner);
      entries.push({ clientId, state: JSON.parse(decoding.readVarString(inner)) as Record<string, unknown> | null });
    }
    messages.push(entries);
  }
  return messages;
}

const rooms: Room[] = [];
async function makeRoom(store: RoomStore) {
  const room = await Room.open("doc-1", store, { compactAfterUpdates: 1000, log: () => {} });
  rooms.push(room);
  return room;
}
afterEach(() => {
  vi.useRealTimers();
  return Promise.all(rooms.splice(0).map((room) => room.destroy()));
});

describe("Room: who may write what", () => {
  it("stores before it sends, and does not send a change back to its only sender", async () => {
    const { store, appended } = memoryStore(starter());
    const room = await makeRoom(store);
    const wren = connection("wren", ["content", "meta"]);
    const will = connection("will", ["content", "meta"]);
    room.join(wren);
    room.join(will);
    const { change } = clientOf(room);
    room.handleMessage(wren, updateFrame(change((d) => typeInto(d, "Hi. "))));
    await room.flush();
    expect(appended).toHaveLength(1);
    expect(text(room.doc)).toBe("Hi. Hello");
    expect(updatesSent(will)).toHaveLength(1);
    expect(updatesSent(wren)).toHaveLength(0);
  });

  it("refuses a change to a part the connection may not write, and applies nothing of it", async () => {
    const { store } = memoryStore(starter());
    const room = await makeRoom(store);
    const dana = connection("dana", ["design"]);
    room.join(dana);
    const { change } = clientOf(room);
    expect(() => room.handleMessage(dana, updateFrame(change((d) => typeInto(d, "Nope. "))))).toThrow(
      RefusedChangeError,
    );
    expect(text(room.doc)).toBe("Hello");
  });

  it("drops a read-only connection's changes without closing it", async () => {
    const { store, appended } = memoryStore(starter());
    const room = await makeRoom(store);
    const vic = connection("vic", []);
    room.join(vic);
    const { change } = clientOf(room);
    room.handleMessage(vic, updateFrame(change((d) => typeInto(d, "Vic was here. "))));
    await room.flush();
    expect(text(room.doc)).toBe("Hello");
    expect(appended).toHaveLength(0);
  });

  it("refuses content under a client id someone else writes under (no forged authorship)", async () => {
    const { store, claims } = memoryStore(starter());
    const room = await makeRoom(store);
    const wren = connection("wren", ["content", "meta"]);
    const will = connection("will", ["content", "meta"]);
    room.join(wren);
    room.join(will);
    const wrens = clientOf(room, 1111);
    room.handleMessage(wren, updateFrame(wrens.change((d) => typeInto(d, "Wren. "))));
    await room.flush();
    expect(claims.get(1111)).toBe("wren"); // stored with her update
    // Will's client writes, and the update is re-encoded under Wren's client id, at her next clock.
    const wills = clientOf(room, 9999);
    const forged = forgeClient(
      wills.change((d) => typeInto(d, "Forged. ")),
      9999,
      1111,
      Y.getState(room.doc.store, 1111),
    );
    expect(() => room.handleMessage(will, updateFrame(forged))).toThrow(/belongs to someone else/);
    expect(text(room.doc)).toBe("Wren. Hello");
  });

  it("in owned mode refuses a change to someone else's section, and lets coordinators through", async () => {
    const doc = starter("wren");
    doc.getMap("settings").set("ownershipMode", "owned");
    const { store } = memoryStore(doc);
    const room = await makeRoom(store);
    const will = connection("will", ["content", "meta"]);
    const cora = connection("cora", ["content", "meta", "design", "settings"]);
    room.join(will);
    room.join(cora);
    expect(() => room.handleMessage(will, updateFrame(clientOf(room).change((d) => typeInto(d, "Will. "))))).toThrow(
      RefusedChangeError,
    );
    room.handleMessage(cora, updateFrame(clientOf(room).change((d) => typeInto(d, "Cora. "))));
    expect(text(room.doc)).toBe("Cora. Hello");
  });

  it("refuses a deletion of someone else's unseen clocks, so a writer's later words are not erased", async () => {
    const { store } = memoryStore(starter());
    const room = await makeRoom(store);
    const wren = connection("wren", ["content", "meta"]);
    const will = connection("will", ["content", "meta"]);
    room.join(wren);
    room.join(will);
    const writer = clientOf(room, 2222);
    room.handleMessage(wren, updateFrame(writer.change((d) => typeInto(d, "First. "))));
    const future = Y.getState(writer.doc.store, 2222);
    expect(() =>
      room.handleMessage(will, updateFrame(deleteSetUpdate([{ client: 2222, clock: future, length: 1000 }]))),
    ).toThrow(/deletes unseen content/);
    room.handleMessage(wren, updateFrame(writer.change((d) => typeInto(d, "Later words. "))));
    expect(text(room.doc)).toBe("Later words. First. Hello");
    expect(room.doc.store.pendingDs).toBeNull();
  });

  it("asks a client that is ahead of itself for what is missing, instead of keeping its update waiting", async () => {
    const { store } = memoryStore(starter());
    const room = await makeRoom(store);
    const wren = connection("wren", ["content", "meta"]);
    room.join(wren);
    const writer = clientOf(room, 3030);
    writer.change((d) => typeInto(d, "One. ")); // not sent yet
    const second = writer.change((d) => typeInto(d, "Two. "));
    const asked = wren.sent.length;
    // The second edit arrives first (typed while a reconnection was still catching up): not applied, not closed.
    room.handleMessage(wren, updateFrame(second));
    expect(text(room.doc)).toBe("Hello");
    expect(room.doc.store.pendingStructs).toBeNull();
    const stepOnes = wren.sent.slice(asked).filter((m) => {
      const d = decoding.createDecoder(m);
      return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === syncProtocol.messageYjsSyncStep1;
    });
    expect(stepOnes).toHaveLength(1);
    // Its answer (everything the server lacks) brings both, whole.
    room.handleMessage(wren, stepTwoFrame(Y.encodeStateAsUpdate(writer.doc, Y.encodeStateVector(room.doc))));
    expect(text(room.doc)).toBe("Two. One. Hello");
  });

  it("refuses a sync step 2 that does not apply cleanly (it answers the server's own state)", async () => {
    const { store } = memoryStore(starter());
    const room = await makeRoom(store);
    const wren = connection("wren", ["content", "meta"]);
    room.join(wren);
    const writer = clientOf(room, 4040);
    writer.change((d) => typeInto(d, "One. "));
    const second = writer.change((d) => typeInto(d, "Two. "));
    expect(() => room.handleMessage(wren, stepTwoFrame(second))).toThrow(/unseen content/);
  });
});

describe("Room: storing", () => {
  it("keeps a batch it could not store, sends nothing of it, and stores and sends it once on the next try", async () => {
    vi.useFakeTimers();
    const { store, appended, failOnce } = memoryStore(starter());
    const room = await makeRoom(store);
    const wren = connection("wren", ["content", "meta"]);
    const will = connection("will", ["content", "meta"]);
    room.join(wren);
    room.join(will);
    failOnce();
    room.handleMessage(wren, updateFrame(clientOf(room).change((d) => typeInto(d, "Kept. "))));
    await room.flush();
    expect(appended).toHaveLength(0);
    expect(updatesSent(will)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(appended).toHaveLength(1);
    expect(updatesSent(will)).toHaveLength(1);
  });

  it("goes on storing and sending while the log is being compacted, and waits for it before closing", async () => {
    const { store, appended } = memoryStore(starter());
    let finishCompaction!: () => void;
    const compactions: Array<{ upToSeq: number; text: string }> = [];
    store.compact = (_id, state, upToSeq) => {
      const folded = new Y.Doc();
      Y.applyUpdate(folded, state);
      compactions.push({ upToSeq, text: text(folded) });
      return new Promise<void>((resolve) => (finishCompaction = resolve));
    };
    const room = await Room.open("doc-1", store, { compactAfterUpdates: 2, log: () => {} });
    const wren = connection("wren", ["content", "meta"]);
    const will = connection("will", ["content", "meta"]);
    room.join(wren);
    room.join(will);
    const writer = clientOf(room);
    for (const words of ["One. ", "Two. ", "Three. "]) {
      room.handleMessage(wren, updateFrame(writer.change((d) => typeInto(d, words))));
      await room.flush();
    }
    // The second batch started a compaction (of the log up to it), which has not finished: the third was stored and
    // sent all the same.
    expect(compactions).toEqual([{ upToSeq: 2, text: "Two. One. Hello" }]);
    expect(appended).toHaveLength(3);
    expect(updatesSent(will)).toHaveLength(3);
    let closed = false;
    const closing = room.destroy().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false); // not before the compaction it started has finished
    finishCompaction();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Then the rest of the log is folded too, before the room lets go.
    expect(compactions.at(-1)).toEqual({ upToSeq: 3, text: "Three. Two. One. Hello" });
    finishCompaction();
    await closing;
  });

  it("in a cluster, folds into its own copy what is stored, keeping what another process stored that it has not heard of", async () => {
    const { store, appended } = memoryStore(starter());
    // The database as a cluster's store hands it over: a state another process compacted (holding a batch of that
    // process's this room has not received yet), and the log.
    const room = await Room.open("doc-1", store, { compactAfterUpdates: 2, log: () => {} });
    const loaded = Y.encodeStateAsUpdate(room.doc);
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, loaded);
    typeInto(elsewhere, "Far. ");
    let storedState: Uint8Array = Y.encodeStateAsUpdate(elsewhere);
    const folds: Array<{ handed: number; text: string }> = [];
    store.compact = () => Promise.reject(new Error("a cluster never compacts from one room's copy alone"));
    store.compactStored = async (_id, fold) => {
      const handed = appended.splice(0);
      storedState = fold(storedState, handed);
      const check = new Y.Doc();
      Y.applyUpdate(check, storedState);
      folds.push({ handed: handed.length, text: text(check) });
      return true;
    };
    const wren = connection("wren", ["content", "meta"]);
    const will = connection("will", ["content", "meta"]);
    room.join(wren);
    room.join(will);
    const writer = clientOf(room);
    for (const words of ["One. ", "Two. "]) {
      room.handleMessage(wren, updateFrame(writer.change((d) => typeInto(d, words))));
      await room.flush();
    }
    await room.compact();
    // Both batches and the other process's words are in the state written, and in the room's copy.
    expect(folds).toHaveLength(1);
    expect(folds[0]!.handed).toBe(2);
    expect(folds[0]!.text).toContain("Far. ");
    expect(folds[0]!.text).toContain("Two. One. ");
    expect(text(room.doc)).toBe(folds[0]!.text);
    // The people here are sent what they had not had (it is stored), and end with the same text.
    const willsCopy = new Y.Doc();
    Y.applyUpdate(willsCopy, loaded);
    for (const message of updatesSent(will)) {
      const decoder = decoding.createDecoder(message);
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      Y.applyUpdate(willsCopy, decoding.readVarUint8Array(decoder));
    }
    expect(text(willsCopy)).toBe(text(room.doc));
  });
});

describe("Room: presence", () => {
  const userState = (name: string, extra: Record<string, unknown> = {}) => ({
    user: { name, colour: "#005ea5" },
    ...extra,
  });

  it("stamps the signed-in person's id and name on presence, whatever the client says", async () => {
    const { store } = memoryStore(starter());
    const room = await makeRoom(store);
    const vic = connection("vic-id", [], "Vic");
    const wren = connection("wren-id", ["content"], "Wren");
    room.join(vic);
    room.join(wren);
    room.handleMessage(
      vic,
      awarenessFrame([{ clientId: 77, clock: 1, state: userState("Cora", { user: { name: "Cora", id: "cora-id" } }) }]),
    );
    const [entries] = awarenessSent(wren);
    expect(entries![0]!.state!.user).toMatchObject({ id: "vic-id", name: "Vic" });
  });

  it("keeps one entry per client id in a message, and sends each id once", async () => {
    const { store } = memoryStore(starter());
    const room = await makeRoom(store);
    const vic = connection("vic", []);
    const wren = connection("wren", ["content"]);
    room.join(vic);
    room.join(wren);
    const entries = Array.from({ length: 300 }, (_, i) => ({
      clientId: 5,
      clock: i + 1,
      state: userState("Vic", { n: i }),
    }));
    room.handleMessage(vic, awarenessFrame(entries));
    const sent = awarenessSent(wren);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toHaveLength(1);
    expect(sent[0]![0]!.state).toMatchObject({ n: 299 });
  });

  it("coalesces presence past the connection's budget instead of multiplying or losing it", async () => {
    vi.useFakeTimers();
    const { store } = memoryStore(starter());
    const room = await makeRoom(store);
    const vic = connection("vic", []);
    const wren = connection("wren", ["content"]);
    room.join(vic);
    room.join(wren);
    for (let i = 1; i <= 200; i++)
      room.handleMessage(vic, awarenessFrame([{ clientId: 9, clock: i, state: userState("Vic", { cursor: i }) }]));
    const immediate = awarenessSent(wren).length;
    expect(immediate).toBeLessThanOrEqual(40);
    await vi.advanceTimersByTimeAsync(1000);
    const all = awarenessSent(wren);
    expect(all.length).toBeLessThanOrEqual(40 + 21);
    expect(all.at(-1)![0]!.state).toMatchObject({ cursor: 200 });
  });

  it("ignores presence under a client id that someone else writes under", async () => {
    const { store } = memoryStore(starter());
    const room = await makeRoom(store);
    const wren = connection("wren", ["content", "meta"], "Wren");
    const vic = connection("vic", [], "Vic");
    const will = connection("will", ["content"], "Will");
    room.join(wren);
    room.join(vic);
    room.join(will);
    room.handleMessage(wren, updateFrame(clientOf(room, 3333).change((d) => typeInto(d, "x"))));
    room.handleMessage(vic, awarenessFrame([{ clientId: 3333, clock: 5, state: userState("Not Wren") }]));
    expect(awarenessSent(will)).toHaveLength(0);
    expect(room.awareness.getStates().has(3333)).toBe(false);
  });

  it("claims a writer's client id when her presence first announces it", async () => {
    const { store, claims } = memoryStore(starter());
    const room = await makeRoom(store);
    const wren = connection("wren", ["content"]);
    room.join(wren);
    room.handleMessage(wren, awarenessFrame([{ clientId: 4444, clock: 1, state: userState("Wren") }]));
    await room.flush(); // stored on its own: no edit yet
    expect(claims.get(4444)).toBe("wren");
    const will = connection("will", ["content"]);
    room.join(will);
    expect(() => room.handleMessage(will, updateFrame(clientOf(room, 4444).change((d) => typeInto(d, "x"))))).toThrow(
      /belongs to someone else/,
    );
  });
});

describe("Room: loading", () => {
  it("drops deletions left waiting in a stored document, so they never land on later content", async () => {
    const doc = starter();
    const { store, appended } = memoryStore(doc);
    // An update stored before the rule: a deletion of client 5555's clocks 0..1000, which nobody had sent.
    appended.push(deleteSetUpdate([{ client: 5555, clock: 0, length: 1000 }]));
    const later = new Y.Doc();
    later.clientID = 5555;
    Y.applyUpdate(later, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(later);
    typeInto(later, "Written later. ");
    appended.push(Y.encodeStateAsUpdate(later, before));
    const room = await makeRoom(store);
    expect(text(room.doc)).toBe("Written later. Hello");
    expect(room.doc.store.pendingDs).toBeNull();
  });
});

describe("mergeInGroups", () => {
  it("gives the same document as applying every update in turn", async () => {
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on("update", (update: Uint8Array) => updates.push(update));
    const words = writer.getText("t");
    for (let i = 0; i < 500; i++) {
      words.insert(Math.floor(words.length / 2), `w${i} `);
      if (i % 5 === 0) words.delete(0, 1);
    }
    const reader = new Y.Doc();
    Y.applyUpdate(reader, mergeInGroups(updates));
    expect(reader.getText("t").toString()).toBe(words.toString());
    expect(mergeInGroups([updates[0]!])).toBe(updates[0]);
  });
});
