/**
 * What /api/feed-token answers, as a pure function of the query and the environment, so it is
 * tested without a server. Tokens are signed with FEED_AUTH_SECRET, the same secret the feed
 * server checks; the secret stays in this process and never reaches a browser.
 */
import { signFeedToken } from "../../../lib/feedToken";
import { parseSymbols } from "../../../lib/widgets/symbols";

/** Seconds a token lives by default: long enough to connect, short enough that a leaked one is useless soon. */
export const DEFAULT_TOKEN_TTL = 120;
export const MAX_TOKEN_TTL = 3_600;

/** As many symbols as one feed connection may hold by default (FEED_MAX_SYMBOLS). */
export const MAX_TOKEN_SYMBOLS = 200;

export interface TokenEnv {
  /** HS256 secret shared with the feed server; unset means the feed needs no token. */
  FEED_AUTH_SECRET?: string;
  /** Token lifetime in seconds, 1 to 3600; default 120. */
  FEED_TOKEN_TTL?: string;
}

export interface TokenQuery {
  /** `symbols=AAPL,MSFT` limits the token to those symbols (widgets); absent means unrestricted (dashboard). */
  symbols: string | null;
}

export type TokenBody =
  /** Tokens are off (no FEED_AUTH_SECRET): connect without one. */
  | { token: null }
  | { token: string; expiresAt: number; symbols: string[] | null }
  | { error: string };

export interface TokenAnswer {
  status: 200 | 400 | 500;
  body: TokenBody;
  /** Configuration problems to log on the server; never sent to the client. */
  warnings: string[];
}

export async function issueToken(query: TokenQuery, env: TokenEnv, now: () => number = Date.now): Promise<TokenAnswer> {
  let symbols: string[] | null = null;
  if (query.symbols !== null) {
    const parsed = parseSymbols(query.symbols, MAX_TOKEN_SYMBOLS);
    if (!parsed.ok) return { status: 400, body: { error: `symbols: ${parsed.error}` }, warnings: [] };
    symbols = parsed.symbols;
  }

  const secret = env.FEED_AUTH_SECRET ?? "";
  if (secret === "") return { status: 200, body: { token: null }, warnings: [] };
  if (new TextEncoder().encode(secret).byteLength < 32) {
    return {
      status: 500,
      body: { error: "feed tokens are misconfigured on the server" },
      warnings: ["FEED_AUTH_SECRET must be at least 32 bytes (e.g. `openssl rand -hex 32`); no token issued"],
    };
  }

  const { ttlSeconds, warnings } = readTokenTtl(env.FEED_TOKEN_TTL);
  const issuedAt = now();
  const token = await signFeedToken(secret, { ttlSeconds, now: () => issuedAt, ...(symbols ? { symbols } : {}) });
  const expiresAt = (Math.floor(issuedAt / 1000) + ttlSeconds) * 1000;
  return { status: 200, body: { token, expiresAt, symbols }, warnings };
}

/** FEED_TOKEN_TTL in whole seconds; a bad value falls back to the default with a warning. */
export function readTokenTtl(raw: string | undefined): { ttlSeconds: number; warnings: string[] } {
  const value = raw?.trim() ?? "";
  if (value === "") return { ttlSeconds: DEFAULT_TOKEN_TTL, warnings: [] };
  const seconds = Number(value);
  if (Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_TOKEN_TTL) return { ttlSeconds: seconds, warnings: [] };
  return {
    ttlSeconds: DEFAULT_TOKEN_TTL,
    warnings: [`FEED_TOKEN_TTL=${JSON.stringify(value)} is not a whole number of seconds from 1 to ${MAX_TOKEN_TTL}; using ${DEFAULT_TOKEN_TTL}`],
  };
}
