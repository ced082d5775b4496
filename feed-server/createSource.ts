/** Builds the tick source the configuration names. */
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { FeedConfig } from "./config";
import type { UpstreamAdapter } from "./relay/adapter";
import { binance } from "./relay/binance";
import { coinbase } from "./relay/coinbase";
import { ExchangeRelaySource } from "./relay/exchangeRelay";
import { finnhub } from "./relay/finnhub";
import { TickwireRelaySource } from "./relay/tickwireRelay";
import { loadReplayFile } from "./replay/replayFile";
import { ReplaySource } from "./replay/replaySource";
import { DEFAULT_UNIVERSE } from "../lib/universe";
import { createBusSource } from "./nats/createBusSource";
import { SimulatedSource, type Timers, type TickSource } from "./tickSource";

const ADAPTERS: Record<"finnhub" | "binance" | "coinbase", UpstreamAdapter> = { finnhub, binance, coinbase };

export interface SourceDeps {
  now: () => number;
  timers: Timers;
  random: () => number;
  /** For sources that log state changes of their own (feed-server/nats: lease, reconnects). */
  log?: Logger;
  /** For sources with gauges of their own (feed-server/nats: connection, consumer lag). */
  registry?: Registry;
}

export function createSource(config: FeedConfig, deps: SourceDeps): TickSource {
  // FEED_BUS=nats: the configured source publishes to NATS (source role) or NATS replaces it (edge role).
  if (config.bus.kind === "nats") return createBusSource(config, deps, () => createSource({ ...config, bus: { kind: "memory" } }, deps));
  const s = config.source;
  switch (s.kind) {
    case "sim":
      return new SimulatedSource({
        symbols: config.symbols ?? DEFAULT_UNIVERSE.map((u) => u.symbol),
        ratePerSymbol: config.tickRate,
        seed: config.seed,
        backfill: config.bars.simBackfill,
        marketHours: config.bars.marketHours,
        now: deps.now,
        timers: deps.timers,
      });
    case "replay":
      return new ReplaySource({
        ticks: loadReplayFile(s.file, {
          warn: (message) => (deps.log ? deps.log.warn({ file: s.file }, message) : console.warn(message)),
        }),
        file: s.file,
        speed: s.speed,
        loop: s.loop,
        symbols: config.symbols,
        now: deps.now,
        timers: deps.timers,
      });
    case "relay": {
      if (s.relay === "tickwire") {
        return new TickwireRelaySource({
          urls: (s.url ?? "").split(",").map((u) => u.trim()),
          token: s.token,
          tokenUrl: s.tokenUrl,
          origin: s.origin,
          refusedBackoffMs: s.refusedBackoffMs,
          symbols: config.symbols,
          pinned: s.pinned,
          lingerMs: s.lingerMs,
          ...deps,
        });
      }
      const adapter = ADAPTERS[s.relay];
      return new ExchangeRelaySource({
        adapter,
        url: s.url ?? adapter.defaultUrl,
        token: s.token,
        symbols: [...new Set([...(config.symbols ?? adapter.defaultSymbols), ...(s.pinned ?? [])])],
        symbolMap: s.symbolMap,
        pinned: s.pinned,
        lingerMs: s.lingerMs,
        staleAfterMs: s.staleAfterMs,
        upstreamTimeoutMs: s.upstreamTimeoutMs,
        history: s.history ? { baseUrl: s.historyUrl, timeoutMs: s.historyTimeoutMs, limits: config.bars.retention } : undefined,
        ...deps,
      });
    }
    default: {
      const never: never = s;
      throw new Error(`unknown source ${JSON.stringify(never)}`);
    }
  }
}
