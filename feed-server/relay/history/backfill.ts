/**
 * Backfill from an upstream's public history, for a relay: on the first demand for a symbol the
 * server asks for its recent bars here. Failure is a value, never a throw: a failed backfill
 * leaves live bars working, and the caller logs the message and counts it.
 */
import type { Bar, Interval } from "../../../lib/bars/types";
import type { UpstreamAdapter } from "../adapter";
import { binance } from "../binance";
import { coinbase } from "../coinbase";
import { finnhub } from "../finnhub";
import type { SymbolMap } from "../symbolMap";
import { BINANCE_REST_URL, fetchBinanceHistory } from "./binance";
import { COINBASE_REST_URL, coinbaseSupports, fetchCoinbaseHistory } from "./coinbase";
import { fetchFinnhubHistory, FINNHUB_REST_URL, finnhubSupports } from "./finnhub";
import { HistoryError, type HistoryRequest, type HttpGet } from "./historyHttp";

export type BackfillResult = { ok: true; bars: Bar[] } | { ok: false; error: string };

export interface HistoryOptions {
  relay: "binance" | "coinbase" | "finnhub";
  /** The relay's symbol map: local symbol → upstream name. */
  symbols: SymbolMap;
  /** REST base URL; defaults to the provider's public API. */
  baseUrl?: string;
  /** Finnhub's API token (FEED_UPSTREAM_TOKEN). */
  token?: string;
  /** Longest wait for one history request, ms. */
  timeoutMs: number;
  now: () => number;
  /**
   * Maps the start of an upstream day candle (00:00 UTC of its date) to our 1d bar start: stocks'
   * trading days begin at midnight New York time. Default: unchanged (crypto days are UTC days).
   */
  dayStart?: (utcMidnight: number) => number;
  /** HTTP GET; the global fetch by default. */
  get?: HttpGet;
}

export interface History {
  /** Whether the upstream has candles of this interval. */
  supports(interval: Interval): boolean;
  /** The newest closed bars of a symbol, oldest first, at most `limit`. */
  backfill(symbol: string, interval: Interval, limit: number): Promise<BackfillResult>;
}

const ADAPTERS: Record<HistoryOptions["relay"], UpstreamAdapter> = { binance, coinbase, finnhub };

export function createHistory(o: HistoryOptions): History {
  const supports = (interval: Interval): boolean =>
    o.relay === "binance" ? true : o.relay === "coinbase" ? coinbaseSupports(interval) : finnhubSupports(interval);
  const fetchBars = (req: HistoryRequest): Promise<Bar[]> => {
    switch (o.relay) {
      case "binance":
        return fetchBinanceHistory(o.baseUrl ?? BINANCE_REST_URL, req, o.timeoutMs, o.get);
      case "coinbase":
        return fetchCoinbaseHistory(o.baseUrl ?? COINBASE_REST_URL, req, o.timeoutMs, o.get);
      case "finnhub":
        return fetchFinnhubHistory(o.baseUrl ?? FINNHUB_REST_URL, o.token, req, o.timeoutMs, o.get);
      default: {
        const never: never = o.relay;
        throw new HistoryError(`no history for relay ${String(never)}`);
      }
    }
  };
  return {
    supports,
    async backfill(symbol, interval, limit) {
      const name = o.symbols.upstream(symbol);
      if (name === undefined) return { ok: false, error: `${symbol}: not a symbol of this relay` };
      if (!supports(interval)) return { ok: false, error: `${o.relay} has no ${interval} history` };
      try {
        const bars = await fetchBars({ upstream: ADAPTERS[o.relay].tradeKey(name), interval, limit: Math.max(0, Math.floor(limit)), now: o.now() });
        const dayStart = o.dayStart;
        return { ok: true, bars: interval === "1d" && dayStart ? bars.map((b) => ({ ...b, t: dayStart(b.t) })) : bars };
      } catch (err) {
        // Anything unexpected is still a value: a history fetch must never take the relay down.
        return { ok: false, error: err instanceof HistoryError ? err.message : `${o.relay} history: ${(err as Error).message}` };
      }
    },
  };
}
