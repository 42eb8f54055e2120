/**
 * One room per open document: the Y.Doc, its awareness (who is here, where their cursor is) and its connections.
 * A room is made from the stored state (`Room.open`), so no message is ever handled against an empty document.
 * Updates that arrive together are merged, appended to the database in one transaction, and only then broadcast
 * (the order that makes "no accepted edit is ever lost" true). While one batch is being stored, the next gathers.
 */
import { createHash } from "node:crypto";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import type { DocumentPart } from "../../app/domain/permissions";
import { canEditSection, readFlowEditor, readOwnershipMode } from "../../app/domain/sections";
import { CloseCode } from "../../app/domain/close-codes";
import { onlyOwnSuggestions, suggestionIdsOf } from "./suggestions";
import { scopeOfUpdate } from "./update-scope";

/** New suggestions someone made in a section (the section's owner is told: server/services/suggestions.ts). */
export interface SuggestedNews {
  sectionId: string;
  sectionTitle: string;
  owner: string | null;
  suggestionIds: string[];
}

/** Told after each stored batch: who changed it, and which root types each connection changed. */
export type ChangeListener = (origins: Set<RoomConnection | string>, roots: Map<RoomConnection, Set<string>>) => void;

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** Where a room's updates are kept. Null persistence (benchmarks only) keeps them in memory. */
export interface RoomStore {
  load(documentId: string): Promise<{ state: Uint8Array | null; updates: Uint8Array[]; lastSeq: number }>;
  /** Who writes under each Yjs client id of the document. */
  loadClientOwners(documentId: string): Promise<Map<number, string>>;
  /** Records who writes under client ids (the first claim of an id wins). */
  claimClients(documentId: string, claims: Array<[clientId: number, userId: string]>): Promise<void>;
  /** Stores the claims not stored yet and the updates, atomically; returns the last sequence number. */
  append(documentId: string, updates: Uint8Array[], claims: Array<[clientId: number, userId: string]>): Promise<number>;
  /**
   * Replaces the log up to `upToSeq` with `state` (which holds at least everything logged up to there). May run while
   * later batches are appended: it must remove only rows it has folded in, never one appended meanwhile.
   */
  compact(documentId: string, state: Uint8Array, upToSeq: number): Promise<void>;
  /**
   * Several processes (a cluster): no one room need hold every stored update when it compacts, so the store hands
   * `fold` the stored state and log as the database has them, writes the state it returns and removes exactly the rows
   * it handed over — one process at a time (false: another process is compacting). Used instead of `compact` when set.
   */
  compactStored?(
    documentId: string,
    fold: (state: Uint8Array | null, updates: Uint8Array[]) => Uint8Array,
  ): Promise<boolean>;
}

type StoredDocument = Awaited<ReturnType<RoomStore["load"]>>;

export interface RoomConnection {
  id: number;
  userId: string;
  displayName: string;
  tokenHash: string;
  /** Root types this connection may change; empty = read-only. */
  writable: Set<DocumentPart>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RoomOptions {
  compactAfterUpdates: number;
  log: (message: string, fields?: Record<string, unknown>) => void;
  /** In a cluster: passes on what this room stored, and its presence, to the other processes (server/sync/cluster.ts). */
  relay?: RoomRelay;
}

export interface RoomRelay {
  /** Called after a batch (an update, client ids claimed, or both) is stored. */
  stored(update: Uint8Array | null, claims: Array<[clientId: number, userId: string]>): void;
  presence(update: Uint8Array): void;
}

/** The origin of changes that another process stored (or that are read back from the database): never stored again. */
export const RELAYED = "\u0000relayed";

/**
 * Merges many updates into one. Y.mergeUpdates slows down sharply with many inputs (it re-sorts them for every
 * piece it writes: 10,000 updates took ~600 ms), so merge small groups, then the results (~25 ms).
 */
export function mergeInGroups(updates: Uint8Array[], groupSize = 16): Uint8Array {
  let level = updates;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += groupSize) {
      const group = level.slice(i, i + groupSize);
      next.push(group.length === 1 ? group[0]! : Y.mergeUpdates(group));
    }
    level = next;
  }
  return level[0]!;
}

const digestOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64");

