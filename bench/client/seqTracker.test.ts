import { describe, expect, it } from "vitest";
import { emptyCounts, SeqTracker } from "./seqTracker";

function run(snapshotSeq: number, seqs: number[]) {
  const tracker = new SeqTracker(1);
  const counts = emptyCounts();
  tracker.snapshot(0, snapshotSeq);
  for (const seq of seqs) tracker.tick(0, seq, counts);
  return { counts, last: tracker.last(0) };
}

describe("SeqTracker", () => {
  it("counts a contiguous run after the snapshot as delivered, nothing else", () => {
    expect(run(10, [11, 12, 13]).counts).toEqual({ delivered: 3, lost: 0, outOfOrder: 0, duplicates: 0, beforeSnapshot: 0 });
  });

  it("counts a skipped seq as lost", () => {
    const { counts, last } = run(0, [1, 2, 4, 5, 9]);
    expect(counts.lost).toBe(1 + 3);
    expect(counts.outOfOrder).toBe(0);
    expect(last).toBe(9);
  });

  it("counts a swapped pair as one out of order and no loss", () => {
    const { counts } = run(0, [1, 3, 2, 4]);
    expect(counts).toMatchObject({ lost: 0, outOfOrder: 1, duplicates: 0, delivered: 4 });
  });

  it("tells a late tick from a duplicate", () => {
    const { counts } = run(0, [1, 2, 5, 3, 3, 2, 4]);
    expect(counts).toMatchObject({ lost: 0, outOfOrder: 2, duplicates: 2 });
  });

  it("counts ticks before the snapshot as protocol violations", () => {
    const tracker = new SeqTracker(2);
    const counts = emptyCounts();
    tracker.tick(1, 1, counts);
    expect(counts.beforeSnapshot).toBe(1);
    expect(tracker.hasSnapshot(1)).toBe(false);
  });

  it("handles large gaps without a set per missing seq", () => {
    const { counts } = run(0, [1, 1_000_001, 500_000]);
    expect(counts.lost).toBe(999_998);
    expect(counts.outOfOrder).toBe(1);
  });
});
