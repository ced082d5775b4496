/**
 * GET /api/feed-token[?symbols=AAPL,MSFT]: a short-lived feed token for the page asking.
 * `{ token, expiresAt, symbols }`, or `{ token: null }` when the feed needs none (no
 * FEED_AUTH_SECRET); 400 for an invalid symbol list, 403 for a page of another origin (or a
 * request without Origin and Referer), 429 past TOKEN_RATE_LIMIT per client address. Never cached:
 * every answer is a new token. TOKEN_AUTH (basic or header) is enforced before this, in proxy.ts.
 */
import type { NextRequest } from "next/server";
import { AddressLimiter, clientAddress } from "./addressLimiter";
import { issueToken, readWhole } from "./issueToken";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Token requests per minute per client address by default (TOKEN_RATE_LIMIT; 0 = no limit). */
export const DEFAULT_TOKEN_RATE_LIMIT = 60;

const warned = new Set<string>();
let limiter: { perMinute: number; limiter: AddressLimiter } | null = null;

function warnOnce(warnings: readonly string[]): void {
  for (const warning of warnings) {
    if (warned.has(warning)) continue;
    warned.add(warning);
    console.warn(`[tickwire] ${warning}`);
  }
}

/** The limiter for the current TOKEN_RATE_LIMIT (read per request; rebuilt when it changes). */
function rateLimiter(): AddressLimiter | null {
  const warnings: string[] = [];
  const perMinute = readWhole(process.env.TOKEN_RATE_LIMIT, "TOKEN_RATE_LIMIT", DEFAULT_TOKEN_RATE_LIMIT, 0, 1_000_000, warnings);
  warnOnce(warnings);
  if (perMinute === 0) return null;
  if (limiter === null || limiter.perMinute !== perMinute) limiter = { perMinute, limiter: new AddressLimiter(perMinute) };
  return limiter.limiter;
}

const NO_STORE = { "Cache-Control": "no-store, max-age=0", "X-Content-Type-Options": "nosniff" };

export async function GET(request: NextRequest): Promise<Response> {
  const headers = request.headers;
  const limit = rateLimiter();
  const address = clientAddress(headers.get("x-forwarded-for"), process.env.FEED_TRUST_PROXY?.trim() === "1");
  if (limit && !limit.take(address)) {
    return Response.json(
      { error: "too many token requests from this address" },
      { status: 429, headers: { ...NO_STORE, "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }

  const env = process.env;
  const answer = await issueToken(
    {
      symbols: request.nextUrl.searchParams.get("symbols"),
      origin: headers.get("origin"),
      referer: headers.get("referer"),
      host: headers.get("host"),
      forwardedProto: headers.get("x-forwarded-proto"),
    },
    {
      FEED_AUTH_SECRET: env.FEED_AUTH_SECRET,
      FEED_TOKEN_TTL: env.FEED_TOKEN_TTL,
      FEED_TOKEN_MAX_TTL_S: env.FEED_TOKEN_MAX_TTL_S,
      FEED_MAX_SYMBOLS: env.FEED_MAX_SYMBOLS,
      FEED_TOKEN_UNRESTRICTED: env.FEED_TOKEN_UNRESTRICTED,
      EMBED_ALLOWED_ORIGINS: env.EMBED_ALLOWED_ORIGINS,
      DASHBOARD_ORIGIN: env.DASHBOARD_ORIGIN,
    },
  );
  warnOnce(answer.warnings);
  const responseHeaders: Record<string, string> = { ...NO_STORE, Vary: "Origin" };
  // Only an allowed embedding site may read the answer from its own page (the token is bound to it).
  if (answer.corsOrigin !== null) responseHeaders["Access-Control-Allow-Origin"] = answer.corsOrigin;
  return Response.json(answer.body, { status: answer.status, headers: responseHeaders });
}
