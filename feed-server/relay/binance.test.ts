import { describe, expect, it } from "vitest";
import { binance } from "./binance";
import { BINANCE_HISTORY } from "./testing/historyFormats";
import { describeRelayContract } from "./testing/relayContract";

type Frame = { method?: string; params?: string[] };
const tradeKey = (stream: string) => stream.replace(/@trade$/, "").toUpperCase();
let tradeId = 1000;

describeRelayContract({
  relay: "binance",
  symbols: ["BTC-USD", "ETH-USD"],
  upstreamNames: ["btcusdt@trade", "ethusdt@trade"],
  subscribedIn: (frames) => (frames as Frame[]).filter((f) => f.method === "SUBSCRIBE").flatMap((f) => f.params ?? []),
  unsubscribedIn: (frames) => (frames as Frame[]).filter((f) => f.method === "UNSUBSCRIBE").flatMap((f) => f.params ?? []),
  // Prices and quantities are strings; alternate plain and combined-stream wrapping.
  tradeFrames: (stream, trades) =>
    trades.map((t, i) => {
      const data = { e: "trade", E: t.ts + 1, s: tradeKey(stream), t: tradeId++, p: String(t.price), q: String(t.size), T: t.ts, m: true };
      return JSON.stringify(i % 2 === 0 ? data : { stream, data });
    }),
  quietFrames: ['{"result":null,"id":1}'],
  history: BINANCE_HISTORY,
  maxFramesPerSecond: 5,
});

describe("binance adapter", () => {
  it("maps BTC-USD to btcusdt@trade and back", () => {
    expect(binance.toUpstream("BTC-USD")).toBe("btcusdt@trade");
    expect(binance.tradeKey("btcusdt@trade")).toBe("BTCUSDT");
  });

  it("reads string prices, combined streams, replies and errors", () => {
    const trade = { e: "trade", E: 1, s: "BTCUSDT", t: 12345, p: "0.001", q: "100", T: 1672515782136, m: true };
    const expected = { kind: "trades", trades: [{ upstream: "BTCUSDT", price: 0.001, size: 100, ts: 1672515782136, id: 12345 }] };
    expect(binance.parse(JSON.stringify(trade))).toEqual(expected);
    expect(binance.parse(JSON.stringify({ stream: "btcusdt@trade", data: trade }))).toEqual(expected);
    expect(binance.parse('{"result":null,"id":1}')).toEqual({ kind: "alive" });
    expect(binance.parse('{"error":{"code":2,"msg":"Invalid request"},"id":3}')).toEqual({ kind: "upstreamError", message: "Invalid request" });
    expect(binance.parse(JSON.stringify({ ...trade, p: "" })).kind).toBe("malformed");
  });

  it("batches a subscription into one message, respecting the 5 messages/s limit", () => {
    const frames = binance.subscribeFrames(["btcusdt@trade", "ethusdt@trade"]);
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0]!)).toMatchObject({ method: "SUBSCRIBE", params: ["btcusdt@trade", "ethusdt@trade"] });
    expect(binance.maxFramesPerSecond).toBeLessThanOrEqual(5);
  });
});
