/**
 * A tick source the test drives by hand: every `emit` is one tick, synchronously published,
 * with seqs numbered here exactly as a real source would.
 */
import type { Tick } from "../../lib/protocol";
import type { SourceSink, TickSource } from "../tickSource";

export class ManualSource implements TickSource {
  readonly kind = "manual";
  readonly opens: ReadonlyMap<string, number | undefined>;
  private sink: SourceSink | undefined;
  private readonly seqs = new Map<string, number>();
  /** Every demand change the server reported, in order. */
  readonly demands: [string, boolean][] = [];

  constructor(opens: Record<string, number | undefined>) {
    this.opens = new Map(Object.entries(opens));
  }

  get running(): boolean {
    return this.sink !== undefined;
  }

  start(sink: SourceSink): void {
    this.sink = sink;
  }

  stop(): void {
    this.sink = undefined;
  }

  demand(symbol: string, watched: boolean): void {
    this.demands.push([symbol, watched]);
  }

  /** Publishes the next tick of `symbol` and returns it. */
  emit(symbol: string, price?: number, ts = Date.now()): Tick {
    if (!this.sink) throw new Error("ManualSource not started");
    const seq = (this.seqs.get(symbol) ?? 0) + 1;
    this.seqs.set(symbol, seq);
    const tick: Tick = { symbol, seq, price: price ?? 100 + seq / 100, size: 100, ts };
    this.sink.tick(tick);
    return tick;
  }

  /** Publishes `count` ticks of `symbol`. */
  emitMany(symbol: string, count: number): void {
    for (let i = 0; i < count; i++) this.emit(symbol);
  }

  /** Hands the server a raw tick, for tests of what it does with a misbehaving source. */
  emitRaw(tick: Tick): void {
    if (!this.sink) throw new Error("ManualSource not started");
    this.sink.tick(tick);
  }

  /** The server side of the source, for tests of status, reset and epoch handling. */
  get out(): SourceSink {
    if (!this.sink) throw new Error("ManualSource not started");
    return this.sink;
  }

  lastSeq(symbol: string): number {
    return this.seqs.get(symbol) ?? 0;
  }
}
