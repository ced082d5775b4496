/**
 * Token requests per client address: a token bucket per address (`perMinute` refill, bursts of
 * the same size), so one client cannot mint tokens by the thousand. Memory is bounded: idle
 * buckets (full again) are dropped when the table grows past `maxAddresses`.
 */
import { TokenBucket } from "../../../feed-server/rateLimiter";

export class AddressLimiter {
  private readonly buckets = new Map<string, { bucket: TokenBucket; last: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Takes one request from `address`'s allowance; false when it has none left. */
  take(address: string): boolean {
    const t = this.now();
    let entry = this.buckets.get(address);
    if (!entry) {
      if (this.buckets.size >= this.maxAddresses) this.purge(t);
      entry = { bucket: new TokenBucket(this.perMinute / 60, this.perMinute, this.now), last: t };
      this.buckets.set(address, entry);
    }
    entry.last = t;
    return entry.bucket.take();
  }

  /** Seconds until `address` may ask again after a refusal (one token refilled). */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(60 / this.perMinute));
  }

  private purge(t: number): void {
    const refillMs = 60_000; // a bucket untouched this long is full: forgetting it changes nothing
    for (const [address, entry] of this.buckets) if (t - entry.last >= refillMs) this.buckets.delete(address);
    // Still full of active addresses: drop the oldest half rather than grow without bound.
    if (this.buckets.size >= this.maxAddresses) {
      const keys = [...this.buckets.keys()].slice(0, Math.floor(this.maxAddresses / 2));
      for (const key of keys) this.buckets.delete(key);
    }
  }
}

/**
 * The client's address as the dashboard can know it. Next.js does not give route handlers the
 * socket; it fills X-Forwarded-For with the socket address only when the request has none. With
 * FEED_TRUST_PROXY=1 the last entry counts (the one our reverse proxy appended). With 0 the whole
 * header counts as one key, which is the socket address unless a client sent its own header:
 * see docs/security.md for why the dashboard should sit behind a proxy that sets it.
 */
export function clientAddress(forwardedFor: string | null, trustProxy: boolean): string {
  const header = (forwardedFor ?? "").trim();
  if (header === "") return "unknown";
  if (!trustProxy) return header.slice(0, 256);
  return header.slice(header.lastIndexOf(",") + 1).trim().slice(0, 64) || "unknown";
}
