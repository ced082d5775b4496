/**
 * The tick-source part of the configuration: FEED_SOURCE and the variables of each source.
 * Validated like the rest of config.ts: a bad value names its variable.
 */
import { ConfigError, type Env } from "./configError";
import { parseSymbolMap } from "./relay/symbolMap";

export const RELAYS = ["tickwire", "finnhub", "binance", "coinbase"] as const;
export type RelayKind = (typeof RELAYS)[number];

export type SourceConfig =
  | { kind: "sim" }
  | {
      kind: "replay";
      /** FEED_REPLAY_FILE: NDJSON or CSV of symbol, price, size, ts. */
      file: string;
      /** FEED_REPLAY_SPEED: 1, 10 or max. Default 1. */
      speed: 1 | 10 | "max";
      /** FEED_REPLAY_LOOP=1 plays the file again and again. Default 0. */
      loop: boolean;
    }
  | {
      kind: "relay";
      /** FEED_RELAY: which upstream wire format. */
      relay: RelayKind;
      /** FEED_UPSTREAM_URL: ws:// or wss://; defaults to the provider's URL (required for tickwire). */
      url: string | undefined;
      /** FEED_UPSTREAM_TOKEN: API key or feed token. */
      token: string | undefined;
      /** FEED_UPSTREAM_TOKEN_URL (tickwire only): fetch `{"token":...}` here before each connect, instead of a static token. */
      tokenUrl: string | undefined;
      /** FEED_UPSTREAM_ORIGIN (tickwire only): Origin header sent upstream, for an upstream with FEED_ALLOWED_ORIGINS. */
      origin: string | undefined;
      /** FEED_UPSTREAM_REFUSED_BACKOFF_MS (tickwire only): first wait after the upstream refused us (403, 4401). Default 30000. */
      refusedBackoffMs: number;
      /** FEED_SYMBOL_MAP: LOCAL=UPSTREAM overrides. */
      symbolMap: Map<string, string>;
      /** FEED_UPSTREAM_SYMBOLS: subscribed upstream always; unset = only what clients watch. */
      pinned: string[] | undefined;
      /** FEED_UPSTREAM_LINGER_MS: keep an unwatched symbol subscribed upstream this long. Default 5000. */
      lingerMs: number;
      /** FEED_STALE_AFTER_MS: a watched symbol with no trade this long is stale. Default 30000. */
      staleAfterMs: number;
      /** FEED_UPSTREAM_TIMEOUT_MS: an upstream silent this long is reconnected. Default 60000. */
      upstreamTimeoutMs: number;
      /**
       * FEED_UPSTREAM_HISTORY (binance, coinbase, finnhub): on a symbol's first demand, fetch its recent
       * bars from the provider's public REST history. 1 (default) or 0.
       */
      history: boolean;
      /** FEED_UPSTREAM_HISTORY_URL: REST base URL for that history; empty = the provider's public API. */
      historyUrl: string | undefined;
      /** FEED_UPSTREAM_HISTORY_TIMEOUT_MS: longest wait for one history request; live bars never wait for it. Default 5000. */
      historyTimeoutMs: number;
    };

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === text;
  } catch {
    return false;
  }
}

function ms(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 86_400_000) {
    throw new ConfigError(name, `expected milliseconds from 0 to 86400000, got "${raw}"`);
  }
  return value;
}

