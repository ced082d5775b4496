import { describe, expect, it } from "vitest";
import { CloseCodes } from "../codes";
import { createFeedClient } from "./feedClient";
import { ClientDisconnects } from "./disconnects";
import { createHarness } from "./testing/harness";

describe("feed client states", () => {
  it("starts offline and goes connecting -> live only after the welcome", () => {
    const h = createHarness();
    expect(h.client.state).toBe("offline");
    h.client.start();
    expect(h.client.state).toBe("connecting");
    h.factory.last().serverOpen();
    expect(h.client.state).toBe("connecting");
    h.factory.last().serverSend({ type: "welcome", protocol: 1, server: "t", epoch: "e1", symbols: ["AAPL"], time: 1 });
    expect(h.client.state).toBe("live");
    expect(h.client.serverSymbols).toEqual(["AAPL"]);
    expect(h.values("state")).toEqual(["connecting", "live"]);
  });

  it("emits a state only on a real change, even across repeated failed attempts", () => {
    const h = createHarness();
    h.client.start();
    h.goLive();
    h.factory.last().serverClose(CloseCodes.GOING_AWAY.code, CloseCodes.GOING_AWAY.reason);
    for (let i = 0; i < 3; i++) {
      h.clock.runNext();
      h.factory.last().serverError();
    }
    expect(h.factory.sockets).toHaveLength(4);
    expect(h.values("state")).toEqual(["connecting", "live", "reconnecting"]);
    h.clock.runNext();
    h.goLive();
    expect(h.values("state")).toEqual(["connecting", "live", "reconnecting", "live"]);
  });

  it("start() twice opens one socket", () => {
    const h = createHarness();
    h.client.start();
    h.client.start();
    expect(h.factory.sockets).toHaveLength(1);
  });

  it("reports every disconnect with its code and whether it will reconnect", () => {
    const h = createHarness();
    h.client.start();
    h.goLive();
    h.factory.last().serverClose(CloseCodes.UNAUTHORIZED.code, CloseCodes.UNAUTHORIZED.reason);
    h.clock.runNext();
    h.client.stop();
    expect(h.values("disconnect")).toEqual([
      { code: 4401, reason: CloseCodes.UNAUTHORIZED.reason, reconnect: true },
      { ...ClientDisconnects.STOPPED, reconnect: false },
    ]);
  });
});

