/**
 * `npm run admin -- move-to-postgres`: a SQLite installation that has been used (edits, a published release, an
 * audit chain) is copied into an empty PostgreSQL database, and Copress started on PostgreSQL serves exactly the same:
 * the same people and passwords, the same documents (hashes), the same release files, a whole audit chain.
 */
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { api, connect, documentIdByTitle, signIn, typeInSection, waitForSync, eventually } from "../helpers/clients";
import { projectRoot, removeDataDir, startServer, type TestServer } from "../helpers/server";
import { freshPostgresDatabase } from "../helpers/store";

const admin = (args: string[], env: Record<string, string>) =>
  execFileSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: "pipe",
  }).toString();

let sqliteServer: TestServer | undefined;
let postgresServer: TestServer | undefined;
const databases: Array<{ drop(): Promise<void> }> = [];

afterAll(async () => {
  await sqliteServer?.stop();
  await postgresServer?.stop();
  for (const database of databases) await database.drop();
  if (sqliteServer) await removeDataDir(sqliteServer.dataDir);
});

describe("moving an installation from SQLite to PostgreSQL", () => {
  it("copies everything, proves it, and Copress on PostgreSQL serves the very same", async () => {
    sqliteServer = await startServer({ env: { SYNC_COMPACT_AFTER: "5" } });
    const { url, dataDir } = sqliteServer;
    const cora = await signIn(url, "cora");
    const abi = await signIn(url, "abi");
    const leaflet = await documentIdByTitle(url, cora, "Women's Rights");
    // Some use: edits (logged and compacted), a version, an approval, a release, audit events.
    const writer = connect(url, leaflet, await signIn(url, "wren"));
    await waitForSync(writer);
    for (let i = 0; i < 12; i++) typeInSection(writer.doc, 2, `Edit ${i}. `);
    await eventually(async () =>
      expect(JSON.stringify((await api(url, cora, `/api/documents/${leaflet}`)).body)).toContain("Edit 11."),
    );
    writer.destroy();
    await api(url, cora, `/api/documents/${leaflet}/policy`, {
      method: "PUT",
      body: JSON.stringify({
        policy: {
          content: { required: 1, role: "approver", requireLivedExperience: false, contributorsCount: true },
          design: { required: 0, role: "approver", requireLivedExperience: false, contributorsCount: true },
          blockingSeverities: [],
        },
      }),
    });
    const before = (await api<{ hash: string }>(url, cora, `/api/documents/${leaflet}`)).body;
    expect(
      (
        await api(url, abi, `/api/documents/${leaflet}/approvals`, {
          method: "POST",
          body: JSON.stringify({ scope: "content", decision: "approve", hash: before.hash }),
        })
      ).status,
    ).toBe(201);
    const release = await api<{ id: string; number: number }>(url, cora, `/api/documents/${leaflet}/releases`, {
      method: "POST",
      body: JSON.stringify({}),
    });
    expect(release.status).toBe(201);
    const pdfBefore = Buffer.from(
      await (
        await fetch(`${url}/api/releases/${release.body.id}/pdf`, { headers: { authorization: `Bearer ${cora}` } })
      ).arrayBuffer(),
    );
    await sqliteServer.stop(); // as the instructions say: stop Copress first

    // A target that is not empty is refused, and nothing changes in it.
    const used = await freshPostgresDatabase("copress_move");
    databases.push(used);
    const other = await startServer({ env: { DATABASE_URL: used.url } });
    await other.stop();
    await removeDataDir(other.dataDir);
    expect(() => admin(["move-to-postgres", "--to", used.url], { DATA_DIR: dataDir })).toThrow(/already holds/);

    const target = await freshPostgresDatabase("copress_move");
    databases.push(target);
    const said = admin(["move-to-postgres", "--to", target.url], { DATA_DIR: dataDir });
    expect(said).toMatch(/Every document reads the same \(2 documents/);
    expect(said).toMatch(/Every audit chain is whole \(1 workspaces\)/);
    expect(said).toMatch(/Every release's files are byte for byte the same \(1 releases\)/);

    postgresServer = await startServer({ dataDir, env: { DATABASE_URL: target.url, SEED_DEMO: "false" } });
    const pg = postgresServer.url;
    const coraAgain = await signIn(pg, "cora"); // the same password
    expect((await api<{ hash: string }>(pg, coraAgain, `/api/documents/${leaflet}`)).body.hash).toBe(before.hash);
    const pdfAfter = Buffer.from(
      await (
        await fetch(`${pg}/api/releases/${release.body.id}/pdf`, { headers: { authorization: `Bearer ${coraAgain}` } })
      ).arrayBuffer(),
    );
    expect(pdfAfter.equals(pdfBefore)).toBe(true);
    expect((await api(pg, coraAgain, "/api/audit?verify")).body).toMatchObject({ ok: true });
    // It goes on working: new edits are stored after the moved ones (the log's numbering moved on too).
    const writer2 = connect(pg, leaflet, await signIn(pg, "wren"));
    await waitForSync(writer2);
    typeInSection(writer2.doc, 2, "Written on PostgreSQL. ");
    await eventually(async () =>
      expect(JSON.stringify((await api(pg, coraAgain, `/api/documents/${leaflet}`)).body)).toContain(
        "Written on PostgreSQL.",
      ),
    );
    writer2.destroy();
    expect((await api(pg, coraAgain, "/api/audit?verify")).body).toMatchObject({ ok: true });
  });
});
