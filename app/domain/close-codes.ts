/**
 * Every WebSocket close code the sync server uses, in one place (documented in docs/API.md).
 * A browser cannot read the HTTP status of a refused upgrade, so refusals accept the upgrade and close at once.
 */
export const CloseCode = {
  /** Normal close, e.g. the server is shutting down (clients reconnect). */
  goingAway: 1001,
  /** A frame larger than the hard cap; sent by the WebSocket layer itself. */
  messageTooBigHardCap: 1009,
  /** The server cannot serve the document right now (its database did not answer); clients try again. */
  unavailable: 1013,
  malformed: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  noSuchDocument: 4404,
  /** The connection sent a change its role does not allow; the client must reload (its copy has diverged). */
  changeRefused: 4409,
  tooLarge: 4413,
  /** The client does not read what it asked for; the server will not buffer without bound. */
  notReading: 4429,
} as const;

export const CloseReason: Record<number, string> = {
  [CloseCode.goingAway]: "Server is restarting",
  [CloseCode.unavailable]: "Try again later",
  [CloseCode.malformed]: "Malformed message",
  [CloseCode.unauthenticated]: "Please sign in",
  [CloseCode.forbidden]: "Not allowed",
  [CloseCode.noSuchDocument]: "No such document",
  [CloseCode.changeRefused]: "Change not allowed",
  [CloseCode.tooLarge]: "Message too large",
  [CloseCode.notReading]: "Not reading",
};

/** What a person is told when the server ends their connection, and what their browser does next. */
export interface ConnectionEnding {
  /** In plain words, for the page; null when the browser simply reconnects and nothing needs saying. */
  message: string | null;
  /** Whether reconnecting could work (the browser tries again by itself). */
  retry: boolean;
  /** The copy kept on this device holds what the server refused: keeping it would send it again on every visit. */
  discardDeviceCopy: boolean;
}

const RELOAD = "Please reload the page to carry on.";

/**
 * The one reading of every close code, for the editor and the design page alike (issue 13). Codes not listed here
 * (a network drop, the server restarting) are retried quietly; the page already says when it is offline.
 */
export function connectionEnding(code: number): ConnectionEnding {
  switch (code) {
    case CloseCode.unauthenticated:
      return {
        message: "Your session has ended. Please sign in again to keep working.",
        retry: false,
        discardDeviceCopy: false,
      };
    case CloseCode.forbidden:
      return { message: "You no longer have access to this document.", retry: false, discardDeviceCopy: false };
    case CloseCode.noSuchDocument:
      return { message: "This document no longer exists.", retry: false, discardDeviceCopy: false };
    case CloseCode.changeRefused:
      return {
        message: `One of your changes couldn't be saved because your role doesn't allow it. ${RELOAD}`,
        retry: false,
        discardDeviceCopy: true,
      };
    case CloseCode.malformed:
      return {
        message: `Copress couldn't read something this page sent, so it stopped saving to keep the document safe. ${RELOAD}`,
        retry: false,
        discardDeviceCopy: false,
      };
    case CloseCode.tooLarge:
    case CloseCode.messageTooBigHardCap:
      return {
        message: `Your last change was too big to save in one go (for example a very long paste), so it wasn't kept. ${RELOAD} Then add it in smaller parts.`,
        retry: false,
        discardDeviceCopy: true,
      };
    case CloseCode.notReading:
      // The page fell behind (a busy or sleeping device): a fresh connection catches up by itself.
      return { message: null, retry: true, discardDeviceCopy: false };
    default:
      return { message: null, retry: true, discardDeviceCopy: false };
  }
}

/** How a page's sync connection stands, as the editor and the design page show it. */
export type ConnectionState = "connecting" | "online" | "offline" | "refused";

/** The state after the sync client reports `status`: a refusal stands until the page is opened again. */
export function nextConnectionState(current: ConnectionState, status: string): ConnectionState {
  if (current === "refused") return current;
  return status === "connected" ? "online" : status === "connecting" ? "connecting" : "offline";
}

/**
 * The save line the editor and the design page show. `keptOnDevice`: the page keeps unsent changes on this device
 * (the editor does), so it can say so while connecting or offline.
 */
export function saveStateWords(
  connection: ConnectionState,
  synced: boolean,
  keptOnDevice?: boolean,
  /** The server says changes are waiting to be stored (its database did not answer): it keeps trying. */
  serverUnsaved = false,
): string {
  if (connection === "refused") return "Not connected";
  if (connection === "online" && serverUnsaved)
    return keptOnDevice === undefined
      ? "Not saved yet — Copress is trying again…"
      : "Not saved yet — Copress is trying again. Your changes are kept on this device.";
  if (connection === "online") return synced ? "All changes saved" : "Saving…";
  if (connection === "connecting")
    return keptOnDevice ? "Connecting… Your changes are saved on this device." : "Connecting…";
  return keptOnDevice === undefined
    ? "Offline — reconnecting…"
    : "Offline — your changes are saved on this device and will be sent when you're back online.";
}

/**
 * The same line for someone who can only read (a viewer): nothing of theirs is saved, so it says whether what they see
 * is the latest ("All changes saved" read as if they had changed something).
 */
export function readerStateWords(connection: ConnectionState, synced: boolean): string {
  if (connection === "refused") return "Not connected";
  if (connection === "online") return synced ? "Up to date" : "Getting the latest…";
  if (connection === "connecting") return "Connecting…";
  return "Offline — reconnecting…";
}

/**
 * Whether the server's own presence entry says changes are waiting to be stored (server/sync/room.ts: its database
 * did not answer; it keeps trying). Only the server can set it: it removes the field from everyone else's presence.
 */
export function serverSaysUnsaved(states: Map<number, Record<string, unknown>>): boolean {
  for (const state of states.values()) {
    const copress = state?.copress as { unsaved?: unknown } | undefined;
    if (copress?.unsaved === true) return true;
  }
  return false;
}
