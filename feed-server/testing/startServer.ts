/** Starts a real feed server on a free loopback port for a test. */
import pino from "pino";
import { loadConfig } from "../config";
import { createFeedServer, type FeedServer, type FeedServerDeps } from "../server";

export interface RunningServer {
  server: FeedServer;
  port: number;
  wsUrl: string;
  httpUrl: string;
}

/**
 * TICKWIRE_TEST_FLUSH_MS sets FEED_FLUSH_MS for every server a test starts without choosing it:
 * the vitest project "flush" runs the protocol tests again with write batching off (0).
 */
const testFlushMs = process.env.TICKWIRE_TEST_FLUSH_MS;

export async function startServer(env: Record<string, string> = {}, deps: FeedServerDeps = {}): Promise<RunningServer> {
  const config = loadConfig({
    FEED_HOST: "127.0.0.1",
    FEED_PORT: "0",
    LOG_LEVEL: "silent",
    FEED_SEED: "1",
    ...(testFlushMs ? { FEED_FLUSH_MS: testFlushMs } : {}),
    // A test that drives time by hand (injected timers) would hold every frame in the flush queue
    // until it advanced the clock: unless it chooses FEED_FLUSH_MS, its server publishes at once.
    ...(deps.timers ? { FEED_FLUSH_MS: "0" } : {}),
    ...env,
  });
  const server = createFeedServer(config, { logger: pino({ level: "silent" }), ...deps });
  const { port } = await server.start();
  return { server, port, wsUrl: `ws://127.0.0.1:${port}/ws`, httpUrl: `http://127.0.0.1:${port}` };
}
