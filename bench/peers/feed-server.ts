/**
 * This project's feed server under the benchmark, unmodified: config from loadConfig, the
 * server from createFeedServer, and only the tick source swapped for the shared schedule
 * through the documented `deps.source` seam. Fault injection is refused: the server checks
 * seq continuity itself and would reject a skipped seq.
 *
 * Write batching is the server's own FEED_FLUSH_MS: its default, unless the run sets
 * BENCH_FLUSH_MS (the flush scenario's sweep).
 */
import pino from "pino";
import { loadConfig } from "../../feed-server/config";
import { createFeedServer } from "../../feed-server/server";
import { BenchSource } from "./benchSource";
import { runPeer } from "./control";

runPeer((ctx) => {
  if (ctx.fault) throw new Error("BENCH_FAULT applies to the ws and Socket.IO peers only");
  const source = new BenchSource(ctx.opens);
  // Only what the benchmark sets: FEED_* variables of the caller's shell must not change the run.
  const config = loadConfig({
    FEED_HOST: "127.0.0.1",
    FEED_PORT: "0",
    FEED_SYMBOLS: ctx.symbols.join(","),
    FEED_SNAPSHOT_TICKS: String(ctx.snapshotTicks),
    FEED_MAX_BACKPRESSURE: String(ctx.maxBackpressure),
    ...(process.env.BENCH_FLUSH_MS ? { FEED_FLUSH_MS: process.env.BENCH_FLUSH_MS } : {}),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  });
  // Logs go to stderr so the orchestrator can show them if the server fails.
  const server = createFeedServer(config, { source, logger: pino({ level: config.logLevel }, pino.destination(2)) });
  return {
    start: async () => (await server.start()).port,
    publish: (tick) => source.push(tick),
  };
});
