/**
 * Property: for random tick streams, bars rebuilt in the client from the ticks (with the shared
 * lib/bars aggregator) equal the bars the server serves, in every interval.
 */
import { describe, expect, it } from "vitest";
import { BarAggregator } from "../../lib/bars/aggregator";
import { INTERVALS, type Bar, type Interval } from "../../lib/bars/types";
import { seededRandom } from "../../lib/random";
import { symbolKind } from "../../lib/universe";
import { FakeClock } from "../testing/fakeClock";
import { useHarness } from "../testing/harness";
import { ManualSource } from "../testing/manualSource";

const h = useHarness();
// Saturday 7 March 2026, noon UTC: streams run across New York's spring-forward night.
const START = Date.parse("2026-03-07T12:00:00Z");

/** Gaps from simultaneous trades to quiet hours, so every kind of boundary is crossed. */
function gap(random: () => number): number {
  const r = random();
  if (r < 0.1) return 0;
  if (r < 0.6) return Math.floor(random() * 2_000);
  if (r < 0.9) return Math.floor(random() * 120_000);
  if (r < 0.99) return Math.floor(random() * 3_600_000);
  return Math.floor(random() * 40_000_000);
}

describe("bars rebuilt from ticks equal the server's bars", () => {
  it.each([1, 2, 3, 4, 5, 6])("random stream, seed %i", async (seed) => {
    const random = seededRandom(seed);
    const symbols = ["AAPL", "ETH-USD"];
    const clock = new FakeClock(START);
    const source = new ManualSource({ AAPL: 100, "ETH-USD": 3000 });
    const s = await h.start({}, { source, now: clock.now, timers: clock });
    const expected = new Map<string, Map<Interval, Bar[]>>();
    const aggregators = new Map<string, BarAggregator>();
    for (const symbol of symbols) {
      const closed = new Map<Interval, Bar[]>(INTERVALS.map((i) => [i, []]));
      expected.set(symbol, closed);
      aggregators.set(symbol, new BarAggregator(symbolKind(symbol), (interval, bar) => closed.get(interval)!.push({ ...bar })));
    }
    const ts = new Map(symbols.map((sym) => [sym, START]));
    const prices = new Map([["AAPL", 100], ["ETH-USD", 3000]]);
    for (let i = 0; i < 1500; i++) {
      const symbol = symbols[Math.floor(random() * symbols.length)]!;
      const t = ts.get(symbol)! + gap(random);
      ts.set(symbol, t);
      const price = Number((prices.get(symbol)! * Math.exp((random() - 0.5) * 0.01)).toFixed(2));
      prices.set(symbol, price);
      const tick = source.emit(symbol, price, t);
      aggregators.get(symbol)!.add(tick);
    }
    for (const symbol of symbols) {
      for (const interval of INTERVALS) {
        const open = aggregators.get(symbol)!.current(interval);
        const want = [...expected.get(symbol)!.get(interval)!, ...(open ? [open.bar] : [])];
        const res = await fetch(`${s.httpUrl}/bars/${symbol}?interval=${interval}&limit=5000`);
        const body = (await res.json()) as { bars: (Bar & { partial?: boolean })[] };
        const got = body.bars.map(({ partial: _partial, ...bar }) => bar);
        expect(got, `${symbol} ${interval}`).toEqual(want.slice(-5000));
      }
    }
  });
});
