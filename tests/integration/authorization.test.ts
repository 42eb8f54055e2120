/**
 * The authorisation matrix (issue 7, item 4): every HTTP route in app/routes/ (API, pages and form actions) and the
 * sync endpoint, for every role (coordinator, writer, designer, approver, viewer, nobody), on the caller's own
 * workspace and on another workspace's ids.
 *
 * The expectations come from docs/API.md and the capability table of app/domain/permissions.ts (what each role is
 * FOR), not from what the routes happen to answer:
 *  - own workspace: a role with the capability gets the route's success status; a member without it gets 403 (a
 *    PDF export job is its maker's alone, so anyone else gets 404); nobody signed in gets 401 from /api and is sent
 *    to /login from pages and forms;
 *  - another workspace's id: 404 over HTTP for anyone who could have used it in their own workspace (the id must
 *    not be confirmed), and always exactly what a random, never-issued id of the same kind gets (no oracle); over
 *    sync 4403; and afterwards nothing of the other workspace has changed.
 *
 * Things that belong to one person follow the same rule: another person's notification is "not found", and ending
 * sessions or deleting an account acts only on the person asking (each such cell uses a new member with the role).
 *
 * Then: guessed and mixed ids, cross-site form posts (403, nothing changed), logout revoking the session and its
 * token (HTTP and live sync), invite links (single use even when raced, expiring, revocable), login throttling, and
 * the privacy of the lived-experience flag (visible only to the member and coordinators).
 */
import { sql } from "kysely";
import { openStoreOf } from "../helpers/store";
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DEFAULT_POLICY } from "../../app/domain/approval-policy";
import { DEFAULT_COLOURS } from "../../app/domain/design";
import {
  api,
  closeCodeOf,
  connect,
  documentIdByTitle,
  eventually,
  plainText,
  signIn,
  typeInSection,
  waitForSync,
  type SyncClient,
} from "../helpers/clients";
import { createWorkspace, syncUrl } from "../helpers/hostile";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
const clients: SyncClient[] = [];

const ROLES = ["nobody", "viewer", "approver", "designer", "writer", "coordinator"] as const;
type Role = (typeof ROLES)[number];
const PERSON: Record<Exclude<Role, "nobody">, string> = {
  coordinator: "cora",
  writer: "wren",
  designer: "dana",
  approver: "abi",
  viewer: "vic",
};
/** Each demo role's session token (nobody has none). */
const tokenOf: Partial<Record<Role, string>> = {};
const extra: Record<string, string> = {}; // alex (second approver) and olga (the other workspace's coordinator)
const OLGA_PASSWORD = "another-long-password";

/** Every id a route can take, for one workspace (or made up). */
interface Ids {
  doc: string;
  version: string;
  release: string;
  shareToken: string;
  upload: string;
  kit: string;
  job: string;
  invite: string;
  inviteToken: string;
  /** An open invite to `doc` (made from its Share dialog). */
  docInvite: string;
  member: string;
  entry: string;
  finding: string;
  /** A comment thread, its first message (written by the workspace's coordinator) and where a new one can go. */
  thread: string;
  message: string;
  anchor: { sectionId: string; anchor: string; head: string; quote: string };
}
let own: Ids;
let other: Ids;
/** One of Alex's notifications (Alex is the second approver, not one of the roles in the table). */
let alexNotification: string;
const guessed = (): Ids => ({
  doc: randomUUID(),
  version: randomUUID(),
  release: randomUUID(),
  shareToken: randomBytes(24).toString("base64url"),
  upload: randomUUID(),
  kit: randomUUID(),
  job: randomUUID(),
  invite: randomUUID(),
  inviteToken: randomBytes(32).toString("base64url"),
  docInvite: randomUUID(),
  member: randomUUID(),
  entry: randomUUID(),
  finding: own.finding,
  thread: `c-${randomUUID().slice(0, 12)}`,
  message: `m-${randomUUID().slice(0, 12)}`,
  anchor: own.anchor,
});

// HTTP -------------------------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  location: string | null;
  text: string;
}

type Body = { json: unknown } | { form: Record<string, string | string[]> } | { multipart: FormData } | undefined;

/**
 * One request as a real client sends it: scripts use the bearer token on /api; browsers send the session cookie
 * and, for anything that is not a GET, their own Origin.
 */
async function send(
  method: string,
  pathname: string,
  token: string | null | undefined,
  options: { via: "bearer" | "cookie"; body?: Body; origin?: string | null } = { via: "cookie" },
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token) {
    if (options.via === "bearer") headers.authorization = `Bearer ${token}`;
    else headers.cookie = `copress_session=${token}`;
  }
  const origin =
    options.origin === undefined ? (method === "GET" || options.via === "bearer" ? null : server.url) : options.origin;
  if (origin) headers.origin = origin;
  let body: BodyInit | undefined;
  const payload = options.body;
  if (payload && "json" in payload) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(payload.json);
  } else if (payload && "form" in payload) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(payload.form)) for (const v of [value].flat()) params.append(key, v);
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = params;
  } else if (payload && "multipart" in payload) {
    body = payload.multipart;
  }
  const response = await fetch(`${server.url}${pathname}`, { method, headers, body, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), text: await response.text() };
}

/** A Remix route's loader or action data as JSON (the `_data` query a Remix browser client uses). */
async function routeData<T>(
  pathname: string,
  routeId: string,
  token: string,
  body?: Record<string, string | string[]>,
): Promise<{ status: number; data: T }> {
  const separator = pathname.includes("?") ? "&" : "?";
  const reply = await send(
    body ? "POST" : "GET",
    `${pathname}${separator}_data=${encodeURIComponent(routeId)}`,
    token,
    { via: "cookie", body: body ? { form: body } : undefined },
  );
  return { status: reply.status, data: JSON.parse(reply.text) as T };
}

let png: Buffer;
function pictureForm(purpose: "image" | "logo", name = "picture.png"): FormData {
  const form = new FormData();
  form.append("purpose", purpose);
  form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), name);
  return form;
}

const kitBody = (name: string) => ({
  name,
  colours: DEFAULT_COLOURS,
  headingFont: "atkinson-hyperlegible",
  bodyFont: "atkinson-hyperlegible",
  footerText: "Charity 000",
  lockedElements: [],
});
const kitForm = (name: string) => ({
  name,
  ...Object.fromEntries(Object.entries(DEFAULT_COLOURS).map(([role, colour]) => [`colours.${role}`, colour])),
  headingFont: "atkinson-hyperlegible",
  bodyFont: "atkinson-hyperlegible",
  footerText: "",
});
/** The kit form as the page posts it when a logo file is chosen (multipart). */
function kitFormWithLogo(name: string): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(kitForm(name))) body.append(key, value);
  body.append("logo", new Blob([new Uint8Array(png)], { type: "image/png" }), "logo.png");
  return body;
}
const ZERO_POLICY = {
  content: { required: 0, role: "approver", requireLivedExperience: false, contributorsCount: true },
  design: { required: 0, role: "approver", requireLivedExperience: false, contributorsCount: true },
  blockingSeverities: [],
};
let serial = 0;
const unique = (prefix: string) => `${prefix} ${++serial}`;

// Set-up helpers, acting as a workspace's coordinator -------------------------------------------------------------

async function makeInvite(coordinator: string): Promise<{ id: string; token: string }> {
  const open = async () =>
    (await routeData<{ invites: Array<{ id: string }> }>("/members", "routes/members", coordinator)).data.invites.map(
      (i) => i.id,
    );
  const before = new Set(await open());
  const made = await routeData<{ inviteUrl: string }>("/members", "routes/members", coordinator, {
    intent: "invite",
    roles: "viewer",
  });
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(made.data.inviteUrl)![1]!;
  const fresh = (await open()).filter((id) => !before.has(id));
  expect(fresh).toHaveLength(1);
  return { id: fresh[0]!, token };
}

/** An open invite to one document, made through the API as the Share dialog's form does; its id. */
async function makeDocumentInvite(coordinator: string, documentId: string): Promise<string> {
  const made = await api<{ url: string }>(server.url, coordinator, `/api/documents/${documentId}/invites`, {
    method: "POST",
    body: JSON.stringify({ role: "viewer" }),
  });
  expect(made.status).toBe(201);
  const open = await api<{ invites: Array<{ id: string }> }>(
    server.url,
    coordinator,
    `/api/documents/${documentId}/invites`,
  );
  return open.body.invites[0]!.id;
}

async function makeMember(coordinator: string): Promise<string> {
  const { token } = await makeInvite(coordinator);
  const username = `temp${++serial}`;
  const joined = await send("POST", `/invite/${token}`, null, {
    via: "cookie",
    body: { form: { displayName: `Temp ${serial}`, username, password: "a long enough password" } },
  });
  expect(joined.status).toBe(302);
  const list = await routeData<{ members: Array<{ id: string; username?: string; displayName: string }> }>(
    "/members",
    "routes/members",
    coordinator,
  );
  return list.data.members.find((m) => m.displayName === `Temp ${serial}`)!.id;
}

async function makeKit(token: string): Promise<string> {
  const made = await api<{ brandKit: { id: string } }>(server.url, token, "/api/brand-kits", {
    method: "POST",
    body: JSON.stringify(kitBody(unique("Kit"))),
  });
  expect(made.status).toBe(201);
  return made.body.brandKit.id;
}

async function makeEntry(coordinator: string): Promise<string> {
  const phrase = `throwaway words ${String.fromCharCode(97 + (++serial % 26))}${String.fromCharCode(97 + ((serial * 7) % 26))}${serial}`;
  const added = await routeData<{ message?: string }>("/word-list", "routes/word-list", coordinator, {
    intent: "add",
    phrase,
    suggestion: "other words",
    reason: "",
    source: "Test panel",
  });
  expect(added.status).toBe(200);
  const list = await routeData<{ entries: Array<{ id: string; phrase: string }> }>(
    "/word-list",
    "routes/word-list",
    coordinator,
  );
  return list.data.entries.find((e) => e.phrase === phrase)!.id;
}

/** Dismisses the demo leaflet's finding (as the coordinator), so that undismissing it has something to do. */
async function dismissOwnFinding(): Promise<Partial<Ids>> {
  const dismissed = await api(server.url, tokenOf.coordinator!, `/api/documents/${own.doc}/checks`, {
    method: "POST",
    body: JSON.stringify({ dismiss: { findingId: own.finding, reason: "We checked this with the panel." } }),
  });
  expect(dismissed.status).toBe(200);
  return {};
}

const NEW_PERSON_PASSWORD = "a long enough password";

