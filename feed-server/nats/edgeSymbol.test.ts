import { describe, expect, it } from "vitest";
import type { Tick, TickPoint } from "../../lib/protocol";
import type { SourceSink } from "../tickSource";
import { encodeStatus, encodeTick } from "./busMessage";
import { contiguousTail, EdgeSymbol, type EdgeConsumer } from "./edgeSymbol";

type Call = [string, ...unknown[]];

function setup(epoch = "e1") {
  const calls: Call[] = [];
  const sink: SourceSink = {
    tick: (t) => calls.push(["tick", t.seq]),
    status: (s, state, reason) => calls.push(["status", state, reason]),
    addSymbol: (s) => calls.push(["addSymbol", s]),
    reset: (s, open, ticks) => calls.push(["reset", open, ticks.map((t) => t.seq)]),
    epoch: (e) => calls.push(["epoch", e]),
    report: (kind, detail) => calls.push(["report", kind, detail]),
  };
  let rewinds = 0;
  const consumer: EdgeConsumer = { rewind: () => rewinds++, restart: () => undefined, stop: () => undefined, pending: 0, restarts: 0 };
  let current = epoch;
  let foreign = 0;
  const symbol = new EdgeSymbol(
    "AAPL",
    {
      sink,
      epoch: () => current,
      open: () => 99,
      historyLimit: 5,
      onForeignEpoch: () => foreign++,
      onStateChange: (s) => calls.push(["stateChange", s]),
    },
    consumer,
  );
  const bytes = (text: string) => new TextEncoder().encode(text);
  const tick = (seq: number, e = current): Uint8Array => {
    const t: Tick = { symbol: "AAPL", seq, price: 100 + seq, size: 1, ts: 1000 + seq };
    return bytes(encodeTick(JSON.stringify(e), t));
  };
  return {
    symbol,
    calls,
    tick,
    bytes,
    rewinds: () => rewinds,
    foreign: () => foreign,
    setEpoch: (e: string) => (current = e),
  };
}

describe("EdgeSymbol", () => {
  it("hands on the current epoch's history once caught up, skipping other epochs, then follows live", () => {
    const t = setup();
    t.symbol.load();
    t.symbol.onMessage(t.tick(7, "old"), 4);
    t.symbol.onMessage(t.tick(1), 3);
    t.symbol.onMessage(t.tick(2), 2);
    t.symbol.onMessage(t.tick(3), 1);
    expect(t.calls).toEqual([]);
    t.symbol.onMessage(t.tick(4), 0);
    expect(t.calls).toEqual([["tick", 1], ["tick", 2], ["tick", 3], ["tick", 4], ["stateChange", "AAPL"]]);
    t.calls.length = 0;
    t.symbol.onMessage(t.tick(5), 0);
    t.symbol.onMessage(t.tick(5), 0); // a duplicate after a consumer restart
    expect(t.calls).toEqual([["tick", 5]]);
    expect(t.symbol.duplicates).toBe(1);
    expect(t.foreign()).toBe(0); // old-epoch history while loading is expected
  });

  it("replaces the symbol with one snapshot when the stored history no longer starts at seq 1", () => {
    const t = setup();
    t.symbol.load();
    for (const seq of [3, 4, 5]) t.symbol.onMessage(t.tick(seq), 5 - seq);
    expect(t.calls).toEqual([["addSymbol", "AAPL"], ["reset", 99, [3, 4, 5]], ["stateChange", "AAPL"]]);
  });

  it("keeps only the newest window while loading", () => {
    const t = setup();
    t.symbol.load();
    for (let seq = 1; seq <= 12; seq++) t.symbol.onMessage(t.tick(seq), 12 - seq);
    const reset = t.calls.find((c) => c[0] === "reset")!;
    expect((reset[2] as number[]).at(-1)).toBe(12);
    expect((reset[2] as number[]).length).toBeLessThanOrEqual(10);
  });

  it("continues what the server holds on a reload instead of resetting it", () => {
    const t = setup();
    t.symbol.load();
    t.symbol.onMessage(t.tick(1), 1);
    t.symbol.onMessage(t.tick(2), 0);
    t.calls.length = 0;
    t.symbol.load();
    for (const seq of [1, 2, 3, 4]) t.symbol.onMessage(t.tick(seq), 4 - seq);
    expect(t.calls).toEqual([["tick", 3], ["tick", 4], ["stateChange", "AAPL"]]);
  });

  it("reloads on a gap in the stream, and asks for the lease on a live message of another epoch", () => {
    const t = setup();
    t.symbol.load();
    t.symbol.onMessage(t.tick(1), 0);
    const rewinds = t.rewinds();
    t.symbol.onMessage(t.tick(3), 0);
    expect(t.calls.some((c) => c[0] === "report" && c[1] === "bus_gap")).toBe(true);
    expect(t.rewinds()).toBe(rewinds + 1);
    expect(t.symbol.mode).toBe("loading");
    t.symbol.onMessage(t.tick(3), 0);
    t.symbol.onMessage(t.tick(1, "next"), 0);
    expect(t.foreign()).toBe(1);
  });

  it("takes the source's status, and counts malformed messages without stopping", () => {
    const t = setup();
    t.symbol.load();
    t.symbol.onMessage(t.tick(1), 0);
    t.calls.length = 0;
    t.symbol.onMessage(t.bytes(encodeStatus("e1", "AAPL", "stale", "upstream down")), 0);
    expect(t.symbol.sourceState).toEqual({ state: "stale", reason: "upstream down" });
    t.symbol.onMessage(t.bytes("{oops"), 0);
    t.symbol.onMessage(t.tick(2), 0);
    expect(t.calls).toEqual([["stateChange", "AAPL"], ["report", "malformed", "ticks.AAPL: not UTF-8 JSON"], ["tick", 2]]);
  });
});

describe("contiguousTail", () => {
  const points = (...seqs: number[]): TickPoint[] => seqs.map((seq) => ({ seq, price: 1, size: 1, ts: 1 }));
  it("is the newest run of consecutive seqs", () => {
    expect(contiguousTail(points()).length).toBe(0);
    expect(contiguousTail(points(1, 2, 3)).map((t) => t.seq)).toEqual([1, 2, 3]);
    expect(contiguousTail(points(1, 2, 5, 6)).map((t) => t.seq)).toEqual([5, 6]);
  });
});
