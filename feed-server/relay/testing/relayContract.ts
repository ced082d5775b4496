/**
 * The behaviour every exchange relay owes, run against a fake upstream that speaks the
 * provider's wire format, a real feed server and a real client. Each adapter's test file
 * supplies the format; the scenarios are the same.
 */
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../../../lib/testing/waitFor";
import { FakeClock } from "../../testing/fakeClock";
import { startServer, type RunningServer } from "../../testing/startServer";
import { firstGap, TestClient } from "../../testing/testClient";
import { FakeUpstream } from "./fakeUpstream";

export interface TradeSpec {
  price: number;
  size: number;
  ts: number;
}

export interface RelaySpec {
  relay: "finnhub" | "binance" | "coinbase";
  /** Two local symbols and the upstream subscription names they map to. */
  symbols: [string, string];
  upstreamNames: [string, string];
  /** Upstream names subscribed / unsubscribed by the given frames the relay sent. */
  subscribedIn(frames: unknown[]): string[];
  unsubscribedIn(frames: unknown[]): string[];
  /** Upstream frames carrying these trades of `upstream` (batched where the provider batches). */
  tradeFrames(upstream: string, trades: TradeSpec[]): string[];
  /** Frames the provider sends that carry no trade (keepalives, acks). */
  quietFrames: string[];
  /** The provider's outgoing message limit per second. */
  maxFramesPerSecond: number;
  env?: Record<string, string>;
}

const LINGER_MS = 5000;

