import { describe, expect, it } from "vitest";
import { snapshotMsg } from "./testing/harness";
import { Watchlist } from "./watchlist";

/** A watchlist holding AAPL at `lastSeq` in epoch "e1", ready for live ticks. */
function withAapl(lastSeq: number): Watchlist {
  const list = new Watchlist();
  list.retain("AAPL");
  list.acceptSnapshot(snapshotMsg("AAPL", 1, lastSeq), "e1");
  return list;
}

describe("Watchlist reference counting", () => {
  it("reports only the first retain and the last release", () => {
    const list = new Watchlist();
    expect(list.retain("AAPL")).toBe(true);
    expect(list.retain("AAPL")).toBe(false);
    expect(list.release("AAPL")).toBe(false);
    expect(list.has("AAPL")).toBe(true);
    expect(list.release("AAPL")).toBe(true);
    expect(list.has("AAPL")).toBe(false);
    expect(list.release("AAPL")).toBe(false);
  });

  it("forgets the resume position with the last release", () => {
    const list = withAapl(5);
    expect(list.lastSeq("AAPL")).toBe(5);
    list.release("AAPL");
    list.retain("AAPL");
    expect(list.lastSeq("AAPL")).toBeNull();
  });
});

describe("Watchlist tick classification", () => {
  it("delivers contiguous ticks and advances the position", () => {
    const list = withAapl(5);
    expect(list.classifyTick("AAPL", 6)).toBe("deliver");
    expect(list.classifyTick("AAPL", 7)).toBe("deliver");
    expect(list.lastSeq("AAPL")).toBe(7);
  });

  it("calls ticks at or below the position duplicates", () => {
    const list = withAapl(5);
    expect(list.classifyTick("AAPL", 5)).toBe("duplicate");
    expect(list.classifyTick("AAPL", 2)).toBe("duplicate");
    expect(list.lastSeq("AAPL")).toBe(5);
  });

  it("reports a gap once, then ignores the symbol until its snapshot", () => {
    const list = withAapl(5);
    expect(list.classifyTick("AAPL", 8)).toBe("gap");
    expect(list.classifyTick("AAPL", 9)).toBe("ignore");
    expect(list.classifyTick("AAPL", 6)).toBe("ignore");
    list.acceptSnapshot(snapshotMsg("AAPL", 6, 9, true), "e1");
    expect(list.classifyTick("AAPL", 10)).toBe("deliver");
  });

  it("ignores unwatched symbols and symbols still waiting for a first snapshot", () => {
    const list = new Watchlist();
    expect(list.classifyTick("AAPL", 1)).toBe("ignore");
    list.retain("AAPL");
    expect(list.classifyTick("AAPL", 1)).toBe("ignore");
  });
});

describe("Watchlist snapshots", () => {
  it("passes a contiguous resumed snapshot through unchanged", () => {
    const list = withAapl(5);
    list.expectSnapshots();
    const resumed = snapshotMsg("AAPL", 6, 8, true);
    expect(list.acceptSnapshot(resumed, "e1")).toBe(resumed);
    expect(list.lastSeq("AAPL")).toBe(8);
  });

  it("accepts an empty resumed snapshot at the same position", () => {
    const list = withAapl(5);
    const resumed = snapshotMsg("AAPL", 6, 5, true);
    expect(list.acceptSnapshot(resumed, "e1")?.resumed).toBe(true);
  });

  it("downgrades a resumed snapshot that would leave a hole, so the store replaces history", () => {
    const list = withAapl(5);
    const holey = snapshotMsg("AAPL", 7, 9, true);
    const accepted = list.acceptSnapshot(holey, "e1");
    expect(accepted?.resumed).toBe(false);
    expect(accepted?.ticks).toEqual(holey.ticks);
    expect(holey.resumed).toBe(true);
  });

  it("downgrades a resumed snapshot whose seq disagrees with its ticks", () => {
    const list = withAapl(5);
    expect(list.acceptSnapshot({ ...snapshotMsg("AAPL", 6, 7, true), seq: 9 }, "e1")?.resumed).toBe(false);
  });

  it("forwards resumed:false snapshots as they are", () => {
    const list = withAapl(5);
    const fresh = snapshotMsg("AAPL", 100, 120, false);
    expect(list.acceptSnapshot(fresh, "e2")).toBe(fresh);
    expect(list.lastSeq("AAPL")).toBe(120);
  });

  it("drops snapshots of symbols nobody watches", () => {
    const list = new Watchlist();
    expect(list.acceptSnapshot(snapshotMsg("AAPL", 1, 3), "e1")).toBeNull();
  });
});

describe("Watchlist frames", () => {
  it("resubscribes everything in one frame, with since only for symbols that have data", () => {
    const list = withAapl(5);
    list.retain("MSFT");
    expect(list.resubscribeFrame("e1")).toEqual({
      op: "subscribe",
      symbols: ["AAPL", "MSFT"],
      epoch: "e1",
      since: { AAPL: 5 },
    });
  });

  it("leaves out positions from another epoch and omits epoch when nothing resumes", () => {
    const list = withAapl(5);
    expect(list.resubscribeFrame("e0")).toEqual({ op: "subscribe", symbols: ["AAPL"] });
    expect(list.resubscribeFrame(null)).toEqual({ op: "subscribe", symbols: ["AAPL"] });
  });

  it("has no resubscribe frame when nothing is watched", () => {
    expect(new Watchlist().resubscribeFrame("e1")).toBeNull();
  });

  it("builds a resync frame from the last seq and holds the symbol", () => {
    const list = withAapl(5);
    expect(list.resyncFrame("AAPL", "e1")).toEqual({
      op: "subscribe",
      symbols: ["AAPL"],
      epoch: "e1",
      since: { AAPL: 5 },
    });
    expect(list.classifyTick("AAPL", 6)).toBe("ignore");
    expect(list.resyncFrame("MSFT", "e1")).toBeNull();
  });

  it("lists its symbols and leaves skipped ones out of the resubscribe frame", () => {
    const list = new Watchlist();
    list.retain("AAPL");
    list.retain("MSFT");
    list.acceptSnapshot({ type: "snapshot", symbol: "AAPL", seq: 4, resumed: false, open: 1, ticks: [] }, "e1");
    expect(list.symbols()).toEqual(["AAPL", "MSFT"]);
    expect(list.resubscribeFrame("e1", ["MSFT"])).toEqual({ op: "subscribe", symbols: ["AAPL"], epoch: "e1", since: { AAPL: 4 } });
    expect(list.resubscribeFrame("e1", ["AAPL", "MSFT"])).toBeNull();
  });
});
