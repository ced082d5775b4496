/**
 * Puts live ticks into time order before they are written to a recording. A feed server emits
 * each symbol's due ticks together, so across symbols ticks arrive slightly out of ts order,
 * while a replay file must be in time order (the loader refuses it otherwise). Ticks are held
 * for a window and released oldest first once newer ticks show nothing older can still come.
 */
import type { ReplayTick } from "./replayFile";

export type PushResult =
  | { ok: true; released: ReplayTick[] }
  /** The tick is older than ticks already released: writing it would break time order. */
  | { ok: false; error: string };

export class TimeOrderBuffer {
  /** Held ticks, sorted by ts; equal ts keep arrival order, so each symbol keeps its seq order. */
  private held: ReplayTick[] = [];
  private newest = -Infinity;
  private releasedUpTo = -Infinity;

  /** @param windowMs how far behind the newest tick another may arrive and still be put in order. */
  constructor(private readonly windowMs: number) {
    if (!(windowMs >= 0)) throw new RangeError(`windowMs must be >= 0, got ${windowMs}`);
  }

  push(tick: ReplayTick): PushResult {
    if (tick.ts < this.releasedUpTo) {
      return {
        ok: false,
        error: `${tick.symbol} tick at ts ${tick.ts} arrived after ticks up to ts ${this.releasedUpTo} were written (more than ${this.windowMs} ms out of time order)`,
      };
    }
    let i = this.held.length;
    while (i > 0 && this.held[i - 1]!.ts > tick.ts) i--;
    this.held.splice(i, 0, tick);
    if (tick.ts > this.newest) this.newest = tick.ts;
    let count = 0;
    while (count < this.held.length && this.held[count]!.ts <= this.newest - this.windowMs) count++;
    return { ok: true, released: this.release(count) };
  }

  /** Everything still held, in order: at the end of a recording nothing older can come. */
  drain(): ReplayTick[] {
    return this.release(this.held.length);
  }

  get size(): number {
    return this.held.length;
  }

  private release(count: number): ReplayTick[] {
    if (count === 0) return [];
    const out = this.held.splice(0, count);
    this.releasedUpTo = out[out.length - 1]!.ts;
    return out;
  }
}

/** One line of a recording, in the NDJSON replay format. */
export function replayLine(tick: ReplayTick): string {
  return `${JSON.stringify({ symbol: tick.symbol, price: tick.price, size: tick.size, ts: tick.ts })}\n`;
}
