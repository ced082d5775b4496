/**
 * Who may open /ws: the Origin allow-list and the per-IP connection rate are checked before the
 * upgrade (refused with 403 or 429); tokens are verified during it, and a refused token is
 * reported after the upgrade as a 4401 close, because browsers never show a failed upgrade's status.
 */
import type * as Uws from "uWebSockets.js";
import { secretKey, verifyFeedToken, type TokenCheck } from "../lib/feedToken";
import type { FeedConfig } from "./config";

const WINDOW_MS = 10_000;

export type Refusal = { status: "403 Forbidden" | "429 Too Many Requests"; message: string };

/** Counts connections per IP in fixed 10 s windows; memory is bounded by purging old windows. */
class ConnectionRate {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly max: number,
    private readonly now: () => number,
  ) {}

  admit(ip: string): boolean {
    const t = this.now();
    let w = this.windows.get(ip);
    if (!w || t - w.start >= WINDOW_MS) {
      if (this.windows.size > 50_000) this.purge(t);
      w = { start: t, count: 0 };
      this.windows.set(ip, w);
    }
    w.count++;
    return w.count <= this.max;
  }

  private purge(t: number): void {
    for (const [ip, w] of this.windows) if (t - w.start >= WINDOW_MS) this.windows.delete(ip);
  }
}

export interface Admission {
  /** The pre-upgrade checks; undefined means admitted. */
  refuse(origin: string, ip: string): Refusal | undefined;
  /** Undefined when no secret is configured (no token needed). */
  verify: ((token: string, origin: string) => Promise<TokenCheck>) | undefined;
}

export function createAdmission(config: FeedConfig, now: () => number): Admission {
  const origins = config.allowedOrigins === "*" ? undefined : new Set(config.allowedOrigins);
  const rate = config.maxConnPerIp > 0 ? new ConnectionRate(config.maxConnPerIp, now) : undefined;
  const key = config.authSecret ? secretKey(config.authSecret) : undefined;

  return {
    refuse(origin, ip) {
      if (origins && !origins.has(origin)) {
        return { status: "403 Forbidden", message: origin ? `origin ${origin.slice(0, 100)} is not allowed` : "an Origin header is required" };
      }
      if (rate && !rate.admit(ip)) {
        return { status: "429 Too Many Requests", message: `more than ${config.maxConnPerIp} connections per 10 s from this address` };
      }
      return undefined;
    },
    verify: key
      ? async (token, origin) => {
          const check = await verifyFeedToken(token, key, now);
          if (check.ok && check.claims.origin !== undefined && check.claims.origin !== origin) {
            return { ok: false, reason: "token is bound to another origin" };
          }
          return check;
        }
      : undefined,
  };
}

export function writeRefusal(res: Uws.HttpResponse, refusal: Refusal): void {
  res.cork(() => {
    res.writeStatus(refusal.status).writeHeader("Content-Type", "application/json; charset=utf-8");
    if (refusal.status.startsWith("429")) res.writeHeader("Retry-After", String(WINDOW_MS / 1000));
    res.end(JSON.stringify({ error: refusal.status.slice(4), message: refusal.message }));
  });
}
