// @vitest-environment jsdom
/**
 * Issue 12: change requests that reach people and are answered in place, hand-overs that tell the new owner, the
 * "For you" API, the sign-off page's "what changed since your last decision" and the versions saved at each request.
 * The real server, real y-websocket clients for everything that happens in the Y.Doc, and HTTP like the pages use.
 */
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateSection, listSections } from "../../app/editor/section-commands";
import { openEditor } from "../helpers/editor";
import {
  api,
  connect,
  documentIdByTitle,
  eventually,
  sectionTitled,
  signIn,
  type SyncClient,
  typeInSection,
  waitForSync,
} from "../helpers/clients";
import { createWorkspace } from "../helpers/hostile";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
const clients: SyncClient[] = [];
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
let leaflet: string;
let guide: string;

interface Notification {
  id: string;
  kind: string;
  message: string;
  link: string;
  read: boolean;
}
interface ChangeRequest {
  id: string;
  scope: string;
  status: string;
  message: string;
  by: { userId: string; name: string };
  sections: Array<{ id: string; title: string }>;
  versionId: string | null;
  answers: Array<{ kind: string; note: string; by: { name: string } }>;
}
interface ForYou {
  sections: Array<{ documentId: string; sectionId: string; title: string; status: string; link: string }>;
  handovers: Array<{
    documentId: string;
    sectionId: string;
    sectionTitle: string;
    by: string;
    note: string;
    link: string;
  }>;
  signoffs: Array<{ documentId: string; scopes: string[]; requestedBy: string; message: string; link: string }>;
  changeRequests: Array<ChangeRequest & { documentId: string; documentTitle: string; link: string }>;
  mentions: Array<{ id: string; kind: string; message: string; documentId: string | null; link: string }>;
  total: number;
}

const notificationsOf = async (who: string) =>
  (await api<{ notifications: Notification[] }>(server.url, tokens[who]!, "/api/notifications")).body.notifications;
const forYou = async (who: string) => {
  const response = await api<ForYou>(server.url, tokens[who]!, "/api/for-you");
  expect(response.status).toBe(200);
  return response.body;
};
const hashOf = async (documentId: string) =>
  (await api<{ hash: string }>(server.url, tokens.cora!, `/api/documents/${documentId}`)).body.hash;
const decide = (who: string, documentId: string, body: Record<string, unknown>) =>
  api<{
    id: string;
    changeRequestId: string | null;
    error?: { code: string; details?: { fields?: Record<string, string[]> } };
  }>(server.url, tokens[who]!, `/api/documents/${documentId}/approvals`, {
    method: "POST",
    body: JSON.stringify(body),
  });
const changeRequests = async (documentId: string, who = "cora") =>
  (
    await api<{ changeRequests: ChangeRequest[] }>(
      server.url,
      tokens[who]!,
      `/api/documents/${documentId}/change-requests`,
    )
  ).body.changeRequests;
const answer = (who: string, documentId: string, requestId: string, body: Record<string, unknown>) =>
  api<{ id?: string; status?: string; error?: { code: string; details?: { fields?: Record<string, string[]> } } }>(
    server.url,
    tokens[who]!,
    `/api/documents/${documentId}/change-requests/${requestId}/answers`,
    { method: "POST", body: JSON.stringify(body) },
  );
const versionNames = async (documentId: string) =>
  (
    await api<{ versions: Array<{ id: string; name: string; createdBy: string }> }>(
      server.url,
      tokens.cora!,
      `/api/documents/${documentId}/versions`,
    )
  ).body.versions;
const auditOf = async (documentId: string) =>
  (
    await api<{ events: Array<{ type: string; actorName: string; data: Record<string, unknown> }> }>(
      server.url,
      tokens.cora!,
      `/api/audit?documentId=${documentId}`,
    )
  ).body.events;

