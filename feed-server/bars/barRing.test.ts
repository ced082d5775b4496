import { describe, expect, it } from "vitest";
import type { Bar } from "../../lib/bars/types";
import { BarRing } from "./barRing";
import { MemoryBarStore } from "./memoryBarStore";

const bar = (t: number, c = t): Bar => ({ t, o: c, h: c + 1, l: c - 1, c, v: 10.5, n: 3 });

describe("BarRing", () => {
  it("grows to its capacity, then drops the oldest bar", () => {
    const ring = new BarRing(100);
    for (let t = 1; t <= 250; t++) ring.push(bar(t), t);
    expect(ring.size).toBe(100);
    expect(ring.oldestTime()).toBe(151);
    expect(ring.newestTime()).toBe(250);
    expect(ring.at(0)).toEqual(bar(151));
    expect(ring.seqAt(99)).toBe(250);
    expect(ring.bytes).toBe(100 * 56);
    expect(ring.droppedSeq).toBe(150);
  });

  it("finds bars by time and takes older history in front", () => {
    const ring = new BarRing(5);
    for (const t of [10, 20, 30]) ring.push(bar(t), t);
    expect(ring.lowerBound(20)).toBe(1);
    expect(ring.lowerBound(21)).toBe(2);
    expect(ring.lowerBound(99)).toBe(3);
    ring.prepend([bar(1), bar(2), bar(3)].map((b) => ({ bar: b, seq: 0 })));
    expect([0, 1, 2, 3, 4].map((i) => ring.timeAt(i))).toEqual([2, 3, 10, 20, 30]);
  });
});

describe("MemoryBarStore", () => {
  const retention = { "1s": 10, "1m": 10, "5m": 10, "15m": 10, "1h": 10, "1d": 10 };

  it("replaces the newest bar with the same t and refuses an older one", async () => {
    const store = new MemoryBarStore(retention);
    store.append("AAPL", "1m", bar(60_000, 1));
    store.append("AAPL", "1m", bar(60_000, 2));
    store.append("AAPL", "1m", bar(120_000, 3));
    expect(() => store.append("AAPL", "1m", bar(0))).toThrow(/older/);
    expect(await store.range("AAPL", "1m", { limit: 10 })).toEqual([bar(60_000, 2), bar(120_000, 3)]);
  });

  it("answers the newest limit without from, and from/to with from", async () => {
    const store = new MemoryBarStore(retention);
    for (let t = 1; t <= 8; t++) store.append("X", "1d", bar(t));
    expect((await store.range("X", "1d", { limit: 3 })).map((b) => b.t)).toEqual([6, 7, 8]);
    expect((await store.range("X", "1d", { from: 2, to: 6, limit: 10 })).map((b) => b.t)).toEqual([2, 3, 4, 5]);
    expect((await store.range("X", "1d", { from: 2, limit: 2 })).map((b) => b.t)).toEqual([2, 3]);
    expect((await store.range("X", "1d", { to: 3, limit: 5 })).map((b) => b.t)).toEqual([1, 2]);
    await store.close();
    await expect(store.range("X", "1d", { limit: 1 })).rejects.toThrow(/closed/);
  });
});

describe("a new epoch", () => {
  it("turns held bars into history (seq 0) so a resume compares only new seqs", async () => {
    const { BarBook } = await import("./barBook");
    const book = new BarBook({ retention: { "1s": 2, "1m": 10, "5m": 10, "15m": 10, "1h": 10, "1d": 10 }, marketHours: "always" });
    book.addSymbol("AAPL");
    for (let seq = 1; seq <= 5; seq++) book.record({ symbol: "AAPL", seq, price: 100 + seq, size: 1, ts: seq * 1000 });
    expect(book.since("AAPL", "1s", 1).complete).toBe(false); // the 1s bars of seqs 1 and 2 were dropped (retention 2)
    expect(book.since("AAPL", "1s", 2).complete).toBe(true);
    book.newEpoch();
    book.record({ symbol: "AAPL", seq: 1, price: 200, size: 1, ts: 6000 });
    // Old seqs would make every held bar look newer than seq 0; as history they are not.
    const r = book.since("AAPL", "1s", 0);
    expect(r.complete).toBe(true);
    expect(r.bars.map((b) => [b.bar.c, b.seq])).toEqual([[200, 1]]);
    expect(book.page("AAPL", "1s", { limit: 10 }).bars.map((b) => b.c)).toEqual([104, 105, 200]);
    expect(book.since("AAPL", "1s", 1).bars).toEqual([]);
  });
});
