import { describe, expect, it } from "vitest";
import { finnhub } from "./finnhub";
import { FINNHUB_STOCK_HISTORY } from "./testing/historyFormats";
import { describeRelayContract } from "./testing/relayContract";

type Frame = { type?: string; symbol?: string };

describeRelayContract({
  relay: "finnhub",
  symbols: ["AAPL", "BTC-USD"],
  upstreamNames: ["AAPL", "BINANCE:BTCUSDT"],
  subscribedIn: (frames) => (frames as Frame[]).filter((f) => f.type === "subscribe").map((f) => f.symbol!),
  unsubscribedIn: (frames) => (frames as Frame[]).filter((f) => f.type === "unsubscribe").map((f) => f.symbol!),
  // Finnhub batches trades: one message for all of them.
  tradeFrames: (s, trades) => [JSON.stringify({ type: "trade", data: trades.map((t) => ({ s, p: t.price, v: t.size, t: t.ts, c: ["1"] })) })],
  quietFrames: ['{"type":"ping"}'],
  history: FINNHUB_STOCK_HISTORY,
  maxFramesPerSecond: finnhub.maxFramesPerSecond,
  env: { FEED_UPSTREAM_TOKEN: "test-api-key" },
});

describe("finnhub adapter", () => {
  it("puts the token in the URL", () => {
    expect(finnhub.connectUrl("wss://ws.finnhub.io", "KEY")).toBe("wss://ws.finnhub.io/?token=KEY");
  });

  it("reads a batch of trades and rejects a batch with a broken entry", () => {
    const ok = finnhub.parse('{"type":"trade","data":[{"s":"AAPL","p":129.58,"t":1672348887666,"v":1,"c":["1","12"]},{"s":"AAPL","p":129.6,"t":1672348887667,"v":5}]}');
    expect(ok).toEqual({
      kind: "trades",
      trades: [
        { upstream: "AAPL", price: 129.58, size: 1, ts: 1672348887666 },
        { upstream: "AAPL", price: 129.6, size: 5, ts: 1672348887667 },
      ],
    });
    expect(finnhub.parse('{"type":"trade","data":[{"s":"AAPL","p":"x","t":1,"v":1}]}').kind).toBe("malformed");
    expect(finnhub.parse('{"type":"error","msg":"Invalid token"}')).toEqual({ kind: "upstreamError", message: "Invalid token" });
  });

  it("sends one subscribe message per symbol", () => {
    expect(finnhub.subscribeFrames(["AAPL", "MSFT"])).toEqual(['{"type":"subscribe","symbol":"AAPL"}', '{"type":"subscribe","symbol":"MSFT"}']);
  });
});