describe("feed client reconnects", () => {
  it("waits a full-jitter backoff that grows per failed attempt and resets after going live", () => {
    const h = createHarness({ backoffBaseMs: 100, backoffMaxMs: 1_000, random: () => 0.5 });
    h.client.start();
    h.goLive();
    const delays: number[] = [];
    const failAndMeasure = (): void => {
      h.factory.last().serverClose(CloseCodes.POLICY_VIOLATION.code, CloseCodes.POLICY_VIOLATION.reason);
      delays.push(h.clock.runNext());
    };
    for (let i = 0; i < 6; i++) failAndMeasure();
    expect(delays).toEqual([50, 100, 200, 400, 500, 500]);
    h.goLive();
    failAndMeasure();
    expect(delays[6]).toBe(50);
  });

  it("reconnects with backoff after every server close code, resolving the URL again each time", () => {
    for (const { code, reason } of Object.values(CloseCodes)) {
      const resolved: string[] = [];
      const h = createHarness({ random: () => 1, resolveUrl: (url) => (resolved.push(url), url) });
      h.client.start();
      h.goLive();
      h.factory.last().serverClose(code, reason);
      expect(h.client.state, `after close ${code}`).toBe("reconnecting");
      expect(h.clock.pendingDelays(), `backoff after close ${code}`).toEqual([250]);
      h.clock.runNext();
      expect(h.factory.sockets, `sockets after close ${code}`).toHaveLength(2);
      expect(resolved).toHaveLength(2);
    }
  });

  it("does not reconnect before the backoff delay has passed", () => {
    const h = createHarness({ backoffBaseMs: 1_000, random: () => 0.5 });
    h.client.start();
    h.goLive();
    h.factory.last().serverClose(CloseCodes.UNAUTHORIZED.code, "Unauthorized");
    h.clock.advance(499);
    expect(h.factory.sockets).toHaveLength(1);
    h.clock.advance(1);
    expect(h.factory.sockets).toHaveLength(2);
  });

  it("rotates through the urls on each attempt", () => {
    const h = createHarness({ urls: ["ws://a.test/ws", "ws://b.test/ws", "ws://c.test/ws"] });
    h.client.start();
    for (let i = 0; i < 3; i++) {
      h.factory.last().serverClose(1006, "");
      h.clock.runNext();
    }
    expect(h.factory.sockets.map((s) => s.url)).toEqual([
      "ws://a.test/ws",
      "ws://b.test/ws",
      "ws://c.test/ws",
      "ws://a.test/ws",
    ]);
  });

  it("asks resolveUrl before every attempt and connects to what it returns", () => {
    let n = 0;
    const asked: string[] = [];
    const h = createHarness({
      resolveUrl: (url) => {
        asked.push(url);
        n += 1;
        return `${url}?token=t${n}`;
      },
    });
    h.client.start();
    h.factory.last().serverClose(CloseCodes.UNAUTHORIZED.code, "Unauthorized");
    h.clock.runNext();
    expect(asked).toEqual(["ws://a.test/ws", "ws://a.test/ws"]);
    expect(h.factory.sockets.map((s) => s.url)).toEqual(["ws://a.test/ws?token=t1", "ws://a.test/ws?token=t2"]);
  });

  it("waits for an async resolveUrl, and retries with backoff when it rejects", async () => {
    let fail = true;
    const h = createHarness({
      resolveUrl: async (url) => {
        if (fail) throw new Error("token endpoint down");
        return `${url}?token=ok`;
      },
    });
    h.client.start();
    await Promise.resolve();
    await Promise.resolve();
    expect(h.factory.sockets).toHaveLength(0);
    expect(h.values("disconnect")).toEqual([{ ...ClientDisconnects.CONNECT_FAILED, reconnect: true }]);
    expect(h.client.state).toBe("reconnecting");
    fail = false;
    h.clock.runNext();
    await Promise.resolve();
    await Promise.resolve();
    expect(h.factory.last().url).toBe("ws://a.test/ws?token=ok");
  });

  it("opens no socket when stop() comes while resolveUrl is pending", async () => {
    let release: (url: string) => void = () => {};
    const h = createHarness({ resolveUrl: () => new Promise<string>((resolve) => (release = resolve)) });
    h.client.start();
    h.client.stop();
    release("ws://late.test/ws");
    await Promise.resolve();
    await Promise.resolve();
    expect(h.factory.sockets).toHaveLength(0);
    expect(h.client.state).toBe("offline");
  });

  it("gives up on a handshake that never produces a welcome", () => {
    const h = createHarness({ handshakeTimeoutMs: 3_000 });
    h.client.start();
    h.factory.last().serverOpen();
    h.clock.advance(2_999);
    expect(h.values("disconnect")).toEqual([]);
    h.clock.advance(1);
    expect(h.values("disconnect")).toEqual([{ ...ClientDisconnects.HANDSHAKE_TIMEOUT, reconnect: true }]);
    expect(h.factory.sockets[0]!.closedByClient).toEqual(ClientDisconnects.HANDSHAKE_TIMEOUT);
  });

  it("retries when the constructor throws, e.g. on a malformed URL", () => {
    const h = createHarness();
    let calls = 0;
    const Throwing = class extends h.factory.WebSocket {
      constructor(url: string) {
        calls += 1;
        if (calls === 1) throw new SyntaxError("bad url");
        super(url);
      }
    };
    const client = createFeedClient({
      urls: ["ws://a.test/ws"],
      WebSocket: Throwing,
      setTimeout: h.clock.setTimeout,
      clearTimeout: h.clock.clearTimeout,
    });
    client.start();
    expect(client.state).toBe("reconnecting");
    h.clock.runNext();
    expect(calls).toBe(2);
    expect(h.factory.sockets).toHaveLength(1);
  });

  it("goes offline instead of retrying when no WebSocket constructor exists", () => {
    const h = createHarness();
    const saved = Object.getOwnPropertyDescriptor(globalThis, "WebSocket");
    Reflect.deleteProperty(globalThis, "WebSocket");
    try {
      const client = createFeedClient({ urls: ["ws://a.test/ws"], setTimeout: h.clock.setTimeout, clearTimeout: h.clock.clearTimeout });
      const reasons: string[] = [];
      client.on("disconnect", (d) => reasons.push(d.reason));
      client.start();
      expect(client.state).toBe("offline");
      expect(reasons).toEqual([ClientDisconnects.NO_WEBSOCKET.reason]);
      expect(h.clock.pending).toBe(0);
    } finally {
      if (saved) Object.defineProperty(globalThis, "WebSocket", saved);
    }
  });

  it("rejects options that can only be mistakes", () => {
    expect(() => createFeedClient({ urls: [] })).toThrow(/urls/);
    expect(() => createFeedClient({ urls: ["ws://a.test/ws"], pingIntervalMs: Number.NaN })).toThrow(/pingIntervalMs/);
  });
});

describe("feed client stop()", () => {
  it("goes offline, closes the socket and leaves no timers, from every state", () => {
    for (const phase of ["connecting", "live", "reconnecting"] as const) {
      const h = createHarness();
      h.client.start();
      if (phase !== "connecting") h.goLive();
      if (phase === "reconnecting") h.factory.last().serverClose(1006, "");
      expect(h.client.state).toBe(phase);
      expect(h.clock.pending).toBeGreaterThan(0);
      h.client.stop();
      expect(h.client.state).toBe("offline");
      expect(h.clock.pending).toBe(0);
      const sockets = h.factory.sockets.length;
      h.clock.advance(60_000);
      expect(h.factory.sockets).toHaveLength(sockets);
    }
  });

  it("closes an open socket with a normal close and ignores its late events", () => {
    const h = createHarness();
    h.client.start();
    const socket = h.goLive();
    h.client.stop();
    expect(socket.closedByClient).toEqual({ code: 1000, reason: ClientDisconnects.STOPPED.reason });
    socket.serverClose(1006, "");
    expect(h.values("state")).toEqual(["connecting", "live", "offline"]);
    expect(h.values("disconnect")).toHaveLength(1);
  });

  it("can be started again after stop()", () => {
    const h = createHarness();
    h.client.start();
    h.client.stop();
    h.client.start();
    h.goLive();
    expect(h.client.state).toBe("live");
    expect(h.factory.sockets).toHaveLength(2);
  });

  it("a stop() from a disconnect listener wins over the scheduled reconnect", () => {
    const h = createHarness();
    h.client.on("disconnect", (d) => {
      if (d.reconnect) h.client.stop();
    });
    h.client.start();
    h.goLive();
    h.factory.last().serverClose(CloseCodes.SLOW_CONSUMER.code, CloseCodes.SLOW_CONSUMER.reason);
    expect(h.client.state).toBe("offline");
    expect(h.clock.pending).toBe(0);
  });
});
