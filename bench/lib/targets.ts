/**
 * The servers a sync workload can run against, behind one small interface, so the same workload code measures
 * Copress and its anchors:
 *
 * - `sqlite` / `memory`: the real Copress server (`server/main.ts`, `startServer` from tests/helpers/server.ts) with
 *   `PERSISTENCE=database` (durable: every batch committed before it is broadcast) or `PERSISTENCE=memory`; clients
 *   are y-websocket 3.1 `WebsocketProvider`s signed in as demo people (writers `wren`/`will`, readers `vic`).
 * - `reference`: `@y/websocket-server@0.1.1` (the reference server logic for Yjs 13) in memory, same y-websocket clients.
 * - `hocuspocus`: `@hocuspocus/server` 4.x in memory with its own `@hocuspocus/provider` clients (its wire protocol
 *   prefixes every message with the document name, and acknowledges each update to its sender).
 *
 * The anchors run in a child process (`bench/lib/anchor-server.ts`), as Copress's server does, so CPU and memory come
 * from /proc for all of them alike.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { HocuspocusProvider } from "@hocuspocus/provider";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { api, signIn } from "../../tests/helpers/clients";
import { startServer, type TestServer } from "../../tests/helpers/server";
import { benchDir, projectRoot } from "./report";

export type TargetKind = "sqlite" | "memory" | "reference" | "hocuspocus";
export const ANCHORS: TargetKind[] = ["reference", "hocuspocus"];

function installedVersion(pkg: string): string {
  try {
    return (
      JSON.parse(readFileSync(path.join(projectRoot, "node_modules", pkg, "package.json"), "utf8")) as {
        version: string;
      }
    ).version;
  } catch {
    return "?";
  }
}

export const VERSIONS = {
  reference: installedVersion("@y/websocket-server"),
  hocuspocusServer: installedVersion("@hocuspocus/server"),
  hocuspocusProvider: installedVersion("@hocuspocus/provider"),
  yWebsocket: installedVersion("y-websocket"),
  yjs: installedVersion("yjs"),
};

export const TARGET_LABEL: Record<TargetKind, string> = {
  sqlite: "Copress, durable (SQLite)",
  memory: "Copress, in memory",
  reference: `@y/websocket-server ${VERSIONS.reference} (reference)`,
  hocuspocus: `Hocuspocus ${VERSIONS.hocuspocusServer}`,
};

export const SHORT_LABEL: Record<TargetKind, string> = {
  sqlite: "Copress durable",
  memory: "Copress memory",
  reference: "reference",
  hocuspocus: "Hocuspocus",
};

/** One client: a Y.Doc kept in sync with the server by that server's own provider. */
export interface BenchClient {
  doc: Y.Doc;
  synced(timeoutMs?: number): Promise<void>;
  /** Counts connection losses (each one is a reconnect the workload did not ask for). */
  onConnectionLost(listener: () => void): void;
  /** Sets the awareness cursor, as an editor does on every keystroke. */
  setCursor(index: number): void;
  destroy(): void;
}

export interface Target {
  kind: TargetKind;
  pid: number;
  url: string;
  /** The Copress server (data folder, restart); undefined for anchors. */
  copress?: TestServer;
  /** Makes a document to work in and returns the name clients connect to. */
  newDocument(title: string): Promise<string>;
  connect(documentId: string, role: "writer" | "reader", index?: number): BenchClient;
  output(): string;
  stop(): Promise<void>;
  /** The cluster's PostgreSQL database (for its statistics). */
  databaseUrl?: string;
  /** In a cluster: which server process the client connected with this index talks to. */
  processOf?: (index: number) => number;
}

export async function startTarget(kind: TargetKind, env: Record<string, string> = {}): Promise<Target> {
  if (kind === "sqlite" || kind === "memory") return startCopress(kind, env);
  return startAnchor(kind, env);
}

