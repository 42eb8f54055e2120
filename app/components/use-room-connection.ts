/**
 * The browser's one sync connection to a document's room (issue 13): the editor and the design page both open the
 * room here, so they read every close code the same way (app/domain/close-codes.ts) and say the same plain words.
 * Browser only: the module imports the sync client, so it is loaded by `.client` components alone.
 */
import { startTransition, useEffect, useLayoutEffect, useState } from "react";
import { removeAwarenessStates } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { connectionEnding, nextConnectionState, type ConnectionState } from "~/domain/close-codes";
import { useServerUnsaved } from "./use-server-unsaved";

/** Where this page's server takes sync connections: the same host, over TLS when the page is. */
function syncUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/sync`;
}

export interface Room {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** What a page adds to a room when it opens (this device's copy, say), and how to close it. */
export interface RoomPreparation<Extra> {
  extra: Extra;
  close?: () => void;
}

/**
 * A fresh document and connection for `documentId`, made before the browser paints and closed when the page leaves
 * the document (or `personId` changes). `prepare` runs on the new document before the connection opens (to apply
 * what the page brought, or to start this device's copy); its `extra` comes back with the room.
 */
export function useRoom<Extra extends object = object>(
  documentId: string,
  personId: string,
  prepare?: (doc: Y.Doc) => RoomPreparation<Extra>,
): (Room & Extra) | null {
  const [room, setRoom] = useState<(Room & Extra) | null>(null);
  useLayoutEffect(() => {
    const doc = new Y.Doc();
    const prepared = prepare?.(doc);
    // No BroadcastChannel between tabs: connecting it encodes the whole document to post it to other tabs of this site
    // (about 10 ms on a slowed phone before the text can be typed in, for a case our groups rarely have). Each tab
    // syncs through the server instead, and keeps its own copy on the device.
    const provider = new WebsocketProvider(syncUrl(), documentId, doc, { maxBackoffTime: 5000, disableBc: true });
    // Closing the tab (or a phone discarding the page) takes this person's presence away at once: others are told
    // "Will left." now, not when the server next notices a silent connection.
    const onPageHide = (event: PageTransitionEvent) => {
      if (!event.persisted) removeAwarenessStates(provider.awareness, [doc.clientID], "page closed");
    };
    window.addEventListener("pagehide", onPageHide);
    setRoom({ ...(prepared?.extra as Extra), doc, provider });
    return () => {
      window.removeEventListener("pagehide", onPageHide);
      provider.destroy();
      prepared?.close?.();
      doc.destroy();
    };
    // `prepare` is read when the room opens: a new function on a later render must not reopen it.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [documentId, personId]);
  return room;
}

export interface RoomConnection {
  connection: ConnectionState;
  /** What the server said when it ended the connection for good, in plain words (null while all is well). */
  refusal: string | null;
  /** The server has everything this page has. */
  synced: boolean;
  /** The server says changes are waiting to be stored (its database did not answer). */
  serverUnsaved: boolean;
}

/**
 * How the room's connection stands. A refusal the server means (a close code that retrying would not fix) stops
 * the retries and stands until the page is opened again; `onDeviceCopyRefused` runs when this device's copy holds
 * what the server refused, so it is not sent again on the next visit.
 */
export function useRoomConnection(provider: WebsocketProvider, onDeviceCopyRefused?: () => void): RoomConnection {
  const [connection, setConnection] = useState<ConnectionState>(provider.wsconnected ? "online" : "connecting");
  const [refusal, setRefusal] = useState<string | null>(null);
  const [synced, setSynced] = useState(provider.synced);
  const serverUnsaved = useServerUnsaved(provider.awareness);

  useEffect(() => {
    // How the connection stands is news, not something the person is doing: drawn when the page has a moment
    // (a transition gives way to their taps and keys), never in the middle of their typing.
    const onStatus = ({ status }: { status: string }) =>
      startTransition(() => setConnection((current) => nextConnectionState(current, status)));
    const onSync = (isSynced: boolean) => startTransition(() => setSynced(isSynced));
    const onClose = (event: CloseEvent | null) => {
      const ending = event ? connectionEnding(event.code) : null;
      if (!ending || ending.retry || !ending.message) return;
      if (provider.shouldConnect) provider.disconnect(); // retrying would be refused again
      if (ending.discardDeviceCopy) onDeviceCopyRefused?.();
      setRefusal(ending.message);
      setConnection("refused");
    };
    const onOffline = () => setConnection((current) => (current === "refused" ? current : "offline"));
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("connection-close", onClose);
    window.addEventListener("offline", onOffline);
    // Events may have fired between the first render and now: read the current state once.
    onStatus({ status: provider.wsconnected ? "connected" : provider.wsconnecting ? "connecting" : "disconnected" });
    onSync(provider.synced);
    return () => {
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("connection-close", onClose);
      window.removeEventListener("offline", onOffline);
    };
    // The callback is read when the connection ends; the room is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [provider]);

  return { connection, refusal, synced, serverUnsaved };
}