/** One state holding a stored state and updates (what a copy from SQLite to PostgreSQL checks against). */
export function foldUpdates(state: Uint8Array | null, updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (state) Y.applyUpdate(doc, state);
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  const folded = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return folded;
}

const SERVER_AUTHOR = "\u0000copress";
/** Presence entries one connection may keep (a person with a few tabs), and the size of each. */
const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 8;
/** Entries in one awareness message: a client echoes everyone's presence, so this is about the room's size. */
const MAX_AWARENESS_ENTRIES_PER_MESSAGE = 500;
const MAX_AWARENESS_STATE_CHARS = 16 * 1024;
/**
 * Presence messages one connection may have sent out per second (a cursor moving as someone types), with bursts up
 * to PRESENCE_BURST. Past that, the newest state of each entry waits and goes out as one message when the budget
 * allows: presence is never lost, only coalesced, and one connection cannot make the room send without bound.
 */
const PRESENCE_PER_SECOND = 20;
const PRESENCE_BURST = 40;

interface PresenceEntry {
  clientId: number;
  clock: number;
  json: string;
}

/** A connection's presence budget (a token bucket) and what waits for it. */
interface PresenceBudget {
  tokens: number;
  last: number;
  waiting: Map<number, PresenceEntry>;
  timer: NodeJS.Timeout | null;
}

export class MalformedMessageError extends Error {}