/** A new member of our workspace with just this role, joined by invite and signed in. */
async function newPerson(role: Exclude<Role, "nobody">): Promise<{ token: string; username: string }> {
  const made = await routeData<{ inviteUrl: string }>("/members", "routes/members", tokenOf.coordinator!, {
    intent: "invite",
    roles: role,
  });
  const invite = /\/invite\/([A-Za-z0-9_-]+)/.exec(made.data.inviteUrl)![1]!;
  const username = `new${++serial}`;
  const joined = await send("POST", `/invite/${invite}`, null, {
    via: "cookie",
    body: { form: { displayName: `New ${serial}`, username, password: NEW_PERSON_PASSWORD } },
  });
  expect(joined.status).toBe(302);
  return { token: await signIn(server.url, username, NEW_PERSON_PASSWORD), username };
}

/** Where a comment can go in a document (its first section's first words), as the editor would send it. */
async function commentAnchor(token: string, documentId: string): Promise<Ids["anchor"]> {
  const client = connect(server.url, documentId, token);
  clients.push(client);
  await waitForSync(client);
  const section = client.doc.getXmlFragment("content").get(0) as Y.XmlElement;
  const paragraph = section
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === "paragraph") as Y.XmlElement;
  if (paragraph.length === 0) {
    // A new document holds template hints, not words: write some first, as a person would before commenting.
    paragraph.insert(0, [new Y.XmlText("Words to comment on.")]);
    await eventually(async () =>
      expect(
        JSON.stringify(
          (await api<{ content: unknown }>(server.url, token, `/api/documents/${documentId}`)).body.content,
        ),
      ).toContain("Words to comment on."),
    );
  }
  const at = (index: number) =>
    Buffer.from(
      Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(paragraph.get(0) as Y.XmlText, index)),
    ).toString("base64");
  return { sectionId: String(section.getAttribute("id")), anchor: at(0), head: at(3), quote: "" };
}

/** A comment thread started by `token` on that anchor: its id and first message's id. */
async function makeThread(
  token: string,
  documentId: string,
  anchor: Ids["anchor"],
): Promise<{ thread: string; message: string }> {
  const made = await api<{ id: string; messageId: string }>(
    server.url,
    token,
    `/api/documents/${documentId}/comments`,
    { method: "POST", body: JSON.stringify({ ...anchor, text: "Set-up comment" }) },
  );
  expect(made.status).toBe(201);
  return { thread: made.body.id, message: made.body.messageId };
}

async function finishedJob(token: string, documentId: string): Promise<string> {
  const started = await api<{ id: string }>(server.url, token, `/api/documents/${documentId}/pdf-exports`, {
    method: "POST",
  });
  expect(started.status).toBe(202);
  await eventually(
    async () =>
      expect((await api<{ done: boolean }>(server.url, token, `/api/pdf-exports/${started.body.id}`)).body.done).toBe(
        true,
      ),
    60_000,
    250,
  );
  return started.body.id;
}

/** Everything of the other workspace a request could change, as its coordinator sees it. */
async function otherWorkspaceSnapshot() {
  const olga = extra.olga!;
  const get = async (p: string) => (await api(server.url, olga, p)).body;
  return {
    document: await get(`/api/documents/${other.doc}`),
    documents: await get("/api/documents"),
    versions: await get(`/api/documents/${other.doc}/versions`),
    releases: await get(`/api/documents/${other.doc}/releases`),
    docPolicy: await get(`/api/documents/${other.doc}/policy`),
    policy: await get("/api/policy"),
    kits: await get("/api/brand-kits"),
    uploads: await get("/api/uploads"),
    approvals: ((await get(`/api/documents/${other.doc}/approvals`)) as { approvals: unknown }).approvals,
    members: (await routeData<{ members: unknown; invites: unknown }>("/members", "routes/members", olga)).data,
    words: (await routeData<{ entries: unknown }>("/word-list", "routes/word-list", olga)).data.entries,
    audit: await get("/api/audit"),
  };
}

// The table ---------------------------------------------------------------------------------------------------------

interface Cell {
  role: Role;
  token: string | null;
  ids: Ids;
  scope: "own" | "other" | "guessed";
}

interface Row {
  route: string;
  /** api: bearer token, 401 when signed out; page: cookie GET, signed out → /login; form: cookie POST from our origin. */
  via: "api" | "page" | "form" | "public";
  /** Roles that may do this in their own workspace ("members" = every role; "everyone" = signed out too). */
  allowed: readonly Role[] | "members" | "everyone";
  /** The capability the expectation comes from (documentation; printed with failures). */
  capability: string;
  ok: readonly number[];
  /** What a member without the capability gets in their own workspace (default 403). */
  denied?: readonly number[];
  /** Signed out (default: 401 for api, 302 to /login for pages and forms). */
  anon?: readonly number[];
  /** Takes ids that belong to a workspace: also run with the other workspace's ids and with guessed ids. */
  scoped: boolean;
  /** Fresh resources for one cell (for rows that use up what they act on). */
  prepare?: (cell: Cell) => Promise<Partial<Ids>>;
  request: (cell: Cell) => Promise<Reply>;
}

const apiCall = (method: string, p: string, body?: unknown) => (cell: Cell) =>
  send(method, p, cell.token, { via: "bearer", body: body === undefined ? undefined : { json: body } });
const ROWS: Array<Omit<Row, "request"> & { request: (cell: Cell) => Promise<Reply> }> = [];
const row = (r: Row) => ROWS.push(r);
const READ = "members" as const;
const EDIT: Role[] = ["coordinator", "writer"];
const DESIGN: Role[] = ["coordinator", "designer"];
const MANAGE: Role[] = ["coordinator"];
const APPROVE: Role[] = ["approver"];
const COMMENT: Role[] = ["coordinator", "writer", "designer", "approver"];

