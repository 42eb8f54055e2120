import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, closeCodeOf, documentIdByTitle, signIn } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";
import { openStoreOf } from "../helpers/store";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
  await removeDataDir(server.dataDir);
});

/** A browser-like form post: session cookie plus our own Origin. */
async function formPost(
  pathname: string,
  fields: Record<string, string | string[]>,
  cookieToken?: string,
  origin = server.url,
) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return fetch(`${server.url}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin,
      ...(cookieToken ? { cookie: `copress_session=${cookieToken}` } : {}),
    },
    body,
  });
}

async function makeInvite(coraToken: string, roles: string[]): Promise<string> {
  const response = await formPost("/members", { intent: "invite", roles }, coraToken);
  const html = await response.text();
  const match = /\/invite\/([A-Za-z0-9_-]{40,})/.exec(html);
  if (!match) throw new Error(`No invite link in the page (status ${response.status})`);
  return match[1]!;
}

describe("signing in", () => {
  it("refuses a wrong password with a kind message and a stable code", async () => {
    const { status, body } = await api<{ error: { code: string; message: string } }>(server.url, null, "/api/session", {
      method: "POST",
      body: JSON.stringify({ username: "wren", password: "wrong" }),
    });
    expect(status).toBe(401);
    expect(body.error.code).toBe("wrong_credentials");
    expect(body.error.message).toMatch(/didn't match/);
  });

  it("refuses a body that is not JSON", async () => {
    const { status, body } = await api<{ error: { code: string } }>(server.url, null, "/api/session", {
      method: "POST",
      body: "username=x",
      headers: { "content-type": "text/plain" },
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe("bad_request");
  });

  it("throttles repeated failures for one account, even with the right password afterwards", async () => {
    for (let i = 0; i < 5; i++) {
      await api(server.url, null, "/api/session", {
        method: "POST",
        body: JSON.stringify({ username: "alex", password: `guess-${i}` }),
      });
    }
    const response = await fetch(`${server.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "alex", password: "copress-demo" }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    // Other accounts are unaffected.
    expect(await signIn(server.url, "abi")).toBeTruthy();
  });

  it("signing out revokes the token for HTTP and for live sync", async () => {
    const token = await signIn(server.url, "will");
    const documentId = await documentIdByTitle(server.url, token, "Women's Rights");
    expect((await api(server.url, token, "/api/session")).status).toBe(200);
    expect((await api(server.url, token, "/api/session", { method: "DELETE" })).status).toBe(200);
    expect((await api(server.url, token, "/api/session")).status).toBe(401);
    expect((await api(server.url, token, "/api/documents")).status).toBe(401);
    expect(await closeCodeOf(`${server.url.replace("http", "ws")}/sync/${documentId}?token=${token}`)).toBe(4401);
  });

  it("sets an HttpOnly, SameSite=Lax session cookie", async () => {
    const response = await fetch(`${server.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "dana", password: "copress-demo" }),
    });
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^copress_session=/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
  });
});

describe("cross-site requests", () => {
  it("a form post from another site is refused and changes nothing", async () => {
    const cora = await signIn(server.url, "cora");
    const before = (await api<{ documents: unknown[] }>(server.url, cora, "/api/documents")).body.documents.length;
    const response = await formPost(
      "/documents",
      { title: "Sneaky", templateId: "a5-booklet" },
      cora,
      "https://evil.example",
    );
    expect(response.status).toBe(403);
    const after = (await api<{ documents: unknown[] }>(server.url, cora, "/api/documents")).body.documents.length;
    expect(after).toBe(before);
  });

  it("the same form post from our own pages works", async () => {
    const cora = await signIn(server.url, "cora");
    const response = await formPost(
      "/documents",
      { title: "Easy Read housing guide", templateId: "a4-easy-read" },
      cora,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/documents\/[0-9a-f-]{36}$/);
  });
});

describe("invite links", () => {
  it("join a person with the invited role, once", async () => {
    const cora = await signIn(server.url, "cora");
    const token = await makeInvite(cora, ["writer", "designer"]);
    const joined = await formPost(`/invite/${token}`, {
      displayName: "Nia",
      username: "nia",
      password: "a long enough password",
    });
    expect(joined.status).toBe(302);
    expect(joined.headers.get("set-cookie")).toMatch(/copress_session=/);
    // A group invite lands on the list of documents, with a welcome for what Nia may do there.
    expect(joined.headers.get("location")).toBe("/documents?welcome");
    const session = /copress_session=([^;]+)/.exec(joined.headers.get("set-cookie") ?? "")![1]!;
    const list = await (
      await fetch(`${server.url}/documents?welcome`, { headers: { cookie: `copress_session=${session}` } })
    ).text();
    expect(list).toContain("Welcome to Demo Charity, Nia");
    expect(list).toContain("Below are the documents your group is working on.");
    expect(list).toContain("Design, at the top of each document");
    const nia = await signIn(server.url, "nia", "a long enough password");
    const me = await api<{ roles: string[]; workspace: { name: string } }>(server.url, nia, "/api/session");
    expect(me.body.roles.sort()).toEqual(["designer", "writer"]);
    expect(me.body.workspace.name).toBe("Demo Charity");

    const again = await formPost(`/invite/${token}`, {
      displayName: "Mallory",
      username: "mallory",
      password: "a long enough password",
    });
    expect(again.status).toBe(410);
    expect(
      (
        await api(server.url, null, "/api/session", {
          method: "POST",
          body: JSON.stringify({ username: "mallory", password: "a long enough password" }),
        })
      ).status,
    ).toBe(401);
  });

  it("an expired link cannot be used", async () => {
    const cora = await signIn(server.url, "cora");
    const token = await makeInvite(cora, ["writer"]);
    const store = await openStoreOf(server.dataDir);
    await sql`UPDATE invites SET expires_at = '2000-01-01T00:00:00.000Z' WHERE used_at IS NULL`.execute(store.db);
    await store.close();
    const page = await fetch(`${server.url}/invite/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("expired");
    const joined = await formPost(`/invite/${token}`, {
      displayName: "Late",
      username: "late",
      password: "a long enough password",
    });
    expect(joined.status).toBe(410);
  });

  it("a bad new account is refused with the reason and the invite stays usable", async () => {
    const cora = await signIn(server.url, "cora");
    const token = await makeInvite(cora, ["viewer"]);
    const short = await formPost(`/invite/${token}`, { displayName: "Pat", username: "pat", password: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("at least 10 characters");
    const taken = await formPost(`/invite/${token}`, {
      displayName: "Pat",
      username: "wren",
      password: "a long enough password",
    });
    expect(taken.status).toBe(409);
    // The page says what a username may hold, and exactly that is accepted.
    const form = (await (await fetch(`${server.url}/invite/${token}`)).text()).replace(/&#x27;|&#39;/g, "'");
    expect(form).toContain(
      "You'll use this to sign in. 3 to 40 characters: the letters a to z, numbers, dots, dashes or underscores (no spaces or accents).",
    );
    const spaced = await formPost(`/invite/${token}`, {
      displayName: "Pat",
      username: "pat smith",
      password: "a long enough password",
    });
    expect(spaced.status).toBe(400);
    expect(await spaced.text()).toContain("Use only the letters a to z, numbers, dots, dashes or underscores");
    // A password of spaces only is refused, and the problems are listed in the form's order (name first).
    const blank = await formPost(`/invite/${token}`, { displayName: "", username: "pat", password: " ".repeat(12) });
    expect(blank.status).toBe(400);
    const problems = await blank.text();
    expect(problems).toContain("Your password needs at least 10 characters that are not spaces.");
    expect(problems.indexOf("Tell us the name to show to others.")).toBeLessThan(
      problems.indexOf("Your password needs at least 10 characters that are not spaces."),
    );
    const ok = await formPost(`/invite/${token}`, {
      displayName: "Pat",
      username: "pat.o-brien_2",
      password: "a long enough password",
    });
    expect(ok.status).toBe(302);
    expect((await signIn(server.url, "pat.o-brien_2", "a long enough password")).length).toBeGreaterThan(0);
  });

  it("only coordinators can make invites", async () => {
    const wren = await signIn(server.url, "wren");
    const response = await formPost("/members", { intent: "invite", roles: "coordinator" }, wren);
    expect(response.status).toBe(403);
  });
});

describe("members", () => {
  it("a coordinator changes roles; the last coordinator cannot be demoted", async () => {
    const cora = await signIn(server.url, "cora");
    const html = await (
      await fetch(`${server.url}/members`, { headers: { cookie: `copress_session=${cora}` } })
    ).text();
    const vicId = /Roles for Vic[^]*?name="memberId" value="([0-9a-f-]{36})"/.exec(html)?.[1];
    expect(vicId).toBeTruthy();
    const changed = await formPost("/members", { intent: "roles", memberId: vicId!, roles: ["writer"] }, cora);
    expect(changed.status).toBe(200);
    const vic = await signIn(server.url, "vic");
    expect((await api<{ roles: string[] }>(server.url, vic, "/api/session")).body.roles).toEqual(["writer"]);

    const coraId = /Roles for Cora \(coordinator\)[^]*?name="memberId" value="([0-9a-f-]{36})"/.exec(html)?.[1];
    const demote = await formPost("/members", { intent: "roles", memberId: coraId!, roles: ["writer"] }, cora);
    expect(demote.status).toBe(409);
  });
});
