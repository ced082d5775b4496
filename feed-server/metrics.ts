/**
 * Prometheus metrics, on a registry per server instance so that several servers in one
 * process (tests, the benchmark) never share counters.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

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
    ticksPublished: new Counter({ name: "tickwire_ticks_published_total", help: "Ticks published to topics", registers: [registry] }),
    barsPublished: new Counter({
      name: "tickwire_bars_published_total",
      help: "Bar updates published to bar subscriptions, by whether the bar closed",
      labelNames: ["closed"] as const,
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
      help: "WebSocket upgrades refused before the upgrade (403 origin, 429 per-IP rate)",
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