/** A Remix route's loader data, as the browser gets it. */
async function routeData<T>(pathname: string, routeId: string, who: string): Promise<T> {
  const response = await fetch(`${server.url}${pathname}?_data=${encodeURIComponent(routeId)}`, {
    headers: { cookie: `copress_session=${tokens[who]}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** A page's form action, as the browser posts it (same origin, session cookie). */
async function pageForm(
  pathname: string,
  routeId: string,
  who: string,
  fields: Record<string, string>,
): Promise<{ status: number; data: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${pathname}?_data=${encodeURIComponent(routeId)}`, {
    method: "POST",
    headers: {
      cookie: `copress_session=${tokens[who]}`,
      origin: server.url,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, data: (await response.json()) as Record<string, unknown> };
}

async function open(documentId: string, who: string): Promise<SyncClient> {
  const client = connect(server.url, documentId, tokens[who]!);
  clients.push(client);
  await waitForSync(client);
  return client;
}

const sectionsOf = (client: SyncClient) => client.doc.getXmlFragment("content").toArray() as Y.XmlElement[];

beforeAll(async () => {
  server = await startServer();
  for (const name of ["cora", "wren", "will", "dana", "abi", "alex", "vic"]) {
    tokens[name] = await signIn(server.url, name);
    ids[name] = (await api<{ user: { id: string } }>(server.url, tokens[name]!, "/api/session")).body.user.id;
  }
  leaflet = await documentIdByTitle(server.url, tokens.cora!, "Women's Rights");
  guide = await documentIdByTitle(server.url, tokens.cora!, "Guide to Child Protection and Care Proceedings");
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

describe("change requests", () => {
  let requestId: string;
  let homeId: string;

  it("reach the writer who asked for sign-off and the owner of the section, with the approver's words; a version is saved at each request", async () => {
    const asked = await api<{ id: string; versionId: string }>(
      server.url,
      tokens.wren!,
      `/api/documents/${leaflet}/review-requests`,
      { method: "POST", body: JSON.stringify({ message: "Ready for you, Abi — thank you!" }) },
    );
    expect(asked.status).toBe(201);
    const afterRequest = await versionNames(leaflet);
    expect(afterRequest[0]).toMatchObject({
      id: asked.body.versionId,
      name: expect.stringMatching(/^Wren.* asked for sign-off \(\d{1,2} [A-Z][a-z]{2}, \d\d:\d\d\)$/),
    });

    const view = await open(leaflet, "cora");
    homeId = String(sectionTitled(view.doc, "Your home").getAttribute("id"));
    expect(sectionTitled(view.doc, "Your home").getAttribute("owner")).toBe(ids.will);
    const before = { cora: (await notificationsOf("cora")).length, dana: (await notificationsOf("dana")).length };

    const words = "Please add Shelter's phone number, so people know who to call.";
    const decided = await decide("abi", leaflet, {
      scope: "content",
      decision: "changes",
      hash: await hashOf(leaflet),
      comment: words,
      sectionIds: [homeId],
    });
    expect(decided.status).toBe(201);
    requestId = decided.body.changeRequestId!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    // The writer who asked for sign-off and the section's owner hear it, in the approver's words and with the section.
    for (const who of ["wren", "will"]) {
      const told = (await notificationsOf(who)).find((n) => n.kind === "change-request");
      expect(told, who).toBeDefined();
      expect(told!.message).toContain(words);
      expect(told!.message).toContain("“Your home”");
      expect(told!.message).toMatch(/^Abi.* asked for changes to the words of “Women's Rights”/);
      expect(told!.link).toBe(`/documents/${leaflet}#change-request-${requestId}`);
    }
    // Nobody else: not the approver, not other writers or the designer when an owned section is named.
    expect((await notificationsOf("abi")).some((n) => n.kind === "change-request")).toBe(false);
    expect((await notificationsOf("cora")).length).toBe(before.cora);
    expect((await notificationsOf("dana")).length).toBe(before.dana);

    // A version was saved for the request, named for it.
    const versions = await versionNames(leaflet);
    expect(versions[0]!.name).toMatch(/^Abi.* asked for changes \(\d{1,2} [A-Z][a-z]{2}, \d\d:\d\d\)$/);
    expect(versions[0]!.createdBy).toMatch(/^Abi/);

    // The request as everyone reads it: the API, the sign-off page and the editor page.
    const [listed] = await changeRequests(leaflet, "vic");
    expect(listed).toMatchObject({
      id: requestId,
      scope: "content",
      status: "open",
      message: words,
      sections: [{ id: homeId, title: "Your home" }],
      versionId: versions[0]!.id,
      answers: [],
    });
    expect(listed!.by.name).toMatch(/^Abi/);
    const review = await routeData<{
      changeRequests: ChangeRequest[];
      latestReviewRequest: { message: string; by: string };
    }>(`/documents/${leaflet}/review`, "routes/documents.$id_.review", "wren");
    expect(review.latestReviewRequest).toMatchObject({ message: "Ready for you, Abi — thank you!" });
    expect(review.changeRequests.map((r) => [r.id, r.status])).toEqual([[requestId, "open"]]);
    const editor = await routeData<{ changeRequests: ChangeRequest[] }>(
      `/documents/${leaflet}`,
      "routes/documents.$id",
      "will",
    );
    expect(editor.changeRequests.map((r) => [r.id, r.message, r.sections[0]!.title])).toEqual([
      [requestId, words, "Your home"],
    ]);

    // And in the history.
    const event = (await auditOf(leaflet)).find((e) => e.type === "approval.changes_requested");
    expect(event?.data).toMatchObject({
      comment: words,
      sectionIds: [homeId],
      changeRequestId: requestId,
      versionId: versions[0]!.id,
    });
  });

  it("refuses bad answers and changes nothing: wrong role, no words, unknown kind, unknown request", async () => {
    expect((await answer("vic", leaflet, requestId, { kind: "reply", note: "Hello" })).status).toBe(403);
    expect((await answer("dana", leaflet, requestId, { kind: "done", note: "" })).status).toBe(403);
    expect((await answer("abi", leaflet, requestId, { kind: "done", note: "" })).status).toBe(403);
    const empty = await answer("will", leaflet, requestId, { kind: "reply", note: "   " });
    expect(empty.status).toBe(400);
    expect(empty.body.error!.details!.fields!.note![0]).toBe("Write your reply.");
    expect((await answer("will", leaflet, requestId, { kind: "approve", note: "x" })).status).toBe(400);
    expect((await answer("will", leaflet, requestId, { kind: "done", note: "x".repeat(1001) })).status).toBe(400);
    expect((await answer("will", leaflet, "no-such-request", { kind: "done" })).status).toBe(404);
    expect((await answer("will", guide, requestId, { kind: "done" })).status).toBe(404); // the request of another document
    const [unchanged] = await changeRequests(leaflet);
    expect(unchanged).toMatchObject({ status: "open", answers: [] });
  });

  it("is answered in place: replies go both ways, “done” tells the approver and shows as answered", async () => {
    const abiBefore = (await notificationsOf("abi")).filter((n) => n.kind === "change-request-answer").length;
    expect(
      (await answer("will", leaflet, requestId, { kind: "reply", note: "Which number — the helpline?" })).status,
    ).toBe(201);
    await eventually(async () =>
      expect((await notificationsOf("abi")).filter((n) => n.kind === "change-request-answer").length).toBe(
        abiBefore + 1,
      ),
    );
    expect((await notificationsOf("abi"))[0]!.message).toMatch(
      /^Will.* replied to the change you asked for on “Women's Rights”: “Which number — the helpline\?”$/,
    );

    // Abi replies from the sign-off page's form (the page action shared with the editor page).
    const empty = await pageForm(`/documents/${leaflet}/review`, "routes/documents.$id_.review", "abi", {
      intent: "answer",
      requestId,
      kind: "reply",
      note: "",
    });
    expect(empty.status).toBe(400);
    expect(empty.data).toMatchObject({ ok: false, requestId, fields: { note: "Write your reply." } });
    const replied = await pageForm(`/documents/${leaflet}/review`, "routes/documents.$id_.review", "abi", {
      intent: "answer",
      requestId,
      kind: "reply",
      note: "Yes, the free helpline.",
    });
    expect(replied).toMatchObject({ status: 200, data: { ok: true, requestId, message: "Your reply has been sent." } });
    const willTold = (await notificationsOf("will")).find((n) => n.kind === "change-request-answer");
    expect(willTold!.message).toMatch(
      /^Abi.* replied about the change they asked for on “Women's Rights”: “Yes, the free helpline\.”$/,
    );
    expect((await notificationsOf("wren")).some((n) => n.kind === "change-request-answer")).toBe(true); // she asked for sign-off

    // Will marks it done from the editor page's form.
    const done = await pageForm(`/documents/${leaflet}`, "routes/documents.$id", "will", {
      intent: "answer",
      requestId,
      kind: "done",
      note: "Added 0808 800 4444 to Your home.",
    });
    expect(done).toMatchObject({ status: 200, data: { ok: true, requestId } });
    const abiTold = (await notificationsOf("abi"))[0]!;
    expect(abiTold.kind).toBe("change-request-answer");
    expect(abiTold.message).toMatch(
      /^Will.* says the change you asked for on “Women's Rights” is done: “Added 0808 800 4444 to Your home\.”$/,
    );
    expect(abiTold.link).toBe(`/documents/${leaflet}/review#change-request-${requestId}`);
    // The answer waits on her "For you" until she has read it.
    expect((await forYou("abi")).mentions.find((n) => n.kind === "change-request-answer")?.message).toBe(
      abiTold.message,
    );

    const [answered] = await changeRequests(leaflet);
    expect(answered!.status).toBe("done");
    expect(answered!.answers.map((a) => a.kind)).toEqual(["reply", "reply", "done"]);

    // Answered once is answered: a second "done" or a reply is refused and changes nothing.
    const again = await answer("wren", leaflet, requestId, { kind: "done", note: "Me too" });
    expect(again.status).toBe(409);
    expect(again.body.error!.code).toBe("change_request_closed");
    expect((await changeRequests(leaflet))[0]!.answers).toHaveLength(3);
    expect((await auditOf(leaflet)).filter((e) => e.type === "change_request.answered")).toHaveLength(3);
  });

  it("stays open until the approver's next decision on that part; a request naming no section tells everyone who can make the change", async () => {
    const first = await decide("abi", leaflet, {
      scope: "content",
      decision: "changes",
      hash: await hashOf(leaflet),
      comment: "Shorter sentences, please.",
    });
    expect(first.status).toBe(201);
    for (const who of ["cora", "wren", "will"]) {
      expect(
        (await notificationsOf(who)).some(
          (n) =>
            n.kind === "change-request" &&
            n.message.includes("Shorter sentences, please.") &&
            n.message.includes("Women's Rights"),
        ),
        who,
      ).toBe(true);
    }
    expect((await notificationsOf("dana")).some((n) => n.kind === "change-request")).toBe(false);

    // A design request goes to the people who design (and the writer who asked for sign-off).
    const design = await decide("alex", leaflet, {
      scope: "design",
      decision: "changes",
      hash: await hashOf(leaflet),
      comment: "The green is hard to read.",
    });
    expect(design.status).toBe(201);
    const danaTold = (await notificationsOf("dana")).find((n) => n.kind === "change-request");
    expect(danaTold!.message).toMatch(
      /asked for changes to the design of “Women's Rights”: “The green is hard to read\.”/,
    );
    expect(danaTold!.link).toBe(`/documents/${leaflet}/review#change-request-${design.body.changeRequestId}`);
    expect((await notificationsOf("will")).some((n) => n.message.includes("The green is hard to read."))).toBe(false);

    // Abi decides again on the words: her open request on the words closes; Alex's on the design stays open.
    const approved = await decide("abi", leaflet, {
      scope: "content",
      decision: "approve",
      hash: await hashOf(leaflet),
      comment: "",
    });
    expect(approved.status).toBe(201);
    const all = await changeRequests(leaflet);
    expect(all.find((r) => r.id === first.body.changeRequestId)!.status).toBe("closed");
    expect(all.find((r) => r.id === design.body.changeRequestId)!.status).toBe("open");
    const closedAnswer = await answer("wren", leaflet, first.body.changeRequestId!, { kind: "done" });
    expect(closedAnswer.status).toBe(409);
    expect((await auditOf(leaflet)).find((e) => e.type === "approval.approved")!.data.closedChangeRequests).toEqual([
      first.body.changeRequestId,
    ]);
  });

  it("refuses sections that are not in the document, and changes nothing", async () => {
    const count = (await changeRequests(guide)).length;
    const refused = await decide("abi", guide, {
      scope: "content",
      decision: "changes",
      hash: await hashOf(guide),
      comment: "This one",
      sectionIds: ["s-not-there"],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error!.details!.fields!.sectionIds).toBeDefined();
    expect((await changeRequests(guide)).length).toBe(count);
    expect(
      (await api<{ approvals: unknown[] }>(server.url, tokens.cora!, `/api/documents/${guide}/approvals`)).body
        .approvals,
    ).toHaveLength(0);
  });
});

describe("the sign-off page", () => {
  it("shows what changed since the approver's last decision of any kind — here a request for changes, with no approval ever", async () => {
    const writer = await open(guide, "wren");
    const before = await routeData<{ sinceLastDecision: { content: null } }>(
      `/documents/${guide}/review`,
      "routes/documents.$id_.review",
      "abi",
    );
    expect(before.sinceLastDecision.content).toBeNull();

    const asked = await decide("abi", guide, {
      scope: "content",
      decision: "changes",
      hash: await hashOf(guide),
      comment: "Say who to call first.",
    });
    expect(asked.status).toBe(201);
    typeInSection(writer.doc, 0, "Call our helpline first. ");
    await eventually(async () => {
      const review = await routeData<{
        sinceLastDecision: {
          content: {
            decision: string;
            content: Array<{ title: string; change: string; parts: Array<{ value: string; added?: boolean }> }>;
          };
        };
      }>(`/documents/${guide}/review`, "routes/documents.$id_.review", "abi");
      const since = review.sinceLastDecision.content;
      expect(since.decision).toBe("changes");
      const changed = since.content.filter((s) => s.change !== "unchanged");
      expect(changed).toHaveLength(1);
      expect(changed[0]!.parts.filter((p) => p.added).map((p) => p.value.trim())).toEqual(["Call our helpline first."]);
      // Every section is there to read, not only the changed one.
      expect(since.content.length).toBeGreaterThan(1);
    });
  });
});

describe("hand-overs", () => {
  it("tell the new owner, with the note; taking a section yourself tells nobody", async () => {
    const wren = await open(guide, "wren");
    const section = sectionsOf(wren).find(
      (s) => s.getAttribute("owner") === ids.wren && s.getAttribute("status") !== "done",
    )!;
    const title = String(section.getAttribute("title"));
    const willBefore = (await notificationsOf("will")).length;
    wren.doc.transact(() => {
      section.setAttribute("owner", ids.will!);
      section.setAttribute("handoverNote", "I'm away next week. The last paragraph needs the court's address.");
    });
    await eventually(async () => {
      const told = (await notificationsOf("will")).find((n) => n.kind === "handover");
      expect(told?.message).toMatch(/^Wren.* handed /);
      expect(told!.message.replace(/^Wren.*? handed /, "")).toBe(
        `“${title}” in “Guide to Child Protection and Care Proceedings” over to you: “I'm away next week. The last paragraph needs the court's address.”`,
      );
      expect(told?.link).toBe(`/documents/${guide}`);
    });
    expect((await notificationsOf("will")).length).toBe(willBefore + 1);
    const handedOver = (await auditOf(guide)).find((e) => e.type === "section.handed_over");
    expect(handedOver).toMatchObject({
      data: {
        title,
        from: ids.wren,
        to: ids.will,
        note: "I'm away next week. The last paragraph needs the court's address.",
      },
    });
    expect(handedOver!.actorName).toMatch(/^Wren/);

    // Will sees it in "For you", with the note; Wren no longer has the section there.
    await eventually(async () => {
      const his = await forYou("will");
      expect(his.handovers.find((h) => h.documentId === guide && h.sectionTitle === title)).toMatchObject({
        note: "I'm away next week. The last paragraph needs the court's address.",
        link: expect.stringMatching(new RegExp(`^/documents/${guide}\\?section=s-`)),
      });
      // Listed once, as handed over: not counted again among his sections while it is news.
      expect(his.sections.some((s) => s.documentId === guide && s.title === title)).toBe(false);
      expect((await forYou("wren")).sections.some((s) => s.documentId === guide && s.title === title)).toBe(false);
    });

    // Once Will opens the document, the hand-over is no longer news; the section stays in his list until it is done.
    const page = await fetch(`${server.url}/documents/${guide}`, {
      headers: { cookie: `copress_session=${tokens.will}` },
    });
    expect(page.status).toBe(200);
    const after = await forYou("will");
    expect(after.handovers.some((h) => h.documentId === guide && h.sectionTitle === title)).toBe(false);
    expect(after.sections.some((s) => s.documentId === guide && s.title === title)).toBe(true);

    // The same through the editor people use: the sections panel's hand-over (a TipTap transaction).
    const editor = await openEditor(server.url, leaflet, tokens.wren!, {
      userId: ids.wren!,
      canEditContent: true,
      isCoordinator: false,
    });
    clients.push(editor);
    const work = listSections(editor.editor.state.doc).find((s) => s.title === "Your rights at work")!;
    expect(work.owner).toBe(ids.wren);
    expect(
      updateSection(editor.editor, work.id, { owner: ids.will!, handoverNote: "Over to you, Will — thank you!" }),
    ).toBe(true);
    await eventually(async () => {
      const told = (await notificationsOf("will")).find(
        (n) => n.kind === "handover" && n.message.includes("“Your rights at work”"),
      );
      expect(told?.message).toMatch(
        /^Wren.* handed “Your rights at work” in “Women's Rights” over to you: “Over to you, Will — thank you!”$/,
      );
    });

    // Will takes an unowned section for himself: nobody is told.
    const will = await open(guide, "will");
    const unowned = sectionsOf(will).find((s) => !s.getAttribute("owner"))!;
    const count = (await notificationsOf("will")).length;
    will.doc.transact(() => unowned.setAttribute("owner", ids.will!));
    await eventually(async () =>
      expect((await auditOf(guide)).filter((e) => e.type === "section.handed_over")).toHaveLength(2),
    );
    expect((await notificationsOf("will")).length).toBe(count);
    expect((await forYou("will")).handovers.some((h) => h.sectionTitle === unowned.getAttribute("title"))).toBe(false);
  });
});

describe("For you", () => {
  it("lists each kind for each person, links to where to act, and shows nothing of another workspace", async () => {
    // A new document with owners: section 1 Wren's, section 2 Will's, section 3 Wren's and done.
    const made = await api<{ id: string }>(server.url, tokens.cora!, "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: "Know your rights", templateId: "a5-booklet" }),
    });
    expect(made.status).toBe(201);
    const doc = made.body.id;
    const cora = await open(doc, "cora");
    const [first, second, third] = sectionsOf(cora);
    cora.doc.transact(() => {
      first!.setAttribute("owner", ids.wren!);
      second!.setAttribute("owner", ids.will!);
      third!.setAttribute("owner", ids.wren!);
      third!.setAttribute("status", "done");
    });
    // Handed to her by Cora: listed once, as handed over (not again among her sections while it is news), and the
    // link opens the editor at the section.
    const firstId = String(first!.getAttribute("id"));
    await eventually(async () =>
      expect((await forYou("wren")).handovers.some((h) => h.documentId === doc && h.sectionId === firstId)).toBe(true),
    );
    const wrenNow = await forYou("wren");
    expect(wrenNow.handovers.find((h) => h.documentId === doc && h.sectionId === firstId)).toMatchObject({
      sectionId: first!.getAttribute("id"),
      link: `/documents/${doc}?section=${encodeURIComponent(String(first!.getAttribute("id")))}`,
    });
    expect(wrenNow.sections.filter((s) => s.documentId === doc)).toEqual([]);
    // Once she has opened the document, it is one of her sections to finish.
    await fetch(`${server.url}/documents/${doc}`, { headers: { cookie: `copress_session=${tokens.wren}` } });
    const wrenSections = (await forYou("wren")).sections.filter((s) => s.documentId === doc);
    expect(wrenSections).toHaveLength(1);
    expect(wrenSections[0]).toMatchObject({
      sectionId: first!.getAttribute("id"),
      status: "drafting",
      link: `/documents/${doc}?section=${encodeURIComponent(String(first!.getAttribute("id")))}`,
    });

    // Wren asks for sign-off; Abi asks for changes to Will's section.
    expect(
      (
        await api(server.url, tokens.wren!, `/api/documents/${doc}/review-requests`, {
          method: "POST",
          body: JSON.stringify({ message: "Have a look please" }),
        })
      ).status,
    ).toBe(201);
    const abiWaiting = (await forYou("abi")).signoffs.find((s) => s.documentId === doc);
    expect(abiWaiting).toMatchObject({
      scopes: ["content", "design"],
      message: "Have a look please",
      link: `/documents/${doc}/review`,
    });
    expect(abiWaiting!.requestedBy).toMatch(/^Wren/);
    const asked = await decide("abi", doc, {
      scope: "content",
      decision: "changes",
      hash: await hashOf(doc),
      comment: "Explain “tenancy”.",
      sectionIds: [String(second!.getAttribute("id"))],
    });
    expect(asked.status).toBe(201);

    // Abi has decided on the words of this version: only the design still waits for her. Alex waits for both.
    expect((await forYou("abi")).signoffs.find((s) => s.documentId === doc)!.scopes).toEqual(["design"]);
    expect((await forYou("alex")).signoffs.find((s) => s.documentId === doc)!.scopes).toEqual(["content", "design"]);
    for (const who of ["wren", "will", "dana", "cora", "vic"])
      expect(
        (await forYou(who)).signoffs.some((s) => s.documentId === doc),
        who,
      ).toBe(false);

    // The change request concerns Wren (she asked for sign-off) and Will (his section), nobody else.
    for (const who of ["wren", "will"]) {
      const theirs = (await forYou(who)).changeRequests.find((r) => r.id === asked.body.changeRequestId);
      expect(theirs, who).toMatchObject({
        documentId: doc,
        documentTitle: "Know your rights",
        message: "Explain “tenancy”.",
        link: `/documents/${doc}#change-request-${asked.body.changeRequestId}`,
      });
    }
    for (const who of ["cora", "dana", "abi", "alex", "vic"])
      expect(
        (await forYou(who)).changeRequests.some((r) => r.id === asked.body.changeRequestId),
        who,
      ).toBe(false);

    // A comment by Will on Wren's section mentioning @dana: Wren sees a comment, Dana a mention. A new document's
    // paragraphs hold only template hints, so Cora writes some words to comment on first.
    const paragraph = first!
      .toArray()
      .find((n) => n instanceof Y.XmlElement && n.nodeName === "paragraph") as Y.XmlElement;
    paragraph.insert(0, [new Y.XmlText("Words to comment on.")]);
    await eventually(async () =>
      expect(
        JSON.stringify(
          (await api<{ content: unknown }>(server.url, tokens.cora!, `/api/documents/${doc}`)).body.content,
        ),
      ).toContain("Words to comment on."),
    );
    const at = (index: number) =>
      Buffer.from(
        Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(paragraph.get(0) as Y.XmlText, index)),
      ).toString("base64");
    const comment = await api(server.url, tokens.will!, `/api/documents/${doc}/comments`, {
      method: "POST",
      body: JSON.stringify({
        sectionId: first!.getAttribute("id"),
        anchor: at(0),
        head: at(3),
        quote: "",
        text: "Could this be shorter? @dana can we add a picture?",
      }),
    });
    expect(comment.status).toBe(201);
    expect((await forYou("wren")).mentions.find((m) => m.documentId === doc)).toMatchObject({ kind: "comment" });
    expect((await forYou("dana")).mentions.find((m) => m.documentId === doc)).toMatchObject({ kind: "mention" });
    expect((await forYou("will")).mentions.some((m) => m.documentId === doc)).toBe(false);

    // The document list says what waits for each person, and who started the document.
    const list = await routeData<{
      waiting: Record<
        string,
        { sections: number; handovers: number; changeRequests: number; signoff: string[]; mentions: number }
      >;
      makers: Record<string, string>;
    }>("/documents", "routes/documents._index", "will");
    // Will's section was handed to him by Cora and he has not opened the document since: counted once, as handed over.
    expect(list.waiting[doc]).toMatchObject({ sections: 0, handovers: 1, changeRequests: 1, signoff: [] });
    expect(list.makers[doc]).toMatch(/^Cora/);
    expect(
      (
        await routeData<{ waiting: Record<string, { signoff: string[] }> }>(
          "/documents",
          "routes/documents._index",
          "alex",
        )
      ).waiting[doc]!.signoff,
    ).toEqual(["content", "design"]);

    // Another workspace: Olga's own things only, and none of ours; ours never shows hers.
    createWorkspace(server, "Other Charity", "olga", "another-long-password", "Olga");
    tokens.olga = await signIn(server.url, "olga", "another-long-password");
    ids.olga = (await api<{ user: { id: string } }>(server.url, tokens.olga, "/api/session")).body.user.id;
    const hers = await api<{ id: string }>(server.url, tokens.olga, "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: "Know your rights", templateId: "a5-booklet" }),
    });
    const olga = await open(hers.body.id, "olga");
    olga.doc.transact(() => sectionsOf(olga)[0]!.setAttribute("owner", ids.olga!));
    expect(
      (
        await api(server.url, tokens.olga, `/api/documents/${hers.body.id}/review-requests`, {
          method: "POST",
          body: JSON.stringify({ message: "Mine" }),
        })
      ).status,
    ).toBe(201);
    await eventually(async () =>
      expect((await forYou("olga")).sections.map((s) => s.documentId)).toEqual([hers.body.id]),
    );
    const olgas = await forYou("olga");
    expect([...olgas.handovers, ...olgas.signoffs, ...olgas.changeRequests, ...olgas.mentions]).toEqual([]);
    const demoDocuments = new Set(
      (await api<{ documents: Array<{ id: string }> }>(server.url, tokens.cora!, "/api/documents")).body.documents.map(
        (d) => d.id,
      ),
    );
    for (const who of ["cora", "wren", "will", "dana", "abi", "alex", "vic"]) {
      const theirs = await forYou(who);
      const documentIds = [...theirs.sections, ...theirs.handovers, ...theirs.signoffs, ...theirs.changeRequests].map(
        (item) => item.documentId,
      );
      expect(
        documentIds.every((id) => demoDocuments.has(id)),
        who,
      ).toBe(true);
    }
    expect((await answer("olga", leaflet, asked.body.changeRequestId!, { kind: "reply", note: "Hi" })).status).toBe(
      404,
    );
    expect((await api(server.url, tokens.olga, `/api/documents/${doc}/change-requests`)).status).toBe(404);
    expect((await api(server.url, null, "/api/for-you")).status).toBe(401);
    expect((await api(server.url, tokens.cora!, "/api/for-you", { method: "POST", body: "{}" })).status).toBe(405);
  });
});
