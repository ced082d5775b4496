import { describe, expect, it } from "vitest";
import { createHarness, serve, snapshotMsg, tickMsg } from "./testing/harness";

function live() {
  const h = createHarness();
  h.client.start();
  const socket = h.goLive({ epoch: "e1" });
  return { h, socket };
}

describe("feed client watch()", () => {
  it("two watchers send one subscribe; one release sends nothing; the last release unsubscribes", () => {
    const { h, socket } = live();
    const releaseA = h.client.watch("AAPL");
    const releaseB = h.client.watch("AAPL");
    expect(socket.messages()).toEqual([{ op: "subscribe", symbols: ["AAPL"] }]);
    releaseA();
    expect(socket.messages()).toHaveLength(1);
    releaseB();
    expect(socket.messages()).toEqual([
      { op: "subscribe", symbols: ["AAPL"] },
      { op: "unsubscribe", symbols: ["AAPL"] },
    ]);
  });

  it("releasing the same handle twice is a no-op", () => {
    const { h, socket } = live();
    const releaseA = h.client.watch("AAPL");
    h.client.watch("AAPL");
    releaseA();
    releaseA();
    expect(socket.messages()).toEqual([{ op: "subscribe", symbols: ["AAPL"] }]);
  });

  it("forgets the last seq on the final release, so a new watch starts fresh", () => {
    const { h, socket } = live();
    const release = h.client.watch("AAPL");
    serve(socket, snapshotMsg("AAPL", 1, 5), tickMsg("AAPL", 6));
    release();
    h.client.watch("AAPL");
    serve(socket, tickMsg("AAPL", 7));
    expect(h.values("tick").map((t) => t.seq)).toEqual([6]);
    socket.serverClose(1006, "");
    h.clock.runNext();
    expect(h.goLive({ epoch: "e1" }).messages()).toEqual([{ op: "subscribe", symbols: ["AAPL"] }]);
  });

  it("watching while offline sends nothing until the welcome, and releases while offline are not sent", () => {
    const h = createHarness();
    const release = h.client.watch("TSLA");
    h.client.watch("AAPL");
    release();
    h.client.start();
    expect(h.goLive().messages()).toEqual([{ op: "subscribe", symbols: ["AAPL"] }]);
  });

  it("drops snapshots and ticks that arrive after the symbol was released", () => {
    const { h, socket } = live();
    h.client.watch("AAPL")();
    serve(socket, snapshotMsg("AAPL", 1, 5), tickMsg("AAPL", 6));
    expect(h.values("snapshot")).toEqual([]);
    expect(h.values("tick")).toEqual([]);
  });
});

describe("feed client server errors", () => {
  it("surfaces error frames as serverError events", () => {
    const { h, socket } = live();
    socket.serverSend({ type: "error", code: "RATE_LIMITED", message: "slow down" });
    expect(h.values("serverError")).toEqual([{ type: "error", code: "RATE_LIMITED", message: "slow down" }]);
    expect(h.client.state).toBe("live");
  });

  it("an UNKNOWN_SYMBOL for one watched symbol leaves the others flowing and the watch releasable", () => {
    const { h, socket } = live();
    h.client.watch("AAPL");
    const releaseBogus = h.client.watch("NOPE");
    serve(
      socket,
      { type: "error", code: "UNKNOWN_SYMBOL", message: "unknown symbol", symbol: "NOPE" },
      snapshotMsg("AAPL", 1, 1),
      tickMsg("AAPL", 2),
    );
    expect(h.values("serverError").map((e) => e.symbol)).toEqual(["NOPE"]);
    expect(h.values("tick").map((t) => t.seq)).toEqual([2]);
    releaseBogus();
    expect(socket.messages().at(-1)).toEqual({ op: "unsubscribe", symbols: ["NOPE"] });
    expect(h.client.state).toBe("live");
  });
});

describe("feed client source status", () => {
  it("forwards status frames of watched symbols only", () => {
    const { h, socket } = live();
    h.client.watch("AAPL");
    serve(
      socket,
      { type: "status", symbol: "AAPL", state: "stale", reason: "upstream down" },
      { type: "status", symbol: "TSLA", state: "stale" },
      { type: "status", symbol: "AAPL", state: "live" },
    );
    expect(h.values("status")).toEqual([
      { type: "status", symbol: "AAPL", state: "stale", reason: "upstream down" },
      { type: "status", symbol: "AAPL", state: "live" },
    ]);
  });
});

describe("feed client request batching", () => {
  function batched() {
    const deferred: (() => void)[] = [];
    const h = createHarness({ defer: (fn) => deferred.push(fn) });
    h.client.start();
    const socket = h.goLive({ epoch: "e1" });
    const endTask = () => {
      for (const fn of deferred.splice(0)) fn();
    };
    return { h, socket, endTask };
  }

  it("sends the watches of one task as one subscribe frame, so many cards stay within the rate limit", () => {
    const { h, socket, endTask } = batched();
    const symbols = Array.from({ length: 50 }, (_, i) => `S${i}`);
    for (const s of symbols) h.client.watch(s);
    expect(socket.messages()).toEqual([]);
    endTask();
    expect(socket.messages()).toEqual([{ op: "subscribe", symbols }]);
  });

  it("sends nothing for a watch released in the same task; a release and re-watch asks for a fresh snapshot", () => {
    const { h, socket, endTask } = batched();
    const release = h.client.watch("AAPL");
    endTask();
    release();
    h.client.watch("AAPL");
    h.client.watch("MSFT")();
    endTask();
    // AAPL was released, so its position is gone: it asks again for a fresh snapshot.
    expect(socket.messages()).toEqual([
      { op: "subscribe", symbols: ["AAPL"] },
      { op: "subscribe", symbols: ["AAPL"] },
    ]);
  });

  it("drops a pending batch when the connection ends; the next welcome resubscribes", () => {
    const { h, socket, endTask } = batched();
    h.client.watch("AAPL");
    socket.serverClose(1006, "");
    endTask();
    expect(socket.messages()).toEqual([]);
    h.clock.runNext();
    expect(h.goLive({ epoch: "e1" }).messages()).toEqual([{ op: "subscribe", symbols: ["AAPL"] }]);
  });
});
