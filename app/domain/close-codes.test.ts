import { describe, expect, it } from "vitest";
import {
  CloseCode,
  connectionEnding,
  nextConnectionState,
  readerStateWords,
  saveStateWords,
  serverSaysUnsaved,
} from "./close-codes";

describe("what people are told when the server ends their connection", () => {
  it("every refusal has plain words and stops retrying; everything else reconnects quietly", () => {
    for (const code of Object.values(CloseCode)) {
      const ending = connectionEnding(code);
      if (code === CloseCode.goingAway || code === CloseCode.notReading || code === CloseCode.unavailable)
        expect(ending).toEqual({ message: null, retry: true, discardDeviceCopy: false });
      else {
        expect(ending.retry).toBe(false);
        expect(ending.message).toMatch(/^[A-Z].*\.$/);
        expect(ending.message).not.toMatch(/\b4\d\d\d\b|malformed|frame/i); // no codes or jargon
      }
    }
    expect(connectionEnding(1006)).toEqual({ message: null, retry: true, discardDeviceCopy: false }); // the network dropped
  });

  it("drops the device's copy only when it holds what the server refused", () => {
    expect(connectionEnding(CloseCode.changeRefused).discardDeviceCopy).toBe(true);
    expect(connectionEnding(CloseCode.tooLarge).discardDeviceCopy).toBe(true);
    expect(connectionEnding(CloseCode.unauthenticated).discardDeviceCopy).toBe(false);
    expect(connectionEnding(CloseCode.malformed).discardDeviceCopy).toBe(false);
  });
});

describe("nextConnectionState", () => {
  it("follows the sync client's status, and keeps a refusal until the page is opened again", () => {
    expect(nextConnectionState("connecting", "connected")).toBe("online");
    expect(nextConnectionState("online", "connecting")).toBe("connecting");
    expect(nextConnectionState("online", "disconnected")).toBe("offline");
    expect(nextConnectionState("refused", "connected")).toBe("refused");
  });
});

describe("saveStateWords", () => {
  it("says where the changes are, with or without a copy kept on this device", () => {
    expect(saveStateWords("online", true)).toBe("All changes saved");
    // The server's database did not answer: never "saved" then, whatever the connection says.
    expect(saveStateWords("online", true, true, true)).toBe(
      "Not saved yet — Copress is trying again. Your changes are kept on this device.",
    );
    expect(saveStateWords("online", true, undefined, true)).toBe("Not saved yet — Copress is trying again…");
    expect(serverSaysUnsaved(new Map([[1, { user: { id: "u" } }]]))).toBe(false);
    expect(
      serverSaysUnsaved(
        new Map([
          [1, { user: { id: "u" } }],
          [2, { copress: { unsaved: true } }],
        ]),
      ),
    ).toBe(true);
    expect(saveStateWords("online", false)).toBe("Saving…");
    expect(saveStateWords("refused", true, true)).toBe("Not connected");
    expect(saveStateWords("connecting", false, true)).toBe("Connecting… Your changes are saved on this device.");
    expect(saveStateWords("connecting", false, false)).toBe("Connecting…");
    expect(saveStateWords("offline", false)).toBe("Offline — reconnecting…");
    expect(saveStateWords("offline", false, false)).toMatch(/^Offline — your changes are saved on this device/);
  });
});

describe("readerStateWords", () => {
  it("tells a viewer whether what they see is the latest, never that something was saved", () => {
    expect(readerStateWords("online", true)).toBe("Up to date");
    expect(readerStateWords("online", false)).toBe("Getting the latest…");
    expect(readerStateWords("connecting", false)).toBe("Connecting…");
    expect(readerStateWords("offline", false)).toBe("Offline — reconnecting…");
    expect(readerStateWords("refused", false)).toBe("Not connected");
  });
});