async function startCopress(kind: "sqlite" | "memory", env: Record<string, string>): Promise<Target> {
  const persistence = kind === "memory" ? "memory" : "database";
  const server = await startServer({ env: { PERSISTENCE: persistence, LOG_LEVEL: "info", ...env } });
  try {
    const url = server.url;
    const [cora, wren, will, vic] = [
      await signIn(url, "cora"),
      await signIn(url, "wren"),
      await signIn(url, "will"),
      await signIn(url, "vic"),
    ];
    return {
      kind,
      pid: server.process.pid!,
      url,
      copress: server,
      async newDocument(title) {
        const created = await api<{ id: string }>(url, cora, "/api/documents", {
          method: "POST",
          body: JSON.stringify({ title, templateId: "a5-booklet" }),
        });
        if (created.status !== 201 || !created.body?.id)
          throw new Error(`Could not create a document: ${created.status} ${JSON.stringify(created.body)}`);
        return created.body.id;
      },
      connect(documentId, role, index = 0) {
        // Writers alternate between the two demo writers; every reader is the viewer.
        const token = role === "reader" ? vic : index % 2 === 0 ? wren : will;
        return yWebsocketClient(url.replace(/^http/, "ws") + "/sync", documentId, { token });
      },
      output: () => server.output(),
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Copress as a cluster: `processes` server processes on one fresh PostgreSQL database and the Redis at
 * `COPRESS_TEST_REDIS_URL` (or the local one), durable. Client `index` connects to process `index % processes`, so a
 * crowd is spread evenly; `pid` is the first process's (its CPU and memory are what the crowd reports).
 */
export async function startCopressCluster(processes: number, env: Record<string, string> = {}): Promise<Target> {
  const { freshPostgresDatabase } = await import("../../tests/helpers/store");
  const { makeDataDir, removeDataDir } = await import("../../tests/helpers/server");
  const database = await freshPostgresDatabase("copress_bench");
  const dataDir = makeDataDir();
  const redisUrl = process.env.COPRESS_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const servers: TestServer[] = [];
  const stopAll = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database.drop();
    await removeDataDir(dataDir);
  };
  try {
    for (let i = 0; i < processes; i++)
      servers.push(
        await startServer({
          dataDir,
          env: { DATABASE_URL: database.url, REDIS_URL: redisUrl, LOG_LEVEL: "info", ...env },
        }),
      );
    const first = servers[0]!;
    const [cora, wren, will, vic] = [
      await signIn(first.url, "cora"),
      await signIn(first.url, "wren"),
      await signIn(first.url, "will"),
      await signIn(first.url, "vic"),
    ];
    return {
      kind: "sqlite",
      pid: first.process.pid!,
      url: first.url,
      async newDocument(title) {
        const created = await api<{ id: string }>(first.url, cora, "/api/documents", {
          method: "POST",
          body: JSON.stringify({ title, templateId: "a5-booklet" }),
        });
        if (created.status !== 201) throw new Error(`Could not create a document: ${created.status}`);
        return created.body.id;
      },
      connect(documentId, role, index = 0) {
        const token = role === "reader" ? vic : index % 2 === 0 ? wren : will;
        const url = servers[index % servers.length]!.url;
        return yWebsocketClient(url.replace(/^http/, "ws") + "/sync", documentId, { token });
      },
      output: () => servers.map((server) => server.output()).join("\n"),
      stop: stopAll,
      databaseUrl: database.url,
      processOf: (index) => index % servers.length,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startAnchor(kind: "reference" | "hocuspocus", env: Record<string, string>): Promise<Target> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(benchDir, "lib", "anchor-server.ts"), kind],
    {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The ${kind} anchor did not start in time:\n${output}`)), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /\{"listening":(\d+)\}/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The ${kind} anchor exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = `ws://127.0.0.1:${port}`;
  let documents = 0;
  return {
    kind,
    pid: child.pid!,
    url,
    async newDocument() {
      documents += 1;
      return `bench-${documents}-${Math.random().toString(36).slice(2, 8)}`;
    },
    connect(documentId) {
      return kind === "reference" ? yWebsocketClient(url, documentId, {}) : hocuspocusClient(url, documentId);
    },
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A y-websocket 3.1 client, configured as tests/helpers/clients.ts `connect` does. */
function yWebsocketClient(serverUrl: string, room: string, params: Record<string, string>): BenchClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    synced(timeoutMs = 30_000) {
      if (provider.synced) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("A y-websocket client did not sync in time")), timeoutMs);
        const onSync = (synced: boolean) => {
          if (!synced) return;
          clearTimeout(timer);
          provider.off("sync", onSync);
          resolve();
        };
        provider.on("sync", onSync);
      });
    },
    onConnectionLost(listener) {
      provider.on("connection-close", listener);
    },
    setCursor(index) {
      provider.awareness.setLocalStateField("cursor", { anchor: index, head: index });
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** A Hocuspocus provider with its own socket (one connection per client, like a browser tab). */
function hocuspocusClient(serverUrl: string, name: string): BenchClient {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    url: serverUrl,
    name,
    document: doc,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    maxAttempts: 0,
    delay: 100,
    minDelay: 100,
    maxDelay: 200,
  } as ConstructorParameters<typeof HocuspocusProvider>[0]);
  let destroyed = false;
  return {
    doc,
    synced(timeoutMs = 30_000) {
      if (provider.isSynced) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("A Hocuspocus client did not sync in time")), timeoutMs);
        const onSynced = () => {
          clearTimeout(timer);
          provider.off("synced", onSynced);
          resolve();
        };
        provider.on("synced", onSynced);
      });
    },
    onConnectionLost(listener) {
      provider.on("disconnect", () => {
        if (!destroyed) listener();
      });
    },
    setCursor(index) {
      provider.awareness?.setLocalStateField("cursor", { anchor: index, head: index });
    },
    destroy() {
      destroyed = true;
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * Appends a section with one paragraph per text to a document's content, in one transaction, shaped as the editor
 * makes it (section › paragraph › text).
 */
export function appendSection(doc: Y.Doc, id: string, title: string, texts: string[]) {
  doc.transact(() => {
    const section = new Y.XmlElement("section");
    section.setAttribute("id", id);
    section.setAttribute("title", title);
    section.setAttribute("status", "drafting");
    section.insert(
      0,
      texts.map((text) => {
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText(text)]);
        return paragraph;
      }),
    );
    doc.getXmlFragment("content").push([section]);
  });
}