// API: reads first (they must not be disturbed by the writes further down).
row({
  route: "GET /api/session",
  via: "api",
  allowed: READ,
  capability: "signed in",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/session")(c),
});
row({
  route: "GET /api/templates",
  via: "api",
  allowed: READ,
  capability: "signed in",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/templates")(c),
});
row({
  route: "GET /api/documents",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/documents")(c),
});
row({
  route: "GET /api/documents/:id",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}`)(c),
});
row({
  route: "POST /api/documents/:id/checks",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/checks`)(c),
});
row({
  route: "GET /api/documents/:id/pdf",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/pdf`)(c),
});
row({
  route: "POST /api/documents/:id/pdf-exports",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [202],
  scoped: true,
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/pdf-exports`)(c),
});
row({
  route: "GET /api/pdf-exports/:id",
  via: "api",
  allowed: MANAGE,
  capability: "the job's maker (cora)",
  ok: [200],
  denied: [404],
  scoped: true,
  request: (c) => apiCall("GET", `/api/pdf-exports/${c.ids.job}`)(c),
});
row({
  route: "GET /api/pdf-exports/:id/file",
  via: "api",
  allowed: MANAGE,
  capability: "the job's maker (cora)",
  ok: [200],
  denied: [404],
  scoped: true,
  request: (c) => apiCall("GET", `/api/pdf-exports/${c.ids.job}/file`)(c),
});
row({
  route: "GET /api/documents/:id/approvals",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/approvals`)(c),
});
row({
  route: "GET /api/documents/:id/policy",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/policy`)(c),
});
row({
  route: "GET /api/policy",
  via: "api",
  allowed: READ,
  capability: "signed in",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/policy")(c),
});
row({
  route: "GET /api/documents/:id/releases",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/releases`)(c),
});
row({
  route: "GET /api/documents/:id/versions",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/versions`)(c),
});
row({
  route: "GET /api/documents/:id/versions/:versionId",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/versions/${c.ids.version}`)(c),
});
row({
  route: "GET /api/documents/:id/invites",
  via: "api",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/invites`)(c),
});
row({
  route: "GET /api/documents/:id/design-changes",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/design-changes`)(c),
});
row({
  route: "GET /api/releases/:id",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/releases/${c.ids.release}`)(c),
});
row({
  route: "GET /api/releases/:id/pdf",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/releases/${c.ids.release}/pdf`)(c),
});
row({
  route: "GET /api/releases/:id/html",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/releases/${c.ids.release}/html`)(c),
});
row({
  route: "POST /api/releases/:id/share-link",
  via: "api",
  allowed: MANAGE,
  capability: "manage",
  ok: [200, 201],
  scoped: true,
  request: (c) => apiCall("POST", `/api/releases/${c.ids.release}/share-link`)(c),
});
row({
  route: "GET /api/documents/:id/comments",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/comments`)(c),
});
row({
  route: "GET /api/documents/:id/html",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/html`)(c),
});
row({
  route: "GET /api/account",
  via: "api",
  allowed: READ,
  capability: "signed in (own data)",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/account")(c),
});
row({
  route: "GET /api/audit",
  via: "api",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/audit")(c),
});
row({
  route: "GET /api/audit?documentId=",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/audit?documentId=${c.ids.doc}`)(c),
});
row({
  route: "GET /api/audit?verify",
  via: "api",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/audit?verify")(c),
});
row({
  route: "GET /api/notifications",
  via: "api",
  allowed: READ,
  capability: "signed in",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/notifications")(c),
});
row({
  route: "GET /api/for-you",
  via: "api",
  allowed: READ,
  capability: "signed in (own things)",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/for-you")(c),
});
row({
  route: "GET /api/documents/:id/change-requests",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/change-requests`)(c),
});
row({
  route: "GET /api/documents/:id/suggestions",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/suggestions`)(c),
});
row({
  // A suggestion nobody made: "not found" for every member, in our workspace or any other (who may decide a real
  // one, and 403 and 409, are in tests/integration/suggestions.test.ts).
  route: "POST /api/documents/:id/suggestions/:suggestionId",
  via: "api",
  allowed: READ,
  capability: "edit that section (else 403)",
  ok: [404],
  scoped: true,
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/suggestions/sg-nobody0000`, { decision: "accept" })(c),
});
row({
  route: "GET /api/documents/:id/decisions",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/decisions`)(c),
});
row({
  // An empty question: refused for every member (400) before anything is stored; 404 for any other workspace's id.
  route: "POST /api/documents/:id/decisions",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [400],
  scoped: true,
  request: (c) =>
    apiCall("POST", `/api/documents/${c.ids.doc}/decisions`, { question: "", area: "design", options: ["a", "b"] })(c),
});
row({
  // A decision nobody raised: "not found" for every member (the views and outcomes of real ones, 403 and 409, are in
  // tests/integration/decisions.test.ts).
  route: "POST /api/documents/:id/decisions/:decisionId/views",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [404],
  scoped: true,
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/decisions/d-nobody/views`, { option: 0, note: "" })(c),
});
row({
  route: "POST /api/documents/:id/decisions/:decisionId/outcome",
  via: "api",
  allowed: READ,
  capability: "named by the policy (else 403)",
  ok: [404],
  scoped: true,
  request: (c) =>
    apiCall("POST", `/api/documents/${c.ids.doc}/decisions/d-nobody/outcome`, { option: 0, reason: "x" })(c),
});
row({
  route: "GET /api/documents/:id/translations",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/documents/${c.ids.doc}/translations`)(c),
});
row({
  // A language not in the list: refused for a coordinator (400) before anything is made; 403 for everyone else (making
  // real translations is in tests/integration/translations.test.ts).
  route: "POST /api/documents/:id/translations",
  via: "api",
  allowed: MANAGE,
  capability: "manage",
  ok: [400],
  scoped: true,
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/translations`, { language: "xx" })(c),
});
row({
  // The document is no translation: 400 for those who may write; 403 for everyone else.
  route: "POST /api/documents/:id/translation/confirmations",
  via: "api",
  allowed: EDIT,
  capability: "content:edit",
  ok: [400],
  scoped: true,
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/translation/confirmations`, { sectionId: "s-1" })(c),
});
row({
  route: "GET /api/pictures",
  via: "api",
  allowed: READ,
  capability: "signed in",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/pictures?q=house")(c),
});
row({
  // A picture the library does not have: 404 for those who may add pictures, 403 for everyone else.
  route: "POST /api/pictures/use",
  via: "api",
  allowed: ["coordinator", "writer", "designer"],
  capability: "content:edit or design:edit",
  ok: [404],
  scoped: false,
  request: (c) => apiCall("POST", "/api/pictures/use", { id: "openmoji:FFFFFF" })(c),
});
row({
  route: "GET /pictures/openmoji/:file",
  via: "public",
  allowed: "everyone",
  capability: "public open-licence pictures",
  ok: [200],
  anon: [200],
  scoped: false,
  request: (c) => send("GET", "/pictures/openmoji/1F3E0.svg", c.token, { via: "cookie" }),
});
row({
  route: "GET /api/brand-kits",
  via: "api",
  allowed: READ,
  capability: "signed in",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/brand-kits")(c),
});
row({
  route: "GET /api/brand-kits/:id",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("GET", `/api/brand-kits/${c.ids.kit}`)(c),
});
row({
  route: "GET /api/uploads",
  via: "api",
  allowed: READ,
  capability: "signed in",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("GET", "/api/uploads")(c),
});
row({
  route: "GET /uploads/:id",
  via: "api",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: (c) => send("GET", `/uploads/${c.ids.upload}`, c.token, { via: "cookie" }),
});
row({
  route: "GET /api/no-such-route",
  via: "api",
  allowed: "everyone",
  capability: "none (404 for everyone)",
  ok: [404],
  anon: [404],
  scoped: false,
  request: (c) => apiCall("GET", "/api/no-such-route")(c),
});
row({
  route: "GET /r/:shareToken",
  via: "public",
  allowed: "everyone",
  capability: "public share link",
  ok: [200],
  anon: [200],
  scoped: false,
  request: (c) => send("GET", `/r/${own.shareToken}`, c.token, { via: "cookie" }),
});
row({
  route: "GET /r/:shareToken/pdf",
  via: "public",
  allowed: "everyone",
  capability: "public share link",
  ok: [200],
  anon: [200],
  scoped: false,
  request: (c) => send("GET", `/r/${own.shareToken}/pdf`, c.token, { via: "cookie" }),
});
row({
  route: "GET /r/:guessed/pdf",
  via: "public",
  allowed: "everyone",
  capability: "public share link",
  ok: [404],
  anon: [404],
  scoped: false,
  request: (c) => send("GET", `/r/${randomBytes(24).toString("base64url")}/pdf`, c.token, { via: "cookie" }),
});
row({
  route: "GET /r/:guessed",
  via: "public",
  allowed: "everyone",
  capability: "public share link",
  ok: [404],
  anon: [404],
  scoped: false,
  request: (c) => send("GET", `/r/${randomBytes(24).toString("base64url")}`, c.token, { via: "cookie" }),
});
row({
  route: "GET /invite/:token",
  via: "public",
  allowed: "everyone",
  capability: "invite link",
  ok: [200],
  anon: [200],
  scoped: false,
  request: (c) => send("GET", `/invite/${own.inviteToken}`, c.token, { via: "cookie" }),
});
row({
  route: "GET /fonts/:file",
  via: "public",
  allowed: "everyone",
  capability: "public font files",
  ok: [200],
  anon: [200],
  scoped: false,
  request: (c) => send("GET", "/fonts/atkinson-hyperlegible-latin-400-normal.woff", c.token, { via: "cookie" }),
});
row({
  route: "GET /fonts/:guessed",
  via: "public",
  allowed: "everyone",
  capability: "public font files",
  ok: [404],
  anon: [404],
  scoped: false,
  request: (c) => send("GET", "/fonts/..%2F..%2Fpackage.json", c.token, { via: "cookie" }),
});
row({
  route: "GET /invite/:guessed",
  via: "public",
  allowed: "everyone",
  capability: "invite link",
  ok: [404],
  anon: [404],
  scoped: false,
  request: (c) => send("GET", `/invite/${randomBytes(32).toString("base64url")}`, c.token, { via: "cookie" }),
});

// Pages.
const page = (p: (c: Cell) => string) => (c: Cell) => send("GET", p(c), c.token, { via: "cookie" });
row({
  route: "GET /login",
  via: "public",
  allowed: "everyone",
  capability: "signed out (signed in: on to /documents)",
  ok: [302],
  anon: [200],
  scoped: false,
  request: page(() => "/login"),
});
row({
  route: "GET /logout",
  via: "public",
  allowed: "everyone",
  capability: "none (a GET never signs out)",
  ok: [302],
  anon: [302],
  scoped: false,
  request: page(() => "/logout"),
});
row({
  route: "GET /",
  via: "page",
  allowed: READ,
  capability: "signed in",
  ok: [302],
  scoped: false,
  request: page(() => "/"),
});
row({
  route: "GET /documents",
  via: "page",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: false,
  request: page(() => "/documents"),
});
row({
  route: "GET /documents/:id",
  via: "page",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: page((c) => `/documents/${c.ids.doc}`),
});
row({
  route: "GET /documents/:id/checks",
  via: "page",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: page((c) => `/documents/${c.ids.doc}/checks`),
});
row({
  route: "GET /documents/:id/design",
  via: "page",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: page((c) => `/documents/${c.ids.doc}/design`),
});
row({
  route: "GET /documents/:id/export",
  via: "page",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: page((c) => `/documents/${c.ids.doc}/export`),
});
row({
  route: "GET /documents/:id/review",
  via: "page",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: page((c) => `/documents/${c.ids.doc}/review`),
});
row({
  route: "GET /documents/:id/share",
  via: "page",
  allowed: READ,
  capability: "document:read (invite form: manage)",
  ok: [200],
  scoped: true,
  request: page((c) => `/documents/${c.ids.doc}/share`),
});
row({
  route: "GET /documents/:id/versions",
  via: "page",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: page((c) => `/documents/${c.ids.doc}/versions`),
});
row({
  route: "GET /documents/:id/versions/:versionId",
  via: "page",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: page((c) => `/documents/${c.ids.doc}/versions/${c.ids.version}`),
});
row({
  route: "GET /releases/:id",
  via: "page",
  allowed: READ,
  capability: "document:read",
  ok: [200],
  scoped: true,
  request: page((c) => `/releases/${c.ids.release}`),
});
row({
  route: "GET /members",
  via: "page",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: false,
  request: page(() => "/members"),
});
row({
  route: "GET /account",
  via: "page",
  allowed: READ,
  capability: "signed in",
  ok: [200],
  scoped: false,
  request: page(() => "/account"),
});
row({
  route: "GET /audit",
  via: "page",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: false,
  request: page(() => "/audit"),
});
row({
  route: "GET /brand-kits",
  via: "page",
  allowed: DESIGN,
  capability: "design:edit",
  ok: [200],
  scoped: false,
  request: page(() => "/brand-kits"),
});
row({
  route: "GET /brand-kits/new",
  via: "page",
  allowed: DESIGN,
  capability: "design:edit",
  ok: [200],
  scoped: false,
  request: page(() => "/brand-kits/new"),
});
row({
  route: "GET /brand-kits/:id",
  via: "page",
  allowed: DESIGN,
  capability: "design:edit",
  ok: [200],
  scoped: true,
  request: page((c) => `/brand-kits/${c.ids.kit}`),
});
row({
  route: "GET /notifications",
  via: "page",
  allowed: READ,
  capability: "signed in",
  ok: [200],
  scoped: false,
  request: page(() => "/notifications"),
});
row({
  route: "GET /for-you",
  via: "page",
  allowed: READ,
  capability: "signed in (own things)",
  ok: [200],
  scoped: false,
  request: page(() => "/for-you"),
});
row({
  route: "GET /word-list",
  via: "page",
  allowed: READ,
  capability: "signed in",
  ok: [200],
  scoped: false,
  request: page(() => "/word-list"),
});

// API: changes.
row({
  route: "POST /api/documents",
  via: "api",
  allowed: MANAGE,
  capability: "manage",
  ok: [201],
  scoped: false,
  request: (c) => apiCall("POST", "/api/documents", { title: unique("Matrix document"), templateId: "a5-booklet" })(c),
});
row({
  route: "PATCH /api/documents/:id",
  via: "api",
  allowed: EDIT,
  capability: "content:edit",
  ok: [200],
  scoped: true,
  request: (c) =>
    apiCall("PATCH", `/api/documents/${c.ids.doc}`, {
      title: c.scope === "own" ? "Women's Rights" : "Renamed by another workspace",
    })(c),
});
row({
  route: "POST /api/documents/:id/checks {dismiss}",
  via: "api",
  allowed: EDIT,
  capability: "content:edit",
  ok: [200],
  scoped: true,
  request: (c) =>
    apiCall("POST", `/api/documents/${c.ids.doc}/checks`, {
      dismiss: { findingId: c.ids.finding, reason: "We checked this with the panel." },
    })(c),
});
row({
  route: "POST /api/documents/:id/checks {undismiss}",
  via: "api",
  allowed: EDIT,
  capability: "content:edit",
  ok: [200],
  scoped: true,
  prepare: async (c) => (c.scope === "own" ? dismissOwnFinding() : {}),
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/checks`, { undismiss: { findingId: c.ids.finding } })(c),
});
row({
  route: "POST /api/documents/:id/approvals (content)",
  via: "api",
  allowed: APPROVE,
  capability: "approve:content",
  ok: [409],
  scoped: true,
  request: (c) =>
    apiCall("POST", `/api/documents/${c.ids.doc}/approvals`, {
      scope: "content",
      decision: "approve",
      hash: "0".repeat(64),
    })(c),
});
row({
  route: "POST /api/documents/:id/approvals (design)",
  via: "api",
  allowed: APPROVE,
  capability: "approve:design",
  ok: [409],
  scoped: true,
  request: (c) =>
    apiCall("POST", `/api/documents/${c.ids.doc}/approvals`, {
      scope: "design",
      decision: "approve",
      hash: "0".repeat(64),
    })(c),
});
row({
  route: "PUT /api/documents/:id/policy",
  via: "api",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("PUT", `/api/documents/${c.ids.doc}/policy`, { policy: DEFAULT_POLICY })(c),
});
row({
  route: "PUT /api/policy",
  via: "api",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: false,
  request: (c) => apiCall("PUT", "/api/policy", { policy: DEFAULT_POLICY })(c),
});
row({
  route: "POST /api/documents/:id/releases",
  via: "api",
  allowed: MANAGE,
  capability: "manage",
  ok: [201, 409],
  scoped: true,
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/releases`, { shareLink: true })(c),
});
row({
  route: "POST /api/documents/:id/invites",
  via: "api",
  allowed: MANAGE,
  capability: "manage",
  ok: [201],
  scoped: true,
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/invites`, { role: "viewer" })(c),
});
row({
  route: "POST /api/documents/:id/review-requests",
  via: "api",
  allowed: EDIT,
  capability: "content:edit",
  ok: [201],
  scoped: true,
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/review-requests`, { message: "Please look" })(c),
});
// Comments: anyone who may comment; a message's words are its author's; removing is its author's or a coordinator's.
row({
  route: "POST /api/documents/:id/comments",
  via: "api",
  allowed: COMMENT,
  capability: "comment",
  ok: [201],
  scoped: true,
  request: (c) =>
    apiCall("POST", `/api/documents/${c.ids.doc}/comments`, { ...c.ids.anchor, text: unique("Matrix comment") })(c),
});
row({
  route: "POST /api/documents/:id/comments/:threadId/messages",
  via: "api",
  allowed: COMMENT,
  capability: "comment",
  ok: [201],
  scoped: true,
  request: (c) =>
    apiCall("POST", `/api/documents/${c.ids.doc}/comments/${c.ids.thread}/messages`, { text: unique("Matrix reply") })(
      c,
    ),
});
row({
  route: "PATCH /api/documents/:id/comments/:threadId",
  via: "api",
  allowed: COMMENT,
  capability: "comment",
  ok: [200],
  scoped: true,
  request: (c) => apiCall("PATCH", `/api/documents/${c.ids.doc}/comments/${c.ids.thread}`, { resolved: false })(c),
});
row({
  route: "PATCH /api/documents/:id/comments/:threadId/messages/:messageId",
  via: "api",
  allowed: MANAGE,
  capability: "the message's author (cora)",
  ok: [200],
  scoped: true,
  request: (c) =>
    apiCall("PATCH", `/api/documents/${c.ids.doc}/comments/${c.ids.thread}/messages/${c.ids.message}`, {
      text: unique("Cora's words"),
    })(c),
});
row({
  route: "DELETE /api/documents/:id/comments/:threadId/messages/:messageId",
  via: "api",
  allowed: EDIT,
  capability: "the message's author (wren) or a coordinator",
  ok: [200],
  scoped: true,
  // A fresh reply by the writer for each cell: removing it uses it up.
  prepare: async (c) => {
    if (c.scope !== "own") return {};
    const reply = await api<{ id: string }>(
      server.url,
      tokenOf.writer!,
      `/api/documents/${own.doc}/comments/${own.thread}/messages`,
      { method: "POST", body: JSON.stringify({ text: unique("Wren's reply") }) },
    );
    expect(reply.status).toBe(201);
    return { message: reply.body.id };
  },
  request: (c) =>
    apiCall("DELETE", `/api/documents/${c.ids.doc}/comments/${c.ids.thread}/messages/${c.ids.message}`)(c),
});
row({
  route: "POST /api/documents/:id/versions",
  via: "api",
  allowed: EDIT,
  capability: "content:edit",
  ok: [201],
  scoped: true,
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/versions`, { name: unique("Matrix version") })(c),
});
row({
  route: "POST /api/documents/:id/versions/:versionId?restore",
  via: "api",
  allowed: EDIT,
  capability: "content:edit",
  ok: [201],
  scoped: true,
  request: (c) => apiCall("POST", `/api/documents/${c.ids.doc}/versions/${c.ids.version}?restore`)(c),
});
row({
  route: "POST /api/brand-kits",
  via: "api",
  allowed: DESIGN,
  capability: "design:edit",
  ok: [201],
  scoped: false,
  request: (c) => apiCall("POST", "/api/brand-kits", kitBody(unique("Matrix kit")))(c),
});
row({
  route: "PUT /api/brand-kits/:id",
  via: "api",
  allowed: DESIGN,
  capability: "design:edit",
  ok: [200],
  scoped: true,
  request: (c) =>
    apiCall("PUT", `/api/brand-kits/${c.ids.kit}`, kitBody(c.scope === "own" ? "Demo kit" : "Hijacked kit"))(c),
});
row({
  route: "DELETE /api/brand-kits/:id",
  via: "api",
  allowed: DESIGN,
  capability: "design:edit",
  ok: [204],
  scoped: true,
  prepare: async (c) => (c.scope === "own" ? { kit: await makeKit(tokenOf.coordinator!) } : {}),
  request: (c) => apiCall("DELETE", `/api/brand-kits/${c.ids.kit}`)(c),
});
row({
  route: "POST /api/uploads (image)",
  via: "api",
  allowed: ["coordinator", "writer", "designer"],
  capability: "content:edit or design:edit",
  ok: [201],
  scoped: false,
  request: (c) => send("POST", "/api/uploads", c.token, { via: "bearer", body: { multipart: pictureForm("image") } }),
});
row({
  route: "POST /api/uploads (logo)",
  via: "api",
  allowed: DESIGN,
  capability: "design:edit",
  ok: [201],
  scoped: false,
  request: (c) => send("POST", "/api/uploads", c.token, { via: "bearer", body: { multipart: pictureForm("logo") } }),
});

