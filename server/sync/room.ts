/**
 * One room per open document: the Y.Doc, its awareness (who is here, where their cursor is) and its connections.
 * The room loads the stored state synchronously when it is made, so no message is ever handled against an
 * empty document. Updates that arrive together are merged, appended to SQLite in one transaction, and only then
 * broadcast (the order that makes "no accepted edit is ever lost" true).
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import type { DocumentPart } from "../../app/domain/permissions";
import { canEditSection, readOwnershipMode } from "../../app/domain/sections";
import { CloseCode } from "./close-codes";
import { scopeOfUpdate } from "./update-scope";

/** Told after each stored batch: who changed it, and which root types each connection changed. */
export type ChangeListener = (origins: Set<RoomConnection | string>, roots: Map<RoomConnection, Set<string>>) => void;

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** Where a room's updates are kept. Null persistence (benchmarks only) keeps them in memory. */
export interface RoomStore {
  load(documentId: string): { state: Uint8Array | null; updates: Uint8Array[]; lastSeq: number };
  /** Who writes under each Yjs client id of the document. */
  loadClientOwners(documentId: string): Map<number, string>;
  claimClient(documentId: string, clientId: number, userId: string): void;
  append(documentId: string, updates: Uint8Array[]): number;
  compact(documentId: string, state: Uint8Array, upToSeq: number): void;
}

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
}

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

