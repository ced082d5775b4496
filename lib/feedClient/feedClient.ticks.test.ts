import { describe, expect, it } from "vitest";
import { createHarness, serve, snapshotMsg, tickMsg } from "./testing/harness";

function liveAapl(lastSeq = 5) {
  const h = createHarness();
  h.client.watch("AAPL");
  h.client.start();
  const socket = h.goLive({ epoch: "e1" });
  serve(socket, snapshotMsg("AAPL", 1, lastSeq));
  socket.sent.length = 0;
  return { h, socket };
}

describe("feed client ticks", () => {
  it("delivers contiguous ticks in order", () => {
    const { h, socket } = liveAapl();
    serve(socket, tickMsg("AAPL", 6), tickMsg("AAPL", 7), tickMsg("AAPL", 8));
    expect(h.values("tick").map((t) => t.seq)).toEqual([6, 7, 8]);
  });

  it("drops and counts duplicate ticks", () => {
    const { h, socket } = liveAapl();
    serve(socket, tickMsg("AAPL", 6), tickMsg("AAPL", 6), tickMsg("AAPL", 3), tickMsg("AAPL", 7));
    expect(h.values("tick").map((t) => t.seq)).toEqual([6, 7]);
    expect(h.client.stats.duplicateTicks).toBe(2);
    expect(socket.sent).toEqual([]);
  });

  it("on a gap, emits no tick, resyncs with since, and ignores the symbol until the snapshot", () => {
    const { h, socket } = liveAapl();
    serve(socket, tickMsg("AAPL", 6), tickMsg("AAPL", 9), tickMsg("AAPL", 10), tickMsg("AAPL", 7));
    expect(h.values("tick").map((t) => t.seq)).toEqual([6]);
    expect(socket.messages()).toEqual([{ op: "subscribe", symbols: ["AAPL"], epoch: "e1", since: { AAPL: 6 } }]);
    expect(h.client.stats.gaps).toBe(1);

    serve(socket, snapshotMsg("AAPL", 7, 10, true), tickMsg("AAPL", 11));
    expect(h.values("snapshot").at(-1)).toEqual(snapshotMsg("AAPL", 7, 10, true));
    expect(h.values("tick").map((t) => t.seq)).toEqual([6, 11]);
  });

  it("never emits a hole: every emitted tick continues the last snapshot or tick", () => {
    const { h, socket } = liveAapl(0);
    const seqs = [1, 2, 2, 4, 5, 3, 6];
    serve(socket, ...seqs.map((seq) => tickMsg("AAPL", seq)));
    serve(socket, snapshotMsg("AAPL", 3, 6, true), tickMsg("AAPL", 8), tickMsg("AAPL", 7));
    let last = 0;
    for (const event of h.events) {
      if (event.event === "snapshot") last = event.value.seq;
      if (event.event === "tick") {
        expect(event.value.seq).toBe(last + 1);
        last = event.value.seq;
      }
    }
    expect(h.values("tick").map((t) => t.seq)).toEqual([1, 2]);
  });

  it("a gap in one symbol does not hold back another", () => {
    const h = createHarness();
    h.client.watch("AAPL");
    h.client.watch("MSFT");
    h.client.start();
    const socket = h.goLive();
    serve(socket, snapshotMsg("AAPL", 1, 5), snapshotMsg("MSFT", 1, 2));
    serve(socket, tickMsg("AAPL", 9), tickMsg("MSFT", 3));
    expect(h.values("tick").map((t) => `${t.symbol}:${t.seq}`)).toEqual(["MSFT:3"]);
  });

  it("ignores ticks of symbols nobody watches", () => {
    const { h, socket } = liveAapl();
    serve(socket, tickMsg("TSLA", 1));
    expect(h.values("tick")).toEqual([]);
    expect(h.client.stats.ignoredTicks).toBe(1);
  });

  it("ignores and counts malformed frames without throwing or disconnecting", () => {
    const { h, socket } = liveAapl();
    expect(() => {
      socket.serverSend("not json");
      socket.serverSend('{"type":"tick","symbol":"AAPL","seq":"6"}');
      socket.serverSend('{"type":"nope"}');
      socket.onmessage?.({ data: new Uint8Array([1, 2]) });
    }).not.toThrow();
    serve(socket, tickMsg("AAPL", 6));
    expect(h.client.stats.malformedFrames).toBe(4);
    expect(h.client.state).toBe("live");
    expect(h.values("tick").map((t) => t.seq)).toEqual([6]);
  });
});

describe("feed client and a server with bars (protocol additions)", () => {
  it("takes snapshots with session fields, status with market, and ignores bar frames", () => {
    const h = createHarness();
    h.client.watch("AAPL");
    h.client.start();
    const socket = h.goLive({ epoch: "e1" });
    const snapshot = { ...snapshotMsg("AAPL", 1, 5), prevClose: 99, dayOpen: 100, high: 106, low: 99.5, volume: 500, change: 6, changePct: 6.0606, market: "open" as const };
    serve(
      socket,
      snapshot,
      { type: "bar", symbol: "AAPL", interval: "1m", bar: { t: 0, o: 1, h: 1, l: 1, c: 1, v: 1, n: 1 }, closed: false, seq: 5 },
      { type: "status", symbol: "AAPL", state: "live", market: "closed" },
      tickMsg("AAPL", 6),
    );
    expect(h.values("snapshot").at(-1)).toEqual(snapshot);
    expect(h.values("tick").map((t) => t.seq)).toEqual([6]);
    expect(h.values("status").at(-1)).toMatchObject({ market: "closed" });
    expect(h.client.stats.malformedFrames).toBe(0);
  });
});
