/**
 * The `auth` op (issue 13 follow-up): a connection presents a fresh token before its first one
 * expires and keeps running, with no close and no missing seq; a refused token changes nothing.
 */
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createFeedClient } from "../lib/feedClient/feedClient";
import { FakeClock as ClientClock } from "../lib/feedClient/testing/fakeClock";
import type { FeedDisconnect } from "../lib/feedClient/types";
import { signFeedToken, type SignOptions } from "../lib/feedToken";
import type { ErrorMessage, SnapshotMessage, TickMessage } from "../lib/protocol";
import { waitFor } from "../lib/testing/waitFor";
import { FakeClock } from "./testing/fakeClock";
import { useHarness } from "./testing/harness";
import { ManualSource } from "./testing/manualSource";
import { firstGap, type TestClient } from "./testing/testClient";

const SECRET = "feed-secret-for-tests-0123456789abcdef";
const ORIGIN = "https://dash.example";
const h = useHarness();

async function setup(env: Record<string, string> = {}) {
  const clock = new FakeClock();
  const source = new ManualSource({ AAPL: 100, MSFT: 400, TSLA: 200 });
  const running = await h.start({ FEED_AUTH_SECRET: SECRET, ...env }, { source, now: clock.now, timers: clock });
  const token = (opts: Partial<SignOptions> = {}) => signFeedToken(SECRET, { ttlSeconds: 30, origin: ORIGIN, now: clock.now, ...opts });
  const connect = async (opts: Partial<SignOptions> = {}) =>
    h.connect(`${running.wsUrl}?token=${await token(opts)}`, { origin: ORIGIN });
  return { clock, source, token, connect, running };
}

/** The error frames after index `from`. */
const errorsAfter = (c: TestClient, from: number) =>
  c.messages.slice(from).filter((m): m is ErrorMessage => m.type === "error");

describe("the auth op", () => {
  it("keeps a connection past its first token's exp with no close and no missing seq, and moves the expiry", async () => {
    const { clock, source, token, connect } = await setup();
    const c = await connect({ ttlSeconds: 30 });
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    source.emitMany("AAPL", 5);
    await c.next("tick", (t) => t.seq === 5);

    clock.advance(24_000); // 80% of the first token's life, as the feed client renews
    const renewed = await token({ ttlSeconds: 30 });
    c.send({ op: "auth", token: renewed });
    const authed = await c.next("authed");
    expect(authed.expiresAt).toBe(Math.floor(clock.now() / 1000) * 1000 + 30_000);

    source.emitMany("AAPL", 3);
    clock.advance(10_000); // past the first token's exp
    source.emitMany("AAPL", 3);
    await c.next("tick", (t) => t.seq === 11);
    expect(c.closed).toBeUndefined();
    expect(c.seqsSinceSnapshot("AAPL")).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(firstGap(c.seqsSinceSnapshot("AAPL"))).toBeUndefined();

    // The new expiry is in force: the connection ends when the second token expires.
    clock.advance(authed.expiresAt - clock.now());
    expect(await c.waitForClose()).toEqual({ code: 4401, reason: "Unauthorized: token expired" });
  });

  it("refuses a bad token with TOKEN_REFUSED and keeps the old token, its symbols and its expiry", async () => {
    const { clock, token, connect } = await setup();
    const c = await connect({ ttlSeconds: 30, symbols: ["AAPL", "MSFT"] });
    c.subscribe(["AAPL", "MSFT"]);
    await c.next("snapshot", (s) => s.symbol === "MSFT");
    const expired = await token({ ttlSeconds: 5, now: () => clock.now() - 10_000 });
    const foreign = await signFeedToken("another-secret-0123456789abcdefghijklmn", { ttlSeconds: 30, now: clock.now });
    const cases: [string, string][] = [
      ["garbage", "token malformed"],
      [expired, "token expired"],
      [foreign, "token signature invalid"],
      [await token({ origin: "https://other.example" }), "token is bound to another origin"],
      [await token({ ttlSeconds: 7200 }), "token lifetime exceeds 3600 s"],
      [await token({ symbols: ["AAPL"] }), "does not allow MSFT"],
    ];
    for (const [bad, reason] of cases) {
      const from = c.messages.length;
      c.send({ op: "auth", token: bad });
      const err = await c.next("error", () => true, from);
      expect(err.code, reason).toBe("TOKEN_REFUSED");
      expect(err.message, reason).toContain(reason);
    }
    expect(c.messages.some((m) => m.type === "authed")).toBe(false);
    // Still subscribed to both, still limited to the old token's symbols.
    const from = c.messages.length;
    c.subscribe(["TSLA"]);
    expect(await c.next("error", () => true, from)).toMatchObject({ code: "UNAUTHORIZED", symbol: "TSLA" });
    // And the old expiry still ends it.
    clock.advance(30_000);
    expect(await c.waitForClose()).toEqual({ code: 4401, reason: "Unauthorized: token expired" });
  });

  it("handles ops sent right behind an auth under the new token, in order", async () => {
    const { token, connect } = await setup();
    const c = await connect({ symbols: ["AAPL"] });
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    const from = c.messages.length;
    // One write: the subscribe reaches the server while the token is still being verified.
    const [wide, wider] = [await token({ symbols: ["AAPL", "MSFT"] }), await token({ symbols: ["AAPL", "MSFT", "TSLA"] })];
    c.send({ op: "auth", token: wide });
    c.subscribe(["MSFT"]);
    c.send({ op: "auth", token: wider }); // a second auth while the first is still being verified
    c.subscribe(["TSLA"]);
    c.send({ op: "ping", id: 9 });
    await c.next("pong", () => true, from);
    const order = c.messages.slice(from).map((m) => (m.type === "snapshot" ? `snapshot ${m.symbol}` : m.type));
    expect(order).toEqual(["authed", "snapshot MSFT", "authed", "snapshot TSLA", "pong"]);
    expect(errorsAfter(c, from)).toEqual([]);
  });

  it("lets a connection start with a token that allows no symbol and widen it (the dashboard's first token)", async () => {
    const { token, connect } = await setup();
    const c = await connect({ symbols: [] });
    c.subscribe(["AAPL"]);
    expect(await c.next("error")).toMatchObject({ code: "UNAUTHORIZED", symbol: "AAPL" });
    c.send({ op: "auth", token: await token({ symbols: ["AAPL"] }) });
    c.subscribe(["AAPL"]);
    expect(await c.next("snapshot")).toMatchObject({ symbol: "AAPL" });
  });

  it("moves the connection's per-token slot to the new token, refusing a token that is full", async () => {
    const { running, token, connect } = await setup({ FEED_MAX_CONN_PER_TOKEN: "1" });
    const a = await connect({ jti: "a" });
    const b = await connect({ jti: "b" });
    let from = b.messages.length;
    b.send({ op: "auth", token: await token({ jti: "a" }) });
    expect(await b.next("error", () => true, from)).toMatchObject({
      code: "TOKEN_REFUSED",
      message: "token refused: too many connections for this token (at most 1)",
    });
    // Renewing with the token a connection already holds is not counted twice.
    from = a.messages.length;
    a.send({ op: "auth", token: await token({ jti: "a" }) });
    await a.next("authed", () => true, from);
    from = a.messages.length;
    a.send({ op: "auth", token: await token({ jti: "c" }) });
    await a.next("authed", () => true, from);
    // "a" is free again; "c" is taken by connection a.
    const again = await connect({ jti: "a" });
    expect(again.welcome.protocol).toBe(1);
    const WS = (await import("ws")).default;
    const extra = new WS(`${running.wsUrl}?token=${await token({ jti: "c" })}`, { origin: ORIGIN });
    const code = await new Promise<number>((resolve) => extra.on("close", resolve));
    expect(code).toBe(4429);
  });

  it("counts against the rate limit like any op", async () => {
    const { token, connect } = await setup({ FEED_RATE_LIMIT: "0.001", FEED_RATE_BURST: "2" });
    const c = await connect();
    const fresh = await token();
    for (let i = 0; i < 3; i++) c.send({ op: "auth", token: fresh });
    await c.next("error", (e) => e.code === "RATE_LIMITED");
    await waitFor(() => c.messages.filter((m) => m.type === "authed").length === 2, "two authed answers");
  });

  it("answers TOKEN_REFUSED when the server uses no tokens", async () => {
    const running = await h.start({}, { source: new ManualSource({ AAPL: 1 }) });
    const c = await h.connect(running.wsUrl);
    c.send({ op: "auth", token: "a.b.c" });
    expect(await c.next("error")).toMatchObject({ code: "TOKEN_REFUSED", message: "token refused: this server does not use tokens" });
  });
});