/** A well-formed change the connection may not make (e.g. a writer changing the design). */
export class RefusedChangeError extends Error {}

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Map<RoomConnection, Set<number>>(); // connection → awareness client ids it controls
  private readonly awarenessOwner = new Map<number, RoomConnection>(); // awareness client id → connection
  private pending: Uint8Array[] = [];
  private pendingOrigins = new Set<RoomConnection | string>();
  private flushScheduled = false;
  /** The batch being stored now, if any (one at a time, so the log keeps the order updates were applied in). */
  private storing: Promise<boolean> | null = null;
  /** Client ids claimed since the last stored batch: stored with the next one, or on their own when idle. */
  private pendingClaims: Array<[number, string]> = [];
  private loggedSinceCompaction = 0;
  /** A compaction started by the store loop, running beside it. */
  private compacting: Promise<void> | null = null;
  private lastSeq = 0;
  private destroyed = false;
  idleTimer: NodeJS.Timeout | null = null;
  /** Root types each connection changed in the batch not yet flushed (for "who edited what"). */
  private pendingRoots = new Map<RoomConnection, Set<string>>();
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly suggestionListeners = new Set<(by: RoomConnection, news: SuggestedNews[]) => void>();
  private readonly clientOwners: Map<number, string>;
  private readonly presenceBudgets = new Map<RoomConnection, PresenceBudget>();
  /** Client ids each connection has claimed through presence (bounded, so presence cannot flood the claims table). */
  private readonly presenceClaims = new Map<RoomConnection, number>();
  /** Presence held by connections of other processes (a cluster): echoes of it are not taken over here. */
  private readonly remotePresence = new Set<number>();
  private catchingUp: Promise<void> | null = null;
  /** The digest of a stored state this room's copy is known to hold (see `foldIntoOwnCopy`). */
  private heldStateDigest: string | null = null;

  /** Loads a document's stored state and who writes under which client id, and makes its room. */
  static async open(documentId: string, store: RoomStore, options: RoomOptions): Promise<Room> {
    const [stored, clientOwners] = await Promise.all([store.load(documentId), store.loadClientOwners(documentId)]);
    return new Room(documentId, store, options, stored, clientOwners);
  }

  private constructor(
    readonly documentId: string,
    private readonly store: RoomStore,
    private readonly options: RoomOptions,
    stored: StoredDocument,
    clientOwners: Map<number, string>,
  ) {
    this.doc.gc = true;
    this.doc.transact(() => {
      if (stored.state) this.applyStored(stored.state);
      for (const update of stored.updates) this.applyStored(update);
    }, "load");
    if (stored.state) this.heldStateDigest = digestOf(stored.state);
    // Give the known roots their types now: until then a loaded root is a plain placeholder type, and the write
    // checks (update-scope.ts) need to know that `content` is an XML fragment.
    this.doc.getXmlFragment("content");
    for (const name of ["meta", "design", "comments", "settings"]) this.doc.getMap(name);
    this.lastSeq = stored.lastSeq;
    this.clientOwners = clientOwners;
    this.clientOwners.set(this.doc.clientID, SERVER_AUTHOR); // changes the server makes itself (restore, repairs)
    this.loggedSinceCompaction = stored.updates.length;
    this.awareness.setLocalState(null); // the server itself is nobody
    // Listeners are attached only after loading, so stored updates are not logged again.
    this.doc.on("update", (update: Uint8Array, origin: unknown) => this.onDocumentUpdate(update, origin));
    this.awareness.on("update", this.onAwarenessUpdate);
  }

  /**
   * Applies one stored update while loading. Nothing the server accepts today leaves structs or deletions waiting
   * ("pending") in Yjs, but a document stored before that rule may hold some: they are dropped after each stored
   * update, so they can never land on content that arrives later (see update-scope.ts, `deletesUnseen`).
   */
  private applyStored(update: Uint8Array) {
    Y.applyUpdate(this.doc, update);
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      this.doc.store.pendingStructs = null;
      this.doc.store.pendingDs = null;
      this.options.log("sync.pending_dropped", { documentId: this.documentId });
    }
  }

  /** True once the room has been destroyed (its document is no longer kept up to date). */
  get closed() {
    return this.destroyed;
  }

  /** Called after each batch of changes has been stored (used to keep the document row and caches fresh). */
  /** Told when someone's accepted update makes new suggestions (after it is applied; it is stored just after). */
  onSuggested(listener: (by: RoomConnection, news: SuggestedNews[]) => void) {
    this.suggestionListeners.add(listener);
  }

  onChange(listener: ChangeListener) {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  join(connection: RoomConnection) {
    this.connections.set(connection, new Set());
    // Start the sync: send our state vector (step 1) so the client replies with what we lack.
    this.askForMissing(connection);
    const states = this.awareness.getStates();
    if (states.size > 0) {
      connection.send(this.awarenessMessage([...states.keys()]));
    }
  }

  /** Sends the server's state vector (sync step 1): the client answers with everything the server lacks. */
  private askForMissing(connection: RoomConnection) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    connection.send(encoding.toUint8Array(encoder));
  }

  leave(connection: RoomConnection) {
    const clientIds = this.connections.get(connection);
    this.connections.delete(connection);
    const budget = this.presenceBudgets.get(connection);
    if (budget?.timer) clearTimeout(budget.timer);
    this.presenceBudgets.delete(connection);
    this.presenceClaims.delete(connection);
    // Only the presence this connection held goes (never what it merely echoed).
    for (const id of clientIds ?? []) if (this.awarenessOwner.get(id) === connection) this.awarenessOwner.delete(id);
    if (clientIds && clientIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...clientIds], null);
  }

  /**
   * Handles one binary frame. Throws MalformedMessageError for anything that is not a well-formed message of the
   * y-websocket protocol; the caller closes that connection (and only that one).
   */
  handleMessage(connection: RoomConnection, data: Uint8Array) {
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.sync:
          this.handleSync(connection, decoder);
          break;
        case MessageType.awareness:
          this.receivePresence(connection, this.stampAwareness(connection, decoding.readVarUint8Array(decoder)));
          break;
        case MessageType.queryAwareness:
          connection.send(this.awarenessMessage([...this.awareness.getStates().keys()]));
          break;
        default:
          throw new MalformedMessageError(`Unknown message type ${type}`);
      }
    } catch (error) {
      if (error instanceof MalformedMessageError || error instanceof RefusedChangeError) throw error;
      throw new MalformedMessageError(error instanceof Error ? error.message : String(error));
    }
  }

  private handleSync(connection: RoomConnection, decoder: decoding.Decoder) {
    const subType = decoding.readVarUint(decoder);
    if (subType === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(this.doc, stateVector));
      connection.send(encoding.toUint8Array(encoder));
      return;
    }
    if (subType !== syncProtocol.messageYjsSyncStep2 && subType !== syncProtocol.messageYjsUpdate) {
      throw new MalformedMessageError(`Unknown sync message ${subType}`);
    }
    const update = decoding.readVarUint8Array(decoder);
    // Read-only (and not the document's flow editor, who may suggest): changes are dropped, awareness is kept.
    if (connection.writable.size === 0 && !this.maySuggest(connection)) return;
    const scope = scopeOfUpdate(this.doc, update); // throws on a malformed update, before it touches the doc
    if (scope.invalidContent) throw new RefusedChangeError("Content the document's schema cannot hold");
    const forged = [...scope.authors].find((client) => {
      const owner = this.clientOwners.get(client);
      return owner !== undefined && owner !== connection.userId;
    });
    if (forged !== undefined) throw new RefusedChangeError(`Client id ${forged} belongs to someone else`);
    if (scope.unresolved || scope.deletesUnseen) {
      // Never applied: Yjs would keep the part it cannot place waiting, and apply it whenever the missing clocks
      // arrived. Touching someone else's unseen clocks is refused outright. Waiting only for the sender's own clocks
      // is what an honest client does when it types while its reconnection is still catching up: its update is not
      // applied, and it is asked to send everything the server lacks (sync step 1), which includes this update too.
      // A sync step 2 is that answer, so it must apply cleanly.
      const foreign = [...scope.waitingFor].some((client) => {
        const owner = this.clientOwners.get(client);
        return owner !== undefined && owner !== connection.userId;
      });
      const why = scope.deletesUnseen ? "deletes unseen content" : "depends on unseen content";
      if (!foreign && subType === syncProtocol.messageYjsUpdate) {
        this.options.log("sync.update_deferred", { documentId: this.documentId, userId: connection.userId, why });
        this.askForMissing(connection);
        return;
      }
      this.options.log("sync.update_refused", {
        documentId: this.documentId,
        userId: connection.userId,
        roots: [...scope.roots],
        why,
      });
      throw new RefusedChangeError(`Change ${why}`);
    }
    const writable = connection.writable;
    const suggestIn = this.sectionsToSuggestIn(connection, scope.sections);
    let suggested: SuggestedNews[] | false = [];
    const refused =
      suggestIn === "refused" ||
      [...scope.roots].some(
        (root) => !writable.has(root as DocumentPart) && !(root === "content" && this.maySuggest(connection)),
      ) ||
      (scope.newSections && !writable.has("content")) ||
      (suggestIn.size > 0 && !(suggested = this.onlySuggests(connection, update, suggestIn)));
    if (refused) {
      // Dropping it silently would leave every later update from this client waiting forever on the missing one,
      // so the connection is closed and the client is told to reload.
      this.options.log("sync.update_refused", {
        documentId: this.documentId,
        userId: connection.userId,
        roots: [...scope.roots],
        why: "not allowed",
      });
      throw new RefusedChangeError(`Change to ${[...scope.roots].join(", ") || "unknown parts"} not allowed`);
    }
    for (const client of scope.authors) this.claimClient(client, connection.userId);
    Y.applyUpdate(this.doc, update, connection);
    if (suggested && suggested.length > 0)
      for (const listener of this.suggestionListeners) listener(connection, suggested);
    const touched = this.pendingRoots.get(connection) ?? new Set<string>();
    for (const root of scope.roots) touched.add(root);
    this.pendingRoots.set(connection, touched);
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      // The checks above leave nothing waiting; should one slip through, it is dropped, never kept for later.
      this.doc.store.pendingStructs = null;
      this.doc.store.pendingDs = null;
      this.options.log("sync.pending_dropped", { documentId: this.documentId, userId: connection.userId });
      throw new RefusedChangeError("Change depends on content the server has not seen");
    }
  }

  /** Records who writes under a Yjs client id, the first time anyone does (see `document_client_ids`). */
  private claimClient(client: number, userId: string) {
    if (this.clientOwners.has(client)) return;
    this.clientOwners.set(client, userId);
    this.pendingClaims.push([client, userId]);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  /**
   * The touched sections in which this person may only suggest (decision 020), or "refused" when they touch one they
   * may neither change nor suggest in. Someone who may not change the words suggests everywhere; a writer in owned
   * mode suggests in the sections others own. The same rule as the editor's filter (app/editor/owned-sections.ts)
   * and app/domain/sections.ts, so a hand-made client cannot get round it.
   */
  private sectionsToSuggestIn(
    connection: RoomConnection,
    sections: Set<Y.AbstractType<unknown>>,
  ): Set<Y.XmlElement> | "refused" {
    const others = new Set<Y.XmlElement>();
    if (sections.size === 0) return others;
    const mode = readOwnershipMode(this.doc.getMap("settings").get("ownershipMode"));
    // Only coordinators may write document settings, so that right marks them (app/domain/permissions.ts).
    const person = {
      userId: connection.userId,
      canEditContent: connection.writable.has("content"),
      isCoordinator: connection.writable.has("settings"),
    };
    for (const section of sections) {
      if (!(section instanceof Y.XmlElement)) return "refused"; // not a section: nobody's to change
      if (!canEditSection(person, mode, section.getAttribute("owner") ?? null)) others.add(section);
    }
    return others.size > 0 && !this.maySuggest(connection) ? "refused" : others;
  }

  /** Everyone who may comment may suggest; so may the document's flow editor, whatever their role. */
  private maySuggest(connection: RoomConnection): boolean {
    return (
      connection.writable.has("suggestions") ||
      readFlowEditor(this.doc.getMap("settings").get("flowEditor")) === connection.userId
    );
  }

  /**
   * Does this update change these sections only by the sender's own suggestions? Tried on a copy of the document,
   * so nothing refused ever touches the real one.
   */
  private onlySuggests(
    connection: RoomConnection,
    update: Uint8Array,
    sections: Set<Y.XmlElement>,
  ): SuggestedNews[] | false {
    const trial = new Y.Doc({ gc: this.doc.gc });
    const news: SuggestedNews[] = [];
    try {
      Y.applyUpdate(trial, Y.encodeStateAsUpdate(this.doc));
      Y.applyUpdate(trial, update);
      for (const section of sections) {
        const item = section._item;
        if (!item) return false;
        const copy = Y.getItem(trial.store, item.id);
        const after =
          copy instanceof Y.Item && !copy.deleted && copy.content instanceof Y.ContentType
            ? (copy.content.type as Y.XmlElement)
            : null;
        if (!onlyOwnSuggestions(section, after, connection.userId)) return false;
        const before = suggestionIdsOf(section, connection.userId);
        const added = [...suggestionIdsOf(after!, connection.userId)].filter((id) => !before.has(id));
        if (added.length > 0)
          news.push({
            sectionId: String(section.getAttribute("id") ?? ""),
            sectionTitle: String(section.getAttribute("title") ?? ""),
            owner: (section.getAttribute("owner") as string | undefined) || null,
            suggestionIds: added,
          });
      }
      return news;
    } finally {
      trial.destroy();
    }
  }

  /**
   * Applies a change made by the server itself (rename, restore, seeding) through the same store-then-send path;
   * resolves once it is stored and sent.
   */
  change(origin: string, fn: (doc: Y.Doc) => void): Promise<void> {
    this.doc.transact(() => fn(this.doc), origin);
    return this.flush();
  }

  private onDocumentUpdate(update: Uint8Array, origin: unknown) {
    if (this.destroyed) return;
    if (origin === RELAYED) {
      // Stored by another process already: only this process's connections still need it.
      this.broadcast(update, new Set());
      return;
    }
    this.pending.push(update);
    this.pendingOrigins.add(origin as RoomConnection | string);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  /**
   * Stores pending updates, then broadcasts them. Safe to call at any time; does nothing when idle. Resolves once
   * everything pending when it was called is stored and sent — or, if the database refused, once that is logged
   * (the updates stay pending and are tried again a second later: not stored means not sent).
   */
  flush(): Promise<void> {
    this.flushScheduled = false;
    const running = this.storing;
    // A batch is being stored: what is pending now goes with that loop's next round — or, if the loop is just
    // finishing, with a new one started as it ends (unless the database refused: then it is retried in a second).
    if (running) return running.then((drained) => (drained && this.hasPending() ? this.flush() : undefined));
    const storing = this.storeWhilePending().finally(() => {
      this.storing = null;
    });
    this.storing = storing;
    return storing.then(() => undefined);
  }

  private hasPending() {
    return this.pending.length > 0 || this.pendingClaims.length > 0;
  }

  /** Stores batch after batch until nothing is pending (true), or until the database refuses one (false). */
  private async storeWhilePending(): Promise<boolean> {
    while (this.hasPending()) {
      const claims = this.pendingClaims;
      this.pendingClaims = [];
      if (this.pending.length === 0) {
        // Claims made through presence, with no edit yet.
        try {
          await this.store.claimClients(this.documentId, claims);
        } catch (error) {
          this.pendingClaims.unshift(...claims);
          this.retryLater(error);
          return false;
        }
        this.options.relay?.stored(null, claims);
        continue;
      }
      const updates = this.pending;
      const origins = this.pendingOrigins;
      const roots = this.pendingRoots;
      this.pending = [];
      this.pendingOrigins = new Set();
      this.pendingRoots = new Map();
      const merged = mergeInGroups(updates);
      try {
        this.lastSeq = await this.store.append(this.documentId, [merged], claims);
      } catch (error) {
        // Put back in front of whatever arrived meanwhile, in the same order.
        this.pending = [merged, ...this.pending];
        for (const origin of this.pendingOrigins) origins.add(origin);
        this.pendingOrigins = origins;
        for (const [connection, touched] of this.pendingRoots) {
          const earlier = roots.get(connection) ?? new Set<string>();
          for (const root of touched) earlier.add(root);
          roots.set(connection, earlier);
        }
        this.pendingRoots = roots;
        this.pendingClaims.unshift(...claims);
        this.retryLater(error);
        return false;
      }
      this.broadcast(merged, origins);
      this.showUnsaved(false);
      this.options.relay?.stored(merged, claims);
      this.loggedSinceCompaction += 1;
      // Compaction runs beside the store loop, never in its way: batches go on being stored (and sent) while the log
      // is folded. Safe, as each way of compacting removes only rows it has folded in (see RoomStore.compact).
      if (this.loggedSinceCompaction >= this.options.compactAfterUpdates && !this.compacting)
        this.compacting = this.compactNow().finally(() => (this.compacting = null));
      for (const listener of this.changeListeners) listener(origins, roots);
    }
    return true;
  }

  /**
   * Tells everyone in the room, through the server's own presence entry, whether changes are waiting to be stored (the
   * database refused them): their pages then say "Not saved yet" instead of "All changes saved". Renewed with every
   * retry, so it never times out of anyone's presence while it is true.
   */
  private showUnsaved(unsaved: boolean) {
    if (this.destroyed) return;
    if (unsaved) this.awareness.setLocalState({ copress: { unsaved: true } });
    else if (this.awareness.getLocalState() !== null) this.awareness.setLocalState(null);
  }

  private retryLater(error: unknown) {
    this.showUnsaved(true);
    this.options.log("sync.store_failed", { documentId: this.documentId, error: String(error) });
    if (this.destroyed || this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => void this.flush(), 1000).unref();
  }

  /** True while changes are waiting to be stored (the database refused them, or they are being stored now). */
  get unsaved() {
    return this.pending.length > 0 || this.storing !== null;
  }

  private broadcast(merged: Uint8Array, origins: Set<RoomConnection | string>) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, merged);
    const message = encoding.toUint8Array(encoder);
    const onlyOrigin = origins.size === 1 ? [...origins][0] : undefined;
    for (const connection of this.connections.keys()) {
      if (connection !== onlyOrigin) connection.send(message);
    }
  }

  /**
   * Folds the update log into one stored state, in one transaction. The state may hold updates not stored yet
   * (they are stored after it, and applying them again on load changes nothing).
   */
  async compact(): Promise<void> {
    await this.flush();
    await this.compacting;
    await this.compactNow();
  }

  private async compactNow() {
    if (this.loggedSinceCompaction === 0) return;
    const logged = this.loggedSinceCompaction;
    this.loggedSinceCompaction = 0;
    try {
      if (this.store.compactStored) await this.store.compactStored(this.documentId, this.foldIntoOwnCopy);
      else await this.store.compact(this.documentId, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
    } catch (error) {
      this.loggedSinceCompaction += logged; // the log is still whole: compacted again later
      this.options.log("sync.compact_failed", { documentId: this.documentId, error: String(error) });
    }
  }

  /**
   * A cluster's compaction, folded into this room's own copy rather than into a new document built from the stored
   * state (which took a long document's process some 80 ms at a time, every other process's edits waiting): what is
   * stored and not here yet — a batch another process stored that has not reached this one, or a state another
   * process compacted — is applied here (and sent on: it is stored), then the copy's state is what is written. The
   * stored state is applied only when it is not one this room knows it holds (loaded, read back, or written by it).
   */
  private foldIntoOwnCopy = (stored: Uint8Array | null, updates: Uint8Array[]): Uint8Array => {
    this.doc.transact(() => {
      if (stored && digestOf(stored) !== this.heldStateDigest) this.applyStored(stored);
      for (const update of updates) this.applyStored(update);
    }, RELAYED);
    const state = Y.encodeStateAsUpdate(this.doc);
    this.heldStateDigest = digestOf(state);
    return state;
  };

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    // One entry per client id, however often it appears in the event: a message must not be multiplied on the way out.
    const changed = [...new Set(added.concat(updated, removed))];
    if (changed.length === 0) return;
    const message = this.awarenessMessage(changed);
    for (const connection of this.connections.keys()) {
      if (connection !== origin) connection.send(message);
    }
    if (origin !== RELAYED && this.options.relay) {
      // This process's own entry (changes not saved yet) is about its own connections: not relayed.
      const held = changed.filter((id) => !this.remotePresence.has(id) && id !== this.doc.clientID);
      if (held.length > 0) this.options.relay.presence(awarenessProtocol.encodeAwarenessUpdate(this.awareness, held));
    }
  };

  /**
   * A batch another process stored: who writes under which client id, and the update. Answers false when the update
   * depends on something this room has not seen (a relayed batch went missing): the caller reads the document back.
   */
  applyRelayed(update: Uint8Array | null, claims: Array<[number, string]>): boolean {
    if (this.destroyed) return true;
    for (const [client, userId] of claims) if (!this.clientOwners.has(client)) this.clientOwners.set(client, userId);
    if (!update) return true;
    Y.applyUpdate(this.doc, update, RELAYED);
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      this.doc.store.pendingStructs = null;
      this.doc.store.pendingDs = null;
      return false;
    }
    return true;
  }

  /** Reads the document back from the database and applies what this room lacks (a relayed batch went missing). */
  catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        const [stored, owners] = await Promise.all([
          this.store.load(this.documentId),
          this.store.loadClientOwners(this.documentId),
        ]);
        if (this.destroyed) return;
        for (const [client, userId] of owners)
          if (!this.clientOwners.has(client)) this.clientOwners.set(client, userId);
        this.doc.transact(() => {
          if (stored.state) this.applyStored(stored.state);
          for (const update of stored.updates) this.applyStored(update);
        }, RELAYED);
        if (stored.state) this.heldStateDigest = digestOf(stored.state);
      } catch (error) {
        this.options.log("sync.catch_up_failed", { documentId: this.documentId, error: String(error) });
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  /** Presence relayed from another process. */
  applyRelayedPresence(update: Uint8Array) {
    if (this.destroyed) return;
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      if (state === "null") this.remotePresence.delete(clientId);
      else if (!this.awarenessOwner.has(clientId)) this.remotePresence.add(clientId);
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, RELAYED);
  }

  /**
   * Checks an awareness update and keeps only the entries this connection may speak for: its own presence, with
   * the signed-in person's name stamped on it (nobody can appear under someone else's name). Entries for presence
   * held by another connection are left out: y-websocket clients echo everything they receive, and a stranger
   * must not take over (or later remove) someone else's presence. A client id listed more than once counts once
   * (its last entry), so one message cannot be multiplied on the way out.
   */
  private stampAwareness(connection: RoomConnection, update: Uint8Array): PresenceEntry[] {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > MAX_AWARENESS_ENTRIES_PER_MESSAGE)
      throw new MalformedMessageError("Too many awareness states in one message");
    const entries = new Map<number, { clock: number; json: string }>();
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > MAX_AWARENESS_STATE_CHARS) throw new MalformedMessageError("Awareness state too large");
      entries.delete(clientId); // keep the last entry, in the order it was last given
      entries.set(clientId, { clock, json });
    }
    const ids = this.connections.get(connection)!;
    const kept: PresenceEntry[] = [];
    for (const [clientId, { clock, json }] of entries) {
      const state = JSON.parse(json) as Record<string, unknown> | null;
      if (state !== null && (typeof state !== "object" || Array.isArray(state)))
        throw new MalformedMessageError("Awareness state must be an object");
      const holder = this.awarenessOwner.get(clientId);
      if (holder && holder !== connection && this.connections.has(holder)) {
        const known = this.awareness.meta.get(clientId)?.clock;
        const echo = known !== undefined && clock <= known;
        if (echo || holder.userId !== connection.userId) continue;
        this.connections.get(holder)?.delete(clientId); // the same person, reconnected before the old socket was noticed gone
      }
      if (this.remotePresence.has(clientId)) {
        // Held by a connection of another process: an echo of it is not taken over here; its person may move here.
        const known = this.awareness.meta.get(clientId)?.clock;
        if (known !== undefined && clock <= known) continue;
        const heldBy = (this.awareness.getStates().get(clientId) as { user?: { id?: unknown } } | undefined)?.user?.id;
        if (heldBy !== undefined && heldBy !== connection.userId) continue;
        this.remotePresence.delete(clientId);
      }
      // A client id someone else writes under is theirs: nobody else may show presence under it.
      const owner = this.clientOwners.get(clientId);
      if (owner !== undefined && owner !== connection.userId) continue;
      if (state === null) ids.delete(clientId);
      else ids.add(clientId);
      // Presence belongs to people, not to ids: one connection cannot fill the room with made-up entries.
      if (ids.size > MAX_AWARENESS_CLIENTS_PER_CONNECTION)
        throw new MalformedMessageError("Too many presence entries for one connection");
      this.awarenessOwner.set(clientId, connection);
      // A writer's client announces its id in presence before its first edit: claiming it now closes the window in
      // which someone who saw it could write under it first (and have the writer's own edits refused).
      if (owner === undefined && state !== null && connection.writable.size > 0) {
        const claims = this.presenceClaims.get(connection) ?? 0;
        if (claims < MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
          this.presenceClaims.set(connection, claims + 1);
          this.claimClient(clientId, connection.userId);
        }
      }
      // Only the server speaks for the server: nobody can make everyone's page say "Not saved yet".
      if (state && "copress" in state) delete state.copress;
      if (state?.user && typeof state.user === "object") {
        state.user = {
          ...(state.user as Record<string, unknown>),
          id: connection.userId,
          name: connection.displayName,
        };
      }
      kept.push({ clientId, clock, json: JSON.stringify(state) });
    }
    return kept;
  }

  /** Applies a connection's checked presence now, or — past its budget — coalesces it to go out a little later. */
  private receivePresence(connection: RoomConnection, entries: PresenceEntry[]) {
    if (entries.length === 0) return;
    let budget = this.presenceBudgets.get(connection);
    if (!budget) {
      budget = { tokens: PRESENCE_BURST, last: Date.now(), waiting: new Map(), timer: null };
      this.presenceBudgets.set(connection, budget);
    }
    for (const entry of entries) {
      const waiting = budget.waiting.get(entry.clientId);
      if (!waiting || waiting.clock <= entry.clock) budget.waiting.set(entry.clientId, entry);
    }
    if (budget.timer) return; // already waiting for budget: goes out with the next release
    this.releasePresence(connection, budget);
  }

  private releasePresence(connection: RoomConnection, budget: PresenceBudget) {
    budget.timer = null;
    if (this.destroyed || !this.connections.has(connection)) return;
    const now = Date.now();
    budget.tokens = Math.min(PRESENCE_BURST, budget.tokens + ((now - budget.last) / 1000) * PRESENCE_PER_SECOND);
    budget.last = now;
    if (budget.tokens < 1) {
      budget.timer = setTimeout(
        () => this.releasePresence(connection, budget),
        Math.ceil(((1 - budget.tokens) / PRESENCE_PER_SECOND) * 1000),
      );
      budget.timer.unref();
      return;
    }
    budget.tokens -= 1;
    const entries = [...budget.waiting.values()];
    budget.waiting.clear();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(encoder, entry.clientId);
      encoding.writeVarUint(encoder, entry.clock);
      encoding.writeVarString(encoder, entry.json);
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encoding.toUint8Array(encoder), connection);
  }

  private awarenessMessage(clientIds: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds));
    return encoding.toUint8Array(encoder);
  }

  /** Stores and compacts, then frees memory. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    await this.compact();
    this.destroyed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const budget of this.presenceBudgets.values()) if (budget.timer) clearTimeout(budget.timer);
    this.presenceBudgets.clear();
    for (const connection of this.connections.keys()) connection.close(CloseCode.goingAway, "Server is restarting");
    this.connections.clear();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
