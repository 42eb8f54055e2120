import path from "node:path";
import * as z from "zod";

/** The environment, parsed once at start-up. A wrong value stops the server with a message naming it. */
const environment = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().default("./data"),
  /**
   * postgres://… keeps everything in PostgreSQL instead of SQLite in DATA_DIR (uploads stay in DATA_DIR). Several
   * processes may then share one database; see docs/DEPLOYMENT.md.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// (leave it unset for SQLite)")
    .optional(),
  /**
   * redis://… lets several Copress processes serve the same documents: rooms relay stored changes and presence through
   * it (server/sync/cluster.ts). Needs DATABASE_URL: processes share PostgreSQL, never the SQLite file.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .optional(),
  /** The address people use, e.g. https://copress.example.org; used for invite links and the origin check. */
  PUBLIC_URL: z.url().optional(),
  /** Seed the demo workspace into an empty database. Never happens in production. */
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  SESSION_DAYS: z.coerce.number().positive().default(30),
  SYNC_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  SYNC_MESSAGES_PER_SECOND: z.coerce.number().positive().default(200),
  SYNC_COMPACT_AFTER: z.coerce.number().int().positive().default(500),
  SYNC_ROOM_IDLE_MS: z.coerce.number().int().positive().default(30_000),
  /** "memory" keeps document updates in memory only — for benchmarks that measure the cost of durability. */
  PERSISTENCE: z.enum(["database", "memory"]).default("database"),
  LOG_LEVEL: z.enum(["info", "silent"]).default("info"),
  /**
   * Start the check and PDF worker threads at start-up and keep them ready (each loads its rules, axe-core, react-pdf
   * and fonts once), so the first check and PDF are about as quick as later ones. "false" starts them on demand and
   * lets them stop after ten quiet minutes: less memory, slower first check (the tests use it).
   */
  WARM_WORKERS: z.enum(["true", "false"]).default("true"),
});

export type Config = ReturnType<typeof readConfig>;

export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Copress cannot start: the environment has a problem.\n${lines.join("\n")}`);
  }
  const config = parsed.data;
  if (config.REDIS_URL && !config.DATABASE_URL)
    throw new Error(
      "Copress cannot start: REDIS_URL is set without DATABASE_URL. Several processes share a PostgreSQL database, never the SQLite file: set DATABASE_URL=postgres://… too, or unset REDIS_URL.",
    );
  return {
    ...config,
    dataDir: path.resolve(config.DATA_DIR),
    production: config.NODE_ENV === "production",
    seedDemo: config.SEED_DEMO === "true" && config.NODE_ENV !== "production",
  };
}
