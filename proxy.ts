/**
 * Runs before every request but static assets (see `config.matcher`):
 * - TOKEN_AUTH (app/_lib/tokenAuth.ts): with `basic` or `header`, pages, widgets and
 *   /api/feed-token all require the login; a refused request never reaches the app.
 * - /embed/* only: who may frame the widgets, `Content-Security-Policy: frame-ancestors
 *   <EMBED_ALLOWED_ORIGINS>` (default `*`; the dashboard's own origin is always allowed). No
 *   X-Frame-Options here: it cannot express a list. Every other route's framing headers are
 *   static and come from `headers()` in next.config.js.
 * Both read the environment per request, so one build serves any deployment.
 */
import { NextResponse, type NextRequest } from "next/server";
import { authenticate, readAuthMode, type AuthMode } from "./app/_lib/tokenAuth";
import { frameAncestors } from "./lib/widgets/frameAncestors";

let cachedPolicy: { raw: string | undefined; policy: string } | null = null;
let cachedAuth: { key: string; mode: AuthMode } | null = null;

function embedPolicy(): string {
  const raw = process.env.EMBED_ALLOWED_ORIGINS;
  if (cachedPolicy === null || cachedPolicy.raw !== raw) {
    const { value, warnings } = frameAncestors(raw);
    for (const warning of warnings) console.warn(`[tickwire] ${warning}`);
    cachedPolicy = { raw, policy: `frame-ancestors ${value}` };
  }
  return cachedPolicy.policy;
}

function authMode(): AuthMode {
  const env = process.env;
  const key = [env.TOKEN_AUTH, env.TOKEN_AUTH_USER, env.TOKEN_AUTH_PASSWORD, env.TOKEN_AUTH_HEADER].join("\u0000");
  if (cachedAuth === null || cachedAuth.key !== key) {
    const mode = readAuthMode(env);
    if (mode.kind === "misconfigured") console.error(`[tickwire] ${mode.problem}; refusing every request until it is fixed`);
    cachedAuth = { key, mode };
  }
  return cachedAuth.mode;
}

/** /embed and /embed/..., not /embedded. */
function isEmbed(pathname: string): boolean {
  return pathname === "/embed" || pathname.startsWith("/embed/");
}

export function proxy(request: NextRequest): NextResponse {
  const auth = authenticate(authMode(), request.headers);
  if (!auth.ok) {
    return NextResponse.json(
      { error: auth.message },
      { status: auth.status, headers: { ...auth.headers, "Cache-Control": "no-store" } },
    );
  }
  const response = NextResponse.next();
  if (isEmbed(request.nextUrl.pathname)) response.headers.set("Content-Security-Policy", embedPolicy());
  return response;
}

export const config = {
  // Everything but the build's static files and the public assets widget.js and icon.svg, which
  // hold nothing private and must load on other sites.
  matcher: ["/((?!_next/static|_next/image|widget\\.js|icon\\.svg|favicon\\.ico).*)"],
};