// Form actions, as a browser posts them from our own pages.
const form = (p: (c: Cell) => string, fields: (c: Cell) => Record<string, string | string[]>) => (c: Cell) =>
  send("POST", p(c), c.token, { via: "cookie", body: { form: fields(c) } });
row({
  route: "POST /documents",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [302],
  scoped: false,
  request: form(
    () => "/documents",
    () => ({ title: unique("Form document"), templateId: "a5-booklet" }),
  ),
});
row({
  route: "POST /releases/:id (share)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [302],
  scoped: true,
  request: form(
    (c) => `/releases/${c.ids.release}`,
    () => ({ intent: "share" }),
  ),
});
row({
  route: "POST /documents/:id (rename)",
  via: "form",
  allowed: EDIT,
  capability: "content:edit",
  ok: [200],
  scoped: true,
  request: form(
    (c) => `/documents/${c.ids.doc}`,
    (c) => ({ title: c.scope === "own" ? "Women's Rights" : "Renamed by another workspace" }),
  ),
});
row({
  route: "POST /documents/:id/versions (save)",
  via: "form",
  allowed: EDIT,
  capability: "content:edit",
  ok: [200],
  scoped: true,
  request: form(
    (c) => `/documents/${c.ids.doc}/versions`,
    () => ({ name: unique("Form version") }),
  ),
});
row({
  route: "POST /documents/:id/versions (restore)",
  via: "form",
  allowed: EDIT,
  capability: "content:edit",
  ok: [200],
  scoped: true,
  request: form(
    (c) => `/documents/${c.ids.doc}/versions`,
    (c) => ({ intent: "restore", versionId: c.ids.version }),
  ),
});
row({
  route: "POST /documents/:id/review (request)",
  via: "form",
  allowed: EDIT,
  capability: "content:edit",
  ok: [200],
  scoped: true,
  request: form(
    (c) => `/documents/${c.ids.doc}/review`,
    () => ({ intent: "request", message: "Please look" }),
  ),
});
row({
  route: "POST /documents/:id/review (decide)",
  via: "form",
  allowed: APPROVE,
  capability: "approve:content",
  ok: [409],
  scoped: true,
  request: form(
    (c) => `/documents/${c.ids.doc}/review`,
    () => ({ intent: "decide", scope: "content", decision: "approve", hash: "0".repeat(64) }),
  ),
});
row({
  route: "POST /documents/:id/review (publish)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200, 409],
  scoped: true,
  request: form(
    (c) => `/documents/${c.ids.doc}/review`,
    () => ({ intent: "publish" }),
  ),
});
row({
  route: "POST /documents/:id/review (policy)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: true,
  request: form(
    (c) => `/documents/${c.ids.doc}/review`,
    () => ({ intent: "policy", useWorkspace: "yes" }),
  ),
});
row({
  route: "POST /documents/:id/checks (dismiss)",
  via: "form",
  allowed: EDIT,
  capability: "content:edit",
  ok: [200],
  scoped: true,
  request: form(
    (c) => `/documents/${c.ids.doc}/checks`,
    (c) => ({ intent: "dismiss", findingId: c.ids.finding, reason: "We checked this with the panel." }),
  ),
});
row({
  route: "POST /documents/:id/checks (undismiss)",
  via: "form",
  allowed: EDIT,
  capability: "content:edit",
  ok: [200],
  scoped: true,
  prepare: async (c) => (c.scope === "own" ? dismissOwnFinding() : {}),
  request: form(
    (c) => `/documents/${c.ids.doc}/checks`,
    (c) => ({ intent: "undismiss", findingId: c.ids.finding }),
  ),
});
row({
  route: "POST /documents/:id/share (invite)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: true,
  request: form(
    (c) => `/documents/${c.ids.doc}/share`,
    () => ({ intent: "invite", role: "writer" }),
  ),
});
row({
  route: "POST /documents/:id/share (cancel)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: true,
  // A fresh link to our document for each cell: cancelling uses it up. Another workspace's cells use Olga's link.
  prepare: async (c) =>
    c.scope === "own" ? { docInvite: await makeDocumentInvite(tokenOf.coordinator!, own.doc) } : {},
  request: form(
    (c) => `/documents/${c.ids.doc}/share`,
    (c) => ({ intent: "cancel", inviteId: c.ids.docInvite }),
  ),
});
row({
  route: "POST /members (invite)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: false,
  request: form(
    () => "/members",
    () => ({ intent: "invite", roles: "viewer" }),
  ),
});
row({
  route: "POST /members (roles)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: true,
  request: form(
    () => "/members",
    (c) => ({ intent: "roles", memberId: c.ids.member, roles: c.scope === "own" ? "viewer" : "viewer" }),
  ),
});
row({
  route: "POST /members (revoke invite)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: true,
  prepare: async (c) => (c.scope === "own" ? { invite: (await makeInvite(tokenOf.coordinator!)).id } : {}),
  request: form(
    () => "/members",
    (c) => ({ intent: "revoke", inviteId: c.ids.invite }),
  ),
});
row({
  route: "POST /members (remove)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: true,
  prepare: async (c) => (c.scope === "own" ? { member: await makeMember(tokenOf.coordinator!) } : {}),
  request: form(
    () => "/members",
    (c) => ({ intent: "remove", memberId: c.ids.member }),
  ),
});
row({
  route: "POST /brand-kits/new",
  via: "form",
  allowed: DESIGN,
  capability: "design:edit",
  ok: [302],
  scoped: false,
  request: form(
    () => "/brand-kits/new",
    () => kitForm(unique("Form kit")),
  ),
});
row({
  route: "POST /brand-kits/:id (delete)",
  via: "form",
  allowed: DESIGN,
  capability: "design:edit",
  ok: [302],
  scoped: true,
  prepare: async (c) => (c.scope === "own" ? { kit: await makeKit(tokenOf.coordinator!) } : {}),
  request: form(
    (c) => `/brand-kits/${c.ids.kit}`,
    () => ({ intent: "delete" }),
  ),
});
row({
  route: "POST /brand-kits/:id (with a logo)",
  via: "form",
  allowed: DESIGN,
  capability: "design:edit",
  ok: [302],
  scoped: true,
  request: (c) =>
    send("POST", `/brand-kits/${c.ids.kit}`, c.token, {
      via: "cookie",
      body: { multipart: kitFormWithLogo(c.scope === "own" ? "Demo kit" : "Hijacked kit") },
    }),
});

