import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { mergeInGroups } from "./room";

describe("mergeInGroups", () => {
  it("gives the same document as applying every update in turn", () => {
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on("update", (update: Uint8Array) => updates.push(update));
    const text = writer.getText("t");
    for (let i = 0; i < 500; i++) {
      text.insert(Math.floor(text.length / 2), `w${i} `);
      if (i % 5 === 0) text.delete(0, 1);
    }
    const reader = new Y.Doc();
    Y.applyUpdate(reader, mergeInGroups(updates));
    expect(reader.getText("t").toString()).toBe(text.toString());
    expect(mergeInGroups([updates[0]!])).toBe(updates[0]);
  });
});
