/**
 * Per-test bookkeeping for integration tests: every server started and client connected
 * through it is closed after each test, whatever the test did.
 */
import { afterEach } from "vitest";
import type { FeedServerDeps } from "../server";
import { startServer, type RunningServer } from "./startServer";
import { TestClient } from "./testClient";

export interface Harness {
  start(env?: Record<string, string>, deps?: FeedServerDeps): Promise<RunningServer>;
  connect(url: string, options?: Parameters<typeof TestClient.connect>[1]): Promise<TestClient>;
  /** Closes these clients after the test too (for clients made another way). */
  track(...clients: TestClient[]): void;
}

export function useHarness(): Harness {
  const servers: RunningServer[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const s of servers.splice(0).reverse()) await s.server.stop();
  });
  return {
    async start(env, deps) {
      const s = await startServer(env, deps);
      servers.push(s);
      return s;
    },
    async connect(url, options) {
      const c = await TestClient.connect(url, options);
      clients.push(c);
      return c;
    },
    track(...more) {
      clients.push(...more);
    },
  };
}