describe("the feed client against the real feed", () => {
  it("renews before expiry and widens its token for a new symbol: one connection, no close, no missing seq", async () => {
    const { clock, source, token, connect, running } = await setup();
    const asked: string[][] = [];
    const clientClock = new ClientClock();
    class FromDashboard extends WebSocket {
      constructor(url: string) {
        super(url, { origin: ORIGIN });
      }
    }
    const feed = createFeedClient({
      urls: [running.wsUrl],
      WebSocket: FromDashboard,
      getToken: async (symbols) => {
        asked.push([...symbols]);
        return token({ ttlSeconds: 30, symbols: [...symbols] });
      },
      now: clientClock.now,
      setTimeout: clientClock.setTimeout,
      clearTimeout: clientClock.clearTimeout,
      pingIntervalMs: 1e9,
    });
    const snapshots: SnapshotMessage[] = [];
    const ticks: TickMessage[] = [];
    const disconnects: FeedDisconnect[] = [];
    feed.on("snapshot", (m) => snapshots.push(m));
    feed.on("tick", (m) => ticks.push(m));
    feed.on("disconnect", (d) => disconnects.push(d));
    feed.watch("AAPL");
    feed.start();
    try {
      // A client that cannot renew, for contrast: its token ends with the first one.
      const plain = await connect({ ttlSeconds: 30 });
      await waitFor(() => snapshots.some((m) => m.symbol === "AAPL"), "the AAPL snapshot");
      source.emitMany("AAPL", 3);
      await waitFor(() => ticks.length === 3, "ticks 1..3");

      clock.advance(24_000);
      clientClock.advance(24_000); // 80% of 30 s: the client renews with the auth op
      await waitFor(() => asked.length === 2, "the renewal's token request");
      feed.watch("MSFT"); // outside the token: a wider token first, then the subscribe
      await waitFor(() => snapshots.some((m) => m.symbol === "MSFT"), "the MSFT snapshot");
      expect(asked).toEqual([["AAPL"], ["AAPL"], ["AAPL", "MSFT"]]);

      clock.advance(7_000); // past the first token's exp
      expect(await plain.waitForClose()).toEqual({ code: 4401, reason: "Unauthorized: token expired" });
      source.emitMany("AAPL", 3);
      source.emitMany("MSFT", 2);
      await waitFor(() => ticks.length === 8, "ticks 4..6 of AAPL and 1..2 of MSFT");
      expect(ticks.filter((t) => t.symbol === "AAPL").map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(ticks.filter((t) => t.symbol === "MSFT").map((t) => t.seq)).toEqual([1, 2]);
      expect(disconnects).toEqual([]);
      expect(feed.stats.connections).toBe(1);
      expect(feed.stats.gaps).toBe(0);
    } finally {
      feed.stop();
    }
  });
});
