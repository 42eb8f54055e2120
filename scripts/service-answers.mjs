// Exits 0 when the service at the address answers, 1 otherwise (used by scripts/test.sh before the tests run).
//   node scripts/service-answers.mjs postgres postgres://user:password@127.0.0.1:5432/postgres
//   node scripts/service-answers.mjs redis redis://127.0.0.1:6379
import net from "node:net";

const [kind, address] = process.argv.slice(2);

async function postgresAnswers(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.query("SELECT 1");
  await client.end();
}

function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(3000, () => socket.destroy(new Error("timed out")));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      socket.end();
      if (data.toString().startsWith("+PONG")) resolve();
      else reject(new Error(data.toString()));
    });
    socket.on("error", reject);
  });
}

try {
  await (kind === "postgres" ? postgresAnswers(address) : redisAnswers(address));
  process.exit(0);
} catch {
  process.exit(1);
}
