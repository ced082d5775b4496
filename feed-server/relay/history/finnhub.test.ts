import { describe, expect, it } from "vitest";
import { finnhubColumns as columns } from "../testing/historyFormats";
import { describeHistoryContract } from "../testing/historyContract";
import { fetchFinnhubHistory } from "./finnhub";

describeHistoryContract({ relay: "finnhub", symbol: "AAPL", path: "/api/v1/stock/candle", body: columns, tradeCounts: false, unsupported: "1s", token: "KEY" });

describe("finnhub candles", () => {
  const req = { upstream: "AAPL", interval: "1m" as const, limit: 10, now: 1_764_000_030_000 };
  const answer = (body: unknown) => async () => new Response(JSON.stringify(body));

  it("sends symbol, resolution, a from/to window in seconds and the token; crypto names use /crypto/candle", async () => {
    const seen: URL[] = [];
    const get = async (url: string) => {
      seen.push(new URL(url));
      return new Response('{"s":"no_data"}');
    };
    expect(await fetchFinnhubHistory("https://x.test", "KEY", req, 1000, get)).toEqual([]);
    await fetchFinnhubHistory("https://x.test", "KEY", { ...req, upstream: "BINANCE:BTCUSDT", interval: "1d" }, 1000, get);
    expect(seen[0]!.pathname).toBe("/api/v1/stock/candle");
    expect(Object.fromEntries(seen[0]!.searchParams)).toEqual({ symbol: "AAPL", resolution: "1", from: String(1_764_000_030 - 1320), to: "1764000030", token: "KEY" });
    expect(seen[1]!.pathname).toBe("/api/v1/crypto/candle");
    expect(seen[1]!.searchParams.get("resolution")).toBe("D");
  });

  it("needs the token, and reports an error answer or ragged columns clearly", async () => {
    await expect(fetchFinnhubHistory("https://x.test", undefined, req, 1000, answer({ s: "ok" }))).rejects.toThrow(/FEED_UPSTREAM_TOKEN is required/);
    await expect(fetchFinnhubHistory("https://x.test", "KEY", req, 1000, answer({ error: "You don't have access to this resource." }))).rejects.toThrow(
      /finnhub candles: You don't have access/,
    );
    await expect(fetchFinnhubHistory("https://x.test", "KEY", req, 1000, answer({ s: "ok", t: [1, 2], o: [1], h: [1, 2], l: [1, 2], c: [1, 2], v: [1, 2] }))).rejects.toThrow(
      /column o missing or of the wrong length/,
    );
  });
});
