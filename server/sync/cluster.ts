/**
 * Rooms across processes (issue 17): with REDIS_URL set, every Copress process that has a document open relays to
 * the others what it stored, through Redis — never instead of storing it. The database stays the only record:
 *
 * - **Stored, then relayed.** A room appends a batch to the database first; only then is it published, so anything
 *   another process receives is already durable (the same rule as for a room's own connections).
 * - **Numbered per document, so a gap is seen.** One Lua script increments the document's counter and publishes the
 *   batch with that number, atomically: every process receives a document's batches in counter order. A process that
 *   sees a number out of step (a message lost while Redis restarted, or the counter starting again) reads the document
 *   back from the database and applies it — Yjs applies what it already has as nothing — so it never stays behind.
 *   Hocuspocus's Redis extension relays without numbering and can silently miss an update until a client reconnects;
 *   y-redis keeps the log in Redis streams, making Redis part of what must not be lost. Here Redis holds nothing that
 *   cannot be lost.
 * - **Joined before loaded.** A process subscribes to a document, notes its counter, then loads it from the database;
 *   batches numbered after that note are applied on top, so nothing stored while it loaded is missed.
 * - **Presence** and **who writes under which client id** travel too, so a person's cursor shows on every process and
 *   nobody can take over someone else's client id through another process.
 * - **Events** (a session ended, a member's rights changed) reach every process, which applies them to its own
 *   connections.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

export interface RelayedBatch {
  update: Uint8Array | null;
  claims: Array<[clientId: number, userId: string]>;
}

/** What the cluster needs from this process's sync server. */
export interface ClusterHost {
  /** A relayed batch for a document open here. */
  applyBatch(documentId: string, batch: RelayedBatch): void;
  /** The document changed in ways not relayed (a missed message): read it back from the database. */
  catchUp(documentId: string): void;
  applyPresence(documentId: string, update: Uint8Array): void;
  /** An event published by any process (this one included). */
  onEvent(event: ClusterEvent): void;
}

export type ClusterEvent =
  | { type: "session-ended"; userId: string; tokenHash: string | null }
  | { type: "rights-changed"; userId: string; workspaceId: string; roles: string[] }
  | { type: "access-ended"; userId: string };

// ARGV[2]: how far the number moves on — 2 after a batch this process could not publish, so the others see a number
// skipped (something stored they never heard of) and read the document back from the database.
const PUBLISH_BATCH = `
local n = redis.call('INCRBY', KEYS[1], tonumber(ARGV[2]))
redis.call('PUBLISH', KEYS[2], n .. ':' .. ARGV[1])
return n`;

const key = {
  counter: (documentId: string) => `copress:doc:${documentId}:n`,
  batches: (documentId: string) => `copress:doc:${documentId}:batches`,
  presence: (documentId: string) => `copress:doc:${documentId}:presence`,
  events: "copress:events",
};

type Log = (message: string, fields?: Record<string, unknown>) => void;

interface Membership {
  /** The last batch number applied; null until the room has loaded (batches then wait in `waiting`). */
  last: number | null;
  waiting: Array<[number, RelayedBatch]>;
  counterAtJoin: number;
}

export class Cluster {
  readonly processId = randomUUID();
  /** The connection for commands (the other one only listens): also what services keep in Redis use it. */
  readonly redis: Redis;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly documents = new Map<string, Membership>();
  /**
   * Documents with a batch stored here whose publishing failed (Redis away): no number was taken for it, so without
   * more the others would see no gap and never read it back. Their next number skips one (see PUBLISH_BATCH).
   */
  private readonly unpublished = new Set<string>();
  private host: ClusterHost | null = null;
  private everConnected = false;
  private closed = false;

