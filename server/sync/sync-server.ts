/**
 * The WebSocket side of the one port: `/sync/<documentId>`. It authenticates in `upgrade`, asks the permission
 * module, and then hands binary frames to the document's room. It knows nothing of HTTP routes.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { can, writableParts, type MemberLike, type Role } from "../../app/domain/permissions";
import { CloseCode, CloseReason } from "../../app/domain/close-codes";
import type { Cluster, ClusterEvent } from "./cluster";
import { MalformedMessageError, RefusedChangeError, Room, type RoomConnection, type RoomStore } from "./room";

export interface SyncViewer {
  userId: string;
  displayName: string;
  tokenHash: string;
  member: MemberLike;
}

export interface SyncServerOptions {
  authenticate(token: string | null): Promise<SyncViewer | null>;
  /** When the session behind a token hash ends (ms since the epoch), or null when it has already ended. */
  sessionEndsAt(tokenHash: string): Promise<number | null>;
  findDocument(documentId: string): Promise<{ workspaceId: string } | undefined>;
  store: RoomStore;
  /** A frame above this many bytes closes the connection with 4413. */
  maxMessageBytes: number;
  /** Sustained messages per second per connection; bursts up to 10× are absorbed, then reading pauses. */
  messagesPerSecond: number;
  compactAfterUpdates: number;
  roomIdleMs: number;
  /** Origins allowed to open a connection from a browser (the app's own); others are refused with 4403. */
  isAllowedOrigin: (origin: string, host: string | undefined) => boolean;
  log: (message: string, fields?: Record<string, unknown>) => void;
  /** Several processes serve the same documents (REDIS_URL): rooms relay through it. */
  cluster?: Cluster;
}

