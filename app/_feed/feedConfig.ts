/**
 * Runtime feed configuration for the dashboard, read from the environment on the server at
 * request time (never inlined at build time, so one build serves every deployment):
 * - FEED_PUBLIC_URL: feed WebSocket URL(s) as the browser must reach them, comma-separated
 *   in failover order, e.g. "wss://feed.example.com/ws,wss://feed2.example.com/ws".
 * - FEED_PORT: when FEED_PUBLIC_URL is unset, the browser uses ws://<page hostname>:FEED_PORT/ws.
 * - FEED_MARKET_HOURS: the feed's own setting, read here too so the views show market-state
 *   badges (Open / Closed) only when markets do close ("exchange").
 */

export const DEFAULT_FEED_PORT = 9001;

export interface FeedConfig {
  /** Explicit feed URLs (ws:// or wss://), in failover order; empty means "derive from the page's host". */
  urls: string[];
  /** Port used together with the page's hostname when `urls` is empty. */
  port: number;
  /** FEED_MARKET_HOURS as the feed runs it; absent means "always" (no market-state badges). */
  marketHours?: MarketHoursDisplay;
}

export type MarketHoursDisplay = "always" | "exchange";

export interface FeedConfigResult {
  config: FeedConfig;
  /** What was wrong with the environment and has been ignored. */
  warnings: string[];
}

/** Accepts ws/wss (and http/https, mapped to ws/wss); a bare origin gets the /ws path. */
export function normaliseFeedUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === "http:") url.protocol = "ws:";
  else if (url.protocol === "https:") url.protocol = "wss:";
  if (url.protocol !== "ws:" && url.protocol !== "wss:") return null;
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/ws";
  url.hash = "";
  return url.toString();
}

export function readFeedConfig(env: Readonly<Record<string, string | undefined>>): FeedConfigResult {
  const warnings: string[] = [];

  let port = DEFAULT_FEED_PORT;
  const rawPort = env.FEED_PORT?.trim();
  if (rawPort) {
    const parsed = Number(rawPort);
    if (Number.isInteger(parsed) && parsed > 0 && parsed < 65_536) port = parsed;
    else warnings.push(`FEED_PORT=${JSON.stringify(rawPort)} is not a port number; using ${DEFAULT_FEED_PORT}`);
  }

  const urls: string[] = [];
  for (const part of (env.FEED_PUBLIC_URL ?? "").split(",")) {
    const raw = part.trim();
    if (!raw) continue;
    const url = normaliseFeedUrl(raw);
    if (url === null) warnings.push(`FEED_PUBLIC_URL entry ${JSON.stringify(raw)} is not a ws:// or wss:// URL; ignored`);
    else if (!urls.includes(url)) urls.push(url);
  }

  let marketHours: MarketHoursDisplay = "always";
  const rawHours = env.FEED_MARKET_HOURS?.trim();
  if (rawHours === "exchange") marketHours = "exchange";
  else if (rawHours && rawHours !== "always") warnings.push(`FEED_MARKET_HOURS=${JSON.stringify(rawHours)} is not always or exchange; showing no market state`);

  return { config: { urls, port, marketHours }, warnings };
}
