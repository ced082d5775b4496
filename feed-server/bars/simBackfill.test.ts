import { describe, expect, it } from "vitest";
import type { Bar } from "../../lib/bars/types";
import type { TickPoint } from "../../lib/protocol";
import { waitFor } from "../../lib/testing/waitFor";
import { simulatePast } from "../../lib/simulatorPast";
import { specFor } from "../../lib/universe";
import { FakeClock } from "../testing/fakeClock";
import { useHarness } from "../testing/harness";
import { firstGap, TestClient } from "../testing/testClient";

const h = useHarness();

type BarsBody = { bars: (Bar & { partial?: boolean })[] };
const getJson = async <T>(url: string) => (await (await fetch(url)).json()) as T;

describe("the simulator starts with a past", () => {
  it("serves a year of daily bars, today's 1m bars with the last one moving, and a quote against the previous close", async () => {
    const started = performance.now();
    const s = await h.start({ FEED_SEED: "11", FEED_SYMBOLS: "" });
    // /health answers while the past is generated (one symbol per timer turn).
    const health = await fetch(`${s.httpUrl}/health`);
    expect(health.status).toBe(200);
    const healthMs = performance.now() - started;
    type Health = { source: { past: { done: number; of: number } } };
    await waitFor(async () => {
      const { past } = (await getJson<Health>(`${s.httpUrl}/health`)).source;
      return past.done === past.of && past.of === 36;
    }, "the past of all 36 symbols", 20_000);
    console.log(`start to /health: ${healthMs.toFixed(0)} ms; past of 36 symbols loaded after ${(performance.now() - started).toFixed(0)} ms`);
    expect(healthMs).toBeLessThan(2000); // generous on a shared machine

    const daily = await getJson<BarsBody>(`${s.httpUrl}/bars/AAPL?interval=1d&limit=300`);
    expect(daily.bars).toHaveLength(300);
    expect(daily.bars.at(-1)!.t - daily.bars[0]!.t).toBeGreaterThan(400 * 86_400_000); // 300 trading days: over a year
    const btc = await getJson<BarsBody>(`${s.httpUrl}/bars/BTC-USD?interval=1d&limit=5000`);
    expect(btc.bars.length).toBeGreaterThanOrEqual(731);

    const first = await getJson<BarsBody>(`${s.httpUrl}/bars/BTC-USD?interval=1m&limit=5`);
    expect(first.bars.at(-1)!.partial).toBe(true);
    await waitFor(async () => {
      const later = await getJson<BarsBody>(`${s.httpUrl}/bars/BTC-USD?interval=1m&limit=5`);
      return later.bars.at(-1)!.n > first.bars.at(-1)!.n || later.bars.at(-1)!.t > first.bars.at(-1)!.t;
    }, "the last 1m bar to move", 10_000);

    const quote = await getJson<Record<string, number | null>>(`${s.httpUrl}/quote/BTC-USD`);
    expect(quote.prevClose).toBeGreaterThan(0);
    expect(quote.dayOpen).toBeGreaterThan(0);
    expect(quote.change).toBeCloseTo((quote.price as number) - (quote.prevClose as number), 6);
  });

  it("the first live tick continues today's last bar", async () => {
    const clock = new FakeClock(Date.parse("2027-01-13T16:20:30Z")); // Wednesday 11:20:30 New York
    const past = simulatePast({ spec: specFor("AAPL"), seed: 5, now: clock.time, ratePerSymbol: 5 });
    const pastDay = past.bars["1d"].at(-1)!;
    const pastHour = past.bars["1h"].at(-1)!;
    expect(pastDay.c).toBe(231.5); // the past ends at the spec's price, where the live walk starts
    const s = await h.start({ FEED_SEED: "5", FEED_SYMBOLS: "AAPL" }, { now: clock.now, timers: clock });
    clock.advance(0); // the past, one symbol per timer turn
    clock.advance(1000);
    const ticks = (await getJson<{ ticks: TickPoint[] }>(`${s.httpUrl}/history/AAPL?limit=1000`)).ticks;
    // From the minute's start (16:20:00) on: 30 s walked before the start, one second live.
    expect(ticks[0]!.seq).toBe(1);
    expect(ticks[0]!.ts).toBeGreaterThanOrEqual(Date.parse("2027-01-13T16:20:00Z"));
    expect(ticks.length).toBeGreaterThan(100);
    expect(Math.abs(ticks[0]!.price - pastDay.c)).toBeLessThan(1); // a step of the walk, not a jump
    const book = s.server.bars!.book;
    expect(book.open("AAPL", "1d")!.bar).toMatchObject({ t: pastDay.t, o: pastDay.o, n: pastDay.n + ticks.length, c: ticks.at(-1)!.price });
    expect(book.open("AAPL", "1h")!.bar).toMatchObject({ t: pastHour.t, o: pastHour.o, n: pastHour.n + ticks.length });
    expect(book.open("AAPL", "1m")!.bar).toMatchObject({ t: Date.parse("2027-01-13T16:20:00Z"), o: ticks[0]!.price, n: ticks.length });
  });

  it("a client that subscribes while the past is still loading gets the walk so far in its snapshot and then every tick", async () => {
    const clock = new FakeClock(Date.parse("2027-01-13T16:20:30Z"));
    const s = await h.start({ FEED_SEED: "5", FEED_SYMBOLS: "AAPL,MSFT,ETH-USD", FEED_TICK_RATE: "20" }, { now: clock.now, timers: clock });
    // No timer has run: no symbol's past is loaded yet, and 30 s of the minute were walked.
    const client = await TestClient.connect(s.wsUrl);
    h.track(client);
    client.subscribe(["ETH-USD"]);
    const snap = await client.next("snapshot");
    expect(snap.seq).toBeGreaterThan(100);
    for (let i = 0; i < 10; i++) clock.advance(i === 0 ? 0 : 200);
    await waitFor(() => client.ticks("ETH-USD").length >= 5, "live ETH-USD ticks", 5000);
    const seqs = client.seqsSinceSnapshot("ETH-USD");
    expect(firstGap(seqs)).toBeUndefined();
    expect(client.ticks("ETH-USD")[0]!.seq).toBe(snap.seq + 1);
  });

  it("two runs with one seed started in the same minute give identical closed bars and ticks at the same seq", async () => {
    const run = async (startAt: number, steps: number[]) => {
      const clock = new FakeClock(startAt);
      const s = await h.start({ FEED_SEED: "99", FEED_SYMBOLS: "AAPL,MSFT,ETH-USD", FEED_TICK_RATE: "20" }, { now: clock.now, timers: clock });
      // Different timer timing in each run: the per-symbol streams make it irrelevant.
      for (const ms of steps) clock.advance(ms);
      const out: Record<string, unknown> = {};
      for (const symbol of ["AAPL", "MSFT", "ETH-USD"]) {
        const closed = (interval: string, to: string) => getJson<BarsBody>(`${s.httpUrl}/bars/${symbol}?interval=${interval}&to=${Date.parse(to)}&limit=5000`);
        out[symbol] = {
          d: (await closed("1d", "2027-01-13T00:00:00Z")).bars,
          m: (await closed("1m", "2027-01-13T16:20:00Z")).bars,
          // Live 1s bars of the first seconds, closed in both runs.
          s: (await closed("1s", "2027-01-13T16:20:06Z")).bars,
          ticks: (await getJson<{ ticks: TickPoint[] }>(`${s.httpUrl}/history/${symbol}?limit=1000`)).ticks.filter((t) => t.seq <= 100),
        };
      }
      await s.server.stop();
      return out;
    };
    const a = await run(Date.parse("2027-01-13T16:20:05Z"), [5_000, 5_000]);
    const b = await run(Date.parse("2027-01-13T16:20:41Z"), Array.from({ length: 30 }, (_, i) => [7, 700, 93][i % 3]!));
    const of = (r: Record<string, unknown>) => r.AAPL as { ticks: TickPoint[]; s: Bar[]; m: Bar[]; d: Bar[] };
    expect(of(a).ticks).toHaveLength(100);
    expect(of(a).s.length).toBeGreaterThan(4);
    expect(of(a).m.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
  });
});
