import { describe, expect, it } from "vitest";
import type { StatusMessage } from "../../lib/protocol";
import { FakeClock } from "../testing/fakeClock";
import { useHarness } from "../testing/harness";
import { ManualSource } from "../testing/manualSource";
import { TestClient } from "../testing/testClient";

const h = useHarness();

describe("FEED_MARKET_HOURS=exchange (injected clock)", () => {
  it("announces the close and the open in status messages; crypto stays open", async () => {
    // Friday 6 March 2026, 15:59:58 New York (EST).
    const clock = new FakeClock(Date.parse("2026-03-06T20:59:58Z"));
    const source = new ManualSource({ AAPL: 100, "BTC-USD": 90_000 });
    const s = await h.start({ FEED_MARKET_HOURS: "exchange" }, { source, now: clock.now, timers: clock });
    source.emit("AAPL", 101, clock.time - 1000);
    const c = await TestClient.connect(s.wsUrl);
    h.track(c);
    c.subscribe(["AAPL", "BTC-USD"]);
    expect(await c.next("snapshot", (m) => m.symbol === "AAPL")).toMatchObject({ market: "open" });
    const bars = await TestClient.connect(s.wsUrl);
    h.track(bars);
    bars.send({ op: "subscribe", symbols: ["AAPL"], bars: "1d" });
    await bars.next("snapshot");

    clock.advance(3000);
    const closed = await c.next("status", (m) => m.market === "closed");
    expect(closed).toEqual({ type: "status", symbol: "AAPL", state: "live", market: "closed" });
    expect(await bars.next("status")).toEqual(closed); // bar subscribers hear it too

    // A subscriber while the market is closed gets the last prices and the closed state, no error.
    const late = await TestClient.connect(s.wsUrl);
    h.track(late);
    late.subscribe(["AAPL"]);
    expect(await late.next("snapshot")).toMatchObject({ symbol: "AAPL", market: "closed", seq: 1, ticks: [{ seq: 1, price: 101 }], dayOpen: 101 });
    expect(late.messages.some((m) => m.type === "error")).toBe(false);
    const quote = (await (await fetch(`${s.httpUrl}/quote/AAPL`)).json()) as { market: string };
    expect(quote.market).toBe("closed");

    // Over the weekend to Monday 9 March 09:30 New York, now EDT (13:30 UTC).
    clock.jumpTo(Date.parse("2026-03-09T13:29:59Z"));
    clock.advance(1500);
    const opened = await c.next("status", (m) => m.market === "open");
    expect(opened.symbol).toBe("AAPL");
    const statuses = c.messages.filter((m): m is StatusMessage => m.type === "status");
    expect(statuses.map((m) => [m.symbol, m.market])).toEqual([
      ["AAPL", "closed"],
      ["AAPL", "open"],
    ]);
  });

  it("the simulator keeps stocks silent on a Saturday; a subscriber gets Friday's close and the closed state", async () => {
    const clock = new FakeClock(Date.parse("2026-03-07T17:00:00Z")); // Saturday noon, New York
    const s = await h.start({ FEED_MARKET_HOURS: "exchange", FEED_SYMBOLS: "AAPL,BTC-USD", FEED_SEED: "4" }, { now: clock.now, timers: clock });
    clock.advance(0);
    clock.advance(5_000);
    const c = await TestClient.connect(s.wsUrl);
    h.track(c);
    c.subscribe(["AAPL", "BTC-USD"]);
    const aapl = await c.next("snapshot", (m) => m.symbol === "AAPL");
    const btc = await c.next("snapshot", (m) => m.symbol === "BTC-USD");
    expect(aapl).toMatchObject({ seq: 0, ticks: [], market: "closed", dayOpen: null, change: null });
    expect(aapl.prevClose).toBe(231.5); // Friday's close: where the past ends
    expect(btc.market).toBe("open");
    expect(btc.seq).toBeGreaterThan(10);
    expect(c.messages.some((m) => m.type === "error")).toBe(false);
    const quote = (await (await fetch(`${s.httpUrl}/quote/AAPL`)).json()) as Record<string, unknown>;
    expect(quote).toMatchObject({ price: 231.5, market: "closed", prevClose: 231.5 });
  });
});
