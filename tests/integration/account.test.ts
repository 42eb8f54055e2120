import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, connect, documentIdByTitle, eventually, firstWordsAnchor, signIn, waitForSync } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
  await removeDataDir(server.dataDir);
});

function formPost(pathname: string, fields: Record<string, string>, token: string) {
  return fetch(`${server.url}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: server.url,
      cookie: `copress_session=${token}`,
    },
    body: new URLSearchParams(fields),
  });
}

describe("your data", () => {
  it("can be downloaded, and deleting the account keeps the words under “A former member”", async () => {
    const will = await signIn(server.url, "will");
    const leaflet = await documentIdByTitle(server.url, will, "Women's Rights");

    // Will comments through the comments API, as the editor does, on the first words of a section.
    const client = connect(server.url, leaflet, will);
    await waitForSync(client);
    const thread = await api<{ id: string }>(server.url, will, `/api/documents/${leaflet}/comments`, {
      method: "POST",
      body: JSON.stringify({
        ...firstWordsAnchor(client.doc, 0, 4),
        quote: "",
        text: "Shall we add the helpline number here?",
      }),
    });
    expect(thread.status).toBe(201);
    await eventually(async () => {
      const exported = await api<{
        account: { username: string };
        memberships: Array<{ roles: string[] }>;
        comments: Array<{ text: string }>;
      }>(server.url, will, "/api/account");
      expect(exported.body.account.username).toBe("will");
      expect(exported.body.memberships[0]!.roles).toEqual(["writer"]);
      expect(exported.body.comments.map((c) => c.text)).toContain("Shall we add the helpline number here?");
    });
    client.destroy();

    const wrong = await formPost("/account", { intent: "delete-account", confirmPassword: "not my password" }, will);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("That isn&#x27;t your password.");

    const deleted = await formPost("/account", { intent: "delete-account", confirmPassword: "copress-demo" }, will);
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("location")).toBe("/login?deleted=1");
    expect((await api(server.url, will, "/api/session")).status).toBe(401);
    expect(
      (
        await api(server.url, null, "/api/session", {
          method: "POST",
          body: JSON.stringify({ username: "will", password: "copress-demo" }),
        })
      ).status,
    ).toBe(401);

    const reader = connect(server.url, leaflet, await signIn(server.url, "wren"));
    await waitForSync(reader);
    await eventually(() => {
      const message = (
        (reader.doc.getMap("comments").get(thread.body.id) as Y.Map<unknown>).get("messages") as Y.Array<{
          authorName: string;
          text: string;
        }>
      ).get(0);
      expect(message.authorName).toBe("A former member");
      expect(message.text).toBe("Shall we add the helpline number here?");
    });
    reader.destroy();
  });

  it("the last coordinator cannot delete their account", async () => {
    const cora = await signIn(server.url, "cora");
    const refused = await formPost("/account", { intent: "delete-account", confirmPassword: "copress-demo" }, cora);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("only coordinator");
    expect((await api(server.url, cora, "/api/session")).status).toBe(200);
  });
});