row({
  route: "POST /word-list (add)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: false,
  request: form(
    () => "/word-list",
    () => ({
      intent: "add",
      phrase: `matrix words ${String.fromCharCode(97 + (++serial % 26))}${serial}`,
      suggestion: "x",
      reason: "",
      source: "Panel",
    }),
  ),
});
row({
  route: "POST /word-list (remove)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: true,
  prepare: async (c) => (c.scope === "own" ? { entry: await makeEntry(tokenOf.coordinator!) } : {}),
  request: form(
    () => "/word-list",
    (c) => ({ intent: "remove", entryId: c.ids.entry }),
  ),
});
row({
  route: "POST /word-list (update)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: true,
  prepare: async (c) => (c.scope === "own" ? { entry: await makeEntry(tokenOf.coordinator!) } : {}),
  request: form(
    () => "/word-list",
    (c) => ({
      intent: "update",
      entryId: c.ids.entry,
      phrase: `changed words ${String.fromCharCode(97 + (++serial % 26))}${serial}`,
      suggestion: "other words",
      reason: "",
      source: "Test panel",
    }),
  ),
});
// Last of the word-list rows: it puts the workspace back on the starter list.
row({
  route: "POST /word-list (restore)",
  via: "form",
  allowed: MANAGE,
  capability: "manage",
  ok: [200],
  scoped: false,
  request: form(
    () => "/word-list",
    () => ({ intent: "restore" }),
  ),
});

row({
  route: "POST /notifications",
  via: "form",
  allowed: READ,
  capability: "signed in (own notifications)",
  ok: [200],
  scoped: false,
  request: form(
    () => "/notifications",
    () => ({}),
  ),
});
row({
  route: "POST /account (lived experience)",
  via: "form",
  allowed: READ,
  capability: "signed in (own flag)",
  ok: [200],
  scoped: false,
  request: form(
    () => "/account",
    (c) => ({ intent: "lived-experience", livedExperience: c.role === "approver" ? "yes" : "no" }),
  ),
});
// Another person's notification (Alex's, same workspace) is nobody else's to mark read: "not found", as for any id.
row({
  route: "POST /notifications (another person's)",
  via: "form",
  allowed: [],
  capability: "only the person it is for",
  ok: [200],
  denied: [404],
  scoped: false,
  request: form(
    () => "/notifications",
    () => ({ id: alexNotification }),
  ),
});
// These end a person's sessions or account, so each cell acts as a new person with the role, made for it.
row({
  route: "POST /account (sign out everywhere)",
  via: "form",
  allowed: READ,
  capability: "signed in (own sessions)",
  ok: [302],
  scoped: false,
  request: async (c) => {
    if (c.role === "nobody")
      return form(
        () => "/account",
        () => ({ intent: "sign-out-everywhere" }),
      )(c);
    const person = await newPerson(c.role);
    const second = await signIn(server.url, person.username, NEW_PERSON_PASSWORD);
    const reply = await send("POST", "/account", person.token, {
      via: "cookie",
      body: { form: { intent: "sign-out-everywhere" } },
    });
    // Both of the person's sessions end, not only the one that asked.
    for (const token of [person.token, second]) {
      if ((await api(server.url, token, "/api/session")).status !== 401)
        return { ...reply, status: -1, text: "a session survived “sign out everywhere”" };
    }
    return reply;
  },
});
row({
  route: "POST /account (delete account)",
  via: "form",
  allowed: READ,
  capability: "signed in (own account)",
  ok: [302],
  scoped: false,
  request: async (c) => {
    if (c.role === "nobody")
      return form(
        () => "/account",
        () => ({ intent: "delete-account", confirmPassword: NEW_PERSON_PASSWORD }),
      )(c);
    const person = await newPerson(c.role);
    const reply = await send("POST", "/account", person.token, {
      via: "cookie",
      body: { form: { intent: "delete-account", confirmPassword: NEW_PERSON_PASSWORD } },
    });
    const signInAgain = await api(server.url, null, "/api/session", {
      method: "POST",
      body: JSON.stringify({ username: person.username, password: NEW_PERSON_PASSWORD }),
    });
    if ((await api(server.url, person.token, "/api/session")).status !== 401 || signInAgain.status !== 401)
      return { ...reply, status: -1, text: "the account still works after deletion" };
    return reply;
  },
});

function expectedFor(r: Row, role: Role, scope: Cell["scope"]): readonly number[] {
  if (role === "nobody") return r.anon ?? (r.via === "api" ? [401] : r.via === "public" ? r.ok : [302]);
  const allowed = r.allowed === "members" || r.allowed === "everyone" || r.allowed.includes(role);
  if (scope === "own") return allowed ? r.ok : (r.denied ?? [403]);
  // Another workspace's id, or one nobody ever issued: "not found" for anyone who could use such an id at home;
  // a member who could not use it anyway may be told "not allowed" (checked below to be the same for any id).
  return allowed ? [404] : [...new Set([...(r.denied ?? [403]), 404])];
}

