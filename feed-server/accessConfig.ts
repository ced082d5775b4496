/**
 * The connection-limit part of the configuration (issue 13): token lifetime, connections per
 * token, the total cap and whether a proxy's X-Forwarded-For names the client. Validated like
 * the rest of config.ts: a bad value names its variable.
 */
import { ConfigError, type Env } from "./configError";

export interface AccessConfig {
  /** FEED_TOKEN_MAX_TTL_S: the longest token lifetime (`exp - iat`, seconds) /ws accepts; tokens without `iat` are refused. Default 3600. */
  tokenMaxTtlS: number;
  /** FEED_MAX_CONN_PER_TOKEN: concurrent connections one token (its `jti`) may hold; more are closed with 4429. 0 = no limit. Default 5. */
  maxConnPerToken: number;
  /** FEED_MAX_CONNECTIONS: open connections the server accepts in all; further upgrades get 503. 0 = no cap. Default 20000. */
  maxConnections: number;
  /**
   * FEED_TRUST_PROXY=1: the server sits behind one reverse proxy, so the client's address is the
   * last X-Forwarded-For entry (the one that proxy appended); with 0 the header is ignored and the
   * TCP peer counts. Used by FEED_MAX_CONN_PER_IP. Default 0.
   */
  trustProxy: boolean;
}

function whole(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function loadAccessConfig(env: Env): AccessConfig {
  const rawTrust = env.FEED_TRUST_PROXY?.trim() || "0";
  if (rawTrust !== "0" && rawTrust !== "1") throw new ConfigError("FEED_TRUST_PROXY", `expected 0 or 1, got "${rawTrust}"`);
  return {
    tokenMaxTtlS: whole(env, "FEED_TOKEN_MAX_TTL_S", 3_600, 1, 30 * 86_400),
    maxConnPerToken: whole(env, "FEED_MAX_CONN_PER_TOKEN", 5, 0, 1_000_000),
    maxConnections: whole(env, "FEED_MAX_CONNECTIONS", 20_000, 0, 10_000_000),
    trustProxy: rawTrust === "1",
  };
}
