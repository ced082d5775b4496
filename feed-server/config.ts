/**
 * The one config loader: every FEED_* variable is read, validated and documented here, and a
 * bad value fails with an error naming the variable (main.ts turns it into exit code 2).
 */
import { isValidSymbol } from "../lib/protocol";
import { ConfigError, type Env } from "./configError";
import { loadSourceConfig, type SourceConfig } from "./sourceConfig";
import { loadBusConfig, type BusConfig } from "./nats/busConfig";
import { loadAccessConfig, type AccessConfig } from "./accessConfig";
import { loadBarConfig, type BarConfig } from "./bars/barConfig";

export interface FeedConfig {
  /** Interface to listen on. Default 127.0.0.1 (use 0.0.0.0 to accept remote clients). */
  host: string;
  /** TCP port for HTTP and WebSocket; 0 picks a free port. Default 9001. */
  port: number;
  /** Symbols to offer. Default: the source's own (simulator: 36 built-in symbols; relays: the adapter's list). */
  symbols: string[] | undefined;
  /** Where ticks come from: FEED_SOURCE=sim|replay|relay and that source's settings. */
  source: SourceConfig;
  /** FEED_BUS=memory|nats, FEED_ROLE=all|source|edge and NATS_*: one process, or one part of a cluster (docs/scaling.md). */
  bus: BusConfig;
  /** Bars, sessions and market hours: FEED_MARKET_HOURS, FEED_BAR_UPDATE_MS, FEED_BAR_RETENTION, FEED_SIM_BACKFILL (bars/barConfig.ts). */
  bars: BarConfig;
  /** Mean ticks per second per symbol (Poisson). Default 5. */
  tickRate: number;
  /** Seed for the simulator; the same seed gives the same prices. Default: random. */
  seed: number | undefined;
  /** Ticks of history kept per symbol, the window for snapshots and resume. Default 1000. */
  history: number;
  /** Most ticks a fresh (not resumed) snapshot carries. Default 200. */
  snapshotTicks: number;
  /**
   * FEED_SNAPSHOT_BUDGET: snapshot bytes per second one connection may draw, saved up to 16
   * seconds' worth. Past it, snapshots carry only the newest tick (still followed by every tick).
   * Default 256 KiB, so 4 MiB saved: a 200-symbol subscribe of full snapshots (about 2.2 MB) passes at once.
   */
  snapshotBudget: number;
  /** Most symbols one connection may subscribe to. Default 200. */
  maxSymbols: number;
  /** Bytes a client may have buffered before it is disconnected as a slow consumer. Default 1 MiB. */
  maxBackpressure: number;
  /**
   * Write batching: ms a frame may wait so that every symbol's frames go out together in one
   * event-loop turn, one write per subscriber (feed-server/flushQueue.ts). 0 = publish each frame
   * at once. Default 16 (one display frame), chosen from the FEED_FLUSH_MS curve in
   * docs/benchmarks.md: about 0.4× the server CPU per delivery of 0, p99 near 23 ms.
   */
  flushMs: number;
  /** Seconds without any frame before a connection is closed (multiple of 4, >= 8). Default 60. */
  idleTimeout: number;
  /** Client ops per second allowed per connection (token refill rate). Default 10. */
  rateLimit: number;
  /** Ops a connection may send in a burst. Default 40. */
  rateBurst: number;
  /** Value of Access-Control-Allow-Origin on HTTP endpoints. Default "*". */
  corsOrigin: string;
  /** Origins allowed to open /ws ("*" = any). Others, and a missing Origin, get 403. Default "*". */
  allowedOrigins: "*" | string[];
  /** When set, /ws requires ?token=<HS256 JWT> signed with this secret (32+ bytes). Default: unset. */
  authSecret: string | undefined;
  /** New connections one IP address may open per 10 s; more get 429. 0 = no limit. Default 0. */
  maxConnPerIp: number;
  /** FEED_TOKEN_MAX_TTL_S, FEED_MAX_CONN_PER_TOKEN, FEED_MAX_CONNECTIONS, FEED_TRUST_PROXY (accessConfig.ts). */
  access: AccessConfig;
  /** pino log level. Default "info". */
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

export { ConfigError };

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function decimal(env: Env, name: string, fallback: number, minExclusive: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw.trim());
  if (!Number.isFinite(value) || value <= minExclusive || value > max) {
    throw new ConfigError(name, `expected a number above ${minExclusive} and at most ${max}, got "${raw}"`);
  }
  return value;
}