  constructor(
    url: string,
    private readonly log: Log,
  ) {
    const options = { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: true };
    this.publisher = new Redis(url, { ...options, connectionName: `copress-${this.processId}` });
    this.redis = this.publisher;
    this.subscriber = new Redis(url, { ...options, connectionName: `copress-${this.processId}-sub` });
    this.publisher.defineCommand("publishBatch", { numberOfKeys: 2, lua: PUBLISH_BATCH });
    for (const connection of [this.publisher, this.subscriber])
      connection.on("error", (error: Error) => this.log("cluster.redis_error", { error: error.message }));
    this.subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) =>
      this.receive(channel.toString(), message),
    );
    // Back after publishing failed: tell the others at once that they missed something, edits or not.
    this.publisher.on("ready", () => {
      for (const documentId of this.unpublished)
        if (this.documents.has(documentId))
          this.publishBatch(documentId, { update: null, claims: [] }).catch(() => undefined);
        else this.unpublished.delete(documentId);
    });
    // After Redis comes back (restarted, or the network healed) the subscriptions are renewed by ioredis; what was
    // published meanwhile is gone, so every open document is read back from the database.
    this.subscriber.on("ready", () => {
      if (this.everConnected) {
        this.log("cluster.redis_reconnected", { documents: this.documents.size });
        for (const documentId of this.documents.keys()) this.requestCatchUp(documentId);
      }
      this.everConnected = true;
    });
  }

  async start(host: ClusterHost): Promise<void> {
    this.host = host;
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(key.events);
  }

  /** Whether Redis answers now (for /ready). */
  async answers(): Promise<boolean> {
    try {
      return (await this.publisher.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  /** Subscribes to a document before it is loaded here; `loaded` is called once the room holds what was stored. */
  async join(documentId: string): Promise<void> {
    const membership: Membership = { last: null, waiting: [], counterAtJoin: 0 };
    this.documents.set(documentId, membership);
    await this.subscriber.subscribe(key.batches(documentId), key.presence(documentId));
    // Every batch numbered up to here was stored before this read, so the load that follows holds it.
    membership.counterAtJoin = Number((await this.publisher.get(key.counter(documentId))) ?? 0);
  }

  /** The room has loaded: apply what arrived after the join, in order. */
  loaded(documentId: string): void {
    const membership = this.documents.get(documentId);
    if (!membership) return;
    membership.last = membership.counterAtJoin;
    const waiting = membership.waiting.sort((a, b) => a[0] - b[0]);
    membership.waiting = [];
    // Numbers up to the one noted at the join were stored before the load, which holds them.
    for (const [number, batch] of waiting)
      if (number > membership.counterAtJoin) this.accept(documentId, membership, number, batch);
  }

  async leave(documentId: string): Promise<void> {
    this.documents.delete(documentId);
    if (this.closed) return;
    await this.subscriber.unsubscribe(key.batches(documentId), key.presence(documentId)).catch(() => undefined);
  }

  /** Publishes a batch this process has stored. */
  async publishBatch(documentId: string, batch: RelayedBatch): Promise<void> {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.processId);
    encoding.writeUint8(encoder, batch.update ? 1 : 0);
    if (batch.update) encoding.writeVarUint8Array(encoder, batch.update);
    encoding.writeVarUint(encoder, batch.claims.length);
    for (const [clientId, userId] of batch.claims) {
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarString(encoder, userId);
    }
    const payload = Buffer.from(encoding.toUint8Array(encoder));
    const publish = (this.publisher as Redis & { publishBatch(...args: unknown[]): Promise<number> }).publishBatch;
    const missed = this.unpublished.has(documentId);
    try {
      await publish.call(this.publisher, key.counter(documentId), key.batches(documentId), payload, missed ? 2 : 1);
      if (missed) this.unpublished.delete(documentId);
    } catch (error) {
      this.unpublished.add(documentId);
      throw error;
    }
  }

  async publishPresence(documentId: string, update: Uint8Array): Promise<void> {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.processId);
    encoding.writeVarUint8Array(encoder, update);
    await this.publisher.publish(key.presence(documentId), Buffer.from(encoding.toUint8Array(encoder)));
  }

  /** Publishes an event to the other processes (this one has applied it already). */
  async publishEvent(event: ClusterEvent): Promise<void> {
    await this.publisher.publish(key.events, JSON.stringify({ from: this.processId, event }));
  }

  private receive(channel: string, message: Buffer) {
    try {
      if (channel === key.events) {
        const { from, event } = JSON.parse(message.toString()) as { from: string; event: ClusterEvent };
        if (from !== this.processId) this.host?.onEvent(event);
        return;
      }
      const match = /^copress:doc:(.+):(batches|presence)$/.exec(channel);
      if (!match) return;
      const documentId = match[1]!;
      const membership = this.documents.get(documentId);
      if (!membership) return;
      if (match[2] === "presence") {
        const decoder = decoding.createDecoder(message);
        if (decoding.readVarString(decoder) === this.processId) return;
        if (membership.last !== null) this.host?.applyPresence(documentId, decoding.readVarUint8Array(decoder));
        return;
      }
      const colon = message.indexOf(0x3a);
      const number = Number(message.subarray(0, colon).toString());
      const decoder = decoding.createDecoder(message.subarray(colon + 1));
      const from = decoding.readVarString(decoder);
      const update = decoding.readUint8(decoder) === 1 ? decoding.readVarUint8Array(decoder) : null;
      const claims: Array<[number, string]> = [];
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) claims.push([decoding.readVarUint(decoder), decoding.readVarString(decoder)]);
      const batch = { update, claims };
      if (membership.last === null) {
        membership.waiting.push([number, batch]);
        return;
      }
      if (from === this.processId) {
        // Ours: already applied. Only the numbering is followed, to see gaps in what others send.
        this.step(documentId, membership, number);
        return;
      }
      this.accept(documentId, membership, number, batch);
    } catch (error) {
      this.log("cluster.bad_message", { channel, error: String(error) });
    }
  }

  /** Applies a batch (applying one twice changes nothing), then follows its number. */
  private accept(documentId: string, membership: Membership, number: number, batch: RelayedBatch) {
    this.host?.applyBatch(documentId, batch);
    this.step(documentId, membership, number);
  }

  /** Follows the numbering; anything but the next number means something was missed (or Redis started again). */
  private step(documentId: string, membership: Membership, number: number) {
    const expected = (membership.last ?? 0) + 1;
    membership.last = number;
    if (number !== expected) this.requestCatchUp(documentId);
  }

  private requestCatchUp(documentId: string) {
    this.log("cluster.catch_up", { documentId });
    this.host?.catchUp(documentId);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.documents.clear();
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }
}
