/**
 * The chaos suite's own vitest run (`npm run test:chaos`, part of `npm test`): the root config
 * lists the folders it runs, and chaos/ is kept to this one so that its quick run, which spawns
 * servers for about a minute, is one named step.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["chaos/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
