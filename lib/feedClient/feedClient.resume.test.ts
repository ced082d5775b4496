import { describe, expect, it } from "vitest";
import { CloseCodes } from "../codes";
import { createHarness, serve, snapshotMsg, tickMsg } from "./testing/harness";

/** A live client watching AAPL (history 1..5 then ticks 6, 7) and MSFT (no data yet). */
function liveWithHistory() {
  const h = createHarness();
  h.client.watch("AAPL");
  h.client.watch("MSFT");
  h.client.start();
  const socket = h.goLive({ epoch: "e1" });
  serve(socket, snapshotMsg("AAPL", 1, 5), tickMsg("AAPL", 6), tickMsg("AAPL", 7));
  return { h, socket };
}

describe("feed client resume", () => {
  it("subscribes every watched symbol in one frame after the first welcome, without since", () => {
    const { socket } = liveWithHistory();
    expect(socket.messages()).toEqual([{ op: "subscribe", symbols: ["AAPL", "MSFT"] }]);
  });

  it("sends nothing before the welcome", () => {
    const h = createHarness();
    h.client.watch("AAPL");
    h.client.start();
    h.factory.last().serverOpen();
    expect(h.factory.last().sent).toEqual([]);
  });

  it("after a reconnect, resubscribes with the previous epoch and the last seq per symbol", () => {
    const { h, socket } = liveWithHistory();
    socket.serverClose(CloseCodes.SLOW_CONSUMER.code, CloseCodes.SLOW_CONSUMER.reason);
    h.clock.runNext();
    const next = h.goLive({ epoch: "e1" });
    expect(next.messages()).toEqual([{ op: "subscribe", symbols: ["AAPL", "MSFT"], epoch: "e1", since: { AAPL: 7 } }]);
  });

  it("appends a resumed snapshot and continues with live ticks after it", () => {
    const { h, socket } = liveWithHistory();
    socket.serverClose(CloseCodes.GOING_AWAY.code, CloseCodes.GOING_AWAY.reason);
    h.clock.runNext();
    const next = h.goLive({ epoch: "e1" });
    serve(next, tickMsg("AAPL", 8), snapshotMsg("AAPL", 8, 9, true), tickMsg("AAPL", 10));
    const snapshots = h.values("snapshot");
    expect(snapshots[snapshots.length - 1]).toEqual(snapshotMsg("AAPL", 8, 9, true));
    expect(h.values("tick").map((t) => t.seq)).toEqual([6, 7, 10]);
  });

  it("forwards a resumed:false snapshot so the store replaces the history", () => {
    const { h, socket } = liveWithHistory();
    socket.serverClose(1006, "");
    h.clock.runNext();
    const next = h.goLive({ epoch: "e1" });
    const replacement = snapshotMsg("AAPL", 500, 520, false);
    serve(next, replacement, tickMsg("AAPL", 521));
    expect(h.values("snapshot").at(-1)).toEqual(replacement);
    expect(h.values("tick").at(-1)?.seq).toBe(521);
  });

  it("after a server restart (new epoch), still names the old epoch so the server answers resumed:false", () => {
    const { h, socket } = liveWithHistory();
    socket.serverClose(CloseCodes.GOING_AWAY.code, CloseCodes.GOING_AWAY.reason);
    h.clock.runNext();
    const next = h.goLive({ epoch: "e2" });
    expect(next.messages()[0]).toEqual({ op: "subscribe", symbols: ["AAPL", "MSFT"], epoch: "e1", since: { AAPL: 7 } });
    serve(next, snapshotMsg("AAPL", 1, 3, false), tickMsg("AAPL", 4));
    expect(h.values("tick").at(-1)?.seq).toBe(4);

    next.serverClose(1006, "");
    h.clock.runNext();
    const third = h.goLive({ epoch: "e2" });
    expect(third.messages()[0]).toEqual({ op: "subscribe", symbols: ["AAPL", "MSFT"], epoch: "e2", since: { AAPL: 4 } });
  });

  it("does not send since for positions from an epoch older than the last connection", () => {
    const { h, socket } = liveWithHistory();
    socket.serverClose(1006, "");
    h.clock.runNext();
    // Connected to a restarted server (e2) but dropped before AAPL's snapshot arrived:
    // AAPL's seq 7 belongs to e1 and must not be offered to e2 as if it were one of its seqs.
    h.goLive({ epoch: "e2" }).serverClose(1006, "");
    h.clock.runNext();
    const third = h.goLive({ epoch: "e2" });
    expect(third.messages()[0]).toEqual({ op: "subscribe", symbols: ["AAPL", "MSFT"] });
  });

  it("ignores ticks that arrive on a new connection before the symbol's snapshot", () => {
    const { h, socket } = liveWithHistory();
    socket.serverClose(1006, "");
    h.clock.runNext();
    const next = h.goLive({ epoch: "e1" });
    serve(next, tickMsg("AAPL", 8));
    expect(h.values("tick").map((t) => t.seq)).toEqual([6, 7]);
    expect(h.client.stats.ignoredTicks).toBe(1);
  });

  it("turns a resumed snapshot that does not continue our history into resumed:false", () => {
    const { h, socket } = liveWithHistory();
    socket.serverClose(1006, "");
    h.clock.runNext();
    const next = h.goLive({ epoch: "e1" });
    serve(next, snapshotMsg("AAPL", 9, 12, true));
    expect(h.values("snapshot").at(-1)).toEqual(snapshotMsg("AAPL", 9, 12, false));
    expect(h.client.stats.downgradedSnapshots).toBe(1);
  });
});