const SERVER_AUTHOR = "\u0000copress";
/** Presence entries one connection may keep (a person with a few tabs), and the size of each. */
const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 8;
/** Entries in one awareness message: a client echoes everyone's presence, so this is about the room's size. */
const MAX_AWARENESS_ENTRIES_PER_MESSAGE = 500;
const MAX_AWARENESS_STATE_CHARS = 16 * 1024;

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
  private loggedSinceCompaction = 0;
  private lastSeq = 0;
  private destroyed = false;
  idleTimer: NodeJS.Timeout | null = null;
  /** Root types each connection changed in the batch not yet flushed (for "who edited what"). */
  private pendingRoots = new Map<RoomConnection, Set<string>>();
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly clientOwners: Map<number, string>;

  constructor(
    readonly documentId: string,
    private readonly store: RoomStore,
    private readonly options: RoomOptions,
  ) {
    this.doc.gc = true;
    const stored = store.load(documentId);
    this.doc.transact(() => {
      if (stored.state) Y.applyUpdate(this.doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(this.doc, update);
    }, "load");
    // Give the known roots their types now: until then a loaded root is a plain placeholder type, and the write
    // checks (update-scope.ts) need to know that `content` is an XML fragment.
    this.doc.getXmlFragment("content");
    for (const name of ["meta", "design", "comments", "settings"]) this.doc.getMap(name);
    this.lastSeq = stored.lastSeq;
    this.clientOwners = store.loadClientOwners(documentId);
    this.clientOwners.set(this.doc.clientID, SERVER_AUTHOR); // changes the server makes itself (restore, repairs)
    this.loggedSinceCompaction = stored.updates.length;
    this.awareness.setLocalState(null); // the server itself is nobody
    // Listeners are attached only after loading, so stored updates are not logged again.
    this.doc.on("update", (update: Uint8Array, origin: unknown) => this.onDocumentUpdate(update, origin));
    this.awareness.on("update", this.onAwarenessUpdate);
  }

  /** True once the room has been destroyed (its document is no longer kept up to date). */
  get closed() {
    return this.destroyed;
  }

  /** Called after each batch of changes has been stored (used to keep the document row and caches fresh). */
  onChange(listener: ChangeListener) {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  join(connection: RoomConnection) {
    this.connections.set(connection, new Set());
    // Start the sync: send our state vector (step 1) so the client replies with what we lack.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    connection.send(encoding.toUint8Array(encoder));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      connection.send(this.awarenessMessage([...states.keys()]));
    }
  }

  leave(connection: RoomConnection) {
    const clientIds = this.connections.get(connection);
    this.connections.delete(connection);
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
        case MessageType.awareness: {
          const update = this.stampAwareness(connection, decoding.readVarUint8Array(decoder));
          if (update) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
          break;
        }
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
    if (connection.writable.size === 0) return; // read-only: changes are dropped, awareness is kept
    const scope = scopeOfUpdate(this.doc, update); // throws on a malformed update, before it touches the doc
    if (scope.invalidContent) throw new RefusedChangeError("Content the document's schema cannot hold");
    const forged = [...scope.authors].find((client) => {
      const owner = this.clientOwners.get(client);
      return owner !== undefined && owner !== connection.userId;
    });
    if (forged !== undefined) throw new RefusedChangeError(`Client id ${forged} belongs to someone else`);
    const refused =
      scope.unresolved || [...scope.roots].some((root) => !connection.writable.has(root as DocumentPart)) || this.touchesOthersSections(connection, scope.sections);
    if (refused) {
      // Dropping it silently would leave every later update from this client waiting forever on the missing one,
      // so the connection is closed and the client is told to reload.
      this.options.log("sync.update_refused", { documentId: this.documentId, userId: connection.userId, roots: [...scope.roots] });
      throw new RefusedChangeError(`Change to ${[...scope.roots].join(", ") || "unknown parts"} not allowed`);
    }
    for (const client of scope.authors) {
      if (this.clientOwners.has(client)) continue;
      this.clientOwners.set(client, connection.userId);
      this.store.claimClient(this.documentId, client, connection.userId);
    }
    Y.applyUpdate(this.doc, update, connection);
    const touched = this.pendingRoots.get(connection) ?? new Set<string>();
    for (const root of scope.roots) touched.add(root);
    this.pendingRoots.set(connection, touched);
  }

  /**
   * Owned mode: a change to a section someone else owns is refused here too, not only by the editor's filter
   * (app/editor/owned-sections.ts), so a hand-made client cannot get round it. Same rule: app/domain/sections.ts.
   */
  private touchesOthersSections(connection: RoomConnection, sections: Set<Y.AbstractType<unknown>>): boolean {
    if (sections.size === 0) return false;
    const mode = readOwnershipMode(this.doc.getMap("settings").get("ownershipMode"));
    if (mode === "collective") return false;
    // Only coordinators may write document settings, so that right marks them (app/domain/permissions.ts).
    const person = { userId: connection.userId, canEditContent: connection.writable.has("content"), isCoordinator: connection.writable.has("settings") };
    return [...sections].some((section) => !(section instanceof Y.XmlElement) || !canEditSection(person, mode, section.getAttribute("owner") ?? null));
  }

  /** Applies a change made by the server itself (rename, restore, seeding) through the same store-then-send path. */
  change(origin: string, fn: (doc: Y.Doc) => void) {
    this.doc.transact(() => fn(this.doc), origin);
    this.flush();
  }

  private onDocumentUpdate(update: Uint8Array, origin: unknown) {
    if (this.destroyed) return;
    this.pending.push(update);
    this.pendingOrigins.add(origin as RoomConnection | string);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Stores pending updates, then broadcasts them. Safe to call at any time; does nothing when idle. */
  flush() {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const updates = this.pending;
    const origins = this.pendingOrigins;
    const merged = mergeInGroups(updates);
    try {
      this.lastSeq = this.store.append(this.documentId, [merged]);
    } catch (error) {
      // Not stored means not sent: keep the updates and try again shortly.
      this.options.log("sync.store_failed", { documentId: this.documentId, error: String(error) });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setTimeout(() => this.flush(), 1000).unref();
      }
      return;
    }
    const roots = this.pendingRoots;
    this.pending = [];
    this.pendingOrigins = new Set();
    this.pendingRoots = new Map();
    this.loggedSinceCompaction += 1;

    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, merged);
    const message = encoding.toUint8Array(encoder);
    const onlyOrigin = origins.size === 1 ? [...origins][0] : undefined;
    for (const connection of this.connections.keys()) {
      if (connection !== onlyOrigin) connection.send(message);
    }
    if (this.loggedSinceCompaction >= this.options.compactAfterUpdates) this.compact();
    for (const listener of this.changeListeners) listener(origins, roots);
  }

  /** Folds the update log into one stored state, in one transaction. */
  compact() {
    if (this.loggedSinceCompaction === 0) return;
    this.store.compact(this.documentId, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
    this.loggedSinceCompaction = 0;
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const changed = added.concat(updated, removed);
    if (changed.length === 0) return;
    const message = this.awarenessMessage(changed);
    for (const connection of this.connections.keys()) {
      if (connection !== origin) connection.send(message);
    }
  };

  /**
   * Checks an awareness update and keeps only the entries this connection may speak for: its own presence, with
   * the signed-in person's name stamped on it (nobody can appear under someone else's name). Entries for presence
   * held by another connection are left out: y-websocket clients echo everything they receive, and a stranger
   * must not take over (or later remove) someone else's presence. Returns null when nothing is left.
   */
  private stampAwareness(connection: RoomConnection, update: Uint8Array): Uint8Array | null {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > MAX_AWARENESS_ENTRIES_PER_MESSAGE) throw new MalformedMessageError("Too many awareness states in one message");
    const ids = this.connections.get(connection)!;
    const kept: Array<{ clientId: number; clock: number; json: string }> = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > MAX_AWARENESS_STATE_CHARS) throw new MalformedMessageError("Awareness state too large");
      const state = JSON.parse(json) as Record<string, unknown> | null;
      if (state !== null && (typeof state !== "object" || Array.isArray(state))) throw new MalformedMessageError("Awareness state must be an object");
      const holder = this.awarenessOwner.get(clientId);
      if (holder && holder !== connection && this.connections.has(holder)) {
        const known = this.awareness.meta.get(clientId)?.clock;
        const echo = known !== undefined && clock <= known;
        if (echo || holder.userId !== connection.userId) continue;
        this.connections.get(holder)?.delete(clientId); // the same person, reconnected before the old socket was noticed gone
      }
      if (state === null) ids.delete(clientId);
      else ids.add(clientId);
      // Presence belongs to people, not to ids: one connection cannot fill the room with made-up entries.
      if (ids.size > MAX_AWARENESS_CLIENTS_PER_CONNECTION) throw new MalformedMessageError("Too many presence entries for one connection");
      this.awarenessOwner.set(clientId, connection);
      if (state?.user && typeof state.user === "object") {
        state.user = { ...(state.user as Record<string, unknown>), id: connection.userId, name: connection.displayName };
      }
      kept.push({ clientId, clock, json: JSON.stringify(state) });
    }
    if (kept.length === 0) return null;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kept.length);
    for (const entry of kept) {
      encoding.writeVarUint(encoder, entry.clientId);
      encoding.writeVarUint(encoder, entry.clock);
      encoding.writeVarString(encoder, entry.json);
    }
    return encoding.toUint8Array(encoder);
  }

  private awarenessMessage(clientIds: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds));
    return encoding.toUint8Array(encoder);
  }

  /** Flushes and compacts, then frees memory. */
  destroy() {
    if (this.destroyed) return;
    this.flush();
    this.compact();
    this.destroyed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const connection of this.connections.keys()) connection.close(CloseCode.goingAway, "Server is restarting");
    this.connections.clear();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