function parseSymbols(raw: string, name: string): string[] {
  const symbols = [...new Set(raw.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean))];
  const bad = symbols.find((s) => !isValidSymbol(s));
  if (bad !== undefined) throw new ConfigError(name, `invalid symbol "${bad}" (expected e.g. AAPL, BRK.B, BTC-USD)`);
  if (symbols.length === 0) throw new ConfigError(name, "names no symbol");
  return symbols;
}

/** scheme://host[:port], as browsers send it in the Origin header (no path, no trailing slash). */
function isOrigin(value: string): boolean {
  return /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(value) || /^https?:\/\/\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(value);
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export function loadConfig(env: Env = process.env): FeedConfig {
  const host = (env.FEED_HOST ?? "").trim() || "127.0.0.1";
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new ConfigError("FEED_HOST", `not a host name or address: "${host}"`);

  const rawSymbols = env.FEED_SYMBOLS?.trim();
  const symbols = rawSymbols ? parseSymbols(rawSymbols, "FEED_SYMBOLS") : undefined;

  const rawSeed = env.FEED_SEED?.trim();
  const seed = rawSeed ? integer(env, "FEED_SEED", 0, 0, 2 ** 32 - 1) : undefined;

  const history = integer(env, "FEED_HISTORY", 1000, 10, 1_000_000);
  const snapshotTicks = integer(env, "FEED_SNAPSHOT_TICKS", Math.min(200, history), 0, history);

  const idleTimeout = integer(env, "FEED_IDLE_TIMEOUT", 60, 0, 960);
  if (idleTimeout !== 0 && (idleTimeout < 8 || idleTimeout % 4 !== 0)) {
    throw new ConfigError("FEED_IDLE_TIMEOUT", `must be 0 (off) or a multiple of 4 from 8 to 960, got ${idleTimeout}`);
  }

  const logLevel = (env.LOG_LEVEL?.trim() || "info") as FeedConfig["logLevel"];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError("LOG_LEVEL", `expected one of ${LOG_LEVELS.join(", ")}, got "${env.LOG_LEVEL}"`);
  }

  const corsOrigin = env.FEED_CORS_ORIGIN?.trim() || "*";
  if (corsOrigin !== "*" && !/^https?:\/\/[^\s,]+$/.test(corsOrigin)) {
    throw new ConfigError("FEED_CORS_ORIGIN", `expected "*" or one origin like https://example.com, got "${corsOrigin}"`);
  }

  const rawOrigins = env.FEED_ALLOWED_ORIGINS?.trim() || "*";
  let allowedOrigins: "*" | string[] = "*";
  if (rawOrigins !== "*") {
    allowedOrigins = rawOrigins.split(",").map((o) => o.trim()).filter(Boolean);
    const bad = allowedOrigins.find((o) => !isOrigin(o));
    if (bad !== undefined) throw new ConfigError("FEED_ALLOWED_ORIGINS", `"${bad}" is not an origin like https://example.com:8443`);
  }

  const authSecret = env.FEED_AUTH_SECRET || undefined;
  if (authSecret !== undefined && new TextEncoder().encode(authSecret).byteLength < 32) {
    throw new ConfigError("FEED_AUTH_SECRET", "must be at least 32 bytes (e.g. openssl rand -hex 32)");
  }

  return {
    source: loadSourceConfig(env, parseSymbols),
    bus: loadBusConfig(env, history),
    bars: loadBarConfig(env),
    allowedOrigins,
    authSecret,
    maxConnPerIp: integer(env, "FEED_MAX_CONN_PER_IP", 0, 0, 1_000_000),
    access: loadAccessConfig(env),
    host,
    port: integer(env, "FEED_PORT", 9001, 0, 65535),
    symbols,
    tickRate: decimal(env, "FEED_TICK_RATE", 5, 0, 10_000),
    seed,
    history,
    snapshotTicks,
    snapshotBudget: integer(env, "FEED_SNAPSHOT_BUDGET", 256 * 1024, 1000, 1024 * 1024 * 1024),
    maxSymbols: integer(env, "FEED_MAX_SYMBOLS", 200, 1, 100_000),
    maxBackpressure: integer(env, "FEED_MAX_BACKPRESSURE", 1024 * 1024, 16 * 1024, 1024 * 1024 * 1024),
    flushMs: integer(env, "FEED_FLUSH_MS", 16, 0, 1000),
    idleTimeout,
    rateLimit: decimal(env, "FEED_RATE_LIMIT", 10, 0, 100_000),
    rateBurst: integer(env, "FEED_RATE_BURST", 40, 1, 1_000_000),
    corsOrigin,
    logLevel,
  };
}
