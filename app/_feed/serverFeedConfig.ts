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
