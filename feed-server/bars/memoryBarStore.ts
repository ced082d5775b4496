/**
 * The in-memory BarStore: one BarRing per symbol and interval, bounded by FEED_BAR_RETENTION.
 * It is the server's working set whatever engine is configured; a durable store (SQLite,
 * JetStream) sits behind it and refills it at start. Reads are synchronous here (`read`), so
 * /bars and snapshots never wait.
 */
import type { Bar, Interval } from "../../lib/bars/types";
import type { BarRange, BarStore } from "./barStore";
import { BarRing, type SeqBar } from "./barRing";

export class MemoryBarStore implements BarStore {
  readonly kind = "memory";
  private readonly series = new Map<string, BarRing>();
  private closed = false;

  constructor(private readonly retention: Readonly<Record<Interval, number>>) {}

  /** The ring of a series, created on first use. */
  ring(symbol: string, interval: Interval): BarRing {
    this.check();
    const key = `${symbol} ${interval}`;
    let ring = this.series.get(key);
    if (!ring) this.series.set(key, (ring = new BarRing(this.retention[interval])));
    return ring;
  }

  append(symbol: string, interval: Interval, bar: Bar, seq = 0): void {
    const ring = this.ring(symbol, interval);
    const newest = ring.newestTime();
    if (newest === undefined || bar.t > newest) ring.push(bar, seq);
    else if (bar.t === newest) ring.replaceNewest(bar, seq);
    else throw new RangeError(`${symbol} ${interval}: bar at ${bar.t} is older than the newest (${newest})`);
  }

  /** Bars (with seqs) of a series in the range, oldest first. */
  readWithSeq(symbol: string, interval: Interval, range: BarRange): SeqBar[] {
    const ring = this.ring(symbol, interval);
    const end = range.to === undefined ? ring.size : ring.lowerBound(range.to);
    const start = range.from === undefined ? Math.max(0, end - range.limit) : ring.lowerBound(range.from);
    const out: SeqBar[] = [];
    for (let i = start; i < end && out.length < range.limit; i++) out.push({ bar: ring.at(i), seq: ring.seqAt(i) });
    return out;
  }

  read(symbol: string, interval: Interval, range: BarRange): Bar[] {
    return this.readWithSeq(symbol, interval, range).map((b) => b.bar);
  }

  range(symbol: string, interval: Interval, range: BarRange): Promise<Bar[]> {
    try {
      return Promise.resolve(this.read(symbol, interval, range));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Every series' rings, for bookkeeping that spans them (a new epoch). */
  rings(): IterableIterator<BarRing> {
    return this.series.values();
  }

  /** Bars held and the bytes their typed arrays take, over every series. */
  usage(): { series: number; bars: number; bytes: number } {
    let bars = 0;
    let bytes = 0;
    for (const ring of this.series.values()) {
      bars += ring.size;
      bytes += ring.bytes;
    }
    return { series: this.series.size, bars, bytes };
  }

  flush(): Promise<void> {
    return this.closed ? Promise.reject(new Error("bar store closed")) : Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private check(): void {
    if (this.closed) throw new Error("bar store closed");
  }
}
