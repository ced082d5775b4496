/**
 * The bars a page has fetched from the feed's `/bars`, kept for the page's lifetime: a chart that
 * mounts again, a range switched back to, or a card and a symbol page asking for the same series
 * use what is held instead of fetching again. One request per key at a time; nothing refetches on
 * a timer (live bars come over the WebSocket). Held by FeedProvider, one per page session.
 */
import type { Bar, Interval } from "../../lib/bars/types";
import { parseBarsPage } from "../../lib/feedHttp";

export type BarsEntry =
  | { status: "loading" }
  | { status: "ready"; bars: readonly Bar[] }
  | { status: "error"; message: string };

const LOADING: BarsEntry = { status: "loading" };

export type FetchLike = (url: string, init: { headers: Record<string, string> }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export class BarCache {
  private readonly entries = new Map<string, BarsEntry>();
  private readonly listeners = new Set<() => void>();
  /** Requests made, for tests and diagnostics. */
  requests = 0;

  constructor(private readonly fetchImpl: FetchLike = (url, init) => fetch(url, init)) {}

  static key(symbol: string, interval: Interval, limit: number): string {
    return `${symbol}|${interval}|${limit}`;
  }

  get(key: string): BarsEntry | undefined {
    return this.entries.get(key);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts loading unless the key is held or loading; `retry` reloads a key that failed. */
  load(bases: readonly string[], symbol: string, interval: Interval, limit: number, retry = false): void {
    const key = BarCache.key(symbol, interval, limit);
    const entry = this.entries.get(key);
    if (entry && !(retry && entry.status === "error")) return;
    if (bases.length === 0) return;
    this.set(key, LOADING);
    void this.fetchFirst(bases, symbol, interval, limit).then((next) => this.set(key, next));
  }

  private async fetchFirst(bases: readonly string[], symbol: string, interval: Interval, limit: number): Promise<BarsEntry> {
    let message = "no feed server answered";
    // Feed servers in failover order, as the WebSocket client tries them.
    for (const base of bases) {
      this.requests += 1;
      try {
        const res = await this.fetchImpl(`${base}/bars/${encodeURIComponent(symbol)}?interval=${interval}&limit=${limit}`, {
          headers: { accept: "application/json" },
        });
        const body: unknown = await res.json();
        if (!res.ok) {
          const reason = typeof body === "object" && body !== null && "message" in body ? String(body.message) : `HTTP ${res.status}`;
          return { status: "error", message: reason };
        }
        const parsed = parseBarsPage(body);
        return parsed.ok ? { status: "ready", bars: parsed.value.bars } : { status: "error", message: parsed.error };
      } catch (err) {
        message = err instanceof Error ? err.message : String(err);
      }
    }
    return { status: "error", message };
  }

  private set(key: string, entry: BarsEntry): void {
    this.entries.set(key, entry);
    for (const listener of this.listeners) listener();
  }
}
