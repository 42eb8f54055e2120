/**
 * Every WebSocket close code the sync server uses, in one place (documented in docs/API.md).
 * A browser cannot read the HTTP status of a refused upgrade, so refusals accept the upgrade and close at once.
 */
export const CloseCode = {
  /** Normal close, e.g. the server is shutting down (clients reconnect). */
  goingAway: 1001,
  /** A frame larger than the hard cap; sent by the WebSocket layer itself. */
  messageTooBigHardCap: 1009,
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
  [CloseCode.malformed]: "Malformed message",
  [CloseCode.unauthenticated]: "Please sign in",
  [CloseCode.forbidden]: "Not allowed",
  [CloseCode.noSuchDocument]: "No such document",
  [CloseCode.changeRefused]: "Change not allowed",
  [CloseCode.tooLarge]: "Message too large",
  [CloseCode.notReading]: "Not reading",
};
