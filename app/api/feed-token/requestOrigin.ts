/**
 * Which site is asking /api/feed-token for a token, and whether it may. Browsers send the page's
 * origin in `Origin` on cross-origin requests and always fill `Referer` on same-origin ones (our
 * own fetch asks for it, see app/_feed/tokenUrl.ts), and page scripts cannot change either. A
 * scripted client can send anything, which is why docs/security.md puts authentication
 * (TOKEN_AUTH) in front of this for deployments that must keep scripts out.
 */
import { embedOriginAllowed } from "../../../lib/widgets/frameAncestors";

export interface OriginHeaders {
  origin: string | null;
  referer: string | null;
  host: string | null;
  forwardedProto: string | null;
}

export type RequestOrigin =
  /** `self`: the dashboard's own pages (and the widget frames it serves). */
  | { ok: true; origin: string; self: boolean }
  | { ok: false; error: string };

/** scheme://host[:port] of a URL string, or null when it is not an http(s) URL. */
export function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The dashboard's own origin: DASHBOARD_ORIGIN when set, else the Host the browser asked for with
 * the scheme Next.js recorded in X-Forwarded-Proto. Null when DASHBOARD_ORIGIN is not an origin.
 */
export function dashboardOrigin(headers: OriginHeaders, configured: string | undefined): string | null {
  const fixed = configured?.trim() ?? "";
  if (fixed !== "") return originOf(fixed) === fixed.replace(/\/$/, "") ? fixed.replace(/\/$/, "") : null;
  const scheme = headers.forwardedProto?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return originOf(`${scheme}://${headers.host ?? "localhost"}`) ?? "http://localhost";
}

/** The requesting page's origin, and whether it is the dashboard's own or an EMBED_ALLOWED_ORIGINS entry. */
export function checkRequestOrigin(headers: OriginHeaders, selfOrigin: string, embedAllowed: string | undefined): RequestOrigin {
  let origin: string | null = null;
  if (headers.origin !== null && headers.origin !== "") {
    origin = headers.origin === "null" ? null : originOf(headers.origin);
    if (origin === null) return { ok: false, error: "requests from an opaque or invalid Origin get no token" };
  } else if (headers.referer !== null && headers.referer !== "") {
    origin = originOf(headers.referer);
    if (origin === null) return { ok: false, error: "the Referer is not an http(s) URL" };
  } else {
    return { ok: false, error: "an Origin or Referer header is required" };
  }
  if (origin === selfOrigin) return { ok: true, origin, self: true };
  if (embedOriginAllowed(origin, embedAllowed)) return { ok: true, origin, self: false };
  return { ok: false, error: `origin ${origin.slice(0, 100)} may not use this feed` };
}
