import { describe, expect, it } from "vitest";
import type { Bar } from "../../lib/bars/types";
import { FakeClock } from "../testing/fakeClock";
import { useHarness } from "../testing/harness";
import { ManualSource } from "../testing/manualSource";

const h = useHarness();
const MINUTE = 60_000;

interface BarsBody {
  symbol: string;
  interval: string;
  bars: (Bar & { partial?: true })[];
  next: number | null;
}

/** A server fed by hand: ten 1m bars of AAPL (one tick at the start of each minute, the last still open). */
async function tenMinutes() {
  const clock = new FakeClock(Date.parse("2027-01-15T15:00:00Z"));
  const source = new ManualSource({ AAPL: 100, MSFT: 400 });
  const s = await h.start({}, { source, now: clock.now, timers: clock });
  const base = clock.time;
  for (let i = 0; i < 10; i++) source.emit("AAPL", 100 + i, base + i * MINUTE + 1_000);
  clock.time = base + 9 * MINUTE + 2_000;
  const get = async (path: string) => {
    const res = await fetch(`${s.httpUrl}${path}`);
    return { status: res.status, cors: res.headers.get("access-control-allow-origin"), body: (await res.json()) as BarsBody & { error?: string; message?: string } };
  };
  return { get, base, source, clock };
}

describe("GET /bars/:symbol", () => {
  it("without from returns the newest limit bars, oldest first, the open bar marked partial", async () => {
    const { get, base } = await tenMinutes();
    const r = await get("/bars/AAPL?interval=1m&limit=3");
    expect(r.status).toBe(200);
    expect(r.cors).toBe("*");
    expect(r.body.symbol).toBe("AAPL");
    expect(r.body.interval).toBe("1m");
    expect(r.body.next).toBeNull();
    expect(r.body.bars.map((b) => b.t)).toEqual([7, 8, 9].map((i) => base + i * MINUTE));
    expect(r.body.bars[2]).toEqual({ t: base + 9 * MINUTE, o: 109, h: 109, l: 109, c: 109, v: 100, n: 1, partial: true });
    expect(r.body.bars[1]!.partial).toBeUndefined();
    // Default limit 500: all ten.
    expect((await get("/bars/aapl?interval=1m")).body.bars).toHaveLength(10);
  });

  it("with from pages forward through next until the open bar", async () => {
    const { get, base } = await tenMinutes();
    const seen: number[] = [];
    let from: number | null = base;
    let pages = 0;
    while (from !== null) {
      const r = await get(`/bars/AAPL?interval=1m&from=${from}&limit=4`);
      expect(r.status).toBe(200);
      seen.push(...r.body.bars.map((b) => b.t));
      from = r.body.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => base + i * MINUTE));
    const bounded = await get(`/bars/AAPL?interval=1m&from=${base + 2 * MINUTE}&to=${base + 5 * MINUTE}`);
    expect(bounded.body.bars.map((b) => b.t)).toEqual([2, 3, 4].map((i) => base + i * MINUTE));
    expect(bounded.body.next).toBeNull();
    // Coarser intervals hold the same ticks.
    const fiveMin = await get("/bars/AAPL?interval=5m");
    expect(fiveMin.body.bars.map((b) => [b.o, b.c, b.n])).toEqual([
      [100, 104, 5],
      [105, 109, 5],
    ]);
  });

  it.each([
    ["/bars/NOPE?interval=1m", 404, "UNKNOWN_SYMBOL", /unknown symbol NOPE/],
    ["/bars/AAPL", 400, "BAD_REQUEST", /interval must be one of 1s, 1m, 5m, 15m, 1h, 1d \(it is required\)/],
    ["/bars/AAPL?interval=2m", 400, "BAD_REQUEST", /got "2m"/],
    ["/bars/AAPL?interval=1m&from=20&to=10", 400, "BAD_REQUEST", /inverted/],
    ["/bars/AAPL?interval=1m&from=10&to=10", 400, "BAD_REQUEST", /empty or inverted/],
    ["/bars/AAPL?interval=1m&from=yesterday", 400, "BAD_REQUEST", /from must be a non-negative integer/],
    ["/bars/AAPL?interval=1m&limit=0", 400, "BAD_REQUEST", /limit must be from 1 to 5000/],
    ["/bars/AAPL?interval=1m&limit=5001", 400, "BAD_REQUEST", /limit must be from 1 to 5000/],
    ["/bars/%E0%A4%A?interval=1m", 400, "BAD_REQUEST", /URL encoding/],
  ])("%s answers %i with a JSON error", async (path, status, error, message) => {
    const { get } = await tenMinutes();
    const r = await get(path);
    expect(r.status).toBe(status);
    expect(r.cors).toBe("*");
    expect(r.body.error).toBe(error);
    expect(r.body.message).toMatch(message);
  });
});

describe("GET /quote/:symbol and /symbols", () => {
  it("give day stats against the previous close, market, kind and sector", async () => {
    const clock = new FakeClock(Date.parse("2027-01-15T15:00:00Z")); // Friday 10:00 New York
    const source = new ManualSource({ AAPL: 100, "BTC-USD": 90_000 });
    const s = await h.start({}, { source, now: clock.now, timers: clock });
    source.emit("AAPL", 98, Date.parse("2027-01-14T20:59:00Z")); // Thursday's close
    source.emit("AAPL", 99, Date.parse("2027-01-15T14:30:00Z"));
    source.emit("AAPL", 103, Date.parse("2027-01-15T14:31:00Z"));
    source.emit("AAPL", 101, Date.parse("2027-01-15T14:32:00Z"));
    const quote = (await (await fetch(`${s.httpUrl}/quote/AAPL`)).json()) as Record<string, unknown>;
    expect(quote).toMatchObject({
      symbol: "AAPL",
      price: 101,
      seq: 4,
      prevClose: 98,
      dayOpen: 99,
      high: 103,
      low: 99,
      volume: 300,
      change: 3,
      changePct: 3.0612,
      market: "open",
      kind: "stock",
      sector: "Technology",
    });
    const list = (await (await fetch(`${s.httpUrl}/symbols`)).json()) as Record<string, unknown>[];
    expect(list.find((q) => q.symbol === "AAPL")).toEqual(quote);
    expect(list.find((q) => q.symbol === "BTC-USD")).toMatchObject({ kind: "crypto", sector: "Crypto", prevClose: null, dayOpen: null, change: null });
    const missing = await fetch(`${s.httpUrl}/quote/NOPE`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "UNKNOWN_SYMBOL" });
  });

  it("reset at the trading-day boundary: the next day's first trade starts a new day", async () => {
    const clock = new FakeClock(Date.parse("2027-01-15T20:00:00Z"));
    const source = new ManualSource({ "ETH-USD": 3000 });
    const s = await h.start({}, { source, now: clock.now, timers: clock });
    source.emit("ETH-USD", 3000, Date.parse("2027-01-15T23:59:59.999Z"));
    clock.time = Date.parse("2027-01-16T00:00:00Z");
    const before = (await (await fetch(`${s.httpUrl}/quote/ETH-USD`)).json()) as Record<string, unknown>;
    expect(before).toMatchObject({ prevClose: 3000, dayOpen: null, high: null, volume: 0, change: null });
    source.emit("ETH-USD", 3030, Date.parse("2027-01-16T00:00:00Z"));
    const after = (await (await fetch(`${s.httpUrl}/quote/ETH-USD`)).json()) as Record<string, unknown>;
    expect(after).toMatchObject({ prevClose: 3000, dayOpen: 3030, change: 30, changePct: 1 });
  });
});
