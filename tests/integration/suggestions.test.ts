/**
 * Suggestions over the real sync protocol (issue 15): real y-websocket clients write suggestion marks the way the
 * editor's binding does (a formatting attribute per mark, holding the mark's attributes); hand-made updates play the
 * modified client. Each test asserts what a person would notice: the suggestion reaches the writer, a refused one
 * reaches nobody, deciding one changes the words for everyone, and a release waits for it.
 */
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  connect,
  documentIdByTitle,
  eventually,
  plainText,
  signIn,
  waitForSync,
  type SyncClient,
} from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let leaflet: string;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const clients: SyncClient[] = [];

beforeAll(async () => {
  server = await startServer();
  for (const name of ["cora", "wren", "will", "abi", "dana", "vic"]) {
    tokens[name] = await signIn(server.url, name);
    ids[name] = (await api<{ user: { id: string } }>(server.url, tokens[name]!, "/api/session")).body.user.id;
  }
  leaflet = await documentIdByTitle(server.url, tokens.cora!, "Women's Rights");
  // Owned mode, with the first section Wren's.
  const cora = await person("cora");
  cora.doc.transact(() => {
    cora.doc.getMap("settings").set("ownershipMode", "owned");
    firstSection(cora.doc).setAttribute("owner", ids.wren!);
  });
  await eventually(async () => {
    const { body } = await api<{ documents: Array<{ id: string; ownershipMode: string }> }>(
      server.url,
      tokens.cora!,
      "/api/documents",
    );
    expect(body.documents.find((d) => d.id === leaflet)?.ownershipMode).toBe("owned");
  });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

async function person(name: string): Promise<SyncClient> {
  const client = connect(server.url, leaflet, tokens[name]!);
  clients.push(client);
  await waitForSync(client);
  return client;
}

/** Closes with the code the server gives, and stops (as the editor does: a refused change needs a reload). */
function closeCodes(client: SyncClient): number[] {
  const codes: number[] = [];
  client.provider.on("connection-close", (event) => {
    if (event) codes.push(event.code);
    if (event?.code === 4409 && client.provider.shouldConnect) client.provider.disconnect();
  });
  return codes;
}

function firstSection(doc: Y.Doc): Y.XmlElement {
  return doc.getXmlFragment("content").get(0) as Y.XmlElement;
}

/** The first paragraph's text of the first section (Wren's). */
function firstText(doc: Y.Doc): Y.XmlText {
  const paragraph = firstSection(doc)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === "paragraph") as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
}

function mark(id: string, authorId: string, reason: string | null = null) {
  return { id, authorId, createdAt: new Date().toISOString(), reason };
}

interface Listed {
  id: string;
  sectionId: string;
  authorId: string;
  authorName: string;
  kind: string;
  text: string;
  removed: string;
  reason: string | null;
  createdAt: string;
  canDecide: boolean;
}

async function suggestions(name = "cora"): Promise<Listed[]> {
  const { status, body } = await api<{ suggestions: Listed[] }>(
    server.url,
    tokens[name]!,
    `/api/documents/${leaflet}/suggestions`,
  );
  expect(status).toBe(200);
  return body.suggestions;
}

const decide = (name: string, id: string, decision: string) =>
  api<{ error?: { code: string } }>(server.url, tokens[name]!, `/api/documents/${leaflet}/suggestions/${id}`, {
    method: "POST",
    body: JSON.stringify({ decision }),
  });

describe("suggestions", () => {
  it("an approver's rewording is stored, reaches the section's owner live, and is listed with her name and reason", async () => {
    const abi = await person("abi");
    const wren = await person("wren");
    const codes = closeCodes(abi);
    const text = firstText(abi.doc);
    const words = text.toString().replace(/<[^>]+>/g, "");
    const at = words.indexOf(" ") + 1; // the second word
    const end = words.indexOf(" ", at);
    abi.doc.transact(() => {
      text.format(at, end - at, { deletion: mark("sg-abi000000001", ids.abi!, "Kinder words") });
      text.insert(end, "KINDER", { insertion: mark("sg-abi000000001", ids.abi!, "Kinder words") });
    });
    await eventually(() => expect(plainText(wren.doc)).toContain("KINDER"));
    const [listed] = await suggestions();
    expect(listed).toMatchObject({
      id: "sg-abi000000001",
      authorId: ids.abi,
      authorName: "Abi",
      kind: "replacement",
      text: "KINDER",
      removed: words.slice(at, end),
      reason: "Kinder words",
      canDecide: true, // Cora coordinates
    });
    expect((await suggestions("abi"))[0]!.canDecide).toBe(false);
    expect((await suggestions("will"))[0]!.canDecide).toBe(false); // owned mode: Wren's section
    expect((await suggestions("wren"))[0]!.canDecide).toBe(true);
    expect(codes).toEqual([]);
    // Wren owns the section: she is told, once for the suggestion (not for every keystroke of it).
    await eventually(async () => {
      const told = await api<{ notifications: Array<{ kind: string; message: string }> }>(
        server.url,
        tokens.wren!,
        "/api/notifications",
      );
      expect(told.body.notifications.filter((n) => n.kind === "suggestion").map((n) => n.message)).toEqual([
        expect.stringMatching(/^Abi suggested a change in your section “.+” of “Women's Rights”\.$/),
      ]);
    });
  });

  it("the same approver's plain typing is refused with 4409 and reaches nobody", async () => {
    const abi = await person("abi");
    const codes = closeCodes(abi);
    firstText(abi.doc).insert(0, "PLAIN-ABI ");
    await eventually(() => expect(codes).toContain(4409));
    const fresh = await person("cora");
    expect(plainText(fresh.doc)).not.toContain("PLAIN-ABI");
  });

  it("a suggestion under someone else's name, or one changing another person's suggestion, is refused", async () => {
    const abi = await person("abi");
    const abiCodes = closeCodes(abi);
    firstText(abi.doc).insert(0, "FORGED ", { insertion: mark("sg-forged000001", ids.wren!) });
    await eventually(() => expect(abiCodes).toContain(4409));

    const dana = await person("dana");
    const danaCodes = closeCodes(dana);
    const text = firstText(dana.doc);
    const at = text
      .toString()
      .replace(/<[^>]+>/g, "")
      .indexOf("KINDER");
    text.delete(at, "KINDER".length); // Abi's suggested words
    await eventually(() => expect(danaCodes).toContain(4409));

    const fresh = await person("cora");
    expect(plainText(fresh.doc)).not.toContain("FORGED");
    expect(plainText(fresh.doc)).toContain("KINDER");
    expect((await suggestions()).map((s) => s.id)).toEqual(["sg-abi000000001"]);
  });

  it("a writer who doesn't own the section may suggest there but not take a suggestion, by sync or over HTTP", async () => {
    const will = await person("will");
    const codes = closeCodes(will);
    const text = firstText(will.doc);
    will.doc.transact(() => text.insert(0, "WILL-SAYS ", { insertion: mark("sg-will00000001", ids.will!) }));
    await eventually(async () => expect((await suggestions()).map((s) => s.id)).toContain("sg-will00000001"));
    expect(codes).toEqual([]);
    // Taking Abi's suggestion is changing Wren's words: refused.
    const at = text
      .toString()
      .replace(/<[^>]+>/g, "")
      .indexOf("KINDER");
    text.format(at, "KINDER".length, { insertion: null });
    await eventually(() => expect(codes).toContain(4409));
    expect((await decide("will", "sg-abi000000001", "accept")).status).toBe(403);
    expect((await decide("abi", "sg-abi000000001", "accept")).status).toBe(403);
  });

  it("deciding: bad input 400, unknown 404; Wren takes Abi's and turns down Will's; a second decision is 409", async () => {
    expect((await decide("wren", "sg-abi000000001", "maybe")).status).toBe(400);
    expect((await decide("wren", "sg-nobody000001", "accept")).status).toBe(404);
    const reader = await person("vic");
    const removed = (await suggestions()).find((s) => s.id === "sg-abi000000001")!.removed;
    expect((await decide("wren", "sg-abi000000001", "accept")).status).toBe(200);
    expect((await decide("wren", "sg-will00000001", "reject")).status).toBe(200);
    await eventually(() => {
      const words = plainText(reader.doc);
      expect(words).toContain("KINDER");
      expect(words).not.toContain(`${removed} KINDER`);
      expect(words).not.toContain("WILL-SAYS");
    });
    expect(await suggestions()).toEqual([]);
    // Decided, it no longer waits on Wren's "For you" (she was told of it as the section's owner).
    const forWren = await api<{ mentions: Array<{ kind: string }> }>(server.url, tokens.wren!, "/api/for-you");
    expect(forWren.body.mentions.filter((n) => n.kind === "suggestion")).toEqual([]);
    const again = await decide("cora", "sg-abi000000001", "reject");
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("already_decided");
    // Both decisions are in the audit chain, which still verifies.
    const audit = await api<{ events: Array<{ type: string; data: { suggestionId?: string } }> }>(
      server.url,
      tokens.cora!,
      `/api/audit?documentId=${leaflet}`,
    );
    expect(
      audit.body.events.filter((e) => e.type.startsWith("suggestion.")).map((e) => [e.type, e.data.suggestionId]),
    ).toEqual(
      expect.arrayContaining([
        ["suggestion.accepted", "sg-abi000000001"],
        ["suggestion.rejected", "sg-will00000001"],
      ]),
    );
    const verified = await api<{ ok: boolean }>(server.url, tokens.cora!, "/api/audit?verify");
    expect(verified.body.ok).toBe(true);
  });

  it("a release is refused while a suggestion is open, in plain words, and allowed once it is decided", async () => {
    const policy = {
      content: { required: 0, role: "approver", requireLivedExperience: false, contributorsCount: true },
      design: { required: 0, role: "approver", requireLivedExperience: false, contributorsCount: true },
      blockingSeverities: [],
    };
    const saved = await api(server.url, tokens.cora!, `/api/documents/${leaflet}/policy`, {
      method: "PUT",
      body: JSON.stringify({ policy }),
    });
    expect(saved.status).toBe(200);
    const abi = await person("abi");
    firstText(abi.doc).insert(0, "OPEN-IDEA ", { insertion: mark("sg-abi000000002", ids.abi!) });
    await eventually(async () => expect((await suggestions()).map((s) => s.id)).toEqual(["sg-abi000000002"]));

    const refused = await api<{ unmet: Array<{ code: string; message: string }> }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/releases`,
      { method: "POST", body: "{}" },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.unmet).toEqual([
      expect.objectContaining({
        code: "suggestions_open",
        message: expect.stringContaining("1 suggestion is still open"),
      }),
    ]);
    // The web version of the live document leaves the suggested words out.
    expect((await decide("wren", "sg-abi000000002", "reject")).status).toBe(200);
    const published = await api<{ id: string }>(server.url, tokens.cora!, `/api/documents/${leaflet}/releases`, {
      method: "POST",
      body: "{}",
    });
    expect(published.status).toBe(201);
    const html = await api<string>(server.url, tokens.cora!, `/api/releases/${published.body.id}/html`);
    expect(html.body).toContain("KINDER");
    expect(html.body).not.toContain("OPEN-IDEA");
  });
});

describe("a suggestion the group decides", () => {
  it("while a decision about it is open it can't be taken directly; deciding it settles the suggestion and tells Abi", async () => {
    const abi = await person("abi");
    firstText(abi.doc).insert(0, "DECIDE-ME ", { insertion: mark("sg-abi000000009", ids.abi!) });
    await eventually(async () => expect((await suggestions()).map((s) => s.id)).toContain("sg-abi000000009"));
    const raised = await api<{ id: string }>(server.url, tokens.wren!, `/api/documents/${leaflet}/decisions`, {
      method: "POST",
      body: JSON.stringify({
        question: "Should we take Abi's suggestion?",
        area: "content",
        options: ["Take it", "Keep the words as they are"],
        source: { kind: "suggestion", id: "sg-abi000000009" },
      }),
    });
    expect(raised.status).toBe(201);
    const direct = await decide("wren", "sg-abi000000009", "accept");
    expect(direct.status).toBe(409);
    expect(direct.body.error?.code).toBe("decision_open");
    const decided = await api(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/decisions/${raised.body.id}/outcome`,
      {
        method: "POST",
        body: JSON.stringify({ option: 0, reason: "The group agreed" }),
      },
    );
    expect(decided.status).toBe(200);
    await eventually(async () => expect((await suggestions()).map((s) => s.id)).not.toContain("sg-abi000000009"));
    const reader = await person("vic");
    expect(plainText(reader.doc)).toContain("DECIDE-ME");
    const told = await api<{ notifications: Array<{ kind: string; message: string }> }>(
      server.url,
      tokens.abi!,
      "/api/notifications",
    );
    expect(told.body.notifications.map((n) => n.kind)).toContain("suggestion-decided");
  });
});

describe("the flow editor", () => {
  it("a viewer named flow editor may suggest in every section, but only suggest; other viewers' changes go nowhere", async () => {
    const vic = await person("vic");
    const codes = closeCodes(vic);
    // Not named yet: a viewer's suggestion is dropped (read-only), and the connection stays open.
    firstText(vic.doc).insert(0, "VIC-EARLY ", { insertion: mark("sg-vic000000001", ids.vic!) });
    const cora = await person("cora");
    cora.doc.getMap("settings").set("flowEditor", ids.vic!);
    await eventually(() => expect(vic.doc.getMap("settings").get("flowEditor")).toBe(ids.vic));
    // Named: her suggestion in Wren's owned section is stored and reaches everyone.
    const named = await person("vic");
    const namedCodes = closeCodes(named);
    firstText(named.doc).insert(0, "FLOW ", { insertion: mark("sg-vic000000002", ids.vic!) });
    await eventually(async () => expect((await suggestions()).map((s) => s.id)).toContain("sg-vic000000002"));
    expect((await suggestions()).map((s) => s.id)).not.toContain("sg-vic000000001");
    expect(namedCodes).toEqual([]);
    // Still only suggestions: plain typing is refused.
    firstText(named.doc).insert(0, "PLAIN-VIC ");
    await eventually(() => expect(namedCodes).toContain(4409));
    expect(plainText((await person("cora")).doc)).not.toContain("PLAIN-VIC");
    expect(codes).toEqual([]);
    expect((await decide("wren", "sg-vic000000002", "reject")).status).toBe(200);
    cora.doc.getMap("settings").delete("flowEditor");
  });
});

describe("stepping back and taking a break", () => {
  /** Posts the account page's form as the browser does (session cookie, same origin). */
  const accountForm = (name: string, fields: Record<string, string>) =>
    fetch(`${server.url}/account?_data=routes/account`, {
      method: "POST",
      headers: {
        cookie: `copress_session=${tokens[name]!}`,
        origin: server.url,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(fields),
    });

  const notificationsOf = async (name: string) =>
    (
      await api<{ notifications: Array<{ kind: string; message: string }> }>(
        server.url,
        tokens[name]!,
        "/api/notifications",
      )
    ).body.notifications;

  it("Will steps back from his section with one change and no reason: it needs someone, and Cora is told", async () => {
    const will = await person("will");
    const section = will.doc.getXmlFragment("content").get(1) as Y.XmlElement;
    const cora = await person("cora");
    cora.doc.transact(() =>
      (cora.doc.getXmlFragment("content").get(1) as Y.XmlElement).setAttribute("owner", ids.will!),
    );
    await eventually(() => expect(section.getAttribute("owner")).toBe(ids.will));
    const title = String(section.getAttribute("title"));
    // What "Step back" does in the editor (app/editor/section-commands.ts): no owner, "needs someone".
    will.doc.transact(() => {
      section.setAttribute("owner", null as unknown as string);
      section.setAttribute("status", "needs-someone");
    });
    await eventually(async () =>
      expect((await notificationsOf("cora")).map((n) => [n.kind, n.message])).toContainEqual([
        "stepped-back",
        `Will stepped back from “${title}” in “Women's Rights”. It needs someone now.`,
      ]),
    );
    const fresh = await person("vic");
    const after = fresh.doc.getXmlFragment("content").get(1) as Y.XmlElement;
    expect(after.getAttribute("status")).toBe("needs-someone");
    expect(after.getAttribute("owner") ?? null).toBeNull();
  });

  it("someone taking a break gets no notifications until they are back; a bad date changes nothing", async () => {
    const refused = await accountForm("wren", { intent: "break", until: "not a date" });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { until: string } }).errors.until).toBe(
      "Choose the date you expect to be back.",
    );
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    expect((await accountForm("wren", { intent: "break", until })).status).toBe(200);
    const before = (await notificationsOf("wren")).length;
    // A comment mentioning her would normally reach her.
    const wren = await person("wren");
    const text = firstText(wren.doc);
    const encode = (index: number) =>
      Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index))).toString("base64");
    const sectionId = String(firstSection(wren.doc).getAttribute("id"));
    const comment = (words: string) =>
      api(server.url, tokens.cora!, `/api/documents/${leaflet}/comments`, {
        method: "POST",
        body: JSON.stringify({ sectionId, anchor: encode(0), head: encode(4), quote: "", text: words }),
      });
    expect((await comment("@wren could you look at this?")).status).toBe(201);
    expect((await notificationsOf("wren")).length).toBe(before);
    // Back: told again.
    expect((await accountForm("wren", { intent: "back" })).status).toBe(200);
    expect((await comment("@wren welcome back, one more thing")).status).toBe(201);
    await eventually(async () => expect((await notificationsOf("wren")).length).toBe(before + 1));
  });
});
