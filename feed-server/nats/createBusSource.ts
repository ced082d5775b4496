/** Builds the tick source of a FEED_BUS=nats process: the configured source behind a publisher, or an edge. */
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { FeedConfig } from "../config";
import type { Timers, TickSource } from "../tickSource";
import { NatsEdgeSource } from "./natsEdgeSource";
import { NatsSource } from "./natsSource";

export interface BusSourceDeps {
  now: () => number;
  timers: Timers;
  random: () => number;
  log?: Logger;
  registry?: Registry;
}

/** `local` builds the configured source (FEED_SOURCE); an edge never calls it. */
export function createBusSource(config: FeedConfig, deps: BusSourceDeps, local: () => TickSource): TickSource {
  const bus = config.bus;
  if (bus.kind !== "nats") throw new Error("createBusSource needs FEED_BUS=nats");
  switch (bus.role) {
    case "source":
      return new NatsSource({ bus, inner: local(), barRetention: config.bars.retention, ...deps });
    case "edge":
      return new NatsEdgeSource({ bus, symbols: config.symbols, history: config.history, ...deps });
    default: {
      const never: never = bus.role;
      throw new Error(`unknown bus role ${String(never)}`);
    }
  }
}
