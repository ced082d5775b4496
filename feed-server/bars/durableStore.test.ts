/**
 * The seam for a durable bar store (FeedServerDeps.barStore): closed bars and the open bar are
 * written to it, and a server started on it later continues from them. A MemoryBarStore stands in
 * for the SQLite and JetStream engines here; those run through the BarStore contract suite.
 */
import { describe, expect, it } from "vitest";
import type { Bar } from "../../lib/bars/types";
import { FakeClock } from "../testing/fakeClock";
import { useHarness } from "../testing/harness";
import { ManualSource } from "../testing/manualSource";
import { parseRetention } from "./barConfig";
import { MemoryBarStore } from "./memoryBarStore";

const h = useHarness();
const T0 = Date.parse("2027-01-15T15:00:00Z");

describe("a durable BarStore behind the server", () => {
  it("gets closed bars at once and the open bar each second, and refills the next server", async () => {
    const store = new MemoryBarStore(parseRetention(""));
    const clock = new FakeClock(T0);
    const source = new ManualSource({ AAPL: 100 });
    const first = await h.start({}, { source, now: clock.now, timers: clock, barStore: store });
    source.emit("AAPL", 100, T0);
    source.emit("AAPL", 101, T0 + 30_000);
    source.emit("AAPL", 102, T0 + 60_000); // closes the first 1m bar
    expect(await store.range("AAPL", "1m", { limit: 10 })).toEqual([{ t: T0, o: 100, h: 101, l: 100, c: 101, v: 200, n: 2 }]);
    clock.advance(1000); // housekeeping writes the open bars
    expect((await store.range("AAPL", "1m", { limit: 10 })).map((b) => b.t)).toEqual([T0, T0 + 60_000]);
    source.emit("AAPL", 99, T0 + 61_000);
    await first.server.stop(); // stop writes the open bars once more and flushes
    const day = await store.range("AAPL", "1d", { limit: 10 });
    expect(day).toEqual([{ t: Date.parse("2027-01-15T05:00:00Z"), o: 100, h: 102, l: 99, c: 99, v: 400, n: 4 }]);

    const again = new ManualSource({ AAPL: 100 });
    const second = await h.start({}, { source: again, now: clock.now, timers: clock, barStore: store });
    const bars = async (interval: string) =>
      ((await (await fetch(`${second.httpUrl}/bars/AAPL?interval=${interval}`)).json()) as { bars: (Bar & { partial?: boolean })[] }).bars;
    expect((await bars("1m")).map((b) => [b.t, b.c, b.partial ?? false])).toEqual([
      [T0, 101, false],
      [T0 + 60_000, 99, true],
    ]);
    // The next tick continues the stored open bars.
    again.emit("AAPL", 105, T0 + 62_000);
    expect((await bars("1m")).at(-1)).toMatchObject({ t: T0 + 60_000, o: 102, h: 105, c: 105, n: 3 });
    expect((await bars("1d")).at(-1)).toMatchObject({ o: 100, h: 105, n: 5, v: 500 });
  });

  it("a simulator restarted on the store continues its chart from the last price, without a new past", async () => {
    const store = new MemoryBarStore(parseRetention(""));
    const clock = new FakeClock(Date.parse("2027-01-13T16:20:30Z"));
    const env = { FEED_SEED: "3", FEED_SYMBOLS: "AAPL" };
    const first = await h.start(env, { now: clock.now, timers: clock, barStore: store });
    clock.advance(0);
    clock.advance(20_000);
    await first.server.stop();
    const daysBefore = await store.range("AAPL", "1d", { limit: 5000 });
    expect(daysBefore.length).toBeGreaterThan(500);
    // As if the price had run up to 300 before the stop: far from where a fresh walk starts (231.5).
    const last = (await store.range("AAPL", "1m", { limit: 1 }))[0]!;
    store.append("AAPL", "1m", { t: last.t + 60_000, o: 300, h: 300, l: 300, c: 300, v: 1, n: 1 });
    const lastClose = 300;

    clock.jumpTo(clock.time + 10 * 60_000);
    const second = await h.start(env, { now: clock.now, timers: clock, barStore: store });
    clock.advance(0);
    clock.advance(2_000);
    const ticks = (await (await fetch(`${second.httpUrl}/history/AAPL?limit=1000`)).json()) as { ticks: { price: number }[] };
    expect(Math.abs(ticks.ticks[0]!.price - lastClose)).toBeLessThan(2); // continues, no jump back to 231.5
    const days = ((await (await fetch(`${second.httpUrl}/bars/AAPL?interval=1d&limit=5000`)).json()) as { bars: Bar[] }).bars;
    expect(days.map((d) => [d.t, d.o])).toEqual(daysBefore.map((d) => [d.t, d.o]));
  });

  it("a simulator restarted within the same minute does not lay a second walk over the stored bars", async () => {
    const store = new MemoryBarStore(parseRetention(""));
    const clock = new FakeClock(Date.parse("2027-01-13T16:20:10Z"));
    const env = { FEED_SEED: "5", FEED_SYMBOLS: "AAPL", FEED_TICK_RATE: "20" };
    const first = await h.start(env, { now: clock.now, timers: clock, barStore: store });
    clock.advance(0);
    clock.advance(30_000);
    await first.server.stop();
    const stored = (await store.range("AAPL", "1m", { limit: 1 }))[0]!;
    const storedSecond = (await store.range("AAPL", "1s", { limit: 1 }))[0]!;

    clock.jumpTo(clock.time + 5_000); // back up within the same minute
    const second = await h.start(env, { now: clock.now, timers: clock, barStore: store });
    clock.advance(0);
    clock.advance(3_000);
    const ticks = ((await (await fetch(`${second.httpUrl}/history/AAPL?limit=1000`)).json()) as { ticks: { ts: number; size: number }[] }).ticks;
    expect(ticks.length).toBeGreaterThan(0);
    expect(Math.min(...ticks.map((t) => t.ts))).toBeGreaterThan(storedSecond.t); // only ticks after the restart
    const read = async (interval: string) => ((await (await fetch(`${second.httpUrl}/bars/AAPL?interval=${interval}&limit=5000`)).json()) as { bars: Bar[] }).bars;
    const minute = (await read("1m")).at(-1)!;
    expect(minute.t).toBe(stored.t);
    // The stored bar, plus exactly the ticks since the restart: none counted twice.
    expect(minute.n).toBe(stored.n + ticks.length);
    expect(minute.v).toBeCloseTo(stored.v + ticks.reduce((sum, t) => sum + t.size, 0), 6);
    const seconds = (await read("1s")).map((b) => b.t);
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
  });
});
