/**
 * Runtime feed configuration for the dashboard, read from the environment on the server at
 * request time (never inlined at build time, so one build serves every deployment):
 * - FEED_PUBLIC_URL: feed WebSocket URL(s) as the browser must reach them, comma-separated
 *   in failover order, e.g. "wss://feed.example.com/ws,wss://feed2.example.com/ws".
 * - FEED_PORT: when FEED_PUBLIC_URL is unset, the browser uses ws://<page hostname>:FEED_PORT/ws.
 */

export const DEFAULT_FEED_PORT = 9001;

export interface FeedConfig {
  /** Explicit feed URLs (ws:// or wss://), in failover order; empty means "derive from the page's host". */
  urls: string[];
  /** Port used together with the page's hostname when `urls` is empty. */
  port: number;
}

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

  return { config: { urls, port }, warnings };
}
