/**
 * GET /api/feed-token[?symbols=AAPL,MSFT]: a short-lived feed token for this browser.
 * `{ token, expiresAt, symbols }`, or `{ token: null }` when the feed needs none (no
 * FEED_AUTH_SECRET); 400 for an invalid symbol list. Never cached: every answer is a new token.
 */
import type { NextRequest } from "next/server";
import { issueToken } from "./issueToken";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const warned = new Set<string>();

export async function GET(request: NextRequest): Promise<Response> {
  const env = { FEED_AUTH_SECRET: process.env.FEED_AUTH_SECRET, FEED_TOKEN_TTL: process.env.FEED_TOKEN_TTL };
  const answer = await issueToken({ symbols: request.nextUrl.searchParams.get("symbols") }, env);
  for (const warning of answer.warnings) {
    if (warned.has(warning)) continue;
    warned.add(warning);
    console.warn(`[tickwire] ${warning}`);
  }
  return Response.json(answer.body, {
    status: answer.status,
    headers: { "Cache-Control": "no-store, max-age=0", "X-Content-Type-Options": "nosniff" },
  });
}
