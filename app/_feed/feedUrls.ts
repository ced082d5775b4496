/**
 * Turns the runtime FeedConfig into concrete URLs in the browser: the WebSocket URLs the feed
 * client rotates through, and the HTTP bases for the feed's /symbols endpoint.
 */
import type { FeedConfig } from "./feedConfig";

export interface PageLocation {
  protocol: string;
  hostname: string;
}

/** Without explicit URLs, the feed is assumed to sit on the page's host at `config.port`. */
export function resolveFeedUrls(config: FeedConfig, page: PageLocation): string[] {
  if (config.urls.length > 0) return config.urls;
  // A page served over https cannot open ws:// (mixed content), so follow the page's scheme.
  const scheme = page.protocol === "https:" ? "wss" : "ws";
  const host = page.hostname.includes(":") && !page.hostname.startsWith("[") ? `[${page.hostname}]` : page.hostname;
  return [`${scheme}://${host}:${config.port}/ws`];
}

/** ws://h:9001/ws → http://h:9001; wss://h/feed/ws → https://h/feed (the prefix before /ws is kept). */
export function httpBaseFor(wsUrl: string): string {
  const url = new URL(wsUrl);
  const scheme = url.protocol === "wss:" ? "https:" : "http:";
  const prefix = url.pathname.replace(/\/ws\/?$/, "").replace(/\/$/, "");
  return `${scheme}//${url.host}${prefix}`;
}