const SESSION_COOKIE = "copress_session";
const HEARTBEAT_MS = 30_000;
/** What the server keeps queued for one connection before it gives up on a client that does not read. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** setTimeout's longest wait (about 24.8 days); longer sessions are checked again after it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function tokenFromRequest(request: IncomingMessage): string | null {
  const url = new URL(request.url ?? "/", "http://localhost");
  const queryToken = url.searchParams.get("token");
  if (queryToken) return queryToken;
  const cookie = request.headers.cookie ?? "";
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return null;
}

let nextConnectionId = 1;

export class SyncServer {
  readonly rooms = new Map<string, Room>();
  /** Rooms being loaded: everyone who asks meanwhile gets the same room. */
  private readonly loading = new Map<string, Promise<Room>>();
  /** Rooms storing their last changes before they are freed: a document is loaded again only after that. */
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly wss: WebSocketServer;
  private readonly roomListeners = new Set<(room: Room) => void>();
  private readonly unloadListeners = new Set<(documentId: string) => void>();

  constructor(private readonly options: SyncServerOptions) {
    // The WebSocket layer refuses frames beyond twice our limit outright (close 1009) so it never buffers them;
    // frames between the limit and the cap are closed by us with 4413.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes * 2,
      perMessageDeflate: false,
    });
    // Connections whose other end vanished (a laptop closed mid-session) are found by ping and closed, so their
    // presence goes and their resources are freed.
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss.clients) {
        const alive = (ws as WebSocket & { copressAlive?: boolean }).copressAlive;
        if (alive === false) {
          ws.terminate();
          continue;
        }
        (ws as WebSocket & { copressAlive?: boolean }).copressAlive = false;
        ws.ping();
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private readonly heartbeat: NodeJS.Timeout;

  /** Lets services see each room when it is made (e.g. to keep the document row's title fresh). */
  onRoomCreated(listener: (room: Room) => void) {
    this.roomListeners.add(listener);
  }

  /** Lets services forget what they keep per document when its room unloads (stored, compacted, freed). */
  onRoomUnloaded(listener: (documentId: string) => void) {
    this.unloadListeners.add(listener);
  }

  /** Returns true when the request was for the sync endpoint (and is now handled). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? "/", "http://localhost");
    const match = /^\/sync\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
    if (!match) return false;
    const documentId = match[1]!;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      // Nothing more is read from the socket while the client is let in (its session and the document are looked
      // up, the room may load), so frames are handled in order, and a ping is answered only after every frame sent
      // before it. Frames that arrived with the upgrade itself are kept, in order, for the room.
      ws.pause();
      const early: Array<[WebSocket.RawData, boolean]> = [];
      const keep = (data: WebSocket.RawData, isBinary: boolean) => void early.push([data, isBinary]);
      ws.on("message", keep);
      ws.on("error", (error) => this.options.log("sync.socket_error", { error: String(error) }));
      this.admit(ws, request, documentId)
        .then((admitted) => {
          ws.off("message", keep);
          if (admitted && ws.readyState === ws.OPEN) {
            const handle = this.accept(ws, admitted.room, admitted.viewer, admitted.writable);
            for (const [data, isBinary] of early) handle(data, isBinary);
          }
          ws.resume(); // refused: read again, so the closing handshake completes
        })
        .catch((error: unknown) => {
          this.options.log("sync.admit_failed", { documentId, error: String(error) });
          ws.resume();
          refuse(ws, CloseCode.unavailable);
        });
    });
    return true;
  }

  /** Who is asking, whether they may, and the document's room (loaded if needed); refuses and answers null if not. */
  private async admit(ws: WebSocket, request: IncomingMessage, documentId: string) {
    // A browser always sends Origin: a page on another site must not open an editing session with our cookie.
    const origin = request.headers.origin;
    if (origin && !this.options.isAllowedOrigin(origin, request.headers.host)) return refuse(ws, CloseCode.forbidden);
    const viewer = await this.options.authenticate(tokenFromRequest(request));
    if (!viewer) return refuse(ws, CloseCode.unauthenticated);
    const document = await this.options.findDocument(documentId);
    if (!document) return refuse(ws, CloseCode.noSuchDocument);
    if (!can(viewer.member, "document:read", document)) return refuse(ws, CloseCode.forbidden);
    const room = await this.getRoom(documentId);
    return { viewer, room, writable: writableParts(viewer.member, document) };
  }

  /** The room of a document, loaded from the store if it is not open. Rooms without connections unload when idle. */
  getRoom(documentId: string): Promise<Room> {
    const open = this.rooms.get(documentId);
    if (open) return Promise.resolve(open);
    let loading = this.loading.get(documentId);
    if (!loading) {
      loading = this.loadRoom(documentId).finally(() => this.loading.delete(documentId));
      this.loading.set(documentId, loading);
    }
    return loading;
  }

  /** The room of a document if it is open in this process now. */
  openRoom(documentId: string): Room | undefined {
    return this.rooms.get(documentId);
  }

  private async loadRoom(documentId: string): Promise<Room> {
    await this.unloading.get(documentId);
    const { cluster, log } = this.options;
    // In a cluster, join the document's channel before loading, so nothing stored meanwhile is missed.
    if (cluster) await cluster.join(documentId);
    let room: Room;
    try {
      room = await Room.open(documentId, this.options.store, {
        compactAfterUpdates: this.options.compactAfterUpdates,
        log,
        relay: cluster && {
          stored: (update, claims) =>
            void cluster.publishBatch(documentId, { update, claims }).catch((error: unknown) => {
              // Stored already: other processes read it back when they notice the gap, or when Redis is back.
              log("cluster.publish_failed", { documentId, error: String(error) });
            }),
          presence: (update) =>
            void cluster.publishPresence(documentId, update).catch((error: unknown) => {
              log("cluster.publish_failed", { documentId, error: String(error) });
            }),
        },
      });
    } catch (error) {
      await cluster?.leave(documentId);
      throw error;
    }
    this.rooms.set(documentId, room);
    cluster?.loaded(documentId);
    for (const listener of this.roomListeners) listener(room);
    this.scheduleUnload(room);
    return room;
  }

  /** Starts serving a let-in connection; returns the handler for its frames. */
  private accept(ws: WebSocket, room: Room, viewer: SyncViewer, writable: RoomConnection["writable"]) {
    const documentId = room.documentId;
    if (room.idleTimer) {
      clearTimeout(room.idleTimer);
      room.idleTimer = null;
    }
    let closing = false;
    const connection: RoomConnection = {
      id: nextConnectionId++,
      userId: viewer.userId,
      displayName: viewer.displayName,
      tokenHash: viewer.tokenHash,
      writable,
      send: (message) => {
        if (ws.readyState !== ws.OPEN) return;
        // A client that stops reading would make us hold everything we send it: cut it off instead.
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          closing = true;
          closeWith(ws, CloseCode.notReading);
          return;
        }
        ws.send(message);
      },
      close: (code, reason) => {
        closing = true;
        ws.close(code, reason);
      },
    };
    const bucket = { tokens: this.options.messagesPerSecond * 10, last: Date.now(), paused: false };
    const refill = () => {
      const now = Date.now();
      bucket.tokens = Math.min(
        this.options.messagesPerSecond * 10,
        bucket.tokens + ((now - bucket.last) / 1000) * this.options.messagesPerSecond,
      );
      bucket.last = now;
    };

    const shut = (code: number) => {
      closing = true;
      closeWith(ws, code);
    };
    const handle = (data: WebSocket.RawData, isBinary: boolean) => {
      if (closing) return;
      if (!isBinary) return shut(CloseCode.malformed);
      const bytes = toBytes(data);
      if (bytes.byteLength > this.options.maxMessageBytes) return shut(CloseCode.tooLarge);
      try {
        room.handleMessage(connection, bytes);
      } catch (error) {
        if (error instanceof RefusedChangeError) {
          this.options.log("sync.change_refused", { documentId, userId: viewer.userId, reason: error.message });
          return shut(CloseCode.changeRefused);
        }
        if (!(error instanceof MalformedMessageError))
          this.options.log("sync.unexpected_error", { error: String(error) });
        return shut(CloseCode.malformed);
      }
      // Rate bound: past the burst, stop reading from this socket until the bucket refills (nothing is dropped).
      refill();
      bucket.tokens -= 1;
      if (bucket.tokens < 0 && !bucket.paused) {
        bucket.paused = true;
        ws.pause();
        setTimeout(
          () => {
            bucket.paused = false;
            refill();
            ws.resume();
          },
          Math.ceil((-bucket.tokens / this.options.messagesPerSecond) * 1000) + 1,
        );
      }
    };
    ws.on("message", handle);
    // A connection lives no longer than the session that opened it: checked again when the session should end
    // (sign-out and revocation close it at once through updateConnections).
    let sessionTimer: NodeJS.Timeout | null = null;
    let left = false;
    const watchSession = (endsAt: number | null) => {
      if (left) return;
      if (endsAt === null || endsAt <= Date.now()) return shut(CloseCode.unauthenticated);
      sessionTimer = setTimeout(checkSession, Math.min(endsAt - Date.now() + 10, MAX_TIMER_MS));
      sessionTimer.unref();
    };
    const checkSession = () => {
      this.options.sessionEndsAt(viewer.tokenHash).then(watchSession, (error: unknown) => {
        // Not known now (the database is unreachable): asked again in a minute, the connection stays.
        this.options.log("sync.session_check_failed", { error: String(error) });
        watchSession(Date.now() + 60_000);
      });
    };
    checkSession();
    ws.on("pong", () => {
      (ws as WebSocket & { copressAlive?: boolean }).copressAlive = true;
    });
    ws.on("close", () => {
      left = true;
      if (sessionTimer) clearTimeout(sessionTimer);
      room.leave(connection);
      if (room.connections.size === 0) this.scheduleUnload(room);
    });
    room.join(connection);
    return handle;
  }

  private scheduleUnload(room: Room) {
    if (room.idleTimer) clearTimeout(room.idleTimer);
    room.idleTimer = setTimeout(() => {
      if (room.connections.size > 0) return;
      void this.unload(room);
    }, this.options.roomIdleMs);
    room.idleTimer.unref();
  }

  /** Stores a room's last changes and frees it; the document loads again (from the store) when next asked for. */
  private async unload(room: Room) {
    const documentId = room.documentId;
    this.rooms.delete(documentId);
    const done = room
      .destroy()
      .catch((error: unknown) => {
        this.options.log("sync.unload_failed", { documentId, error: String(error) });
      })
      .then(() => this.options.cluster?.leave(documentId));
    this.unloading.set(documentId, done);
    await done;
    if (this.unloading.get(documentId) === done) this.unloading.delete(documentId);
    for (const listener of this.unloadListeners) listener(documentId);
  }

  /**
   * Something that changes what a person's open connections may do, applied here and — in a cluster — on every
   * other process too: a session ended (one, or all of the person's), new roles, or no access any more.
   */
  announce(event: ClusterEvent) {
    this.applyEvent(event);
    void this.options.cluster?.publishEvent(event).catch((error: unknown) => {
      this.options.log("cluster.publish_failed", { event: event.type, error: String(error) });
    });
  }

  /** An event from any process (see `announce`). */
  applyEvent(event: ClusterEvent) {
    switch (event.type) {
      case "session-ended":
        return this.updateConnections(event.userId, (connection) =>
          event.tokenHash === null || connection.tokenHash === event.tokenHash
            ? { close: CloseCode.unauthenticated }
            : "keep",
        );
      case "rights-changed":
        return this.updateConnections(event.userId, (connection) => {
          connection.writable = writableParts(
            { workspaceId: event.workspaceId, roles: event.roles as Role[] },
            { workspaceId: event.workspaceId },
          );
          return "keep";
        });
      case "access-ended":
        return this.updateConnections(event.userId, () => ({ close: CloseCode.forbidden }));
    }
  }

  /** What the cluster asks of this process's rooms. */
  clusterHost() {
    return {
      applyBatch: (documentId: string, batch: { update: Uint8Array | null; claims: Array<[number, string]> }) => {
        const room = this.rooms.get(documentId);
        if (room && !room.applyRelayed(batch.update, batch.claims)) void room.catchUp();
      },
      catchUp: (documentId: string) => void this.rooms.get(documentId)?.catchUp(),
      applyPresence: (documentId: string, update: Uint8Array) =>
        this.rooms.get(documentId)?.applyRelayedPresence(update),
      onEvent: (event: ClusterEvent) => this.applyEvent(event),
    };
  }

  /** Applies new rights to open connections of a person, or closes them (removed, signed out). */
  private updateConnections(userId: string, update: (connection: RoomConnection) => "keep" | { close: number }) {
    for (const room of this.rooms.values()) {
      for (const connection of [...room.connections.keys()]) {
        if (connection.userId !== userId) continue;
        const result = update(connection);
        if (result !== "keep") connection.close(result.close, CloseReason[result.close] ?? "");
      }
    }
  }

  /** Stores everything, closes every connection and frees every room. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    await Promise.all([...this.loading.values()].map((loading) => loading.catch(() => undefined)));
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all([...rooms.map((room) => room.destroy()), ...this.unloading.values()]);
    this.wss.close();
  }
}

function refuse(ws: WebSocket, code: number) {
  ws.close(code, CloseReason[code]);
}

function closeWith(ws: WebSocket, code: number) {
  if (ws.readyState === ws.OPEN) ws.close(code, CloseReason[code]);
  // A client that ignores the close handshake is cut off.
  setTimeout(() => ws.terminate(), 2000).unref();
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
