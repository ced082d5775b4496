/**
 * Seq continuity for the symbols of one connection. Per symbol it keeps the highest seq seen
 * and, only after a gap, the missing ranges, so a late tick is told apart from a duplicate:
 * a late one fills a gap (out of order, and no longer lost), a duplicate fills nothing.
 */

export interface SeqCounts {
  delivered: number;
  lost: number;
  outOfOrder: number;
  duplicates: number;
  beforeSnapshot: number;
}

export function emptyCounts(): SeqCounts {
  return { delivered: 0, lost: 0, outOfOrder: 0, duplicates: 0, beforeSnapshot: 0 };
}

export class SeqTracker {
  /** Highest seq seen per slot; -1 until the snapshot arrives. */
  private readonly high: Float64Array;
  /** Missing [from, to] ranges per slot, created on the first gap only. */
  private readonly gaps: ([number, number][] | undefined)[];

  constructor(readonly slots: number) {
    this.high = new Float64Array(slots).fill(-1);
    this.gaps = new Array<[number, number][] | undefined>(slots);
  }

  hasSnapshot(slot: number): boolean {
    return (this.high[slot] as number) >= 0;
  }

  last(slot: number): number {
    return this.high[slot] as number;
  }

  /** The snapshot's seq is the newest tick the client holds; the next tick must be seq + 1. */
  snapshot(slot: number, seq: number): void {
    this.high[slot] = seq;
    this.gaps[slot] = undefined;
  }

  tick(slot: number, seq: number, counts: SeqCounts): void {
    const high = this.high[slot] as number;
    if (high < 0) {
      counts.beforeSnapshot++;
      return;
    }
    if (seq === high + 1) {
      this.high[slot] = seq;
      counts.delivered++;
      return;
    }
    if (seq > high + 1) {
      counts.lost += seq - high - 1;
      (this.gaps[slot] ??= []).push([high + 1, seq - 1]);
      this.high[slot] = seq;
      counts.delivered++;
      return;
    }
    this.late(slot, seq, counts);
  }

  private late(slot: number, seq: number, counts: SeqCounts): void {
    const gaps = this.gaps[slot];
    const at = gaps ? gaps.findIndex(([from, to]) => seq >= from && seq <= to) : -1;
    if (!gaps || at < 0) {
      counts.duplicates++;
      return;
    }
    const [from, to] = gaps[at] as [number, number];
    const split: [number, number][] = [];
    if (from <= seq - 1) split.push([from, seq - 1]);
    if (seq + 1 <= to) split.push([seq + 1, to]);
    gaps.splice(at, 1, ...split);
    counts.lost--;
    counts.outOfOrder++;
    counts.delivered++;
  }
}
