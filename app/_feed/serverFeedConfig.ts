/**
 * Server-only: imported by the root layout.
 * Reads the feed configuration from this process's environment at request time. Warnings are
 * logged once per distinct message, not on every request.
 */
import { readFeedConfig, type FeedConfig } from "./feedConfig";

const warned = new Set<string>();

export function feedConfigFromEnv(): FeedConfig {
  const { config, warnings } = readFeedConfig(process.env);
  for (const warning of warnings) {
    if (warned.has(warning)) continue;
    warned.add(warning);
    console.warn(`[tickwire] ${warning}`);
  }
  return config;
}

/** The dashboard's token endpoint (app/api/feed-token); every feed token is fetched from it. */
export const FEED_TOKEN_PATH = "/api/feed-token";

/**
 * Whether browsers must fetch a feed token before connecting: only when FEED_AUTH_SECRET is set
 * (the feed server then requires one). Read per request; the secret itself never leaves the server.
 */
export function feedTokensEnabled(): boolean {
  return (process.env.FEED_AUTH_SECRET ?? "") !== "";
}
