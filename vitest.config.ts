import { defineConfig } from "vitest/config";

/**
 * The feed server's protocol tests, run a second time with write batching off (FEED_FLUSH_MS=0 via
 * feed-server/testing/startServer.ts): every guarantee must hold with and without it.
 */
const PROTOCOL_TESTS = [
  "feed-server/snapshotThenTicks.test.ts",
  "feed-server/resume.test.ts",
  "feed-server/sourceEvents.test.ts",
  "feed-server/slowConsumer.test.ts",
  "feed-server/badInput.test.ts",
  "feed-server/relay/tickwireChain.test.ts",
];

export default defineConfig({
  test: {
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "lib/**/*.test.tsx", "feed-server/**/*.test.ts", "app/**/*.test.tsx", "app/**/*.test.ts", "scripts/**/*.test.ts", "bench/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "flush",
          include: PROTOCOL_TESTS,
          // The default batches writes (16 ms); this project checks every guarantee with it off.
          env: { TICKWIRE_TEST_FLUSH_MS: "0" },
        },
      },
    ],
  },
});
