import path from "node:path";
import { defineConfig } from "vitest/config";
import { LongestFirstSequencer } from "./tests/sequencer.ts";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    globals: true,
    // One pool for every project, two files at a time on a 2-core machine. Three were faster (11 min 53 s against
    // 14 min 44 s, 2026-12-06) but, on a third run, phone tests that wait on timing failed under the extra load: a
    // green suite comes first. On a faster host (2026-12-07) three were slower: 13 min 36 s against 11 min 34 s. The production recipe starts first (see tests/sequencer.ts) beside the browser files.
    // Polls get room for a busy machine; a real failure still fails, only later. 10 s since a slower host
    // (2026-12-07, third session: the suite took 23 min there) failed phone checks that pass alone within 5 s.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirstSequencer },
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.ts", "app/**/*.test.tsx", "server/**/*.test.ts", "tests/docs/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        // Real server processes on free ports, real y-websocket clients.
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // The same integration files again with every test server on PostgreSQL (a fresh database each) — all but three
        // whose subject is not storage: 100,000 hostile frames at a room (the protocol, before anything is stored), the
        // PDF's layout and tagging, and the build's static files. Both stores run sync, the authorisation matrix,
        // sign-off, releases, audit.
        test: {
          name: "integration-postgres",
          include: ["tests/integration/**/*.test.ts"],
          exclude: [
            "tests/integration/hostile-frames.test.ts",
            "tests/integration/pdf.test.ts",
            "tests/integration/static-files.test.ts",
          ],
          env: { COPRESS_TEST_STORE: "postgres" },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // Several real server processes on PostgreSQL and a Redis of the test's own, behind a plain TCP proxy.
        test: { name: "cluster", include: ["tests/cluster/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        // Real Chromium driven like a person; each file has its own server and browser.
        test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        // The README's production recipe in a fresh clone (npm ci, build, prune, start on plain Node).
        test: {
          name: "production",
          include: ["tests/production/**/*.test.ts"],
          testTimeout: 900_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
