/**
 * Changes made over HTTP count as contributions, like edits over sync: under a policy where contributors'
 * approvals don't count, a person who restored a version or renamed the document cannot sign off those words.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, connect, documentIdByTitle, eventually, signIn, typeInSection, waitForSync } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
const tokens: Record<string, string> = {};
let leaflet: string;
let guide: string;

interface SignoffState {
  hash: string;
  met: boolean;
  unmet: Array<{ code: string; message: string }>;
  approvals: Array<{ id: string; memberName: string; scope: string; status: string; reason: string | null }>;
}

/** Only the words need sign-off here, by an approver who did not help write them. */
const NO_CONTRIBUTORS_POLICY = {
  content: { required: 1, role: "approver", requireLivedExperience: false, contributorsCount: false },
  design: { required: 0, role: "approver", requireLivedExperience: false, contributorsCount: true },
  blockingSeverities: [],
};

const signoffState = async (documentId: string) =>
  (await api<SignoffState>(server.url, tokens.cora!, `/api/documents/${documentId}/approvals`)).body;

async function approveWords(who: string, documentId: string) {
  const { hash } = await signoffState(documentId);
  const response = await api<{ id: string }>(server.url, tokens[who]!, `/api/documents/${documentId}/approvals`, {
    method: "POST",
    body: JSON.stringify({ scope: "content", decision: "approve", hash }),
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

/** The coordinator's members page (a form action: there is no JSON API for roles). */
async function setRoles(username: string, roles: string[]) {
  const page = await api<{ members: Array<{ id: string; username: string }> }>(
    server.url,
    tokens.cora!,
    "/members?_data=routes/members",
  );
  const member = page.body.members.find((candidate) => candidate.username === username)!;
  const form = new URLSearchParams([
    ["intent", "roles"],
    ["memberId", member.id],
    ...roles.map((role) => ["roles", role]),
  ]);
  const response = await fetch(`${server.url}/members?_data=routes/members`, {
    method: "POST",
    headers: { authorization: `Bearer ${tokens.cora}` },
    body: form,
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  server = await startServer();
  for (const name of ["cora", "wren", "abi", "alex"]) tokens[name] = await signIn(server.url, name);
  leaflet = await documentIdByTitle(server.url, tokens.cora!, "Women's Rights");
  guide = await documentIdByTitle(server.url, tokens.cora!, "Guide to Child Protection and Care Proceedings");
  // Alex approves, and now also writes.
  await setRoles("alex", ["approver", "writer"]);
  for (const documentId of [leaflet, guide]) {
    const policy = await api(server.url, tokens.cora!, `/api/documents/${documentId}/policy`, {
      method: "PUT",
      body: JSON.stringify({ policy: NO_CONTRIBUTORS_POLICY }),
    });
    expect(policy.status).toBe(200);
  }
});

afterAll(async () => {
  await server?.stop();
  await removeDataDir(server.dataDir);
});

describe("contributions over HTTP", () => {
  it("a person who restores a version helped make those words: their approval of them does not count", async () => {
    const saved = await api<{ id: string }>(server.url, tokens.wren!, `/api/documents/${leaflet}/versions`, {
      method: "POST",
      body: JSON.stringify({ name: "Agreed text" }),
    });
    expect(saved.status).toBe(201);
    const agreed = (await signoffState(leaflet)).hash;
    const writer = connect(server.url, leaflet, tokens.wren!);
    await waitForSync(writer);
    typeInSection(writer.doc, 1, "A sentence nobody agreed. ");
    await eventually(async () => expect((await signoffState(leaflet)).hash).not.toBe(agreed));
    writer.destroy();

    // Before Alex touches the words, Alex's approval counts.
    const before = await approveWords("alex", leaflet);
    expect((await signoffState(leaflet)).approvals.find((a) => a.id === before)!.status).toBe("counts");

    const restored = await api(
      server.url,
      tokens.alex!,
      `/api/documents/${leaflet}/versions/${saved.body.id}?restore`,
      { method: "POST" },
    );
    expect(restored.status).toBe(201);
    const after = await approveWords("alex", leaflet);
    const state = await signoffState(leaflet);
    const alex = state.approvals.find((a) => a.id === after)!;
    expect(alex.status).toBe("not-counted");
    expect(alex.reason).toBe("They helped make the words, and this policy asks for someone who didn't.");
    expect(state.met).toBe(false);
    expect(state.unmet.map((u) => u.code)).toEqual(["content_approvals_missing"]);

    // Someone who did not touch the words can still sign them off.
    await approveWords("abi", leaflet);
    expect((await signoffState(leaflet)).met).toBe(true);
  });

  it("a person who renames the document helped make its words: their approval does not count", async () => {
    const renamed = await api(server.url, tokens.alex!, `/api/documents/${guide}`, {
      method: "PATCH",
      body: JSON.stringify({ title: "Child Protection: a guide for parents" }),
    });
    expect(renamed.status).toBe(200);
    const id = await approveWords("alex", guide);
    const state = await signoffState(guide);
    expect(state.approvals.find((a) => a.id === id)!.status).toBe("not-counted");
    expect(state.unmet.map((u) => u.code)).toEqual(["content_approvals_missing"]);
  });

  it("a refused rename or restore records nobody", async () => {
    await setRoles("abi", ["approver", "writer"]);
    const badTitle = await api(server.url, tokens.abi!, `/api/documents/${guide}`, {
      method: "PATCH",
      body: JSON.stringify({ title: "  " }),
    });
    expect(badTitle.status).toBe(400);
    const missing = await api(
      server.url,
      tokens.abi!,
      `/api/documents/${guide}/versions/00000000-0000-0000-0000-000000000000?restore`,
      { method: "POST" },
    );
    expect(missing.status).toBe(404);
    const id = await approveWords("abi", guide);
    const state = await signoffState(guide);
    expect(state.approvals.find((a) => a.id === id)!.status).toBe("counts");
    expect(state.met).toBe(true);
  });
});
