/**
 * Prometheus gauges of a bus source or edge, read from its state at scrape time (nothing is
 * updated on the tick path). Registered on the feed server's registry, beside its own metrics.
 */
import { Gauge, type Registry } from "prom-client";

export interface BusGaugeReadings {
  /** 1 while the NATS connection is up. */
  connected: number;
  /** Source: 1 while this process owns the lease (publishes). */
  leaseOwner?: number;
  /** Source: messages waiting to be published. */
  publishQueue?: number;
  /** Edge: messages still pending per consumed symbol (consumer lag). */
  pending?: ReadonlyMap<string, number>;
}

export function registerBusGauges(registry: Registry, read: () => BusGaugeReadings): void {
  new Gauge({
    name: "tickwire_bus_connected",
    help: "1 while the NATS connection is up",
    registers: [registry],
    collect() {
      this.set(read().connected);
    },
  });
  new Gauge({
    name: "tickwire_bus_lease_owner",
    help: "Source role: 1 while this process holds the lease and publishes ticks",
    registers: [registry],
    collect() {
      this.set(read().leaseOwner ?? 0);
    },
  });
  new Gauge({
    name: "tickwire_bus_publish_queue",
    help: "Source role: messages queued for JetStream (grows while NATS is away)",
    registers: [registry],
    collect() {
      this.set(read().publishQueue ?? 0);
    },
  });
  new Gauge({
    name: "tickwire_bus_symbols_held",
    help: "Edge role: symbols this edge consumes from NATS (watched here, or lingering)",
    registers: [registry],
    collect() {
      this.set(read().pending?.size ?? 0);
    },
  });
  new Gauge({
    name: "tickwire_bus_consumer_pending",
    help: "Edge role: messages still to be delivered per consumed symbol (consumer lag)",
    labelNames: ["symbol"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [symbol, pending] of read().pending ?? []) this.set({ symbol }, pending);
    },
  });
}
