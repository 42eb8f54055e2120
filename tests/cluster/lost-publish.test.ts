/**
 * A batch stored by one process that it could not tell the others about (its link to Redis broke), while the other
 * process's own link never broke — so that one has no reconnect of its own to prompt it to read the document back.
 * Two real processes on one PostgreSQL database; the first reaches Redis through a proxy the test cuts and restores.
 * Without the skipped number (server/sync/cluster.ts) the second process's readers never see what was typed meanwhile
 * until someone types again.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  connect,
  contentJson,
  documentIdByTitle,
  eventually,
  plainText,
  signIn,
  typeInSection,
  waitForSync,
  type SyncClient,
} from "../helpers/clients";
import { cuttableProxy, startRedis } from "../helpers/network";
import { makeDataDir, removeDataDir, startServer, type TestServer } from "../helpers/server";
import { freshPostgresDatabase } from "../helpers/store";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clients: SyncClient[] = [];
const servers: TestServer[] = [];
const cleanups: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(servers.map((server) => server.stop()));
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("a batch that could not be published", () => {
  it("reaches the other process's readers once Redis answers again, with nobody typing after it", async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const database = await freshPostgresDatabase("copress_lost_publish");
    cleanups.push(() => database.drop());
    const dataDir = makeDataDir();
    cleanups.push(() => removeDataDir(dataDir));
    const link = await cuttableProxy({ host: "127.0.0.1", port: redis.port });
    cleanups.push(() => link.close());
    const env = { DATABASE_URL: database.url, SYNC_ROOM_IDLE_MS: "60000" };
    // The writer's process reaches Redis through the link; the reader's straight.
    const first = await startServer({ dataDir, env: { ...env, REDIS_URL: `redis://127.0.0.1:${link.port()}` } });
    servers.push(first);
    const second = await startServer({ dataDir, env: { ...env, REDIS_URL: redis.url } });
    servers.push(second);

    const leaflet = await documentIdByTitle(first.url, await signIn(first.url, "cora"), "Women's Rights");
    const writer = connect(first.url, leaflet, await signIn(first.url, "wren"));
    const reader = connect(second.url, leaflet, await signIn(second.url, "will"));
    clients.push(writer, reader);
    await Promise.all([waitForSync(writer), waitForSync(reader)]);
    typeInSection(writer.doc, 2, "Before. ");
    await eventually(() => expect(plainText(reader.doc)).toContain("Before."));

    await link.cut();
    typeInSection(writer.doc, 2, "While the link was down. ");
    // Stored by the first process, which then gives up telling the others.
    await eventually(() => expect(first.output()).toContain('"message":"cluster.publish_failed"'), 20_000, 100);
    await sleep(500);
    expect(plainText(reader.doc)).not.toContain("While the link was down.");
    // The second process never lost Redis: nothing of its own tells it to read the document back.
    expect(second.output()).not.toContain("cluster.redis_reconnected");

    await link.restore();
    // Nobody types: the first process's next number, sent as soon as it is back, skips one.
    await eventually(() => expect(plainText(reader.doc)).toContain("While the link was down."), 20_000, 100);
    expect(second.output()).toContain('"message":"cluster.catch_up"');
    expect(contentJson(reader.doc)).toEqual(contentJson(writer.doc));

    // And what comes after travels as before.
    typeInSection(writer.doc, 2, "After. ");
    await eventually(() => expect(plainText(reader.doc)).toContain("After."));
    await eventually(() => expect(contentJson(reader.doc)).toEqual(contentJson(writer.doc)));
  });
});
