import { describe, expect, it } from "vitest";
import { coinbaseCandles as candles } from "../testing/historyFormats";
import { describeHistoryContract } from "../testing/historyContract";
import { fetchCoinbaseHistory } from "./coinbase";

describeHistoryContract({ relay: "coinbase", symbol: "BTC-USD", path: "/products/BTC-USD/candles", body: candles, tradeCounts: false, unsupported: "1s" });

describe("coinbase candles", () => {
  it("asks by granularity in seconds and reads the field order low, high, open, close", async () => {
    const seen: string[] = [];
    const get = async (url: string) => {
      seen.push(url);
      return new Response(JSON.stringify([[1_764_000_000 - 86_400, 90, 120, 100, 110, 7.5]]));
    };
    const bars = await fetchCoinbaseHistory("https://x.test", { upstream: "ETH-USD", interval: "1d", limit: 5, now: 1_764_000_000_000 }, 1000, get);
    expect(new URL(seen[0]!).pathname + new URL(seen[0]!).search).toBe("/products/ETH-USD/candles?granularity=86400");
    expect(bars).toEqual([{ t: 1_764_000_000_000 - 86_400_000, o: 100, h: 120, l: 90, c: 110, v: 7.5, n: 0 }]);
  });
});