// Set-up ------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  server = await startServer();
  png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 29, g: 79, b: 145 } } })
    .png()
    .toBuffer();
  for (const role of ROLES) if (role !== "nobody") tokenOf[role] = await signIn(server.url, PERSON[role]);
  extra.alex = await signIn(server.url, "alex");
  const cora = tokenOf.coordinator!;

  // The other workspace, made by an administrator, with one of everything.
  createWorkspace(server, "Other Org", "olga", OLGA_PASSWORD, "Olga");
  const olga = (extra.olga = await signIn(server.url, "olga", OLGA_PASSWORD));
  const otherDoc = await api<{ id: string }>(server.url, olga, "/api/documents", {
    method: "POST",
    body: JSON.stringify({ title: "Other Org leaflet", templateId: "a5-booklet" }),
  });
  const otherVersion = await api<{ id: string }>(server.url, olga, `/api/documents/${otherDoc.body.id}/versions`, {
    method: "POST",
    body: JSON.stringify({ name: "Olga's version" }),
  });
  expect(
    (await api(server.url, olga, "/api/policy", { method: "PUT", body: JSON.stringify({ policy: ZERO_POLICY }) }))
      .status,
  ).toBe(200);
  const otherRelease = await api<{ id: string; shareUrl: string }>(
    server.url,
    olga,
    `/api/documents/${otherDoc.body.id}/releases`,
    { method: "POST", body: JSON.stringify({ shareLink: true }) },
  );
  expect(otherRelease.status).toBe(201);
  const otherUpload = await send("POST", "/api/uploads", olga, {
    via: "bearer",
    body: { multipart: pictureForm("image", "olga.png") },
  });
  const otherInvite = await makeInvite(olga);
  const otherMembers = await routeData<{ me: string }>("/members", "routes/members", olga);
  other = {
    doc: otherDoc.body.id,
    version: otherVersion.body.id,
    release: otherRelease.body.id,
    shareToken: otherRelease.body.shareUrl.split("/").pop()!,
    upload: (JSON.parse(otherUpload.text) as { upload: { id: string } }).upload.id,
    kit: await makeKit(olga),
    job: await finishedJob(olga, otherDoc.body.id),
    invite: otherInvite.id,
    inviteToken: otherInvite.token,
    docInvite: await makeDocumentInvite(olga, otherDoc.body.id),
    member: otherMembers.data.me,
    entry: await makeEntry(olga),
    finding: "",
    thread: "",
    message: "",
    anchor: await commentAnchor(olga, otherDoc.body.id),
  };
  Object.assign(other, await makeThread(olga, other.doc, other.anchor));

  // Our workspace: a version, a release (signed off by both approvers), an upload, a kit, a finished PDF job.
  const leaflet = await documentIdByTitle(server.url, cora, "Women's Rights");
  const version = await api<{ id: string }>(server.url, tokenOf.writer!, `/api/documents/${leaflet}/versions`, {
    method: "POST",
    body: JSON.stringify({ name: "Before the matrix" }),
  });
  const { hash } = (await api<{ hash: string }>(server.url, cora, `/api/documents/${leaflet}`)).body;
  expect(
    (
      await api(server.url, tokenOf.approver!, `/api/documents/${leaflet}/approvals`, {
        method: "POST",
        body: JSON.stringify({ scope: "content", decision: "approve", hash }),
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await api(server.url, extra.alex, `/api/documents/${leaflet}/approvals`, {
        method: "POST",
        body: JSON.stringify({ scope: "design", decision: "approve", hash }),
      })
    ).status,
  ).toBe(201);
  const release = await api<{ id: string; shareUrl: string }>(server.url, cora, `/api/documents/${leaflet}/releases`, {
    method: "POST",
    body: JSON.stringify({ shareLink: true }),
  });
  expect(release.status).toBe(201);
  const upload = await send("POST", "/api/uploads", tokenOf.writer, {
    via: "bearer",
    body: { multipart: pictureForm("image") },
  });
  const report = await api<{ findings: Array<{ id: string; severity: string }> }>(
    server.url,
    cora,
    `/api/documents/${leaflet}/checks`,
    { method: "POST" },
  );
  const finding = report.body.findings.find((f) => f.severity !== "blocker");
  expect(finding, "the demo leaflet has a warning or tip to dismiss").toBeTruthy();
  const ownInvite = await makeInvite(cora);
  const members = await routeData<{ members: Array<{ id: string; displayName: string }> }>(
    "/members",
    "routes/members",
    cora,
  );
  own = {
    doc: leaflet,
    version: version.body.id,
    release: release.body.id,
    shareToken: release.body.shareUrl.split("/").pop()!,
    upload: (JSON.parse(upload.text) as { upload: { id: string } }).upload.id,
    kit: (
      await api<{ brandKit: { id: string } }>(server.url, tokenOf.designer!, "/api/brand-kits", {
        method: "POST",
        body: JSON.stringify(kitBody("Demo kit")),
      })
    ).body.brandKit.id,
    job: await finishedJob(cora, leaflet),
    invite: ownInvite.id,
    inviteToken: ownInvite.token,
    docInvite: await makeDocumentInvite(cora, leaflet),
    member: members.data.members.find((m) => m.displayName === "Vic")!.id,
    entry: await makeEntry(cora),
    finding: finding!.id,
    thread: "",
    message: "",
    anchor: await commentAnchor(cora, leaflet),
  };
  Object.assign(own, await makeThread(cora, own.doc, own.anchor));
  other.finding = own.finding;

  // A review request notifies both approvers: Alex's notification is one nobody else may mark read.
  expect(
    (
      await api(server.url, tokenOf.writer!, `/api/documents/${leaflet}/review-requests`, {
        method: "POST",
        body: JSON.stringify({ message: "Please look before the matrix" }),
      })
    ).status,
  ).toBe(201);
  const alexNotes = await api<{ notifications: Array<{ id: string; read: boolean }> }>(
    server.url,
    extra.alex,
    "/api/notifications",
  );
  alexNotification = alexNotes.body.notifications.find((n) => !n.read)!.id;
}, 180_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

// Tests -------------------------------------------------------------------------------------------------------------

describe("authorisation matrix", () => {
  it("every route × every role × own / other workspace / guessed ids answers as the capability table says, and the other workspace is untouched", async () => {
    const before = await otherWorkspaceSnapshot();
    const mismatches: string[] = [];
    const table: string[] = [];
    for (const r of ROWS) {
      const line: string[] = [];
      for (const role of ROLES) {
        const token = role === "nobody" ? null : tokenOf[role]!;
        const scopes: Array<Cell["scope"]> = r.scoped ? ["own", "other", "guessed"] : ["own"];
        const statuses: Partial<Record<Cell["scope"], number>> = {};
        for (const scope of scopes) {
          const base = scope === "own" ? own : scope === "other" ? other : guessed();
          const cell: Cell = { role, token, ids: { ...base }, scope };
          if (r.prepare) Object.assign(cell.ids, await r.prepare(cell));
          const reply = await r.request(cell);
          statuses[scope] = reply.status;
          const expected = expectedFor(r, role, scope);
          let ok = expected.includes(reply.status);
          if (ok && role === "nobody" && r.via !== "api" && r.via !== "public" && reply.status === 302)
            ok = /^\/login/.test(reply.location ?? "");
          if (!ok)
            mismatches.push(
              `${r.route} as ${role} (${scope}, needs ${r.capability}): expected ${expected.join(" or ")}, got ${reply.status} ${reply.location ?? ""} ${reply.text.slice(0, 120).replace(/\s+/g, " ")}`,
            );
        }
        // No oracle: another workspace's real id gets exactly what a never-issued id gets.
        if (r.scoped && statuses.other !== statuses.guessed) {
          mismatches.push(
            `${r.route} as ${role}: another workspace's id answered ${statuses.other}, a guessed id ${statuses.guessed} (tells the id exists)`,
          );
        }
        line.push(`${role}=${statuses.own}${r.scoped ? `/${statuses.other}/${statuses.guessed}` : ""}`);
      }
      table.push(`${r.route.padEnd(52)} ${line.join(" ")}`);
    }
    console.log(`authorisation matrix (own/other/guessed), ${ROWS.length} routes:\n${table.join("\n")}`);
    expect(mismatches).toEqual([]);

    // Nothing of the other workspace changed, whatever was tried against it.
    const after = await otherWorkspaceSnapshot();
    expect(after).toEqual(before);
  }, 600_000);

  it("lists never include another workspace's documents, uploads, brand kits or history", async () => {
    for (const role of ROLES) {
      if (role === "nobody") continue;
      for (const p of [
        "/api/documents",
        "/api/uploads",
        "/api/brand-kits",
        "/api/notifications",
        "/api/audit?documentId=" + own.doc,
        "/api/policy",
      ]) {
        const reply = await send("GET", p, tokenOf[role], { via: "bearer" });
        for (const id of [other.doc, other.upload, other.kit, other.release, "Other Org"])
          expect(reply.text, `${p} as ${role}`).not.toContain(id);
      }
    }
    const audit = await send("GET", "/api/audit", tokenOf.coordinator, { via: "bearer" });
    expect(audit.text).not.toContain(other.doc);
  });

  it("the audit chain check shows nothing about another workspace's activity", async () => {
    const count = async () =>
      (await api<{ ok: boolean; events: number }>(server.url, tokenOf.coordinator!, "/api/audit?verify")).body;
    const before = await count();
    // The other workspace gets busy.
    for (let i = 0; i < 3; i++) {
      await api(server.url, extra.olga!, `/api/documents/${other.doc}/versions`, {
        method: "POST",
        body: JSON.stringify({ name: `busy ${i}` }),
      });
      await api(server.url, extra.olga!, "/api/documents", {
        method: "POST",
        body: JSON.stringify({ title: `Other busy ${i}`, templateId: "a5-booklet" }),
      });
    }
    const after = await count();
    expect(after.ok).toBe(true);
    expect(after.events, "events counted in Demo Charity's chain check after only Other Org acted").toBe(before.events);
  });
});

describe("what belongs to one person", () => {
  const alexsNotification = async () =>
    (
      await api<{ notifications: Array<{ id: string; read: boolean }> }>(server.url, extra.alex!, "/api/notifications")
    ).body.notifications.find((n) => n.id === alexNotification);

  it("a notification is marked read only by the person it is for; anyone else gets what a made-up id gets, and it stays unread", async () => {
    expect(await alexsNotification()).toMatchObject({ read: false });
    for (const role of ["viewer", "approver", "designer", "writer", "coordinator"] as const) {
      const theirs = await send("POST", "/notifications", tokenOf[role], {
        via: "cookie",
        body: { form: { id: alexNotification } },
      });
      const madeUp = await send("POST", "/notifications", tokenOf[role], {
        via: "cookie",
        body: { form: { id: randomUUID() } },
      });
      expect([theirs.status, madeUp.status], role).toEqual([404, 404]);
    }
    expect(await alexsNotification()).toMatchObject({ read: false });
    expect(
      (await send("POST", "/notifications", extra.alex, { via: "cookie", body: { form: { id: alexNotification } } }))
        .status,
    ).toBe(200);
    expect(await alexsNotification()).toMatchObject({ read: true });
  });

  it("a brand-kit form with a logo that is refused (another workspace's kit, a made-up kit, a writer) stores no picture", async () => {
    const uploads = async () =>
      (await api<{ uploads: unknown[] }>(server.url, tokenOf.coordinator!, "/api/uploads")).body.uploads.length;
    const before = await uploads();
    const post = (token: string | undefined, kit: string) =>
      send("POST", `/brand-kits/${kit}`, token, {
        via: "cookie",
        body: { multipart: kitFormWithLogo("Hijacked kit") },
      });
    expect((await post(tokenOf.designer, other.kit)).status).toBe(404);
    expect((await post(tokenOf.designer, randomUUID())).status).toBe(404);
    expect((await post(tokenOf.writer, own.kit)).status).toBe(403);
    expect(await uploads()).toBe(before);
  });
});

describe("the sync endpoint × role × workspace", () => {
  const PARTS = ["content", "meta", "design", "comments", "settings"] as const;
  type Part = (typeof PARTS)[number];
  /**
   * From permissions: content:edit → content + meta, design:edit → design, manage → settings. Comments are written
   * only by the comments API (which signs them), so no role may write the comments root over sync.
   */
  const WRITABLE: Record<Exclude<Role, "nobody">, readonly Part[]> = {
    coordinator: ["content", "meta", "design", "settings"],
    writer: ["content", "meta"],
    designer: ["design"],
    approver: [],
    viewer: [],
  };
  /**
   * Everyone who may comment may also suggest (decision 020): their connection is not read-only, so a change that is
   * not their own suggestion is refused with 4409 rather than dropped (tests/integration/suggestions.test.ts).
   */
  const SUGGESTS: ReadonlyArray<Exclude<Role, "nobody">> = ["coordinator", "writer", "designer", "approver"];

  const outcome = (url: string, headers?: Record<string, string>) =>
    new Promise<number | "open">((resolve) => {
      const socket = new WebSocket(url, { headers });
      socket.on("message", () => {
        resolve("open");
        socket.close();
      });
      socket.on("close", (code) => resolve(code));
      socket.on("error", () => resolve(-1));
    });

  it("connecting: every member to their own documents; 4403 for another workspace's; 4401 signed out; 4404 for made-up ids; 4403 from another site", async () => {
    const results: string[] = [];
    const mismatches: string[] = [];
    for (const role of ROLES) {
      const token = role === "nobody" ? undefined : tokenOf[role];
      const cases: Array<[string, string, number | "open"]> = [
        ["own document", own.doc, role === "nobody" ? 4401 : "open"],
        ["other workspace's document", other.doc, role === "nobody" ? 4401 : 4403],
        ["guessed id", randomUUID(), role === "nobody" ? 4401 : 4404],
      ];
      for (const [name, id, expected] of cases) {
        for (const how of ["token", "cookie"] as const) {
          const got =
            how === "token"
              ? await outcome(syncUrl(server, id, token))
              : await outcome(
                  syncUrl(server, id),
                  token ? { cookie: `copress_session=${token}`, origin: server.url } : { origin: server.url },
                );
          results.push(`${role} ${name} (${how}): ${got}`);
          if (got !== expected) mismatches.push(`${role} → ${name} by ${how}: expected ${expected}, got ${got}`);
        }
      }
      if (token) {
        const fromElsewhere = await outcome(syncUrl(server, own.doc), {
          cookie: `copress_session=${token}`,
          origin: "https://evil.example",
        });
        if (fromElsewhere !== 4403)
          mismatches.push(`${role} → own document from another site's page: expected 4403, got ${fromElsewhere}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("writing: each role changes exactly the parts of the Y.Doc its capabilities allow", async () => {
    const observer = connect(server.url, own.doc, tokenOf.coordinator!);
    clients.push(observer);
    await waitForSync(observer);
    const mismatches: string[] = [];
    const table: string[] = [];
    for (const role of ROLES) {
      if (role === "nobody") continue;
      const line: string[] = [];
      for (const part of PARTS) {
        const marker = `probe-${role}-${part}-${randomBytes(3).toString("hex")}`;
        const client = connect(server.url, own.doc, tokenOf[role]!);
        clients.push(client);
        const closes: number[] = [];
        client.provider.on("connection-close", (event) => {
          if (event) closes.push(event.code);
          if (event?.code === 4409) client.provider.disconnect(); // as the editor does: reload, don't retry
        });
        await waitForSync(client);
        client.doc.transact(() => {
          if (part === "content") typeInSection(client.doc, 0, `${marker} `);
          else if (part === "comments") client.doc.getMap("comments").set(marker, new Y.Map());
          else client.doc.getMap(part).set(`x-${marker}`, marker);
        });
        const seen = () =>
          part === "content"
            ? plainText(observer.doc).includes(marker)
            : part === "comments"
              ? observer.doc.getMap("comments").has(marker)
              : observer.doc.getMap(part).get(`x-${marker}`) === marker;
        const allowed = WRITABLE[role].includes(part);
        if (allowed) {
          await eventually(() => expect(seen()).toBe(true), 5000).catch(() => undefined);
        } else if (WRITABLE[role].length > 0 || SUGGESTS.includes(role)) {
          // A member who may write some parts (or suggest) is closed (4409) when a change touches another part.
          await eventually(() => expect(closes).toContain(4409));
        } else {
          // A read-only connection's changes are dropped. The server handles a socket's frames in order, so
          // presence sent after the change reaching the observer proves the change was handled (no fixed wait).
          const barrier = `barrier-${randomBytes(3).toString("hex")}`;
          client.provider.awareness.setLocalStateField("barrier", barrier);
          await eventually(() =>
            expect(
              (observer.provider.awareness.getStates().get(client.doc.clientID) as { barrier?: string } | undefined)
                ?.barrier,
            ).toBe(barrier),
          );
        }
        const applied = seen();
        line.push(`${part}:${applied ? "changed" : "refused"}${closes.length ? `(${closes.join(",")})` : ""}`);
        if (applied !== allowed)
          mismatches.push(
            `${role} writing ${part}: expected ${allowed ? "changed" : "refused"}, it was ${applied ? "changed" : "refused"}`,
          );
        if (!allowed && (WRITABLE[role].length > 0 || SUGGESTS.includes(role)) && !closes.includes(4409))
          mismatches.push(
            `${role} writing ${part}: a refused change should close with 4409 (documented), closes: ${closes.join(",") || "none"}`,
          );
        client.destroy();
      }
      table.push(`${role.padEnd(12)} ${line.join("  ")}`);
    }
    console.log(`sync write matrix:\n${table.join("\n")}`);
    expect(mismatches).toEqual([]);
  }, 180_000);
});

describe("guessed and mixed ids", () => {
  it("another workspace's version cannot be read or restored through our own document", async () => {
    const before = (await api<{ contentHash: string }>(server.url, tokenOf.coordinator!, `/api/documents/${own.doc}`))
      .body.contentHash;
    expect((await api(server.url, tokenOf.writer!, `/api/documents/${own.doc}/versions/${other.version}`)).status).toBe(
      404,
    );
    expect(
      (
        await api(server.url, tokenOf.writer!, `/api/documents/${own.doc}/versions/${other.version}?restore`, {
          method: "POST",
        })
      ).status,
    ).toBe(404);
    expect(
      (await api(server.url, tokenOf.writer!, `/api/documents/${own.doc}/versions?from=${other.version}&to=current`))
        .status,
    ).toBe(404);
    const page = await send("GET", `/documents/${own.doc}/versions?from=${other.version}`, tokenOf.writer, {
      via: "cookie",
    });
    expect(page.status).toBe(404);
    expect(
      (await api<{ contentHash: string }>(server.url, tokenOf.coordinator!, `/api/documents/${own.doc}`)).body
        .contentHash,
    ).toBe(before);
  });

  it("a picture of another workspace never appears in our PDF, even when a writer points an image at it", async () => {
    const made = await api<{ id: string }>(server.url, tokenOf.coordinator!, "/api/documents", {
      method: "POST",
      body: JSON.stringify({ title: "Pictures", templateId: "a5-booklet" }),
    });
    const writer = connect(server.url, made.body.id, tokenOf.writer!);
    clients.push(writer);
    await waitForSync(writer);
    const picture = (src: string, alt: string) => {
      const image = new Y.XmlElement("image");
      image.setAttribute("src", src);
      image.setAttribute("alt", alt);
      return image;
    };
    const section = writer.doc.getXmlFragment("content").get(0) as Y.XmlElement;
    section.insert(section.length, [
      picture(`/uploads/${other.upload}`, "Theirs"),
      picture(`/uploads/${own.upload}`, "Ours"),
    ]);
    await eventually(async () => {
      const canonical = await api<{ content: unknown }>(
        server.url,
        tokenOf.coordinator!,
        `/api/documents/${made.body.id}`,
      );
      expect(JSON.stringify(canonical.body.content)).toContain(other.upload);
    });
    const pdf = await fetch(`${server.url}/api/documents/${made.body.id}/pdf`, {
      headers: { authorization: `Bearer ${tokenOf.coordinator}` },
    });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), "copress-authz-"));
    const file = path.join(dir, "doc.pdf");
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const images = execFileSync("pdfimages", ["-list", file]).toString().trim().split("\n").slice(2);
    expect(images.length, "only our own picture is embedded").toBe(1);
    // …and the browser cannot fetch theirs either.
    expect((await send("GET", `/uploads/${other.upload}`, tokenOf.writer, { via: "cookie" })).status).toBe(404);
  }, 120_000);
});

describe("cross-site requests", () => {
  /** Every state-changing form and API call, sent with the person's cookie from another site's page. */
  const attempts: Array<[string, string, Body]> = [
    ["POST", "/documents", { form: { title: "Evil document", templateId: "a5-booklet" } }],
    ["POST", "/documents/:doc", { form: { title: "Renamed by evil" } }],
    ["POST", "/documents/:doc/versions", { form: { name: "Evil version" } }],
    ["POST", "/documents/:doc/versions", { form: { intent: "restore", versionId: ":version" } }],
    ["POST", "/documents/:doc/review", { form: { intent: "request", message: "evil" } }],
    ["POST", "/documents/:doc/review", { form: { intent: "publish", shareLink: "on" } }],
    ["POST", "/documents/:doc/review", { form: { intent: "policy", useWorkspace: "yes" } }],
    ["POST", "/documents/:doc/checks", { form: { intent: "dismiss", findingId: ":finding", reason: "evil" } }],
    ["POST", "/members", { form: { intent: "invite", roles: "coordinator" } }],
    ["POST", "/documents/:doc/share", { form: { intent: "invite", role: "writer" } }],
    ["POST", "/documents/:doc/share", { form: { intent: "cancel", inviteId: ":docInvite" } }],
    ["POST", "/members", { form: { intent: "roles", memberId: ":member", roles: "coordinator" } }],
    ["POST", "/members", { form: { intent: "revoke", inviteId: ":invite" } }],
    ["POST", "/members", { form: { intent: "remove", memberId: ":member" } }],
    [
      "POST",
      "/account",
      { form: { intent: "password", currentPassword: "copress-demo", newPassword: "evil-password-123" } },
    ],
    ["POST", "/account", { form: { intent: "lived-experience", livedExperience: "yes" } }],
    ["POST", "/brand-kits/new", { form: kitForm("Evil kit") }],
    ["POST", "/brand-kits/:kit", { form: { intent: "delete" } }],
    [
      "POST",
      "/word-list",
      { form: { intent: "add", phrase: "evil words", suggestion: "x", reason: "", source: "evil" } },
    ],
    ["POST", "/notifications", { form: {} }],
    ["POST", "/logout", { form: {} }],
    ["POST", "/api/documents", { json: { title: "Evil API document", templateId: "a5-booklet" } }],
    ["PATCH", "/api/documents/:doc", { json: { title: "Evil API rename" } }],
    ["POST", "/api/documents/:doc/versions", { json: { name: "Evil API version" } }],
    ["PUT", "/api/policy", { json: { policy: ZERO_POLICY } }],
    ["POST", "/api/documents/:doc/releases", { json: { shareLink: true } }],
    ["POST", "/api/documents/:doc/invites", { json: { role: "writer" } }],
    ["POST", "/api/brand-kits", { json: kitBody("Evil API kit") }],
    ["DELETE", "/api/brand-kits/:kit", undefined],
    ["DELETE", "/api/session", undefined],
  ];
  const fill = (p: string) => p.replace(":doc", own.doc).replace(":kit", own.kit);
  const fillBody = (body: Body): Body => {
    if (!body || !("form" in body)) return body;
    return {
      form: Object.fromEntries(
        Object.entries(body.form).map(([k, v]) => [
          k,
          typeof v === "string"
            ? v
                .replace(":docInvite", own.docInvite)
                .replace(":version", own.version)
                .replace(":finding", own.finding)
                .replace(":member", own.member)
                .replace(":invite", own.invite)
            : v,
        ]),
      ),
    };
  };

  async function stateOfOurWorkspace() {
    const cora = tokenOf.coordinator!;
    const get = async (p: string) => (await api(server.url, cora, p)).body;
    return {
      documents: await get("/api/documents"),
      document: await get(`/api/documents/${own.doc}`),
      versions: await get(`/api/documents/${own.doc}/versions`),
      releases: await get(`/api/documents/${own.doc}/releases`),
      policy: await get("/api/policy"),
      docPolicy: await get(`/api/documents/${own.doc}/policy`),
      kits: await get("/api/brand-kits"),
      members: (await routeData<unknown>("/members", "routes/members", cora)).data,
      words: (await routeData<{ entries: unknown }>("/word-list", "routes/word-list", cora)).data.entries,
      notifications: await get("/api/notifications"),
      account: (await routeData<unknown>("/account", "routes/account", cora)).data,
      session: (await api(server.url, cora, "/api/session")).status,
    };
  }

  it("a form post or API call carrying the session cookie from another site (or with no origin at all) is refused with 403 and changes nothing", async () => {
    const before = await stateOfOurWorkspace();
    const refusals: string[] = [];
    for (const origin of [
      "https://evil.example",
      "null",
      `${server.url.replace("127.0.0.1", "localhost")}`,
      "",
    ] as const) {
      for (const [method, p, body] of attempts) {
        const reply = await send(method, fill(p), tokenOf.coordinator, {
          via: "cookie",
          body: fillBody(body),
          origin: origin || null,
        });
        if (reply.status !== 403)
          refusals.push(`${method} ${p} from ${origin || "no Origin/Referer"} → ${reply.status}`);
      }
    }
    // A multipart upload from another site too.
    const upload = await send("POST", "/api/uploads", tokenOf.coordinator, {
      via: "cookie",
      body: { multipart: pictureForm("image", "evil.png") },
      origin: "https://evil.example",
    });
    if (upload.status !== 403) refusals.push(`POST /api/uploads from evil.example → ${upload.status}`);
    expect(refusals).toEqual([]);
    const after = await stateOfOurWorkspace();
    expect(after).toEqual(before);
  });
});

describe("signing out", () => {
  it("logout (the page's form) revokes that session for pages, /api and live sync", async () => {
    const token = await signIn(server.url, "will");
    const live = connect(server.url, own.doc, token);
    clients.push(live);
    await waitForSync(live);
    const closes: number[] = [];
    live.provider.on("connection-close", (event) => {
      if (event) closes.push(event.code);
      if (event?.code === 4401) live.provider.disconnect();
    });
    expect((await send("GET", "/documents", token, { via: "cookie" })).status).toBe(200);
    const out = await send("POST", "/logout", token, { via: "cookie", body: { form: {} } });
    expect(out.status).toBe(302);
    expect(out.location).toMatch(/^\/login/);
    const page = await send("GET", "/documents", token, { via: "cookie" });
    expect(page.status).toBe(302);
    expect(page.location).toMatch(/^\/login/);
    expect((await send("GET", "/api/session", token, { via: "bearer" })).status).toBe(401);
    expect((await send("GET", `/api/documents/${own.doc}`, token, { via: "bearer" })).status).toBe(401);
    await eventually(() => expect(closes).toContain(4401));
    expect(await closeCodeOf(syncUrl(server, own.doc, token))).toBe(4401);
  });

  it("DELETE /api/session revokes that API token for HTTP and sync", async () => {
    const token = await signIn(server.url, "will");
    expect((await api(server.url, token, "/api/session", { method: "DELETE" })).status).toBe(200);
    expect((await api(server.url, token, "/api/documents")).status).toBe(401);
    expect((await send("GET", "/documents", token, { via: "cookie" })).status).toBe(302);
    expect(await closeCodeOf(syncUrl(server, own.doc, token))).toBe(4401);
  });

  it("a password change revokes every session and token of that person", async () => {
    const first = await signIn(server.url, "alex");
    const second = await signIn(server.url, "alex");
    const changed = await send("POST", "/account", first, {
      via: "cookie",
      body: { form: { intent: "password", currentPassword: "copress-demo", newPassword: "a brand new password" } },
    });
    expect(changed.status).toBe(302);
    for (const token of [first, second]) {
      expect((await api(server.url, token, "/api/session")).status).toBe(401);
      expect(await closeCodeOf(syncUrl(server, own.doc, token))).toBe(4401);
    }
    extra.alex = await signIn(server.url, "alex", "a brand new password");
  });
});

describe("invite links", () => {
  const join = (token: string, username: string) =>
    send("POST", `/invite/${token}`, null, {
      via: "cookie",
      body: { form: { displayName: username, username, password: "a long enough password" } },
    });

  it("work once, even when two people use the same link at the same moment", async () => {
    const { token } = await makeInvite(tokenOf.coordinator!);
    const [a, b] = await Promise.all([join(token, "racer-a"), join(token, "racer-b")]);
    expect([a.status, b.status].sort()).toEqual([302, 410]);
    expect((await send("GET", `/invite/${token}`, null, { via: "cookie" })).status).toBe(410);
    expect((await join(token, "latecomer")).status).toBe(410);
  });

  it("give only the invited roles, in the inviting workspace only", async () => {
    const { token } = await makeInvite(extra.olga!);
    const joined = await join(token, "oscar");
    expect(joined.status).toBe(302);
    const oscar = await signIn(server.url, "oscar", "a long enough password");
    const me = await api<{ roles: string[]; workspace: { name: string } }>(server.url, oscar, "/api/session");
    expect(me.body).toMatchObject({ roles: ["viewer"], workspace: { name: "Other Org" } });
    expect((await api(server.url, oscar, `/api/documents/${own.doc}`)).status).toBe(404);
    expect(await closeCodeOf(syncUrl(server, own.doc, oscar))).toBe(4403);
  });

  it("expire, and can be cancelled", async () => {
    const expiring = await makeInvite(tokenOf.coordinator!);
    const store = await openStoreOf(server.dataDir);
    await sql`UPDATE invites SET expires_at = ${new Date(Date.now() - 1000).toISOString()} WHERE id = ${expiring.id}`.execute(
      store.db,
    );
    await store.close();
    expect((await send("GET", `/invite/${expiring.token}`, null, { via: "cookie" })).status).toBe(410);
    expect((await join(expiring.token, "too-late")).status).toBe(410);

    const cancelled = await makeInvite(tokenOf.coordinator!);
    expect(
      (
        await send("POST", "/members", tokenOf.coordinator, {
          via: "cookie",
          body: { form: { intent: "revoke", inviteId: cancelled.id } },
        })
      ).status,
    ).toBe(200);
    expect([404, 410]).toContain((await join(cancelled.token, "cancelled")).status);
    expect(
      (
        await api(server.url, null, "/api/session", {
          method: "POST",
          body: JSON.stringify({ username: "cancelled", password: "a long enough password" }),
        })
      ).status,
    ).toBe(401);
  });

  it("are stored hashed: the database holds no usable invite or session token", async () => {
    const { token } = await makeInvite(tokenOf.coordinator!);
    const store = await openStoreOf(server.dataDir);
    const dump = JSON.stringify([
      await store.db.selectFrom("invites").selectAll().execute(),
      await store.db.selectFrom("sessions").selectAll().execute(),
    ]);
    await store.close();
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(tokenOf.coordinator!);
  });
});

describe("signing in is throttled", () => {
  const attempt = (username: string, password: string, address: string) =>
    fetch(`${server.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify({ username, password }),
    });

  it("per account: after 5 wrong passwords even the right one is refused (429 with Retry-After), from any address, in any letter case", async () => {
    for (let i = 0; i < 5; i++) expect((await attempt("dana", `guess-${i}`, `198.51.100.${i + 1}`)).status).toBe(401);
    for (const [name, address] of [
      ["dana", "198.51.100.50"],
      ["DANA", "198.51.100.51"],
      [" Dana ", "198.51.100.52"],
    ] as const) {
      const response = await attempt(name, "copress-demo", address);
      expect(response.status, `${JSON.stringify(name)} from ${address}`).toBe(429);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // The sign-in form is the same door.
    const page = await send("POST", "/login", null, {
      via: "cookie",
      body: { form: { username: "dana", password: "copress-demo" } },
    });
    expect(page.status).toBe(429);
    // Unknown accounts are throttled the same way (no telling which usernames exist).
    for (let i = 0; i < 5; i++) expect((await attempt("nosuchperson", `guess-${i}`, "198.51.100.60")).status).toBe(401);
    expect((await attempt("nosuchperson", "guess-5", "198.51.100.61")).status).toBe(429);
    // Other people are unaffected.
    expect((await attempt("vic", "copress-demo", "198.51.100.62")).status).toBe(200);
  });

  it("per address: 20 failures from one address stop every account from there, not from elsewhere", async () => {
    const address = "203.0.113.9";
    for (let i = 0; i < 20; i++) await attempt(`person${i}`, "wrong", address);
    expect((await attempt("vic", "copress-demo", address)).status).toBe(429);
    expect((await attempt("vic", "copress-demo", "203.0.113.10")).status).toBe(200);
  });
});

describe("the lived-experience flag", () => {
  it("is visible only to the member and to coordinators (privacy)", async () => {
    // Abi (an approver with lived experience) signed off the release's content; she approves the live version too.
    const { hash } = (await api<{ hash: string }>(server.url, tokenOf.coordinator!, `/api/documents/${own.doc}`)).body;
    await api(server.url, tokenOf.approver!, `/api/documents/${own.doc}/approvals`, {
      method: "POST",
      body: JSON.stringify({ scope: "content", decision: "approve", hash }),
    });
    const leaks: string[] = [];
    for (const role of ["viewer", "writer", "designer"] as const) {
      const token = tokenOf[role]!;
      const approvals = await api<{ approvals: Array<{ memberName: string; livedExperience?: boolean }> }>(
        server.url,
        token,
        `/api/documents/${own.doc}/approvals`,
      );
      if (approvals.body.approvals.some((a) => a.memberName === "Abi" && a.livedExperience))
        leaks.push(`${role}: GET /api/documents/:id/approvals says Abi has lived experience`);
      const release = await api<{ approvals: Array<{ memberName: string; livedExperience?: boolean }> }>(
        server.url,
        token,
        `/api/releases/${own.release}`,
      );
      if (release.body.approvals.some((a) => a.memberName === "Abi" && a.livedExperience))
        leaks.push(`${role}: GET /api/releases/:id says Abi has lived experience`);
      const review = await send("GET", `/documents/${own.doc}/review`, token, { via: "cookie" });
      if (review.text.includes('class="tag">Lived experience<'))
        leaks.push(`${role}: the review page tags Abi "Lived experience"`);
      const releasePage = await send("GET", `/releases/${own.release}`, token, { via: "cookie" });
      if (/\(lived experience\)/.test(releasePage.text))
        leaks.push(`${role}: the release page says "(lived experience)"`);
      const members = await send("GET", "/members", token, { via: "cookie" });
      if (members.status === 200) leaks.push(`${role}: can open /members`);
    }
    // The coordinator may see it.
    const coordinatorView = await routeData<{ members: Array<{ displayName: string; livedExperience?: boolean }> }>(
      "/members",
      "routes/members",
      tokenOf.coordinator!,
    );
    expect(coordinatorView.data.members.find((m) => m.displayName === "Abi")?.livedExperience).toBe(true);
    expect(leaks).toEqual([]);
  });
});
