import { describe, expect, it } from "vitest";
import type { BarMessage, SnapshotMessage } from "../../lib/protocol";
import { waitFor } from "../../lib/testing/waitFor";
import { FakeClock } from "../testing/fakeClock";
import { useHarness } from "../testing/harness";
import { ManualSource } from "../testing/manualSource";
import { TestClient } from "../testing/testClient";

const h = useHarness();
const T0 = Date.parse("2027-01-15T15:00:00Z");

async function setup(env: Record<string, string> = {}) {
  const clock = new FakeClock(T0);
  const source = new ManualSource({ AAPL: 100, MSFT: 400 });
  const s = await h.start(env, { source, now: clock.now, timers: clock });
  const connect = async () => {
    const c = await TestClient.connect(s.wsUrl);
    h.track(c);
    return c;
  };
  return { clock, source, s, connect };
}

const bars = (c: TestClient, from = 0) => c.messages.slice(from).filter((m): m is BarMessage => m.type === "bar");

/** Lets frames already sent arrive: a ping's pong comes after them on the same connection. */
async function settle(c: TestClient, id: number): Promise<void> {
  c.send({ op: "ping", id });
  await c.next("pong", (p) => p.id === id);
}

describe("bar subscriptions", () => {
  it("snapshot carries the recent bars and day stats, then conflated updates and one closed bar", async () => {
    const { clock, source, connect } = await setup();
    for (let i = 0; i < 5; i++) source.emit("AAPL", 100 + i, T0 + i * 1000);
    const c = await connect();
    const ticks = await connect();
    ticks.subscribe(["AAPL"]);
    c.send({ op: "subscribe", symbols: ["AAPL"], bars: "1m" });
    const snap = await c.next("snapshot");
    expect(snap).toMatchObject({ symbol: "AAPL", seq: 5, resumed: false, interval: "1m", ticks: [], market: "open", dayOpen: 100, high: 104 });
    expect(snap.bars).toEqual([{ t: T0, o: 100, h: 104, l: 100, c: 104, v: 500, n: 5 }]);

    // 40 ticks in one update window: one update, with the last seq.
    for (let i = 0; i < 40; i++) source.emit("AAPL", 90 + (i % 7), T0 + 10_000 + i * 100);
    clock.advance(250);
    await c.next("bar");
    await settle(c, 1);
    expect(bars(c)).toHaveLength(1);
    expect(bars(c)[0]).toMatchObject({ symbol: "AAPL", interval: "1m", closed: false, seq: 45, bar: { t: T0, o: 100, h: 104, l: 90, n: 45 } });
    // Nothing changed: nothing sent.
    clock.advance(1000);
    await settle(c, 2);
    expect(bars(c)).toHaveLength(1);

    // A tick in the next minute closes the bar at once, then the new bar follows at the next window.
    source.emit("AAPL", 120, T0 + 60_000);
    const closed = await c.next("bar", (b) => b.closed);
    expect(closed).toMatchObject({ closed: true, seq: 45, bar: { t: T0, c: 94, n: 45 } });
    clock.advance(250);
    expect(await c.next("bar", (b) => b.bar.t === T0 + 60_000)).toMatchObject({ closed: false, seq: 46, bar: { o: 120, n: 1 } });

    // The tick subscriber got ticks and no bars.
    await waitFor(() => ticks.ticks("AAPL").length === 41, "all ticks at the tick subscriber");
    expect(bars(ticks)).toEqual([]);
  });

  it("conflates per FEED_BAR_UPDATE_MS and a quote widget's 1d bars carry the day's high, low and volume", async () => {
    const { clock, source, connect } = await setup({ FEED_BAR_UPDATE_MS: "1000" });
    const c = await connect();
    c.send({ op: "subscribe", symbols: ["MSFT"], bars: "1d" });
    await c.next("snapshot");
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 50; i++) source.emit("MSFT", 400 + round + i / 100, T0 + round * 1000 + i * 20);
      clock.advance(250);
    }
    clock.advance(250);
    await c.next("bar");
    await settle(c, 3);
    // 200 ticks over one second of the clock: one update (FEED_BAR_UPDATE_MS=1000).
    expect(bars(c)).toHaveLength(1);
    expect(bars(c)[0]!.bar).toMatchObject({ o: 400, h: 403.49, l: 400, n: 200, v: 20_000 });
  });

  it("resumes from a tick seq with the bars holding the ticks after it", async () => {
    const { clock, source, s, connect } = await setup();
    for (let i = 0; i < 3; i++) source.emit("AAPL", 100 + i, T0 + i * 1000);
    const c = await connect();
    c.send({ op: "subscribe", symbols: ["AAPL"], bars: "1m" });
    const first = await c.next("snapshot");
    c.close();
    // Missed while away: the rest of minute 0, all of minute 1, the start of minute 2.
    source.emit("AAPL", 110, T0 + 30_000);
    source.emit("AAPL", 111, T0 + 60_000);
    source.emit("AAPL", 112, T0 + 61_000);
    source.emit("AAPL", 113, T0 + 120_000);
    clock.advance(250);
    const again = await connect();
    again.send({ op: "subscribe", symbols: ["AAPL"], bars: "1m", epoch: again.welcome.epoch, since: { AAPL: first.seq } });
    const snap: SnapshotMessage = await again.next("snapshot");
    expect(snap.resumed).toBe(true);
    expect(snap.seq).toBe(7);
    expect(snap.bars).toEqual([
      { t: T0, o: 100, h: 110, l: 100, c: 110, v: 400, n: 4 },
      { t: T0 + 60_000, o: 111, h: 112, l: 111, c: 112, v: 200, n: 2 },
      { t: T0 + 120_000, o: 113, h: 113, l: 113, c: 113, v: 100, n: 1 },
    ]);
    // A resume from the current seq gets nothing old; a wrong epoch gets a fresh snapshot.
    const current = await connect();
    current.send({ op: "subscribe", symbols: ["AAPL"], bars: "1m", epoch: s.server.epoch, since: { AAPL: 7 } });
    expect(await current.next("snapshot")).toMatchObject({ resumed: true, bars: [] });
    const stranger = await connect();
    stranger.send({ op: "subscribe", symbols: ["AAPL"], bars: "1m", epoch: "other", since: { AAPL: 3 } });
    const fresh = await stranger.next("snapshot");
    expect(fresh.resumed).toBe(false);
    expect(fresh.bars).toHaveLength(3);
  });

  it("does not resume when bars holding missed ticks were dropped for retention", async () => {
    const { source, connect } = await setup({ FEED_BAR_RETENTION: "1m=2m" });
    source.emit("AAPL", 100, T0);
    const c = await connect();
    c.send({ op: "subscribe", symbols: ["AAPL"], bars: "1m" });
    const first = await c.next("snapshot");
    for (let i = 1; i <= 4; i++) source.emit("AAPL", 100 + i, T0 + i * 60_000);
    const again = await connect();
    again.send({ op: "subscribe", symbols: ["AAPL"], bars: "1m", epoch: again.welcome.epoch, since: { AAPL: first.seq } });
    const snap = await again.next("snapshot");
    expect(snap.resumed).toBe(false);
    expect(snap.bars!.map((b) => b.o)).toEqual([102, 103, 104]); // two kept closed bars and the open one
  });

  it("switches a symbol between ticks and bars, and unsubscribes either", async () => {
    const { source, connect } = await setup();
    const c = await connect();
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    c.send({ op: "subscribe", symbols: ["AAPL"], bars: "5m" });
    await c.next("snapshot", (m) => m.interval === "5m");
    const mark = c.messages.length;
    source.emit("AAPL", 101, T0);
    await settle(c, 4);
    expect(c.ticks("AAPL").filter((t) => c.messages.indexOf(t) >= mark)).toEqual([]);
    expect(source.demands).toEqual([["AAPL", true]]);
    c.send({ op: "unsubscribe", symbols: ["AAPL"] });
    expect(await c.next("unsubscribed")).toEqual({ type: "unsubscribed", symbols: ["AAPL"] });
    await waitFor(() => source.demands.length === 2, "demand to drop");
    expect(source.demands[1]).toEqual(["AAPL", false]);
  });

  it("refuses a bad interval with an error and keeps the connection", async () => {
    const { connect } = await setup();
    const c = await connect();
    c.send({ op: "subscribe", symbols: ["AAPL"], bars: "2m" });
    expect(await c.next("error")).toMatchObject({ code: "BAD_REQUEST", message: '"bars" must be one of 1s, 1m, 5m, 15m, 1h, 1d' });
    c.send({ op: "subscribe", symbols: ["AAPL"], bars: "1h" });
    expect(await c.next("snapshot")).toMatchObject({ interval: "1h" });
  });
});
