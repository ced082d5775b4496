import { describe, expect, it } from "vitest";
import { ClientDisconnects } from "./disconnects";
import { createHarness } from "./testing/harness";

function pings(sent: string[]): number[] {
  return sent.flatMap((frame) => {
    const message: unknown = JSON.parse(frame);
    return typeof message === "object" && message !== null && "op" in message && message.op === "ping" && "id" in message
      ? [Number(message.id)]
      : [];
  });
}

describe("feed client ping", () => {
  it("pings every pingIntervalMs while live and reports the round trip as latency", () => {
    const h = createHarness({ pingIntervalMs: 5_000 });
    h.client.start();
    const socket = h.goLive();
    h.clock.advance(5_000);
    expect(pings(socket.sent)).toEqual([1]);
    h.clock.advance(42);
    socket.serverSend({ type: "pong", id: 1, time: 0 });
    expect(h.values("latency")).toEqual([42]);
    expect(h.client.latencyMs).toBe(42);
    h.clock.advance(5_000);
    h.clock.advance(7);
    socket.serverSend({ type: "pong", id: 2, time: 0 });
    expect(h.values("latency")).toEqual([42, 7]);
  });

  it("does not ping before the connection is live", () => {
    const h = createHarness();
    h.client.start();
    const socket = h.factory.last();
    socket.serverOpen();
    h.clock.advance(9_000);
    expect(socket.sent).toEqual([]);
  });

  it("forces a reconnect through the disconnect path when no pong arrives in pongTimeoutMs", () => {
    const h = createHarness({ pingIntervalMs: 5_000, pongTimeoutMs: 4_000 });
    h.client.start();
    const socket = h.goLive();
    h.clock.advance(5_000 + 3_999);
    expect(h.client.state).toBe("live");
    h.clock.advance(1);
    expect(h.client.state).toBe("reconnecting");
    expect(h.values("disconnect")).toEqual([{ ...ClientDisconnects.PONG_TIMEOUT, reconnect: true }]);
    expect(socket.closedByClient).toEqual(ClientDisconnects.PONG_TIMEOUT);
    h.clock.runNext();
    expect(h.factory.sockets).toHaveLength(2);
  });

  it("a stale pong from a previous ping does not satisfy the watchdog", () => {
    const h = createHarness();
    h.client.start();
    const socket = h.goLive();
    h.clock.advance(5_000);
    socket.serverSend({ type: "pong", id: 1, time: 0 });
    h.clock.advance(5_000);
    socket.serverSend({ type: "pong", id: 1, time: 0 });
    h.clock.advance(4_000);
    expect(h.client.state).toBe("reconnecting");
    expect(h.values("latency")).toHaveLength(1);
  });
});