export function loadSourceConfig(env: Env, parseSymbols: (raw: string, name: string) => string[]): SourceConfig {
  const kind = env.FEED_SOURCE?.trim() || "sim";
  switch (kind) {
    case "sim":
      return { kind };
    case "replay": {
      const file = env.FEED_REPLAY_FILE?.trim();
      if (!file) throw new ConfigError("FEED_REPLAY_FILE", "is required with FEED_SOURCE=replay (e.g. data/sample-session.ndjson)");
      const rawSpeed = env.FEED_REPLAY_SPEED?.trim() || "1";
      if (rawSpeed !== "1" && rawSpeed !== "10" && rawSpeed !== "max") {
        throw new ConfigError("FEED_REPLAY_SPEED", `expected 1, 10 or max, got "${rawSpeed}"`);
      }
      const rawLoop = env.FEED_REPLAY_LOOP?.trim() || "0";
      if (rawLoop !== "0" && rawLoop !== "1") throw new ConfigError("FEED_REPLAY_LOOP", `expected 0 or 1, got "${rawLoop}"`);
      return { kind, file, speed: rawSpeed === "max" ? "max" : rawSpeed === "10" ? 10 : 1, loop: rawLoop === "1" };
    }
    case "relay": {
      const relay = env.FEED_RELAY?.trim() as RelayKind | undefined;
      if (!relay || !RELAYS.includes(relay)) {
        throw new ConfigError("FEED_RELAY", `expected one of ${RELAYS.join(", ")} with FEED_SOURCE=relay, got "${env.FEED_RELAY ?? ""}"`);
      }
      const url = env.FEED_UPSTREAM_URL?.trim() || undefined;
      for (const u of url?.split(",") ?? []) {
        if (!/^wss?:\/\/[^\s]+$/.test(u.trim())) throw new ConfigError("FEED_UPSTREAM_URL", `expected ws:// or wss:// URLs, got "${u}"`);
      }
      if (relay === "tickwire" && !url) throw new ConfigError("FEED_UPSTREAM_URL", "is required with FEED_RELAY=tickwire (e.g. ws://10.0.0.5:9001/ws)");
      const token = env.FEED_UPSTREAM_TOKEN?.trim() || undefined;
      if (relay === "finnhub" && !token) throw new ConfigError("FEED_UPSTREAM_TOKEN", "is required with FEED_RELAY=finnhub (your Finnhub API key)");
      const tokenUrl = env.FEED_UPSTREAM_TOKEN_URL?.trim() || undefined;
      if (tokenUrl !== undefined) {
        if (relay !== "tickwire") throw new ConfigError("FEED_UPSTREAM_TOKEN_URL", "is only for FEED_RELAY=tickwire");
        if (token !== undefined) throw new ConfigError("FEED_UPSTREAM_TOKEN_URL", "set either FEED_UPSTREAM_TOKEN or FEED_UPSTREAM_TOKEN_URL, not both");
        if (!/^https?:\/\/[^\s]+$/.test(tokenUrl)) throw new ConfigError("FEED_UPSTREAM_TOKEN_URL", `expected an http:// or https:// URL, got "${tokenUrl}"`);
      }
      const origin = env.FEED_UPSTREAM_ORIGIN?.trim() || undefined;
      if (origin !== undefined) {
        if (relay !== "tickwire") throw new ConfigError("FEED_UPSTREAM_ORIGIN", "is only for FEED_RELAY=tickwire");
        if (!isOrigin(origin)) throw new ConfigError("FEED_UPSTREAM_ORIGIN", `expected an origin like https://relay.example (scheme, host, optional port), got "${origin}"`);
      }
      let symbolMap: Map<string, string>;
      try {
        symbolMap = parseSymbolMap(env.FEED_SYMBOL_MAP);
      } catch (err) {
        throw new ConfigError("FEED_SYMBOL_MAP", (err as Error).message);
      }
      const rawHistory = env.FEED_UPSTREAM_HISTORY?.trim() || "1";
      if (rawHistory !== "0" && rawHistory !== "1") throw new ConfigError("FEED_UPSTREAM_HISTORY", `expected 0 or 1, got "${rawHistory}"`);
      const historyUrl = env.FEED_UPSTREAM_HISTORY_URL?.trim() || undefined;
      if (historyUrl !== undefined) {
        if (relay === "tickwire") throw new ConfigError("FEED_UPSTREAM_HISTORY_URL", "is for FEED_RELAY=binance, coinbase or finnhub (a tickwire upstream sends its bars itself)");
        if (!/^https?:\/\/[^\s]+$/.test(historyUrl)) throw new ConfigError("FEED_UPSTREAM_HISTORY_URL", `expected an http:// or https:// URL, got "${historyUrl}"`);
      }
      const historyTimeoutMs = ms(env, "FEED_UPSTREAM_HISTORY_TIMEOUT_MS", 5000);
      if (historyTimeoutMs < 100 || historyTimeoutMs > 120_000) {
        throw new ConfigError("FEED_UPSTREAM_HISTORY_TIMEOUT_MS", `expected milliseconds from 100 to 120000, got "${env.FEED_UPSTREAM_HISTORY_TIMEOUT_MS}"`);
      }
      const rawPinned = env.FEED_UPSTREAM_SYMBOLS?.trim();
      return {
        kind,
        relay,
        url,
        token,
        tokenUrl,
        origin,
        refusedBackoffMs: ms(env, "FEED_UPSTREAM_REFUSED_BACKOFF_MS", 30_000),
        symbolMap,
        pinned: rawPinned ? parseSymbols(rawPinned, "FEED_UPSTREAM_SYMBOLS") : undefined,
        lingerMs: ms(env, "FEED_UPSTREAM_LINGER_MS", 5000),
        staleAfterMs: ms(env, "FEED_STALE_AFTER_MS", 30_000),
        upstreamTimeoutMs: ms(env, "FEED_UPSTREAM_TIMEOUT_MS", 60_000),
        history: rawHistory === "1",
        historyUrl,
        historyTimeoutMs,
      };
    }
    default:
      throw new ConfigError("FEED_SOURCE", `expected sim, replay or relay, got "${kind}"`);
  }
}
