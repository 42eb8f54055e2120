/**
 * Issue 12: inviting someone to one document. A coordinator makes an invite for a document with a role; the new
 * person joins through it, lands on that document with that role, and the join is recorded against the document.
 * Only coordinators may make one, only for their own workspace's documents, and each link works once.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, connect, documentIdByTitle, eventually, signIn, waitForSync } from "../helpers/clients";
import { createWorkspace } from "../helpers/hostile";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let cora: string;
let leaflet: string;
let olga: string;
let olgaDocument: string;
let serial = 0;
const PASSWORD = "a long enough password";

beforeAll(async () => {
  server = await startServer();
  cora = await signIn(server.url, "cora");
  leaflet = await documentIdByTitle(server.url, cora, "Women's Rights");
  createWorkspace(server, "Other Org", "olga", "another-long-password", "Olga");
  olga = await signIn(server.url, "olga", "another-long-password");
  olgaDocument = (
    await api<{ id: string }>(server.url, olga, "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: "Olga's leaflet", templateId: "a5-booklet" }),
    })
  ).body.id;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await removeDataDir(server.dataDir);
});

/** A browser-like form post: session cookie (if any) plus our own Origin. */
function formPost(pathname: string, fields: Record<string, string>, cookieToken?: string) {
  return fetch(`${server.url}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: server.url,
      ...(cookieToken ? { cookie: `copress_session=${cookieToken}` } : {}),
    },
    body: new URLSearchParams(fields),
  });
}

interface Invite {
  url: string;
  expiresAt: string;
  role: string;
  document: { id: string; title: string };
}

async function documentInvite(token: string, documentId: string, body: unknown) {
  return api<Invite & { error?: { code: string; message: string; details?: { fields?: Record<string, string[]> } } }>(
    server.url,
    token,
    `/api/documents/${documentId}/invites`,
    {
      method: "POST",
      body: JSON.stringify(body),
    },
  );
}

const openInvites = async (token: string, documentId: string) =>
  api<{ invites: Array<{ id: string; roles: string[]; document: { id: string; title: string } | null }> }>(
    server.url,
    token,
    `/api/documents/${documentId}/invites`,
  );

const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;

/** A page's words as a person reads them: no tags, no React text markers, entities decoded. */
const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

async function join(url: string, name?: string) {
  const username = `newcomer${++serial}`;
  name ??= `Newcomer ${serial}`;
  const response = await formPost(new URL(url).pathname, { displayName: name, username, password: PASSWORD });
  return { response, username, name };
}

describe("inviting someone to a document", () => {
  it("a coordinator makes a link with a role; the new person joins, lands on that document with that role, and it is recorded", async () => {
    const made = await documentInvite(cora, leaflet, { role: "writer" });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ role: "writer", document: { id: leaflet, title: "Women's Rights" } });
    expect(made.body.url).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{43}$`));
    const days = (Date.parse(made.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    // The coordinator sees it among this document's open links, and on the Members page with its document.
    const open = await openInvites(cora, leaflet);
    expect(open.status).toBe(200);
    expect(open.body.invites).toHaveLength(1);
    expect(open.body.invites[0]).toMatchObject({
      roles: ["writer"],
      document: { id: leaflet, title: "Women's Rights" },
    });

    // The page the newcomer sees names the document.
    const page = await fetch(made.body.url);
    expect(page.status).toBe(200);
    expect(textOf(await page.text())).toContain(
      "You've been invited to “Women's Rights”, to write. Make your account and you'll go straight to it.",
    );

    const { response, username, name } = await join(made.body.url);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/documents/${leaflet}?welcome`);
    const session = /copress_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")![1]!;
    // Signed in by joining: the document opens for them (the editor page), with a welcome saying how to start as a
    // writer, and they have exactly that role.
    const editor = await fetch(`${server.url}/documents/${leaflet}?welcome`, {
      headers: { cookie: `copress_session=${session}` },
      redirect: "manual",
    });
    expect(editor.status).toBe(200);
    const welcome = textOf(await editor.text());
    expect(welcome).toContain(`Welcome to Demo Charity, ${name}`);
    expect(welcome).toContain("You're in “Women's Rights”. Here is how to start:");
    expect(welcome).toContain("Grey words are hints from the template. Write over them.");
    // Only the first time: the same page without `?welcome` has none.
    const later = await fetch(`${server.url}/documents/${leaflet}`, {
      headers: { cookie: `copress_session=${session}` },
    });
    expect(textOf(await later.text())).not.toContain("Here is how to start");
    const newcomer = await signIn(server.url, username, PASSWORD);
    const me = await api<{ roles: string[]; workspace: { name: string } }>(server.url, newcomer, "/api/session");
    expect(me.body).toMatchObject({ roles: ["writer"], workspace: { name: "Demo Charity" } });

    // The link is used up and no longer listed; the join is in the document's history, with the document.
    expect((await openInvites(cora, leaflet)).body.invites).toHaveLength(0);
    const history = await api<{
      events: Array<{ type: string; documentId: string | null; actorName: string; data: Record<string, unknown> }>;
    }>(server.url, cora, `/api/audit?documentId=${leaflet}`);
    const types = history.body.events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(["member.invited", "member.joined"]));
    const joined = history.body.events.find((event) => event.type === "member.joined")!;
    expect(joined).toMatchObject({
      documentId: leaflet,
      actorName: name,
      data: { document: "Women's Rights", roles: ["writer"] },
    });
  });

  it("each plain choice gives its role: read only, comment and sign off, design", async () => {
    for (const role of ["viewer", "approver", "designer"] as const) {
      const made = await documentInvite(cora, leaflet, { role });
      expect(made.status).toBe(201);
      const { response, username } = await join(made.body.url);
      expect(response.headers.get("location")).toBe(`/documents/${leaflet}?welcome`);
      const me = await api<{ roles: string[] }>(
        server.url,
        await signIn(server.url, username, PASSWORD),
        "/api/session",
      );
      expect(me.body.roles).toEqual([role]);
    }
  });

  it("a link works once, even when two people use it at the same moment", async () => {
    const made = await documentInvite(cora, leaflet, { role: "writer" });
    const [first, second] = await Promise.all([join(made.body.url, "Racer one"), join(made.body.url, "Racer two")]);
    expect([first.response.status, second.response.status].sort()).toEqual([302, 410]);
    const later = await join(made.body.url);
    expect(later.response.status).toBe(410);
    expect(await later.response.text()).toContain("already been used");
    expect((await fetch(made.body.url)).status).toBe(410);
  });

  it("a cancelled link stops working, and cancelling it again finds nothing", async () => {
    const made = await documentInvite(cora, leaflet, { role: "viewer" });
    const listed = (await openInvites(cora, leaflet)).body.invites;
    const [invite] = listed;
    const cancel = await formPost(`/documents/${leaflet}/share`, { intent: "cancel", inviteId: invite!.id }, cora);
    expect(cancel.status).toBe(200);
    expect((await fetch(made.body.url)).status).toBe(404);
    expect((await join(made.body.url)).response.status).toBe(404);
    // Cancelling again finds nothing; so does cancelling a link through another document.
    expect(
      (await formPost(`/documents/${leaflet}/share`, { intent: "cancel", inviteId: invite!.id }, cora)).status,
    ).toBe(404);
    const guide = await documentIdByTitle(server.url, cora, "Guide to Child Protection and Care Proceedings");
    await documentInvite(cora, leaflet, { role: "viewer" });
    const [fresh] = (await openInvites(cora, leaflet)).body.invites;
    expect((await formPost(`/documents/${guide}/share`, { intent: "cancel", inviteId: fresh!.id }, cora)).status).toBe(
      404,
    );
    expect((await openInvites(cora, leaflet)).body.invites.map((open) => open.id)).toEqual([fresh!.id]);
    expect(
      (await formPost(`/documents/${leaflet}/share`, { intent: "cancel", inviteId: fresh!.id }, cora)).status,
    ).toBe(200);
  });

  it("only coordinators make or see document links (403); the link page for everyone else says whom to ask", async () => {
    for (const person of ["wren", "dana", "abi", "vic"]) {
      const token = await signIn(server.url, person);
      const refused = await documentInvite(token, leaflet, { role: "writer" });
      expect(refused.status, person).toBe(403);
      expect(refused.body.error?.code).toBe("forbidden");
      expect((await openInvites(token, leaflet)).status).toBe(403);
      const page = await fetch(`${server.url}/documents/${leaflet}/share`, {
        headers: { cookie: `copress_session=${token}` },
      });
      expect(page.status).toBe(200);
      const html = textOf(await page.text());
      expect(html).toContain("Ask Cora (coordinator) to invite them.");
      expect(html).not.toContain("Make a link");
      const form = await formPost(`/documents/${leaflet}/share`, { intent: "invite", role: "writer" }, token);
      expect(form.status).toBe(403);
    }
    expect((await openInvites(cora, leaflet)).body.invites).toHaveLength(0);
    expect(
      (
        await api(server.url, null, `/api/documents/${leaflet}/invites`, {
          method: "POST",
          body: JSON.stringify({ role: "writer" }),
        })
      ).status,
    ).toBe(401);
  });

  it("another workspace's document is not found (404), like a made-up one, and nothing is made", async () => {
    for (const id of [olgaDocument, randomUUID(), "not-an-id"]) {
      expect((await documentInvite(cora, id, { role: "writer" })).status, id).toBe(404);
      expect((await openInvites(cora, id)).status).toBe(404);
      expect((await formPost(`/documents/${id}/share`, { intent: "invite", role: "writer" }, cora)).status).toBe(404);
    }
    // Olga's own list is untouched, and her documents never show ours.
    expect((await openInvites(olga, olgaDocument)).body.invites).toHaveLength(0);
    expect((await documentInvite(olga, leaflet, { role: "writer" })).status).toBe(404);
  });

  it("a bad role is refused with a plain reason and makes nothing; coordinators are invited from Members only", async () => {
    const before = (await openInvites(cora, leaflet)).body.invites.length;
    for (const body of [
      { role: "coordinator" },
      { role: "Writer" },
      {},
      { role: ["writer"] },
      { role: "writer", note: "x".repeat(201) },
    ]) {
      const refused = await documentInvite(cora, leaflet, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error?.code).toBe("bad_request");
    }
    expect((await documentInvite(cora, leaflet, { role: "coordinator" })).body.error?.message).toBe(
      "Choose what they will do: write, comment and sign off, design, or read only.",
    );
    const notJson = await api<{ error: { code: string } }>(server.url, cora, `/api/documents/${leaflet}/invites`, {
      method: "POST",
      body: "role=writer",
      headers: { "content-type": "text/plain" },
    });
    expect(notJson.status).toBe(400);
    expect(
      (await formPost(`/documents/${leaflet}/share`, { intent: "invite", role: "coordinator" }, cora)).status,
    ).toBe(400);
    expect((await openInvites(cora, leaflet)).body.invites.length).toBe(before);
    expect(
      (
        await api(server.url, cora, `/api/documents/${leaflet}/invites`, {
          method: "PUT",
          body: JSON.stringify({ role: "writer" }),
        })
      ).status,
    ).toBe(405);
  });

  it("a workspace invite from Members still lands on the documents list", async () => {
    const page = await formPost("/members", { intent: "invite", roles: "writer" }, cora);
    const url = /(http:\/\/[^"<\s]+\/invite\/[A-Za-z0-9_-]{43})/.exec(await page.text())![1]!;
    const { response } = await join(url);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/documents?welcome");
    expect(tokenOf(url)).toHaveLength(43);
  });
});

describe("the layout named in every document's header", () => {
  const listed = async (id: string) =>
    (
      await api<{ documents: Array<{ id: string; templateId: string; templateName: string }> }>(
        server.url,
        cora,
        "/api/documents",
      )
    ).body.documents.find((d) => d.id === id)!;

  it("follows a template switch, and reads an older document's large print tick as the Large print template", async () => {
    const made = await api<{ id: string }>(server.url, cora, "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: "Switching layouts", templateId: "a5-booklet" }),
    });
    const designer = connect(server.url, made.body.id, await signIn(server.url, "dana"));
    try {
      await waitForSync(designer);
      // A new document stores no large print flag: the template says it.
      expect(designer.doc.getMap("design").has("largePrint")).toBe(false);
      designer.doc.getMap("design").set("templateId", "a4-trifold");
      await eventually(async () =>
        expect(await listed(made.body.id)).toMatchObject({
          templateId: "a4-trifold",
          templateName: "A4 tri-fold leaflet",
        }),
      );
      // An older document's tick box: large print, on the Large print template.
      designer.doc.getMap("design").set("largePrint", true);
      await eventually(async () =>
        expect(await listed(made.body.id)).toMatchObject({ templateId: "large-print", templateName: "Large print" }),
      );
      const page = await fetch(`${server.url}/documents/${made.body.id}/versions`, {
        headers: { cookie: `copress_session=${cora}` },
      });
      expect(textOf(await page.text())).toContain("Layout: Large print");
      // Switching (as the design page does) removes the tick, and the switch sticks.
      designer.doc.transact(() => {
        designer.doc.getMap("design").set("templateId", "a4-guide");
        designer.doc.getMap("design").delete("largePrint");
      });
      await eventually(async () => expect(await listed(made.body.id)).toMatchObject({ templateId: "a4-guide" }));
    } finally {
      designer.destroy();
    }
  });
});

describe("telling someone already here about a document (Share)", () => {
  const sharePage = (documentId: string) =>
    `/documents/${documentId}/share?_data=${encodeURIComponent("routes/documents.$id_.share")}`;
  const notificationsOf = async (token: string) =>
    (
      await api<{ notifications: Array<{ kind: string; message: string; link: string }> }>(
        server.url,
        token,
        "/api/notifications",
      )
    ).body.notifications;
  const memberIdOf = async (token: string, name: string) => {
    const page = await fetch(`${server.url}${sharePage(leaflet)}`, { headers: { cookie: `copress_session=${token}` } });
    const { share } = (await page.json()) as { share: { people: Array<{ id: string; name: string }> } };
    return share.people.find((person) => person.name.startsWith(name))!.id;
  };

  it("any member tells another, with a note; it waits under their notifications, linking the document", async () => {
    const wren = await signIn(server.url, "wren");
    const abi = await signIn(server.url, "abi");
    const abiId = await memberIdOf(wren, "Abi");
    const before = (await notificationsOf(abi)).length;
    // Wren is a writer, not a coordinator: anyone who can open the document can ask someone to look at it.
    const told = await formPost(
      sharePage(leaflet),
      { intent: "tell", memberId: abiId, note: "  Could you read the money part?  " },
      wren,
    );
    expect(told.status).toBe(200);
    expect(((await told.json()) as { message: string }).message).toBe(
      "Abi has been told. It waits for them under Notifications, with a link to this document.",
    );
    const [latest, ...rest] = await notificationsOf(abi);
    expect(rest.length).toBe(before);
    expect(latest).toMatchObject({
      kind: "shared",
      message: "Wren would like you to look at “Women's Rights”: “Could you read the money part?”",
      link: `/documents/${leaflet}`,
    });
    // Asked again at once (a double tap): told once.
    await formPost(
      sharePage(leaflet),
      { intent: "tell", memberId: abiId, note: "Could you read the money part?" },
      wren,
    );
    expect((await notificationsOf(abi)).length).toBe(before + 1);
  });

  it("refuses with a plain reason, and tells nobody: no one chosen, yourself, someone from elsewhere, a long note", async () => {
    const wren = await signIn(server.url, "wren");
    const wrenId = await memberIdOf(wren, "Wren");
    const abiId = await memberIdOf(wren, "Abi");
    const abi = await signIn(server.url, "abi");
    const before = (await notificationsOf(abi)).length;
    const olgaPage = await fetch(`${server.url}${sharePage(olgaDocument)}`, {
      headers: { cookie: `copress_session=${olga}` },
    });
    const olgaId = ((await olgaPage.json()) as { share: { people: Array<{ id: string }> } }).share.people[0]!.id;
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ memberId: "" }, 400, "Choose someone from the list."],
      [{ memberId: wrenId }, 400, "Choose someone other than you."],
      [{ memberId: olgaId }, 400, "Choose someone from the list."],
      [{ memberId: abiId, note: "x".repeat(301) }, 400, "Keep the note under 300 characters."],
    ];
    for (const [fields, status, error] of cases) {
      const response = await formPost(sharePage(leaflet), { intent: "tell", ...fields }, wren);
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toBe(error);
    }
    // Another workspace's document: not found, and Olga is not told.
    const elsewhere = await formPost(sharePage(olgaDocument), { intent: "tell", memberId: olgaId }, wren);
    expect(elsewhere.status).toBe(404);
    expect((await notificationsOf(abi)).length).toBe(before);
    expect((await notificationsOf(olga)).some((n) => n.kind === "shared")).toBe(false);
  });

  it("someone taking a break is not told, and the sharer is told why", async () => {
    const will = await signIn(server.url, "will");
    const back = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const onBreak = await formPost(
      `/account?_data=${encodeURIComponent("routes/account")}`,
      { intent: "break", until: back },
      will,
    );
    expect(onBreak.status).toBe(200);
    const wren = await signIn(server.url, "wren");
    const told = await formPost(sharePage(leaflet), { intent: "tell", memberId: await memberIdOf(wren, "Will") }, wren);
    expect(((await told.json()) as { message: string }).message).toMatch(
      /^Will is taking a break until \d+ \w+ \d{4}, so Copress won't tell them now\. Nothing was sent\.$/,
    );
    expect((await notificationsOf(will)).some((n) => n.kind === "shared")).toBe(false);
  });
});
