/**
 * Per-symbol recent history for the peer servers, so their snapshots carry the same number
 * of ticks as the feed server's (FEED_SNAPSHOT_TICKS, 200 by default) and cost the same kind
 * of work. Each peer stores what its library wants to send: the ws peer JSON fragments, the
 * Socket.IO peer plain objects.
 */
import { RingBuffer } from "../../lib/ringBuffer";

export class RecentTicks<T extends { seq: number }> {
  private readonly rings = new Map<string, RingBuffer<T>>();

  constructor(symbols: readonly string[], capacity: number) {
    for (const symbol of symbols) this.rings.set(symbol, new RingBuffer<T>(Math.max(1, capacity)));
  }

  has(symbol: string): boolean {
    return this.rings.has(symbol);
  }

  push(symbol: string, item: T): void {
    this.rings.get(symbol)?.push(item);
  }

  /** Newest seq (0 before the first tick) and the kept ticks, oldest first. */
  latest(symbol: string): { seq: number; items: T[] } {
    const ring = this.rings.get(symbol);
    if (!ring) throw new Error(`unknown symbol ${symbol}`);
    return { seq: ring.newest()?.seq ?? 0, items: ring.last(ring.capacity) };
  }
}
