/**
 * Runs before every /embed/* request (and only those: see `config.matcher`) to say who may frame
 * the widgets: `Content-Security-Policy: frame-ancestors <EMBED_ALLOWED_ORIGINS>`, read from the
 * environment per request so one build serves any deployment. Default `*` (any site); the
 * dashboard's own origin is always allowed. No X-Frame-Options here: it cannot express a list.
 * Every other route's framing headers are static and come from `headers()` in next.config.js.
 */
import { NextResponse } from "next/server";
import { frameAncestors } from "./lib/widgets/frameAncestors";

let cached: { raw: string | undefined; policy: string } | null = null;

function embedPolicy(): string {
  const raw = process.env.EMBED_ALLOWED_ORIGINS;
  if (cached === null || cached.raw !== raw) {
    const { value, warnings } = frameAncestors(raw);
    for (const warning of warnings) console.warn(`[tickwire] ${warning}`);
    cached = { raw, policy: `frame-ancestors ${value}` };
  }
  return cached.policy;
}

export function proxy(): NextResponse {
  const response = NextResponse.next();
  response.headers.set("Content-Security-Policy", embedPolicy());
  return response;
}

export const config = {
  matcher: ["/embed", "/embed/:path*"],
};
