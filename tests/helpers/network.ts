/**
 * What the cluster tests need of the network: a Redis of a test's own (so it can be stopped and started again, and no
 * other test hears its messages), free ports, and a TCP proxy that can be cut — every open connection dropped, new
 * ones refused — and restored, standing for a restart, a failover or a broken network between a process and a service.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface TestRedis {
  port: number;
  url: string;
  process: ChildProcess;
  /** Kills it (SIGKILL: nothing saved, as in a crash; this Redis keeps nothing on disk anyway). */
  stop(): Promise<void>;
}

/** Starts `redis-server` on `port` (a free one if 0) and resolves once it answers PING. */
export async function startRedis(port = 0): Promise<TestRedis> {
  const chosen = port || (await freePort());
  const child = spawn("redis-server", ["--port", String(chosen), "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let i = 0; i < 100; i++) {
    if (await answersPing(chosen))
      return {
        port: chosen,
        url: `redis://127.0.0.1:${chosen}`,
        process: child,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
          await exited;
        },
      };
    await sleep(50);
  }
  child.kill("SIGKILL");
  throw new Error("redis-server did not start");
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.on("error", () => resolve(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A TCP proxy to `target` that can be cut (connections dropped, new ones refused) and restored on the same port. */
export async function cuttableProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((socket) => {
        const upstream = net.connect(target);
        sockets.add(socket).add(upstream);
        socket.pipe(upstream).pipe(socket);
        const end = () => {
          socket.destroy();
          upstream.destroy();
          sockets.delete(socket);
          sockets.delete(upstream);
        };
        for (const s of [socket, upstream]) s.on("error", end).on("close", end);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await open();
  return {
    port: () => port,
    async cut() {
      const closed = new Promise((resolve) => server!.close(resolve));
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await closed;
    },
    restore: open,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server?.close(resolve));
    },
  };
}
