import { describe, expect, it } from "vitest";
import { binanceKlines as klines } from "../testing/historyFormats";
import { describeHistoryContract, historyBars } from "../testing/historyContract";
import { fetchBinanceHistory } from "./binance";

describeHistoryContract({ relay: "binance", symbol: "BTC-USD", path: "/api/v3/klines", body: klines, tradeCounts: true });

describe("binance klines", () => {
  it("asks for the USDT pair and interval by name, one more than wanted (the open kline)", async () => {
    const seen: string[] = [];
    const get = async (url: string) => {
      seen.push(url);
      return new Response(JSON.stringify(klines(historyBars(2, 1_764_000_000_000, 1000))));
    };
    const bars = await fetchBinanceHistory("https://x.test", { upstream: "BTCUSDT", interval: "1s", limit: 5, now: 1_764_000_000_500 }, 1000, get);
    expect(new URL(seen[0]!).search).toBe("?symbol=BTCUSDT&interval=1s&limit=6");
    expect(bars.map((b) => b.t)).toEqual([1_763_999_999_000]);
  });
});
