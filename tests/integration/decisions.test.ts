/**
 * Group decisions over HTTP (issue 15): anyone raises one, each member gives a view, the people the policy names for
 * that area decide with a reason (a coordinator may step in, and that is recorded); every step is in the audit
 * chain, which still verifies; an open decision holds up publishing under the default rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, documentIdByTitle, signIn } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let leaflet: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  for (const name of ["cora", "wren", "dana", "abi", "alex", "vic"]) tokens[name] = await signIn(server.url, name);
  leaflet = await documentIdByTitle(server.url, tokens.cora!, "Women's Rights");
});

afterAll(async () => {
  await server?.stop();
  await removeDataDir(server.dataDir);
});

interface Decision {
  id: string;
  area: string;
  question: string;
  options: string[];
  status: "open" | "decided";
  views: Array<{ name: string; option: number | null; note: string }>;
  outcome: { text: string; reason: string; by: { name: string }; overridden: boolean } | null;
  canDecide: "decider" | "override" | null;
}

const call = <T = Decision>(name: string, path: string, body?: unknown) =>
  api<T & { error?: { code: string; message: string } }>(
    server.url,
    tokens[name]!,
    `/api/documents/${leaflet}${path}`,
    {
      method: body === undefined ? "GET" : "POST",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    },
  );

const colour = {
  question: "Which accent colour should the leaflet use?",
  area: "design",
  options: ["Teal (Dana's)", "Purple (Wren's)"],
};

describe("group decisions", () => {
  let decision: Decision;

  it("anyone who can read raises one; a bad one is refused and changes nothing", async () => {
    expect((await call("wren", "/decisions", { ...colour, options: ["Only one"] })).status).toBe(400);
    expect((await call("wren", "/decisions", { ...colour, area: "anything" })).status).toBe(400);
    const raised = await call("dana", "/decisions", colour);
    expect(raised.status).toBe(201);
    decision = raised.body;
    expect(decision).toMatchObject({ status: "open", options: colour.options, canDecide: null });
    const list = await call<{ decisions: Decision[] }>("vic", "/decisions");
    expect(list.body.decisions.map((d) => d.question)).toEqual([colour.question]);
    // Alex (an approver) decides design disagreements by default, and is told.
    const told = await api<{ notifications: Array<{ kind: string; message: string }> }>(
      server.url,
      tokens.alex!,
      "/api/notifications",
    );
    expect(told.body.notifications.map((n) => n.kind)).toContain("decision");
    // And it waits for them in "For you".
    const forYou = await api<{ mentions: Array<{ kind: string; message: string }> }>(
      server.url,
      tokens.alex!,
      "/api/for-you",
    );
    expect(forYou.body.mentions.map((m) => m.kind)).toContain("decision");
  });

  it("each member gives one view (a new one replaces theirs); an option that doesn't exist is refused", async () => {
    expect((await call("dana", `/decisions/${decision.id}/views`, { option: 5, note: "" })).status).toBe(400);
    await call("dana", `/decisions/${decision.id}/views`, { option: 0, note: "Matches our logo" });
    await call("wren", `/decisions/${decision.id}/views`, { option: 1, note: "" });
    const changed = await call("wren", `/decisions/${decision.id}/views`, { option: 1, note: "Warmer, less clinical" });
    expect(changed.body.views.map((v) => [v.name, v.option, v.note])).toEqual([
      ["Dana (designer)", 0, "Matches our logo"],
      ["Wren", 1, "Warmer, less clinical"],
    ]);
  });

  it("only the people named decide (403 otherwise); Alex decides with a reason; deciding again is 409", async () => {
    expect((await call("wren", `/decisions/${decision.id}/outcome`, { option: 1, reason: "Mine" })).status).toBe(403);
    expect((await call("alex", `/decisions/${decision.id}/outcome`, { option: 1, reason: "" })).status).toBe(400);
    const list = await call<{ decisions: Decision[] }>("alex", "/decisions");
    expect(list.body.decisions[0]!.canDecide).toBe("decider");
    const decided = await call("alex", `/decisions/${decision.id}/outcome`, {
      option: 1,
      reason: "Purple passes contrast and the group said it feels warmer",
    });
    expect(decided.status).toBe(200);
    expect(decided.body.outcome).toMatchObject({ text: "Purple (Wren's)", by: { name: "Alex" }, overridden: false });
    // Abi could have decided too: her "please decide" is no longer waiting for her.
    const abiNews = await api(server.url, tokens.abi!, "/api/for-you");
    expect(JSON.stringify(abiNews.body)).not.toContain(colour.question);
    const again = await call("abi", `/decisions/${decision.id}/outcome`, { option: 0, reason: "No" });
    expect(again.status).toBe(409);
    expect((await call("dana", `/decisions/${decision.id}/views`, { option: 0, note: "" })).status).toBe(409);
  });

  it("a coordinator may step in, and that is recorded; all of it is in the audit chain, which verifies", async () => {
    const raised = await call("wren", "/decisions", {
      question: "Do we say 'survivor' or 'victim'?",
      area: "lived-experience",
      options: ["Survivor", "Victim", "Both, explained"],
    });
    // Lived-experience wording: approvers with lived experience decide. Cora steps in as coordinator.
    const list = await call<{ decisions: Decision[] }>("cora", "/decisions");
    expect(list.body.decisions.find((d) => d.id === raised.body.id)!.canDecide).toBe("override");
    const decided = await call("cora", `/decisions/${raised.body.id}/outcome`, {
      option: 2,
      reason: "Our lived-experience group asked for both; no approver with lived experience is free this week",
    });
    expect(decided.body.outcome).toMatchObject({ overridden: true, by: { name: expect.stringContaining("Cora") } });
    const audit = await api<{ events: Array<{ type: string; data: Record<string, unknown> }> }>(
      server.url,
      tokens.cora!,
      `/api/audit?documentId=${leaflet}`,
    );
    const types = audit.body.events.map((e) => e.type);
    expect(types.filter((t) => t === "decision.raised")).toHaveLength(2);
    expect(types.filter((t) => t === "decision.view")).toHaveLength(3);
    expect(audit.body.events.filter((e) => e.type === "decision.decided").map((e) => e.data.overridden)).toEqual([
      true,
      false,
    ]);
    expect((await api<{ ok: boolean }>(server.url, tokens.cora!, "/api/audit?verify")).body.ok).toBe(true);
  });

  it("an open decision holds up publishing, in plain words, until it is decided", async () => {
    const policy = {
      content: { required: 0, role: "approver", requireLivedExperience: false, contributorsCount: true },
      design: { required: 0, role: "approver", requireLivedExperience: false, contributorsCount: true },
      blockingSeverities: [],
    };
    await api(server.url, tokens.cora!, `/api/documents/${leaflet}/policy`, {
      method: "PUT",
      body: JSON.stringify({ policy }),
    });
    const open = await call("wren", "/decisions", {
      question: "Cover picture?",
      area: "design",
      options: ["Yes", "No"],
    });
    const refused = await api<{ unmet: Array<{ code: string; message: string }> }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/releases`,
      { method: "POST", body: "{}" },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.unmet).toEqual([
      expect.objectContaining({ code: "decisions_open", message: expect.stringContaining("1 decision is still open") }),
    ]);
    await call("alex", `/decisions/${open.body.id}/outcome`, { option: 1, reason: "Keep it simple" });
    const published = await api(server.url, tokens.cora!, `/api/documents/${leaflet}/releases`, {
      method: "POST",
      body: "{}",
    });
    expect(published.status).toBe(201);
  });

  it("the same open question can't be raised twice", async () => {
    const question = { question: "Print on recycled paper?", area: "design", options: ["Yes", "No"] };
    expect((await call("dana", "/decisions", question)).status).toBe(201);
    const again = await call("wren", "/decisions", { ...question, question: "print on recycled paper?" });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("decision_exists");
  });
});
