import { describe, expect, it } from "vitest";
import { createTickerStore } from "./tickerStore";
import { point, snapshot, tick } from "./testSupport";

describe("createTickerStore", () => {
  it("creates independent stores (no shared global state)", () => {
    const a = createTickerStore();
    const b = createTickerStore();
    a.getState().applyBatch([snapshot("AAPL", 1, [])]);
    expect(b.getState().symbols.size).toBe(0);
  });

  it("publishes one update per batch and replaces the symbols map", () => {
    const store = createTickerStore();
    const seen: unknown[] = [];
    store.subscribe((state) => seen.push(state.symbols));
    const before = store.getState().symbols;
    store.getState().applyBatch([snapshot("AAPL", 100, [point(1, 100)]), tick("AAPL", 2, 101), tick("MSFT", 1, 5)]);
    expect(seen).toHaveLength(1);
    expect(store.getState().symbols).not.toBe(before);
    expect(before.size).toBe(0);
  });

  it("keeps untouched symbols identical so per-symbol selectors do not fire", () => {
    const store = createTickerStore();
    store.getState().applyBatch([snapshot("AAPL", 1, []), snapshot("MSFT", 1, [])]);
    const msft = store.getState().symbols.get("MSFT");
    store.getState().applyBatch([tick("AAPL", 1, 2)]);
    expect(store.getState().symbols.get("MSFT")).toBe(msft);
  });

  it("does not publish for a batch that changes nothing", () => {
    const store = createTickerStore();
    let updates = 0;
    store.subscribe(() => {
      updates += 1;
    });
    store.getState().applyBatch([]);
    store.getState().applyBatch([{ type: "state", state: "connecting" }]);
    expect(updates).toBe(0);
  });

  it("marks data stale on disconnect and fresh again on the next snapshot", () => {
    const store = createTickerStore();
    store.getState().applyBatch([{ type: "state", state: "live" }, snapshot("AAPL", 1, [point(1, 2)])]);
    store.getState().applyBatch([{ type: "state", state: "reconnecting" }]);
    const stale = store.getState().symbols.get("AAPL")!;
    expect(stale.stale).toBe(true);
    expect(stale.last).toBe(2);
    expect(stale.history).toHaveLength(1);
    store.getState().applyBatch([
      { type: "state", state: "live" },
      { type: "snapshot", symbol: "AAPL", seq: 1, resumed: true, open: 1, ticks: [] },
    ]);
    expect(store.getState().symbols.get("AAPL")!.stale).toBe(false);
  });

  it("flags unknown symbols and keeps other errors aside", () => {
    const store = createTickerStore();
    store.getState().applyBatch([
      { type: "error", code: "UNKNOWN_SYMBOL", message: "no such symbol", symbol: "NOPE" },
      { type: "error", code: "LIMIT_EXCEEDED", message: "too many" },
    ]);
    expect(store.getState().symbols.get("NOPE")?.unknown).toBe(true);
    expect(store.getState().lastError?.code).toBe("LIMIT_EXCEEDED");
  });

  it("flags every symbol of one error frame that lists several unknown symbols", () => {
    const store = createTickerStore();
    store.getState().applyBatch([
      { type: "error", code: "UNKNOWN_SYMBOL", message: "2 unknown symbols: NOPE, ZZZ", symbols: ["NOPE", "ZZZ"] },
    ]);
    expect(store.getState().symbols.get("NOPE")?.unknown).toBe(true);
    expect(store.getState().symbols.get("ZZZ")?.unknown).toBe(true);
    expect(store.getState().lastError).toBeNull();
  });

  it("records the welcome's epoch and symbols", () => {
    const store = createTickerStore();
    store.getState().applyBatch([
      { type: "welcome", protocol: 1, server: "s1", epoch: "e1", symbols: ["AAPL", "MSFT"], time: 0 },
    ]);
    expect(store.getState().epoch).toBe("e1");
    expect(store.getState().serverSymbols).toEqual(["AAPL", "MSFT"]);
  });

  it("bounds history to maxHistory", () => {
    const store = createTickerStore({ maxHistory: 3 });
    store.getState().applyBatch([snapshot("X", 1, [point(1, 1)]), ...[2, 3, 4, 5].map((s) => tick("X", s, s))]);
    expect(store.getState().symbols.get("X")!.history.map((p) => p.seq)).toEqual([3, 4, 5]);
  });

  it("forgets a symbol by replacing the map", () => {
    const store = createTickerStore();
    store.getState().applyBatch([snapshot("X", 1, [])]);
    const before = store.getState().symbols;
    store.getState().forget("X");
    expect(store.getState().symbols.has("X")).toBe(false);
    expect(before.has("X")).toBe(true);
  });
});

describe("source status", () => {
  it("marks a symbol stale with the reason from a status message or snapshot, and live again", () => {
    const store = createTickerStore();
    const apply = (...events: Parameters<ReturnType<typeof store.getState>["applyBatch"]>[0]) => store.getState().applyBatch(events);
    apply({ type: "snapshot", symbol: "AAPL", seq: 1, resumed: false, open: 100, ticks: [], state: "stale", reason: "upstream disconnected" });
    expect(store.getState().symbols.get("AAPL")?.sourceStale).toBe("upstream disconnected");
    apply({ type: "status", symbol: "AAPL", state: "live" });
    expect(store.getState().symbols.get("AAPL")?.sourceStale).toBeNull();
    apply({ type: "status", symbol: "AAPL", state: "stale", reason: "no trades for 30 s" });
    expect(store.getState().symbols.get("AAPL")?.sourceStale).toBe("no trades for 30 s");
    expect(store.getState().symbols.get("AAPL")?.last).toBe(100);
  });
});
