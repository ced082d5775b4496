/**
 * Who may open /ws: the Origin allow-list, the total connection cap and the per-IP connection
 * rate are checked before the upgrade (refused with 403, 503 or 429); tokens are verified during
 * it, and a refused token is reported after the upgrade as a 4401 close, because browsers never
 * show a failed upgrade's status. Connections per token (`jti`) are counted from open to close.
 */
import type * as Uws from "uWebSockets.js";
import { CloseCodes } from "../lib/codes";
import { secretKey, verifyFeedToken, type TokenCheck } from "../lib/feedToken";
import type { FeedConfig } from "./config";

const WINDOW_MS = 10_000;

export type Refusal = { status: "403 Forbidden" | "429 Too Many Requests" | "503 Service Unavailable"; message: string };

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

/** Open connections per token; a token's entry lives only while it has connections. */
class TokenConnections {
  private readonly open = new Map<string, number>();
  constructor(private readonly max: number) {}

  /** Takes a slot for one more connection on `key`; false when it already holds `max`. */
  acquire(key: string): boolean {
    const count = this.open.get(key) ?? 0;
    if (this.max > 0 && count >= this.max) return false;
    this.open.set(key, count + 1);
    return true;
  }

  release(key: string): void {
    const count = this.open.get(key) ?? 0;
    if (count <= 1) this.open.delete(key);
    else this.open.set(key, count - 1);
  }
}

export interface Admission {
  /** The pre-upgrade checks, given how many connections are open; undefined means admitted. */
  refuse(origin: string, ip: string, openConnections: number): Refusal | undefined;
  /** The client's address: the TCP peer, or with FEED_TRUST_PROXY=1 the last X-Forwarded-For entry. */
  clientAddress(peer: string, forwardedFor: string): string;
  /** Undefined when no secret is configured (no token needed). */
  verify: ((token: string, origin: string) => Promise<TokenCheck>) | undefined;
  /**
   * The checks at open, after the async token check: the total cap again (several upgrades may
   * have passed it together), then a slot for the token (`tokenKey()`), which is then held until
   * releaseToken(). Undefined means admitted.
   */
  admitOpen(tokenSlot: string | undefined, openConnections: number): OpenRefusal | undefined;
  releaseToken(tokenSlot: string): void;
  /**
   * Moves an open connection from one token's slot to another's (the `auth` op). Refused, with
   * nothing changed, when the new token already holds its maximum; the same token is a no-op.
   */
  moveToken(from: string | undefined, to: string): { ok: true } | { ok: false; reason: string };
}

export type OpenRefusal = { kind: "full" | "token"; close: { code: number; reason: string } };

/** What identifies a token for the per-token limit: its `jti`, or the token itself when it has none. */
export function tokenKey(token: string, check: TokenCheck): string {
  return check.ok && check.claims.jti !== undefined ? `jti:${check.claims.jti}` : `raw:${token}`;
}

export function createAdmission(config: FeedConfig, now: () => number): Admission {
  const origins = config.allowedOrigins === "*" ? undefined : new Set(config.allowedOrigins);
  const rate = config.maxConnPerIp > 0 ? new ConnectionRate(config.maxConnPerIp, now) : undefined;
  const key = config.authSecret ? secretKey(config.authSecret) : undefined;
  const { maxConnections, maxConnPerToken, tokenMaxTtlS, trustProxy } = config.access;
  const perToken = new TokenConnections(maxConnPerToken);
  const hasRoom = (open: number): boolean => maxConnections === 0 || open < maxConnections;

  return {
    refuse(origin, ip, openConnections) {
      if (origins && !origins.has(origin)) {
        return { status: "403 Forbidden", message: origin ? `origin ${origin.slice(0, 100)} is not allowed` : "an Origin header is required" };
      }
      if (!hasRoom(openConnections)) {
        return { status: "503 Service Unavailable", message: `the server is at its limit of ${maxConnections} connections` };
      }
      if (rate && !rate.admit(ip)) {
        return { status: "429 Too Many Requests", message: `more than ${config.maxConnPerIp} connections per 10 s from this address` };
      }
      return undefined;
    },
    clientAddress(peer, forwardedFor) {
      if (!trustProxy || forwardedFor === "") return peer;
      // Each proxy appends the address it saw; the last entry is the one our own proxy wrote.
      const last = forwardedFor.slice(forwardedFor.lastIndexOf(",") + 1).trim();
      return last === "" ? peer : last.slice(0, 64);
    },
    admitOpen(tokenSlot, openConnections) {
      if (!hasRoom(openConnections)) return { kind: "full", close: CloseCodes.TRY_AGAIN_LATER };
      if (tokenSlot !== undefined && !perToken.acquire(tokenSlot)) {
        const { code, reason } = CloseCodes.TOKEN_CONNECTIONS;
        return { kind: "token", close: { code, reason: `${reason} (at most ${maxConnPerToken})` } };
      }
      return undefined;
    },
    releaseToken: (k) => perToken.release(k),
    moveToken(from, to) {
      if (from === to) return { ok: true };
      if (!perToken.acquire(to)) return { ok: false, reason: `too many connections for this token (at most ${maxConnPerToken})` };
      if (from !== undefined) perToken.release(from);
      return { ok: true };
    },
    verify: key
      ? async (token, origin) => {
          const check = await verifyFeedToken(token, key, { now, maxTtlSeconds: tokenMaxTtlS });
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
    if (refusal.status.startsWith("503")) res.writeHeader("Retry-After", "5");
    res.end(JSON.stringify({ error: refusal.status.slice(4), message: refusal.message }));
  });
}
