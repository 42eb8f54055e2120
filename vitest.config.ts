import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    globals: true,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["app/**/*.test.ts", "app/**/*.test.tsx", "server/**/*.test.ts", "tests/docs/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        // Real server processes on free ports, real y-websocket clients.
        test: { name: "integration", include: ["tests/integration/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        // Real Chromium driven like a person; one file at a time keeps the 2-core machine responsive.
        test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
      },
      {
        extends: true,
        // The README's production recipe in a fresh clone (npm ci, build, prune, start on plain Node).
        test: { name: "production", include: ["tests/production/**/*.test.ts"], testTimeout: 900_000, hookTimeout: 60_000 },
      },
    ],
  },
});
