/**
 * What /api/feed-token answers, as a pure function of the request and the environment, so it is
 * tested without a server. Tokens are signed with FEED_AUTH_SECRET, the same secret the feed
 * server checks; the secret stays in this process and never reaches a browser.
 *
 * Every token is bound to the requesting page's origin (`origin` claim), carries `iat`, a `jti`
 * (the feed counts connections per jti) and a short lifetime, and lists the symbols asked for, at
 * most FEED_MAX_SYMBOLS (an empty list allows none until the client presents a wider token). A
 * token without a symbol list (`symbols: null`) goes only to the dashboard's own pages, and only
 * when FEED_TOKEN_UNRESTRICTED=1; the dashboard itself no longer asks for one.
 */
import { randomUUID } from "node:crypto";
import { DEFAULT_MAX_TTL_SECONDS, signFeedToken } from "../../../lib/feedToken";
import { parseSymbols } from "../../../lib/widgets/symbols";
import { checkRequestOrigin, dashboardOrigin, type OriginHeaders } from "./requestOrigin";

/** Seconds a token lives by default: the client fetches a new one on every connect anyway. */
export const DEFAULT_TOKEN_TTL = 300;
/** As many symbols as one feed connection may hold by default (FEED_MAX_SYMBOLS). */
export const MAX_TOKEN_SYMBOLS = 200;

export interface TokenEnv {
  /** HS256 secret shared with the feed server; unset means the feed needs no token. */
  FEED_AUTH_SECRET?: string;
  /** Token lifetime in seconds, 1 to FEED_TOKEN_MAX_TTL_S; default 300. */
  FEED_TOKEN_TTL?: string;
  /** The feed's longest accepted lifetime (default 3600); FEED_TOKEN_TTL is capped to it. */
  FEED_TOKEN_MAX_TTL_S?: string;
  /** Symbols per connection on the feed (default 200); no token lists more. */
  FEED_MAX_SYMBOLS?: string;
  /** "1" lets the dashboard's own pages get tokens without a symbol list. Default "0". */
  FEED_TOKEN_UNRESTRICTED?: string;
  /** Origins that may embed the widgets, and so may ask for tokens (default `*`). */
  EMBED_ALLOWED_ORIGINS?: string;
  /** The dashboard's public origin, e.g. https://ticker.example; default: from the request's Host. */
  DASHBOARD_ORIGIN?: string;
}

export interface TokenRequest extends OriginHeaders {
  /** `symbols=AAPL,MSFT` limits the token to those symbols (`symbols=` to none yet); absent asks for an unrestricted token. */
  symbols: string | null;
}

export type TokenBody =
  /** Tokens are off (no FEED_AUTH_SECRET): connect without one. */
  | { token: null }
  | { token: string; expiresAt: number; symbols: string[] | null }
  | { error: string };

export interface TokenAnswer {
  status: 200 | 400 | 403 | 500;
  body: TokenBody;
  /** Set for an allowed cross-origin request: the value for Access-Control-Allow-Origin. */
  corsOrigin: string | null;
  /** Configuration problems to log on the server; never sent to the client. */
  warnings: string[];
}

export interface TokenDeps {
  now?: () => number;
  randomId?: () => string;
}

export async function issueToken(request: TokenRequest, env: TokenEnv, deps: TokenDeps = {}): Promise<TokenAnswer> {
  const now = deps.now ?? Date.now;
  const fail = (status: 400 | 403 | 500, error: string, warnings: string[] = []): TokenAnswer => ({
    status,
    body: { error },
    corsOrigin: null,
    warnings,
  });

  const self = dashboardOrigin(request, env.DASHBOARD_ORIGIN);
  if (self === null) {
    return fail(500, "feed tokens are misconfigured on the server", [
      `DASHBOARD_ORIGIN=${JSON.stringify(env.DASHBOARD_ORIGIN)} is not an origin such as https://ticker.example; no token issued`,
    ]);
  }
  const from = checkRequestOrigin(request, self, env.EMBED_ALLOWED_ORIGINS);
  if (!from.ok) return fail(403, from.error);
  const corsOrigin = from.self ? null : from.origin;
  const secret = env.FEED_AUTH_SECRET ?? "";
  if (secret === "") return { status: 200, body: { token: null }, corsOrigin, warnings: [] };

  const warnings: string[] = [];
  const maxSymbols = readWhole(env.FEED_MAX_SYMBOLS, "FEED_MAX_SYMBOLS", MAX_TOKEN_SYMBOLS, 1, 100_000, warnings);
  let symbols: string[] | null = null;
  if (request.symbols !== null && request.symbols.trim() === "") {
    // `symbols=` with nothing: a token that allows no symbol yet. The dashboard connects before its
    // cards watch anything, then widens the token with the feed's `auth` op.
    symbols = [];
  } else if (request.symbols !== null) {
    const parsed = parseSymbols(request.symbols, maxSymbols);
    if (!parsed.ok) return { ...fail(400, `symbols: ${parsed.error}`, warnings), corsOrigin };
    symbols = parsed.symbols;
  } else if (!from.self || env.FEED_TOKEN_UNRESTRICTED?.trim() !== "1") {
    const why = from.self
      ? [`the dashboard asked for an unrestricted feed token; set FEED_TOKEN_UNRESTRICTED=1 to allow its own pages one`]
      : [];
    return { ...fail(403, "only symbol-limited tokens are issued here: ask for ?symbols=AAPL,MSFT", [...warnings, ...why]), corsOrigin };
  }

  if (new TextEncoder().encode(secret).byteLength < 32) {
    return fail(500, "feed tokens are misconfigured on the server", [
      "FEED_AUTH_SECRET must be at least 32 bytes (e.g. `openssl rand -hex 32`); no token issued",
    ]);
  }

  const maxTtl = readWhole(env.FEED_TOKEN_MAX_TTL_S, "FEED_TOKEN_MAX_TTL_S", DEFAULT_MAX_TTL_SECONDS, 1, 30 * 86_400, warnings);
  const ttlSeconds = readWhole(env.FEED_TOKEN_TTL, "FEED_TOKEN_TTL", Math.min(DEFAULT_TOKEN_TTL, maxTtl), 1, maxTtl, warnings);
  const issuedAt = now();
  const token = await signFeedToken(secret, {
    ttlSeconds,
    now: () => issuedAt,
    origin: from.origin,
    jti: (deps.randomId ?? randomUUID)(),
    ...(symbols ? { symbols } : {}),
  });
  const expiresAt = (Math.floor(issuedAt / 1000) + ttlSeconds) * 1000;
  return { status: 200, body: { token, expiresAt, symbols }, corsOrigin, warnings };
}

/** A whole number from the environment within [min, max]; a bad value falls back with a warning. */
export function readWhole(raw: string | undefined, name: string, fallback: number, min: number, max: number, warnings: string[]): number {
  const value = raw?.trim() ?? "";
  if (value === "") return fallback;
  const n = Number(value);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  warnings.push(`${name}=${JSON.stringify(value)} is not a whole number from ${min} to ${max}; using ${fallback}`);
  return fallback;
}
