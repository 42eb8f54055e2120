/**
 * The anchors of the sync benchmark, each a tiny in-memory server in its own process (as Copress's server is), so its
 * CPU and memory can be read from /proc and it shares the machine with the clients the same way:
 *
 *   node --import tsx bench/lib/anchor-server.ts reference    # @y/websocket-server 0.1.1: setupWSConnection over ws
 *   node --import tsx bench/lib/anchor-server.ts hocuspocus   # @hocuspocus/server 4.x, default configuration
 *
 * Listens on 127.0.0.1, a free port, and prints one line `{"listening":<port>}` when ready. No persistence, no
 * authentication: the reference is its own `server.js` (with the project's `ws` 8 rather than its optional `ws` 6.2, so
 * both it and Copress sit on the same WebSocket library; its HOST/PORT env handling left out), and
 * Hocuspocus runs with no extensions and its defaults (flushDelay 0: updates that arrive in one event-loop turn are
 * merged into one broadcast). SIGTERM stops it.
 */
import http from "node:http";

const kind = process.argv[2];

async function main() {
  if (kind === "reference") {
    const { WebSocketServer } = await import("ws");
    const { setupWSConnection } = await import("@y/websocket-server/utils");
    const wss = new WebSocketServer({ noServer: true });
    wss.on("connection", setupWSConnection);
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("okay");
    });
    server.on("upgrade", (request, socket, head) => {
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    console.log(JSON.stringify({ listening: typeof address === "object" && address ? address.port : 0 }));
    process.on("SIGTERM", () => process.exit(0));
    return;
  }
  if (kind === "hocuspocus") {
    const { Server } = await import("@hocuspocus/server");
    const server = new Server({ port: 0, address: "127.0.0.1", quiet: true, stopOnSignals: false });
    await server.listen();
    console.log(JSON.stringify({ listening: server.address.port }));
    process.on("SIGTERM", () => process.exit(0));
    return;
  }
  throw new Error(`Unknown anchor "${kind}": expected reference or hocuspocus`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
