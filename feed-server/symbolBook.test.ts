import { describe, expect, it } from "vitest";
import { decodeServerFrame, type SnapshotMessage } from "../lib/protocol";
import { SymbolBook } from "./symbolBook";

function book(history = 10, snapshotTicks = 4): SymbolBook {
  const b = new SymbolBook("ep1", new Map([["AAPL", 100], ["MSFT", 400]]), history, snapshotTicks);
  for (let seq = 1; seq <= 25; seq++) b.record({ symbol: "AAPL", seq, price: 100 + seq / 100, size: seq, ts: 1000 + seq });
  return b;
}

function snap(text: string): SnapshotMessage {
  const msg = decodeServerFrame(text);
  if (!msg.ok || msg.value.type !== "snapshot") throw new Error(`not a snapshot: ${text}`);
  return msg.value;
}

describe("SymbolBook", () => {
  it("serialises a tick into a valid live frame", () => {
    const b = new SymbolBook("ep1", new Map([["BRK.B", 480]]), 10, 4);
    const frame = b.record({ symbol: "BRK.B", seq: 1, price: 480.12, size: 300, ts: 1764095000123 });
    expect(JSON.parse(frame)).toEqual({ type: "tick", symbol: "BRK.B", seq: 1, price: 480.12, size: 300, ts: 1764095000123 });
  });

  it("refuses a seq that is not the next one", () => {
    const b = book();
    expect(() => b.record({ symbol: "AAPL", seq: 27, price: 1, size: 1, ts: 1 })).toThrow(/does not follow 25/);
  });

  it("gives a fresh snapshot of the newest ticks", () => {
    const s = snap(book().snapshot({ symbol: "AAPL" }));
    expect(s).toMatchObject({ symbol: "AAPL", seq: 25, resumed: false, open: 100 });
    expect(s.ticks.map((t) => t.seq)).toEqual([22, 23, 24, 25]);
  });

  it("resumes with exactly the ticks after since, even beyond the fresh snapshot size", () => {
    const s = snap(book().snapshot({ symbol: "AAPL", epoch: "ep1", since: 17 }));
    expect(s.resumed).toBe(true);
    expect(s.seq).toBe(25);
    expect(s.ticks.map((t) => t.seq)).toEqual([18, 19, 20, 21, 22, 23, 24, 25]);
  });

  it("resumes at the window edge and when already up to date", () => {
    expect(snap(book().snapshot({ symbol: "AAPL", epoch: "ep1", since: 15 })).ticks.map((t) => t.seq)).toEqual([
      16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    ]);
    const upToDate = snap(book().snapshot({ symbol: "AAPL", epoch: "ep1", since: 25 }));
    expect(upToDate).toMatchObject({ resumed: true, seq: 25, ticks: [] });
  });

  it("does not resume outside the window, from the future, or from another epoch", () => {
    for (const req of [
      { epoch: "ep1", since: 14 },
      { epoch: "ep1", since: 26 },
      { epoch: "other", since: 20 },
    ]) {
      const s = snap(book().snapshot({ symbol: "AAPL", ...req }));
      expect(s.resumed).toBe(false);
      expect(s.ticks.map((t) => t.seq)).toEqual([22, 23, 24, 25]);
    }
  });

  it("snapshots a symbol that has had no tick yet", () => {
    expect(snap(book().snapshot({ symbol: "MSFT" }))).toMatchObject({ seq: 0, open: 400, ticks: [], resumed: false });
    expect(book().summary("MSFT")).toEqual({ symbol: "MSFT", price: 400, open: 400, seq: 0, ts: null, state: "live" });
  });

  it("takes the first trade as open when the source knows none", () => {
    const b = new SymbolBook("ep1", new Map([["BTC-USD", undefined]]), 10, 4);
    expect(snap(b.snapshot({ symbol: "BTC-USD" })).open).toBe(0);
    expect(b.summary("BTC-USD")).toMatchObject({ price: null, open: null });
    b.record({ symbol: "BTC-USD", seq: 1, price: 90000.5, size: 0.1, ts: 1 });
    b.record({ symbol: "BTC-USD", seq: 2, price: 90001, size: 0.1, ts: 2 });
    expect(snap(b.snapshot({ symbol: "BTC-USD" })).open).toBe(90000.5);
  });

  it("carries a stale state into snapshots and reports only real changes", () => {
    const b = book();
    expect(b.setState("AAPL", "live")).toBeUndefined();
    const frame = b.setState("AAPL", "stale", "upstream disconnected");
    expect(JSON.parse(frame!)).toEqual({ type: "status", symbol: "AAPL", state: "stale", reason: "upstream disconnected" });
    expect(b.setState("AAPL", "stale", "upstream disconnected")).toBeUndefined();
    expect(snap(b.snapshot({ symbol: "AAPL" }))).toMatchObject({ state: "stale", reason: "upstream disconnected" });
    expect(JSON.parse(b.setState("AAPL", "live")!)).toEqual({ type: "status", symbol: "AAPL", state: "live" });
    expect(snap(b.snapshot({ symbol: "AAPL" })).state).toBeUndefined();
  });

  it("replaces a symbol's history on reset and continues from it", () => {
    const b = book();
    const s = snap(b.reset("AAPL", 99, [{ seq: 70, price: 101, size: 1, ts: 5 }, { seq: 71, price: 102, size: 1, ts: 6 }]));
    expect(s).toMatchObject({ resumed: false, seq: 71, open: 99 });
    expect(s.ticks.map((t) => t.seq)).toEqual([70, 71]);
    expect(() => b.record({ symbol: "AAPL", seq: 72, price: 1, size: 1, ts: 7 })).not.toThrow();
  });
});
