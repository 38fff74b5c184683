import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: [
      { find: /^~\//, replacement: `${path.join(root, "app")}/` },
      { find: /^@models\//, replacement: `${path.join(root, "models")}/` },
      { find: /^@machines\//, replacement: `${path.join(root, "machines")}/` },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"], sequence: { groupOrder: 0 } },
      },
      {
        // Real embedded database over the wire; each worker gets its own database.
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/embedded-db.global.ts"],
          setupFiles: ["tests/support/registries.setup.ts", "tests/support/database.setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The real server over HTTP (built app, its own embedded database) and a real browser.
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/app-server.global.ts"],
          setupFiles: ["tests/support/registries.setup.ts"],
          // A whole workflow clicked through (ten steps and more) passes a minute on a loaded machine.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        // Fault injection: processes really killed. Operations (ADR 013): each file starts its own
        // app on a copy of the seeded demo data and kills FerretDB, the server, npm start.
        // Workflow steps (ADR 012): the server killed with SIGKILL inside a step and started again
        // on its own database; a few rounds here, `npm run chaos` runs as many as asked. One file
        // at a time: timings are asserted, and a loaded machine must not make them lie.
        extends: true,
        test: {
          name: "faults",
          include: ["tests/ops/**/*.test.ts", "tests/faults/**/*.test.ts"],
          globalSetup: ["tests/support/seeded-data.global.ts"],
          setupFiles: ["tests/support/registries.setup.ts"],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 300_000,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
