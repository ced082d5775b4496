/**
 * A tick source the test drives by hand: every `emit` is one tick, synchronously published,
 * with seqs numbered here exactly as a real source would.
 */
import type { Tick } from "../../lib/protocol";
import type { TickSource } from "../tickSource";

export class ManualSource implements TickSource {
  readonly kind = "manual";
  readonly opens: ReadonlyMap<string, number>;
  private sink: ((tick: Tick) => void) | undefined;
  private readonly seqs = new Map<string, number>();

  constructor(opens: Record<string, number>) {
    this.opens = new Map(Object.entries(opens));
  }

  get running(): boolean {
    return this.sink !== undefined;
  }

  start(emit: (tick: Tick) => void): void {
    this.sink = emit;
  }

  stop(): void {
    this.sink = undefined;
  }

  /** Publishes the next tick of `symbol` and returns it. */
  emit(symbol: string, price?: number, ts = Date.now()): Tick {
    if (!this.sink) throw new Error("ManualSource not started");
    const seq = (this.seqs.get(symbol) ?? 0) + 1;
    this.seqs.set(symbol, seq);
    const tick: Tick = { symbol, seq, price: price ?? 100 + seq / 100, size: 100, ts };
    this.sink(tick);
    return tick;
  }

  /** Publishes `count` ticks of `symbol`. */
  emitMany(symbol: string, count: number): void {
    for (let i = 0; i < count; i++) this.emit(symbol);
  }

  /** Hands the server a raw tick, for tests of what it does with a misbehaving source. */
  emitRaw(tick: Tick): void {
    if (!this.sink) throw new Error("ManualSource not started");
    this.sink(tick);
  }

  lastSeq(symbol: string): number {
    return this.seqs.get(symbol) ?? 0;
  }
}
