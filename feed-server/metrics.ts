/**
 * Prometheus metrics, on a registry per server instance so that several servers in one
 * process (tests, the benchmark) never share counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export function createMetrics(subscriberCounts: () => Iterable<[string, number]>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "tickwire_process_" });
  const m = {
    registry,
    connections: new Gauge({ name: "tickwire_connections", help: "Open WebSocket connections", registers: [registry] }),
    connectionsTotal: new Counter({ name: "tickwire_connections_total", help: "WebSocket connections accepted", registers: [registry] }),
    messagesSent: new Counter({
      name: "tickwire_messages_sent_total",
      help: "Frames sent to clients (each tick counts once per subscriber)",
      registers: [registry],
    }),
    // Write batching (FEED_FLUSH_MS): a "send" is one symbol's batch to one subscriber. uWS merges
    // the batches one subscriber gets in a flush into a single write, so writes <= sends.
    sendsPerFlush: new Histogram({
      name: "tickwire_flush_sends",
      help: "Sends per flush: subscribers reached, summed over the symbols the flush published",
      buckets: [1, 10, 100, 1000, 10_000, 100_000, 1_000_000],
      registers: [registry],
    }),
    ticksPerSend: new Histogram({
      name: "tickwire_flush_ticks_per_send",
      help: "Frames (ticks, status, resets) in one symbol's batch of a flush, which each of its subscribers gets in one write",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers: [registry],
    }),
    ticksPublished: new Counter({ name: "tickwire_ticks_published_total", help: "Ticks published to topics", registers: [registry] }),
    snapshotsTrimmed: new Counter({
      name: "tickwire_snapshots_trimmed_total",
      help: "Snapshots cut to the newest tick because the connection spent its snapshot byte budget",
      registers: [registry],
    }),
    barsPublished: new Counter({
      name: "tickwire_bars_published_total",
      help: "Bar updates published to bar subscriptions, by whether the bar closed",
      labelNames: ["closed"] as const,
      registers: [registry],
    }),
    // The durable bar store (FEED_DATA_DIR): a failing write keeps the bars queued and the server
    // serving from memory, so these are what tells an operator the disk is full.
    barStoreFlushes: new Counter({
      name: "tickwire_bar_store_flushes_total",
      help: "Writes of queued bars to the durable bar store (FEED_DATA_DIR), by result (ok, failed)",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    barStoreFailing: new Gauge({
      name: "tickwire_bar_store_failing",
      help: "1 while writes to the durable bar store fail (bars stay queued in memory), else 0",
      registers: [registry],
    }),
    slowConsumers: new Counter({
      name: "tickwire_slow_consumer_disconnects_total",
      help: "Clients disconnected because their send buffer passed the backpressure limit",
      registers: [registry],
    }),
    badRequests: new Counter({
      name: "tickwire_bad_requests_total",
      help: "Client frames answered with an error",
      labelNames: ["code"] as const,
      registers: [registry],
    }),
    refusedUpgrades: new Counter({
      name: "tickwire_refused_upgrades_total",
      help: "WebSocket upgrades refused before the upgrade (403 origin, 429 per-IP rate, 503 connection cap)",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
    sourceErrors: new Counter({
      name: "tickwire_source_errors_total",
      help: "Source messages skipped: malformed or unexpected upstream frames, rejected ticks",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    closes: new Counter({
      name: "tickwire_closes_total",
      help: "WebSocket closes by close code",
      labelNames: ["code"] as const,
      registers: [registry],
    }),
    subscribers: new Gauge({
      name: "tickwire_symbol_subscribers",
      help: "Subscribers per symbol",
      labelNames: ["symbol"] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [symbol, count] of subscriberCounts()) if (count > 0) this.set({ symbol }, count);
      },
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