export function describeRelayContract(spec: RelaySpec): void {
  let running: RunningServer | undefined;
  let upstream: FakeUpstream | undefined;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await running?.server.stop();
    await upstream?.stop();
    running = undefined;
  });

  const [A, B] = spec.symbols;
  const [upA, upB] = spec.upstreamNames;

  async function setup(extraEnv: Record<string, string> = {}) {
    const clock = new FakeClock(Date.now());
    upstream = await FakeUpstream.start();
    running = await startServer(
      {
        FEED_SOURCE: "relay",
        FEED_RELAY: spec.relay,
        FEED_UPSTREAM_URL: upstream.url,
        FEED_SYMBOLS: spec.symbols.join(","),
        FEED_UPSTREAM_LINGER_MS: String(LINGER_MS),
        FEED_STALE_AFTER_MS: "30000",
        FEED_UPSTREAM_TIMEOUT_MS: "60000",
        ...spec.env,
        ...extraEnv,
      },
      { now: clock.now, timers: clock, random: () => 0.5 },
    );
    await upstream.waitForConnection(1);
    const client = await TestClient.connect(running.wsUrl);
    clients.push(client);
    return { clock, upstream, client, server: running };
  }

  const sendTrades = (up: FakeUpstream, name: string, trades: TradeSpec[]) => {
    for (const f of spec.tradeFrames(name, trades)) up.send(f);
  };
  const trade = (i: number): TradeSpec => ({ price: 100 + i, size: i + 1, ts: 1_764_000_000_000 + i });

  describe(`${spec.relay} relay`, () => {
    it("subscribes upstream only on demand, under the mapped name, and relays trades with contiguous seqs", async () => {
      const { upstream: up, client } = await setup();
      expect(up.frames(1)).toEqual([]);
      client.subscribe([A]);
      await client.next("snapshot");
      await waitFor(() => spec.subscribedIn(up.frames(1)).includes(upA), `an upstream subscribe of ${upA}`);
      expect(spec.subscribedIn(up.frames(1))).not.toContain(upB);
      sendTrades(up, upA, [trade(1), trade(2), trade(3)]);
      await client.next("tick", (t) => t.seq === 3);
      expect(client.ticks(A).map(({ seq, price, size, ts }) => ({ seq, price, size, ts }))).toEqual([
        { seq: 1, ...trade(1) },
        { seq: 2, ...trade(2) },
        { seq: 3, ...trade(3) },
      ]);
    });

    it("unsubscribes upstream after the linger, and a returning watcher cancels it", async () => {
      const { upstream: up, client, clock } = await setup();
      client.subscribe([A, B]);
      await waitFor(() => spec.subscribedIn(up.frames(1)).includes(upB), `an upstream subscribe of ${upB}`);
      client.send({ op: "unsubscribe", symbols: [A] });
      await client.next("unsubscribed");
      clock.advance(LINGER_MS - 1);
      client.send({ op: "unsubscribe", symbols: [B] });
      await client.next("unsubscribed", (u) => u.symbols.includes(B));
      clock.advance(1);
      await waitFor(() => spec.unsubscribedIn(up.frames(1)).includes(upA), `an upstream unsubscribe of ${upA}`);
      expect(spec.unsubscribedIn(up.frames(1))).not.toContain(upB);
      client.subscribe([B]); // back within the linger: stays subscribed upstream
      await client.next("snapshot", (s) => s.symbol === B, client.messages.length);
      clock.advance(LINGER_MS * 2);
      sendTrades(up, upB, [trade(1)]);
      await client.next("tick", (t) => t.symbol === B);
      expect(spec.unsubscribedIn(up.frames(1))).not.toContain(upB);
    });

    it("reports stale when the upstream drops, reconnects and resubscribes, then live; clients stay connected", async () => {
      const { upstream: up, client, clock, server } = await setup();
      client.subscribe([A]);
      await waitFor(() => spec.subscribedIn(up.frames(1)).includes(upA), `an upstream subscribe of ${upA}`);
      sendTrades(up, upA, [trade(1)]);
      await client.next("tick");
      up.dropAll();
      expect(await client.next("status", (s) => s.state === "stale")).toMatchObject({ symbol: A, reason: "upstream disconnected" });
      const health = (await (await fetch(`${server.httpUrl}/health`)).json()) as { source: { upstream: { state: string } } };
      expect(health.source.upstream.state).toBe("disconnected");
      clock.advance(30_000); // past any backoff delay
      await up.waitForConnection(2);
      await waitFor(() => spec.subscribedIn(up.frames(2)).includes(upA), "the resubscribe on the new connection");
      await client.next("status", (s) => s.state === "live");
      sendTrades(up, upA, [trade(2), trade(3)]);
      await client.next("tick", (t) => t.seq === 3);
      expect(firstGap(client.ticks(A).map((t) => t.seq))).toBeUndefined();
      expect(client.closed).toBeUndefined();
      const after = (await (await fetch(`${server.httpUrl}/health`)).json()) as { source: { upstream: { state: string; reconnects: number } } };
      expect(after.source.upstream).toMatchObject({ state: "connected", reconnects: 1 });
    });

    it("skips and counts malformed and unexpected upstream frames; nothing reaches clients", async () => {
      const { upstream: up, client, server } = await setup();
      client.subscribe([A]);
      await waitFor(() => spec.subscribedIn(up.frames(1)).includes(upA), `an upstream subscribe of ${upA}`);
      up.send("this is not json");
      up.send("[1,2,3]");
      up.send({ type: "mystery", e: "mystery" });
      for (const f of spec.tradeFrames(upA, [{ price: -5, size: 1, ts: 1 }])) up.send(f);
      for (const f of spec.quietFrames) up.send(f);
      sendTrades(up, upA, [trade(1)]);
      await client.next("tick");
      expect(client.ticks(A)).toHaveLength(1);
      expect(client.garbage).toEqual([]);
      const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
      const count = (kind: string) => Number(metrics.match(new RegExp(`tickwire_source_errors_total\\{kind="${kind}"\\} (\\d+)`))?.[1] ?? 0);
      expect(count("malformed")).toBe(3);
      expect(count("unexpected")).toBe(1);
    });

    it("reconnects a silent upstream and marks a quiet symbol stale until it trades", async () => {
      const { upstream: up, client, clock } = await setup();
      client.subscribe([A]);
      await waitFor(() => spec.subscribedIn(up.frames(1)).includes(upA), `an upstream subscribe of ${upA}`);
      for (const f of spec.quietFrames) up.send(f);
      clock.advance(31_000);
      expect(await client.next("status", (s) => s.state === "stale")).toMatchObject({ reason: "no trades for 30 s" });
      sendTrades(up, upA, [trade(1)]);
      await client.next("status", (s) => s.state === "live");
      clock.advance(61_000); // nothing at all from upstream for longer than FEED_UPSTREAM_TIMEOUT_MS
      await client.next("status", (s) => s.reason === "upstream disconnected");
      clock.advance(30_000); // past any backoff delay
      await up.waitForConnection(2);
    });

    it(`sends at most ${spec.maxFramesPerSecond} frames per second upstream`, async () => {
      const many = Array.from({ length: spec.maxFramesPerSecond * 2 + 3 }, (_, i) => `S${i}-USD`);
      const { upstream: up, client, clock, server } = await setup({ FEED_SYMBOLS: many.join(",") });
      const pending = async () =>
        ((await (await fetch(`${server.httpUrl}/health`)).json()) as { source: { upstream: { pendingFrames: number } } }).source.upstream
          .pendingFrames;
      for (const s of many) client.subscribe([s]);
      await client.next("snapshot", (s) => s.symbol === many.at(-1));
      await up.waitForFrames(spec.maxFramesPerSecond);
      expect(up.frames(1)).toHaveLength(spec.maxFramesPerSecond);
      expect(await pending()).toBeGreaterThan(0);
      clock.advance(1001);
      await up.waitForFrames(spec.maxFramesPerSecond * 2);
      expect(up.frames(1)).toHaveLength(spec.maxFramesPerSecond * 2);
      clock.advance(1001);
      await waitFor(() => spec.subscribedIn(up.frames(1)).length === many.length, "every symbol subscribed upstream");
      expect(await pending()).toBe(0);
    });
  });
}
