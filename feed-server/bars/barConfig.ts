/**
 * The bars part of the configuration: FEED_MARKET_HOURS, FEED_BAR_UPDATE_MS, FEED_BAR_RETENTION,
 * FEED_SIM_BACKFILL, FEED_DATA_DIR and FEED_BAR_FLUSH_MS. Validated like the rest of config.ts: a
 * bad value names its variable.
 */
import { INTERVAL_MS } from "../../lib/bars/align";
import { MARKET_HOURS_MODES, type MarketHoursMode } from "../../lib/bars/marketHours";
import { INTERVALS, isInterval, type Interval } from "../../lib/bars/types";
import { ConfigError, type Env } from "../configError";

export interface BarConfig {
  /** FEED_MARKET_HOURS: "always" (every market open at every hour, the demo default) or "exchange" (stocks and ETFs 09:30-16:00 New York on weekdays). */
  marketHours: MarketHoursMode;
  /** FEED_BAR_UPDATE_MS: a bar subscription gets an open bar at most this often per symbol. Default 250. */
  barUpdateMs: number;
  /** FEED_BAR_RETENTION: bars kept in memory per symbol and interval (counts, from durations). */
  retention: Record<Interval, number>;
  /** FEED_SIM_BACKFILL: the simulator generates a past (two years of daily bars, five days of 1m) at start. Default 1. */
  simBackfill: boolean;
  /**
   * FEED_DATA_DIR: a directory where a single-process server keeps its bars (and so its day stats)
   * in SQLite, so charts continue after a restart. Unset (the default) = memory only. Not with
   * FEED_BUS=nats: there JetStream keeps the bars.
   */
  dataDir: string | undefined;
  /**
   * FEED_BAR_FLUSH_MS: how often bars are written to the FEED_DATA_DIR store (the closed bars since
   * the last write and each open bar as it is now). A killed process loses at most this much of the
   * open bars' ticks. Default 1000.
   */
  flushMs: number;
}

/** Suggested by issue 10: 1 hour of 1s, 5 days of 1m, a month of 5m and 15m, 6 months of 1h, 2 years of 1d. */
export const DEFAULT_RETENTION_TEXT = "1s=1h,1m=5d,5m=30d,15m=30d,1h=180d,1d=730d";

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function intervalMs(interval: Interval): number {
  return interval === "1d" ? UNIT_MS.d! : INTERVAL_MS[interval];
}

/** "1m=5d,1d=730d" (durations) into bar counts per interval, the defaults filling the rest. */
export function parseRetention(raw: string, name = "FEED_BAR_RETENTION"): Record<Interval, number> {
  const out = {} as Record<Interval, number>;
  for (const text of [DEFAULT_RETENTION_TEXT, raw]) {
    for (const item of text.split(",").map((s) => s.trim()).filter(Boolean)) {
      const m = /^([0-9a-z]+)=(\d+)([smhd])$/.exec(item);
      const interval = m?.[1];
      if (!m || !isInterval(interval)) {
        throw new ConfigError(name, `expected interval=duration items like 1m=5d (intervals ${INTERVALS.join(", ")}; units s, m, h, d), got "${item}"`);
      }
      const count = Math.ceil((Number(m[2]) * UNIT_MS[m[3]!]!) / intervalMs(interval));
      if (count < 1 || count > 1_000_000) throw new ConfigError(name, `"${item}" must keep from 1 to 1000000 bars, it keeps ${count}`);
      out[interval] = count;
    }
  }
  return out;
}

export function loadBarConfig(env: Env): BarConfig {
  const marketHours = (env.FEED_MARKET_HOURS?.trim() || "always") as MarketHoursMode;
  if (!MARKET_HOURS_MODES.includes(marketHours)) {
    throw new ConfigError("FEED_MARKET_HOURS", `expected always or exchange, got "${env.FEED_MARKET_HOURS}"`);
  }
  const rawUpdate = env.FEED_BAR_UPDATE_MS?.trim() || "250";
  const barUpdateMs = Number(rawUpdate);
  if (!Number.isInteger(barUpdateMs) || barUpdateMs < 10 || barUpdateMs > 60_000) {
    throw new ConfigError("FEED_BAR_UPDATE_MS", `expected an integer from 10 to 60000, got "${rawUpdate}"`);
  }
  const rawBackfill = env.FEED_SIM_BACKFILL?.trim() || "1";
  if (rawBackfill !== "0" && rawBackfill !== "1") throw new ConfigError("FEED_SIM_BACKFILL", `expected 0 or 1, got "${rawBackfill}"`);
  const dataDir = env.FEED_DATA_DIR?.trim() || undefined;
  if (dataDir !== undefined && /[\0\n\r]/.test(dataDir)) throw new ConfigError("FEED_DATA_DIR", "is not a usable directory path");
  if (dataDir !== undefined && (env.FEED_BUS?.trim() || "memory") === "nats") {
    throw new ConfigError("FEED_DATA_DIR", "is for a single process (FEED_BUS=memory); with FEED_BUS=nats JetStream keeps the bars (docs/storage.md)");
  }
  const rawFlush = env.FEED_BAR_FLUSH_MS?.trim() || "1000";
  const flushMs = Number(rawFlush);
  if (!Number.isInteger(flushMs) || flushMs < 50 || flushMs > 60_000) {
    throw new ConfigError("FEED_BAR_FLUSH_MS", `expected an integer from 50 to 60000, got "${rawFlush}"`);
  }
  return {
    dataDir,
    flushMs,
    marketHours,
    barUpdateMs,
    retention: parseRetention(env.FEED_BAR_RETENTION ?? ""),
    simBackfill: rawBackfill === "1",
  };
}
