/** The chaos suite's loss count must see a lost tick, or its zeros mean nothing. */
import { describe, expect, it } from "vitest";
import type { SnapshotMessage } from "../lib/protocol";
import { SeqBooks } from "./seqBooks";

const snap = (seq: number, from: number, resumed: boolean): SnapshotMessage => ({
  type: "snapshot",
  symbol: "AAPL",
  seq,
  resumed,
  open: 100,
  ticks: Array.from({ length: Math.max(0, seq - from + 1) }, (_, i) => ({ seq: from + i, price: 100, size: 1, ts: 0 })),
});

describe("SeqBooks", () => {
  it("counts nothing lost on contiguous ticks and a resume that continues them", () => {
    const b = new SeqBooks();
    b.welcome("e1");
    b.snapshot(snap(10, 1, false));
    b.tick("AAPL", 11);
    b.tick("AAPL", 12);
    b.welcome("e1");
    b.snapshot(snap(15, 13, true));
    expect([b.ticksLost, b.epochResets, b.resumed, b.seq("AAPL")]).toEqual([0, 0, 1, 15]);
  });

  it("counts a skipped live tick", () => {
    const b = new SeqBooks();
    b.welcome("e1");
    b.snapshot(snap(10, 1, false));
    b.tick("AAPL", 14);
    expect(b.ticksLost).toBe(3);
  });

  it("counts the hole when a resume is refused in the same epoch (since outside the window)", () => {
    const b = new SeqBooks();
    b.welcome("e1");
    b.snapshot(snap(10, 1, false));
    b.welcome("e1");
    b.snapshot(snap(2000, 1801, false));
    expect(b.ticksLost).toBe(1790);
  });

  it("counts a new epoch as a reset, not as lost ticks", () => {
    const b = new SeqBooks();
    b.welcome("e1");
    b.snapshot(snap(10, 1, false));
    b.welcome("e2");
    b.snapshot(snap(3, 1, false));
    expect([b.ticksLost, b.epochResets, b.seq("AAPL")]).toEqual([0, 1, 3]);
  });
});
