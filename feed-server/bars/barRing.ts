/**
 * One series of closed bars in typed arrays: 56 bytes a bar (six float64 columns, trade count
 * and last seq as uint32), no object per bar. Grows by doubling up to its capacity, then
 * overwrites the oldest bar, so memory per series is bounded by the retention.
 */
import type { Bar } from "../../lib/bars/types";

/** A closed bar with the seq of the last tick in it (0 for bars from history). */
export interface SeqBar {
  bar: Bar;
  seq: number;
}

const F = 6; // t, o, h, l, c, v
const U = 2; // n, seq

export class BarRing {
  private floats: Float64Array;
  private ints: Uint32Array;
  private slots: number;
  private head = 0;
  private count = 0;
  /** Seq of the newest bar dropped for capacity (0: none with live ticks was dropped). */
  droppedSeq = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`BarRing capacity must be a positive integer, got ${capacity}`);
    this.slots = Math.min(capacity, 64);
    this.floats = new Float64Array(this.slots * F);
    this.ints = new Uint32Array(this.slots * U);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the typed arrays (what the retention costs). */
  get bytes(): number {
    return this.floats.byteLength + this.ints.byteLength;
  }

  /** Appends a bar; the caller keeps `t` increasing. */
  push(bar: Bar, seq: number): void {
    if (this.count === this.slots && this.slots < this.capacity) this.grow();
    let slot: number;
    if (this.count < this.slots) {
      slot = (this.head + this.count) % this.slots;
      this.count++;
    } else {
      slot = this.head;
      this.droppedSeq = Math.max(this.droppedSeq, this.ints[slot * U + 1]!);
      this.head = (this.head + 1) % this.slots;
    }
    this.write(slot, bar, seq);
  }

  replaceNewest(bar: Bar, seq: number): void {
    if (this.count === 0) throw new Error("no bar to replace");
    this.write((this.head + this.count - 1) % this.slots, bar, seq);
  }

  /** Start of bar `i` (0 = oldest). */
  timeAt(i: number): number {
    return this.floats[this.slot(i) * F]!;
  }

  at(i: number): Bar {
    const f = this.slot(i) * F;
    const u = this.slot(i) * U;
    const a = this.floats;
    return { t: a[f]!, o: a[f + 1]!, h: a[f + 2]!, l: a[f + 3]!, c: a[f + 4]!, v: a[f + 5]!, n: this.ints[u]! };
  }

  seqAt(i: number): number {
    return this.ints[this.slot(i) * U + 1]!;
  }

  newestTime(): number | undefined {
    return this.count === 0 ? undefined : this.timeAt(this.count - 1);
  }

  oldestTime(): number | undefined {
    return this.count === 0 ? undefined : this.timeAt(0);
  }

  /** Index of the first bar starting at or after `t` (size when none). */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Seqs restarted (a new epoch): every held bar becomes history (seq 0). */
  forgetSeqs(): void {
    for (let i = 0; i < this.count; i++) this.ints[this.slot(i) * U + 1] = 0;
    this.droppedSeq = 0;
  }

  /** Puts older bars in front of the held ones (history arriving after live bars); keeps the newest when over capacity. */
  prepend(older: readonly SeqBar[]): void {
    const held: SeqBar[] = [];
    for (let i = 0; i < this.count; i++) held.push({ bar: this.at(i), seq: this.seqAt(i) });
    this.head = 0;
    this.count = 0;
    const all = [...older, ...held];
    for (const b of all.slice(0, -this.capacity)) this.droppedSeq = Math.max(this.droppedSeq, b.seq);
    for (const b of all.slice(-this.capacity)) this.push(b.bar, b.seq);
  }

  private slot(i: number): number {
    if (i < 0 || i >= this.count) throw new RangeError(`bar index ${i} outside 0..${this.count - 1}`);
    return (this.head + i) % this.slots;
  }

  private write(slot: number, bar: Bar, seq: number): void {
    const f = slot * F;
    const a = this.floats;
    a[f] = bar.t;
    a[f + 1] = bar.o;
    a[f + 2] = bar.h;
    a[f + 3] = bar.l;
    a[f + 4] = bar.c;
    a[f + 5] = bar.v;
    this.ints[slot * U] = bar.n;
    this.ints[slot * U + 1] = seq;
  }

  private grow(): void {
    const slots = Math.min(this.capacity, this.slots * 2);
    const floats = new Float64Array(slots * F);
    const ints = new Uint32Array(slots * U);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) % this.slots;
      floats.set(this.floats.subarray(from * F, from * F + F), i * F);
      ints.set(this.ints.subarray(from * U, from * U + U), i * U);
    }
    this.floats = floats;
    this.ints = ints;
    this.slots = slots;
    this.head = 0;
  }
}
