/**
 * PostgreSQL going away mid-session (a restart, a failover, the network): Copress reaches its database through a TCP
 * proxy of the test's own, which the test cuts — every open connection dropped, new ones refused — and then restores.
 * Meanwhile people keep typing. Nothing is sent to others that is not stored; /ready says the database is unavailable;
 * once it is back, everything typed is stored, everyone converges, and a restarted server loads all of it.
 */
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import {
  connect,
  documentIdByTitle,
  eventually,
  plainText,
  signIn,
  typeInSection,
  waitForSync,
  type SyncClient,
} from "../helpers/clients";
import { launchBrowser, screenshot, signInAs } from "../helpers/browser";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";
import { freshPostgresDatabase, postgresAdminUrl } from "../helpers/store";
import { cuttableProxy } from "../helpers/network";
import { openPostgres } from "../../server/db/database";
import { saveStateWords, serverSaysUnsaved } from "../../app/domain/close-codes";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: TestServer | undefined;
const clients: SyncClient[] = [];
const cleanups: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("PostgreSQL restarted mid-session", () => {
  it("keeps what people type pending, sends nothing unstored, then stores all of it when the database is back", async () => {
    const database = await freshPostgresDatabase("copress_restart");
    cleanups.push(() => database.drop());
    const admin = new URL(postgresAdminUrl);
    const proxy = await cuttableProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    cleanups.push(() => proxy.close());
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port());

    server = await startServer({ env: { DATABASE_URL: viaProxy.toString(), SYNC_COMPACT_AFTER: "10" } });
    cleanups.push(() => removeDataDir(server!.dataDir));
    const url = server.url;
    const leaflet = await documentIdByTitle(url, await signIn(url, "cora"), "Women's Rights");
    const [wren, will] = await Promise.all([signIn(url, "wren"), signIn(url, "will")]);
    const writer = connect(url, leaflet, wren);
    const reader = connect(url, leaflet, will);
    clients.push(writer, reader);
    await Promise.all([waitForSync(writer), waitForSync(reader)]);
    // And a person in real Chromium with the editor open: their page's save line is what they are told.
    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, url, "will");
    await page.goto(`${url}/documents/${leaflet}`);
    const saveLine = page.getByRole("status").filter({ hasText: /All changes saved|Not saved yet|Saving/ });
    await expect.poll(() => saveLine.first().textContent(), { timeout: 20_000 }).toContain("All changes saved");

    typeInSection(writer.doc, 2, "Before. ");
    await eventually(() => expect(plainText(reader.doc)).toContain("Before."));
    // Nobody but the server can make the others' pages say "Not saved yet".
    writer.provider.awareness.setLocalStateField("copress", { unsaved: true });
    writer.provider.awareness.setLocalStateField("user", { id: "x", name: "Wren" });
    await eventually(() => expect(reader.provider.awareness.getStates().size).toBeGreaterThan(1));
    await sleep(300);
    expect(serverSaysUnsaved(reader.provider.awareness.getStates())).toBe(false);
    writer.provider.awareness.setLocalStateField("copress", undefined); // its own page believed itself, of course

    await proxy.cut(); // PostgreSQL is gone
    for (let i = 0; i < 5; i++) {
      typeInSection(writer.doc, 2, `While away ${i}. `);
      await sleep(200);
    }
    await eventually(async () => expect((await fetch(`${url}/ready`)).status).toBe(503), 10_000, 200);
    expect(await (await fetch(`${url}/ready`)).json()).toEqual({ status: "database_unavailable" });
    // Not stored, so not sent: the other person does not see it yet, and both pages say "Not saved yet".
    for (const client of [writer, reader])
      await eventually(() => expect(serverSaysUnsaved(client.provider.awareness.getStates())).toBe(true), 10_000);
    expect(saveStateWords("online", true, true, serverSaysUnsaved(writer.provider.awareness.getStates()))).toMatch(
      /^Not saved yet/,
    );
    // The person in Chromium reads it on their page.
    await expect.poll(() => saveLine.first().textContent(), { timeout: 10_000 }).toMatch(/^Not saved yet/);
    // Shown as a warning, not in the "all is well" colour.
    expect(await saveLine.first().getAttribute("class")).toContain("save-state--offline");
    await screenshot(page, "database-away-not-saved-yet");
    await sleep(1500);
    expect(plainText(reader.doc)).not.toContain("While away");

    await proxy.restore(); // back
    await eventually(() => expect(plainText(reader.doc)).toContain("While away 4."), 20_000, 100);
    await eventually(() =>
      expect(yXmlFragmentToProsemirrorJSON(reader.doc.getXmlFragment("content"))).toEqual(
        yXmlFragmentToProsemirrorJSON(writer.doc.getXmlFragment("content")),
      ),
    );
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    for (const client of [writer, reader])
      await eventually(() => expect(serverSaysUnsaved(client.provider.awareness.getStates())).toBe(false));
    await expect.poll(() => saveLine.first().textContent(), { timeout: 10_000 }).toContain("All changes saved");
    expect(await page.getByText("While away 4.").count()).toBeGreaterThan(0);

    // Everything is in the database itself: read it straight from PostgreSQL, as a restarted server would.
    const store = await openPostgres(database.url, 1);
    cleanups.push(() => store.close());
    const rows = await store.db
      .selectFrom("document_updates")
      .select("data")
      .where("document_id", "=", leaflet)
      .orderBy("seq")
      .execute();
    const state = await store.db
      .selectFrom("document_states")
      .select("state")
      .where("document_id", "=", leaflet)
      .executeTakeFirst();
    const stored = new Y.Doc();
    if (state) Y.applyUpdate(stored, state.state);
    for (const row of rows) Y.applyUpdate(stored, row.data);
    for (let i = 0; i < 5; i++) expect(plainText(stored)).toContain(`While away ${i}.`);
  });
});
