import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { collectedRangeUpdate, deleteSetUpdate } from "../../tests/helpers/yjs-frames";
import { scopeOfUpdate } from "./update-scope";

function serverWithDocument() {
  const server = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText("Hello")]);
  server.getXmlFragment("content").insert(0, [paragraph]);
  server.getMap("design").set("primary", "#1d4f91");
  return server;
}

/** A client that has synced with the server, and a way to capture its next update. */
function clientOf(server: Y.Doc) {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const capture = (change: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(client);
    change(client);
    return Y.encodeStateAsUpdate(client, before);
  };
  return { client, capture };
}

describe("scopeOfUpdate", () => {
  it("names the content root for typing inside a nested paragraph", () => {
    const server = serverWithDocument();
    const { capture } = clientOf(server);
    const update = capture((doc) =>
      ((doc.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, " world"),
    );
    expect([...scopeOfUpdate(server, update).roots]).toEqual(["content"]);
  });

  it("names the design root for a colour change", () => {
    const server = serverWithDocument();
    const { capture } = clientOf(server);
    const update = capture((doc) => doc.getMap("design").set("primary", "#000000"));
    expect([...scopeOfUpdate(server, update).roots]).toEqual(["design"]);
  });

  it("names both roots when one update touches both", () => {
    const server = serverWithDocument();
    const { capture } = clientOf(server);
    const update = capture((doc) =>
      doc.transact(() => {
        doc.getMap("design").set("primary", "#000000");
        doc.getXmlFragment("content").insert(0, [new Y.XmlElement("paragraph")]);
      }),
    );
    expect([...scopeOfUpdate(server, update).roots].sort()).toEqual(["content", "design"]);
  });

  it("traces deletions to the root they delete from", () => {
    const server = serverWithDocument();
    const { capture } = clientOf(server);
    const update = capture((doc) =>
      ((doc.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 2),
    );
    expect([...scopeOfUpdate(server, update).roots]).toEqual(["content"]);
  });

  it("traces content nested several levels deep that arrives in the same update", () => {
    const server = serverWithDocument();
    const { capture } = clientOf(server);
    const update = capture((doc) => {
      const section = new Y.XmlElement("section");
      const list = new Y.XmlElement("bulletList");
      const item = new Y.XmlElement("listItem");
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("deep")]);
      item.insert(0, [paragraph]);
      list.insert(0, [item]);
      section.insert(0, [list]);
      doc.getXmlFragment("content").insert(1, [section]);
    });
    expect(scopeOfUpdate(server, update)).toMatchObject({
      roots: new Set(["content"]),
      sections: new Set(),
      unresolved: false,
      invalidContent: false,
    });
  });

  it("reports an update that depends on unseen changes as unresolved", () => {
    const server = serverWithDocument();
    const { client, capture } = clientOf(server);
    ((client.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "unseen ");
    const update = capture((doc) =>
      ((doc.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "then "),
    );
    expect(scopeOfUpdate(server, update).unresolved).toBe(true);
  });

  it("throws on bytes that are not an update", () => {
    const server = serverWithDocument();
    expect(() => scopeOfUpdate(server, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toThrow();
  });
});

describe("scopeOfUpdate and deleted content", () => {
  it("does not refuse typing into a paragraph that someone else deleted meanwhile", () => {
    const server = serverWithDocument();
    const wren = clientOf(server);
    const will = clientOf(server);
    // Will deletes the paragraph; the server applies it and garbage-collects its content.
    const deletion = will.capture((doc) => doc.getXmlFragment("content").delete(0, 1));
    Y.applyUpdate(server, deletion);
    // Wren, not yet aware, types inside it.
    const typing = wren.capture((doc) =>
      ((doc.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, "!"),
    );
    expect(scopeOfUpdate(server, typing)).toMatchObject({ roots: new Set(), sections: new Set(), unresolved: false });
  });
});

describe("scopeOfUpdate and sections", () => {
  function twoSections() {
    const server = new Y.Doc();
    const make = (owner: string, text: string) => {
      const section = new Y.XmlElement("section");
      section.setAttribute("owner", owner);
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(text)]);
      section.insert(0, [paragraph]);
      return section;
    };
    server.getXmlFragment("content").insert(0, [make("wren", "Wren's words"), make("will", "Will's words")]);
    return server;
  }
  const sectionAt = (doc: Y.Doc, index: number) => doc.getXmlFragment("content").get(index) as Y.XmlElement;
  const owners = (set: Set<Y.AbstractType<unknown>>) =>
    [...set].map((s) => (s as Y.XmlElement).getAttribute("owner")).sort();

  it("names the section whose text changes", () => {
    const server = twoSections();
    const { capture } = clientOf(server);
    const update = capture((doc) => ((sectionAt(doc, 1).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "Hi. "));
    expect(owners(scopeOfUpdate(server, update).sections)).toEqual(["will"]);
  });

  it("names the section whose attributes change (status, owner)", () => {
    const server = twoSections();
    const { capture } = clientOf(server);
    const update = capture((doc) => sectionAt(doc, 0).setAttribute("status", "done"));
    expect(owners(scopeOfUpdate(server, update).sections)).toEqual(["wren"]);
  });

  it("names a deleted section, and none for a brand new one", () => {
    const server = twoSections();
    const { capture } = clientOf(server);
    const deletion = capture((doc) => doc.getXmlFragment("content").delete(1, 1));
    expect(owners(scopeOfUpdate(server, deletion).sections)).toEqual(["will"]);
    const { capture: capture2 } = clientOf(server);
    const addition = capture2((doc) => {
      const section = new Y.XmlElement("section");
      section.insert(0, [new Y.XmlElement("paragraph")]);
      doc.getXmlFragment("content").insert(2, [section]);
    });
    expect(scopeOfUpdate(server, addition).sections.size).toBe(0);
  });
});

describe("scopeOfUpdate on a large update", () => {
  it("traces every item of a big offline batch (22,000 edits in one update)", () => {
    const server = serverWithDocument();
    const { capture } = clientOf(server);
    const update = capture((doc) => {
      const text = (doc.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText;
      for (let i = 0; i < 20_000; i++) text.insert(text.length, i % 7 === 0 ? " " : "x");
      for (let i = 0; i < 2_000; i++) text.delete(i * 3, 1);
    });
    expect(scopeOfUpdate(server, update)).toMatchObject({
      roots: new Set(["content"]),
      sections: new Set([server.getXmlFragment("content").get(0)]),
      unresolved: false,
      invalidContent: false,
    });
  });
});

describe("scopeOfUpdate guards the schema and authorship", () => {
  it("flags a Y.Map or raw JSON put into the content, but not elements and text", () => {
    const server = serverWithDocument();
    const { capture } = clientOf(server);
    expect(
      scopeOfUpdate(
        server,
        capture((doc) => doc.getXmlFragment("content").insert(0, [new Y.XmlElement("paragraph")])),
      ).invalidContent,
    ).toBe(false);
    const { capture: c2 } = clientOf(server);
    const sneaky = c2((doc) =>
      (doc.getXmlFragment("content").get(0) as Y.XmlElement).insert(0, [new Y.Map() as unknown as Y.XmlElement]),
    );
    expect(scopeOfUpdate(server, sneaky).invalidContent).toBe(true);
    const { capture: c3 } = clientOf(server);
    const typeAsAttribute = c3((doc) =>
      (doc.getXmlFragment("content").get(0) as Y.XmlElement).setAttribute("title", new Y.Text() as unknown as string),
    );
    expect(scopeOfUpdate(server, typeAsAttribute).invalidContent).toBe(true);
  });

  it("names the client ids that add content, not those only deleting", () => {
    const server = serverWithDocument();
    const { client, capture } = clientOf(server);
    const update = capture((doc) =>
      ((doc.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "x"),
    );
    expect([...scopeOfUpdate(server, update).authors]).toEqual([client.clientID]);
    const { capture: c2 } = clientOf(server);
    const deletion = c2((doc) =>
      ((doc.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 1),
    );
    expect(scopeOfUpdate(server, deletion).authors.size).toBe(0);
  });
});

describe("scopeOfUpdate and attribute changes", () => {
  it("accepts a changed attribute on an existing element (its key is not on the wire, only its origin)", () => {
    const server = new Y.Doc();
    const section = new Y.XmlElement("section");
    section.setAttribute("title", "Before");
    section.insert(0, [new Y.XmlElement("paragraph")]);
    server.getXmlFragment("content").insert(0, [section]);
    const { capture } = clientOf(server);
    const update = capture((doc) =>
      (doc.getXmlFragment("content").get(0) as Y.XmlElement).setAttribute("title", "After"),
    );
    expect(scopeOfUpdate(server, update).invalidContent).toBe(false);
  });
});

describe("scopeOfUpdate on a freshly loaded document", () => {
  it("needs the content root typed: the room does it on load, and then a new section is valid", async () => {
    const { Room } = await import("./room");
    const source = serverWithDocument();
    const state = Y.encodeStateAsUpdate(source);
    const store = {
      load: async () => ({ state, updates: [], lastSeq: 0 }),
      append: async () => 1,
      compact: async () => {},
      loadClientOwners: async () => new Map<number, string>(),
      claimClients: async () => {},
    };
    const room = await Room.open("d", store, { compactAfterUpdates: 100, log: () => {} });
    const { capture } = clientOf(source);
    const update = capture((doc) => doc.getXmlFragment("content").insert(1, [new Y.XmlElement("section")]));
    expect(scopeOfUpdate(room.doc, update).invalidContent).toBe(false);
    await room.destroy();
  });
});

describe("scopeOfUpdate and what the server has not seen", () => {
  it("flags a deletion of clocks the server has not seen (someone's future work), for a known or an unknown client", () => {
    const server = serverWithDocument();
    const writer = clientOf(server);
    const typing = writer.capture((doc) =>
      ((doc.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, "!"),
    );
    Y.applyUpdate(server, typing);
    const next = Y.getState(server.store, writer.client.clientID);
    expect(
      scopeOfUpdate(server, deleteSetUpdate([{ client: writer.client.clientID, clock: next, length: 1_000_000 }]))
        .deletesUnseen,
    ).toBe(true);
    // Partly over known clocks, partly beyond them: still refused.
    expect(
      scopeOfUpdate(server, deleteSetUpdate([{ client: writer.client.clientID, clock: next - 1, length: 2 }]))
        .deletesUnseen,
    ).toBe(true);
    expect(scopeOfUpdate(server, deleteSetUpdate([{ client: 123456, clock: 0, length: 10 }])).deletesUnseen).toBe(true);
    // Deleting what the server has is traced to where it is, as before.
    const known = scopeOfUpdate(
      server,
      deleteSetUpdate([{ client: writer.client.clientID, clock: next - 1, length: 1 }]),
    );
    expect(known).toMatchObject({ deletesUnseen: false, roots: new Set(["content"]) });
  });

  it("does not flag deletions of content the same update brings (typing then deleting offline)", () => {
    const server = serverWithDocument();
    const { capture } = clientOf(server);
    const update = capture((doc) => {
      const text = (doc.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(5, " and more");
      text.delete(6, 3);
    });
    expect(scopeOfUpdate(server, update)).toMatchObject({
      deletesUnseen: false,
      unresolved: false,
      roots: new Set(["content"]),
    });
  });

  it("does not flag an offline batch whose deleted content was already collected (GC structs) in the client", () => {
    const server = serverWithDocument();
    const { client, capture } = clientOf(server);
    client.gc = true;
    const update = capture((doc) => {
      doc.getXmlFragment("content").insert(1, [new Y.XmlElement("paragraph")]);
      doc.getXmlFragment("content").delete(1, 1);
    });
    expect(scopeOfUpdate(server, update)).toMatchObject({ deletesUnseen: false, unresolved: false });
  });

  it("flags structs that would wait for clocks nobody sent (a gap), and names the owner of collected ranges", () => {
    const server = serverWithDocument();
    const scope = scopeOfUpdate(server, collectedRangeUpdate(777, 5, 10));
    expect(scope.unresolved).toBe(true);
    // A collected range right after what the server has takes up that client's clocks: its client id is an author.
    const fresh = scopeOfUpdate(server, collectedRangeUpdate(888, 0, 1_000_000));
    expect(fresh).toMatchObject({ unresolved: false, authors: new Set([888]) });
  });
});

describe("scopeOfUpdate and content the server already has", () => {
  it("does not count items it already has (an offline copy sent whole) as touching their roots", () => {
    const server = serverWithDocument();
    server.getMap("comments").set("c-1", new Y.Map());
    // A designer changed the footer twice: the copy also carries the deletion of the replaced value.
    const designer = clientOf(server);
    designer.client.getMap("design").set("footerText", "a");
    designer.client.getMap("design").set("footerText", "b");
    Y.applyUpdate(server, Y.encodeStateAsUpdate(designer.client));
    const writer = clientOf(server);
    // The whole local copy, as y-websocket sends it when IndexedDB loads after the socket opened, plus one new word.
    ((writer.client.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, "!");
    const whole = Y.encodeStateAsUpdate(writer.client);
    expect(scopeOfUpdate(server, whole)).toMatchObject({
      roots: new Set(["content"]),
      unresolved: false,
      deletesUnseen: false,
    });
  });
});
