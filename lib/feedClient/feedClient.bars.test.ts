import { describe, expect, it } from "vitest";
import { CloseCodes } from "../codes";
import type { BarMessage, SnapshotMessage } from "../protocol";
import { createHarness, serve, snapshotMsg, tickMsg } from "./testing/harness";

const BAR = { t: 1_700_000_000_000, o: 100, h: 101, l: 99, c: 100.5, v: 500, n: 5 };

function barSnapshot(symbol: string, seq: number, interval: "1d" | "1m" = "1d"): SnapshotMessage {
  return { type: "snapshot", symbol, seq, resumed: false, open: 100, ticks: [], interval, bars: [BAR], prevClose: 99, market: "open" };
}

function barMsg(symbol: string, seq: number, c: number, interval: "1d" | "1m" = "1d"): BarMessage {
  return { type: "bar", symbol, interval, bar: { ...BAR, c }, closed: false, seq };
}

describe("feed client bar subscriptions", () => {
  it("subscribes bar watchers in their own frame and passes their bars on after the snapshot", () => {
    const h = createHarness();
    h.client.watch("AAPL", { bars: "1d" });
    h.client.watch("MSFT");
    h.client.start();
    const socket = h.goLive();
    expect(socket.messages()).toEqual([
      { op: "subscribe", symbols: ["MSFT"] },
      { op: "subscribe", symbols: ["AAPL"], bars: "1d" },
    ]);
    serve(socket, barMsg("AAPL", 3, 1), barSnapshot("AAPL", 4), barMsg("AAPL", 5, 101));
    expect(h.values("bar").map((b) => b.bar.c)).toEqual([101]);
    expect(h.values("snapshot").map((s) => s.interval)).toEqual(["1d"]);
  });

  it("ignores bars of another interval and ticks of a symbol watched for bars", () => {
    const h = createHarness();
    h.client.watch("AAPL", { bars: "1d" });
    h.client.start();
    const socket = h.goLive();
    serve(socket, barSnapshot("AAPL", 4), barMsg("AAPL", 5, 1, "1m"), tickMsg("AAPL", 5));
    expect(h.values("bar")).toEqual([]);
    expect(h.values("tick")).toEqual([]);
  });

  it("switches a symbol to ticks when a tick watcher joins, and back to bars when it leaves", () => {
    const h = createHarness();
    h.client.watch("AAPL", { bars: "1d" });
    h.client.start();
    const socket = h.goLive();
    serve(socket, barSnapshot("AAPL", 4));
    const release = h.client.watch("AAPL");
    // A late bar of the old mode is not passed on; the tick snapshot restarts the symbol.
    serve(socket, barMsg("AAPL", 5, 1), snapshotMsg("AAPL", 1, 6), tickMsg("AAPL", 7));
    expect(h.values("bar")).toEqual([]);
    expect(h.values("tick").map((t) => t.seq)).toEqual([7]);
    release();
    expect(socket.messages().slice(1)).toEqual([
      { op: "subscribe", symbols: ["AAPL"] },
      { op: "subscribe", symbols: ["AAPL"], bars: "1d" },
    ]);
    // A tick snapshot arriving late for the released tick mode is dropped.
    serve(socket, snapshotMsg("AAPL", 1, 8), barSnapshot("AAPL", 9), barMsg("AAPL", 10, 2));
    expect(h.values("snapshot").map((s) => s.interval ?? "ticks")).toEqual(["1d", "ticks", "1d"]);
    expect(h.values("bar").map((b) => b.seq)).toEqual([10]);
  });

  it("resumes a bar subscription with the newest bar's seq after a reconnect", () => {
    const h = createHarness();
    h.client.watch("AAPL", { bars: "1d" });
    h.client.start();
    const socket = h.goLive({ epoch: "e1" });
    serve(socket, barSnapshot("AAPL", 4), barMsg("AAPL", 9, 101));
    socket.serverClose(CloseCodes.GOING_AWAY.code, CloseCodes.GOING_AWAY.reason);
    h.clock.runNext();
    const next = h.goLive({ epoch: "e1" });
    expect(next.messages()).toEqual([{ op: "subscribe", symbols: ["AAPL"], bars: "1d", epoch: "e1", since: { AAPL: 9 } }]);
    serve(next, { ...barSnapshot("AAPL", 12), resumed: true });
    expect(h.values("snapshot").at(-1)?.resumed).toBe(true);
  });
});
