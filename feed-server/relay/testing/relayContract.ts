/**
 * The behaviour every exchange relay owes, run against a fake upstream that speaks the
 * provider's wire format, a real feed server and a real client. Each adapter's test file
 * supplies the format; the scenarios are the same.
 */
import { afterEach, describe, expect, it } from "vitest";
import { INTERVAL_MS } from "../../../lib/bars/align";
import type { Bar, Interval } from "../../../lib/bars/types";
import { waitFor } from "../../../lib/testing/waitFor";
import { captureLog } from "../../testing/captureLog";
import { FakeClock } from "../../testing/fakeClock";
import { startServer, type RunningServer } from "../../testing/startServer";
import { firstGap, TestClient } from "../../testing/testClient";
import { FakeUpstream, type HttpReply } from "./fakeUpstream";
import type { HistoryFormat } from "./historyFormats";

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
  /** The provider's REST history for the first symbol (backfill on first demand). */
  history: HistoryFormat;
  env?: Record<string, string>;
}

const LINGER_MS = 5000;
const HISTORY_TIMEOUT_MS = 300;

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

  async function setup(extraEnv: Record<string, string> = {}, beforeStart: (up: FakeUpstream) => void = () => {}, startAt = Date.now()) {
    const clock = new FakeClock(startAt);
    upstream = await FakeUpstream.start();
    beforeStart(upstream);
    const { logger, lines } = captureLog();
    running = await startServer(
      {
        FEED_SOURCE: "relay",
        FEED_RELAY: spec.relay,
        FEED_UPSTREAM_URL: upstream.url,
        FEED_SYMBOLS: spec.symbols.join(","),
        FEED_UPSTREAM_LINGER_MS: String(LINGER_MS),
        FEED_STALE_AFTER_MS: "30000",
        FEED_UPSTREAM_TIMEOUT_MS: "60000",
        // History comes from the fake too (unrouted paths answer 404): never from the internet.
        FEED_UPSTREAM_HISTORY_URL: upstream.httpUrl,
        FEED_UPSTREAM_HISTORY_TIMEOUT_MS: String(HISTORY_TIMEOUT_MS),
        ...spec.env,
        ...extraEnv,
      },
      { now: clock.now, timers: clock, random: () => 0.5, logger },
    );
    await upstream.waitForConnection(1);
    const client = await TestClient.connect(running.wsUrl);
    clients.push(client);
    return { clock, upstream, client, server: running, log: lines };
  }

  /** The newest `count` closed bars of an interval before `now`, as the provider would have them (1d: UTC days). */
  function upstreamBars(interval: Interval, now: number, count = 5): Bar[] {
    const step = interval === "1d" ? 86_400_000 : INTERVAL_MS[interval];
    const last = Math.floor(now / step) * step - step;
    return Array.from({ length: count }, (_, i) => {
      const c = 100 + i;
      return { t: last - (count - 1 - i) * step, o: c - 0.5, h: c + 1, l: c - 1, c, v: 2.5 + i, n: spec.history.tradeCounts ? 10 + i : 0 };
    });
  }
  /** Answers every history request of the first symbol with that interval's bars. */
  const historyRoute = (now: number, reply: (bars: Bar[]) => HttpReply = (bars) => ({ body: spec.history.body(bars) })) => (url: URL) => {
    const interval = spec.history.intervalOf(url);
    return interval ? reply(upstreamBars(interval, now)) : { status: 400, body: { error: "no such interval" } };
  };
  const metric = async (server: RunningServer, kind: string) =>
    Number((await (await fetch(`${server.httpUrl}/metrics`)).text()).match(new RegExp(`tickwire_source_errors_total\\{kind="${kind}"\\} (\\d+)`))?.[1] ?? 0);
  const served = async (server: RunningServer, symbol: string, interval: Interval) =>
    ((await (await fetch(`${server.httpUrl}/bars/${symbol}?interval=${interval}`)).json()) as { bars: (Bar & { partial?: boolean })[] }).bars;

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

    it("backfills a symbol's bars from the upstream's history on its first demand: /bars serves them, live ticks continue after them", async () => {
      const now = Date.now();
      const { upstream: up, client, clock, server } = await setup({}, (u) => u.route(spec.history.path, historyRoute(now)), now);
      expect(up.httpRequests).toEqual([]); // nothing before a demand
      client.subscribe([A]);
      await client.next("snapshot");
      const expected = upstreamBars("1m", clock.now());
      await waitFor(async () => (await served(server, A, "1m")).length >= expected.length, `backfilled 1m bars of ${A} on /bars`);
      expect(await served(server, A, "1m")).toEqual(expected);
      const asked = new Set(up.httpRequests.filter((u) => u.pathname === spec.history.path).map((u) => spec.history.intervalOf(u)));
      expect(asked).toContain("1d");
      expect((await served(server, A, "1d")).length).toBe(5);
      // A live trade opens the current minute after the backfilled ones.
      await waitFor(() => spec.subscribedIn(up.frames(1)).includes(upA), `an upstream subscribe of ${upA}`);
      sendTrades(up, upA, [{ price: 110, size: 2, ts: clock.now() }]);
      await client.next("tick");
      const bars = await served(server, A, "1m");
      expect(bars.slice(0, -1)).toEqual(expected);
      expect(bars.at(-1)).toMatchObject({ t: Math.floor(clock.now() / 60_000) * 60_000, o: 110, c: 110, v: 2, n: 1, partial: true });
      // A second demand does not fetch again.
      const requests = up.httpRequests.length;
      client.send({ op: "unsubscribe", symbols: [A] });
      await client.next("unsubscribed");
      clock.advance(LINGER_MS + 1);
      client.subscribe([A]);
      await client.next("snapshot", (s) => s.symbol === A, client.messages.length);
      expect(up.httpRequests.length).toBe(requests);
      expect(await metric(server, "backfill_failed")).toBe(0);
    });

    it("with a failing history endpoint (HTTP 500), live ticks and bars work, and a log line and a metric say so", async () => {
      const { upstream: up, client, clock, server, log } = await setup({}, (u) => u.route(spec.history.path, () => ({ status: 500, body: { error: "down" } })));
      client.subscribe([A]);
      await client.next("snapshot");
      await waitFor(async () => (await metric(server, "backfill_failed")) === 1, "backfill_failed counted once");
      const line = log.find((l) => l.kind === "backfill_failed");
      expect(line).toMatchObject({ level: 40, msg: "source problem" });
      expect(String(line!.detail)).toMatch(new RegExp(`^${A} history not loaded, live bars unaffected: .*HTTP 500`));
      await waitFor(() => spec.subscribedIn(up.frames(1)).includes(upA), `an upstream subscribe of ${upA}`);
      sendTrades(up, upA, [{ price: 120, size: 1, ts: clock.now() }, { price: 121, size: 1, ts: clock.now() }]);
      await client.next("tick", (t) => t.seq === 2);
      expect(await served(server, A, "1m")).toEqual([expect.objectContaining({ o: 120, c: 121, n: 2, partial: true })]);
    });

    it("with a slow history endpoint, live ticks flow at once and the backfill gives up after FEED_UPSTREAM_HISTORY_TIMEOUT_MS", async () => {
      const now = Date.now();
      // A timeout long enough that the live tick surely comes first, even on a loaded machine.
      const { upstream: up, client, clock, server } = await setup(
        { FEED_UPSTREAM_HISTORY_TIMEOUT_MS: "2000" },
        (u) => u.route(spec.history.path, historyRoute(now, (bars) => ({ body: spec.history.body(bars), delayMs: 15_000 }))),
        now,
      );
      client.subscribe([A]);
      await client.next("snapshot");
      await waitFor(() => spec.subscribedIn(up.frames(1)).includes(upA), `an upstream subscribe of ${upA}`);
      const started = Date.now();
      sendTrades(up, upA, [{ price: 130, size: 1, ts: clock.now() }]);
      await client.next("tick");
      expect(await metric(server, "backfill_failed")).toBe(0); // still waiting for the history, live ticks are not
      expect(await served(server, A, "1m")).toEqual([expect.objectContaining({ o: 130, n: 1, partial: true })]);
      await waitFor(async () => (await metric(server, "backfill_failed")) === 1, "the slow backfill to give up", 10_000);
      expect(Date.now() - started).toBeLessThan(10_000); // gave up long before the answer (15 s)
      sendTrades(up, upA, [{ price: 131, size: 1, ts: clock.now() }]);
      await client.next("tick", (t) => t.seq === 2);
      expect(await served(server, A, "1m")).toEqual([expect.objectContaining({ o: 130, c: 131, n: 2, partial: true })]);
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
