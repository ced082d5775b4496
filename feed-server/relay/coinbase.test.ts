import { describe, expect, it } from "vitest";
import { coinbase } from "./coinbase";
import { coinbaseHistory } from "./testing/historyFormats";
import { describeRelayContract } from "./testing/relayContract";

type Frame = { type?: string; product_ids?: string[]; channels?: string[] };
let tradeId = 10;

describeRelayContract({
  relay: "coinbase",
  symbols: ["BTC-USD", "ETH-USD"],
  upstreamNames: ["BTC-USD", "ETH-USD"],
  subscribedIn: (frames) => (frames as Frame[]).filter((f) => f.type === "subscribe").flatMap((f) => f.product_ids ?? []),
  unsubscribedIn: (frames) => (frames as Frame[]).filter((f) => f.type === "unsubscribe").flatMap((f) => f.product_ids ?? []),
  tradeFrames: (product, trades) =>
    trades.map((t) =>
      JSON.stringify({
        type: "match",
        trade_id: tradeId++,
        sequence: 50 + tradeId,
        time: new Date(t.ts).toISOString(),
        product_id: product,
        size: String(t.size),
        price: String(t.price),
        side: "sell",
      }),
    ),
  quietFrames: ['{"type":"heartbeat","sequence":1,"last_trade_id":1,"product_id":"BTC-USD","time":"2014-11-07T08:19:28.464459Z"}'],
  history: coinbaseHistory("BTC-USD"),
  maxFramesPerSecond: coinbase.maxFramesPerSecond,
});

describe("coinbase adapter", () => {
  it("reads a match with string numbers and an ISO time", () => {
    const msg =
      '{"type":"match","trade_id":10,"sequence":50,"time":"2014-11-07T08:19:27.028459Z","product_id":"BTC-USD","size":"5.23512","price":"400.23","side":"sell"}';
    expect(coinbase.parse(msg)).toEqual({
      kind: "trades",
      trades: [{ upstream: "BTC-USD", price: 400.23, size: 5.23512, ts: Date.parse("2014-11-07T08:19:27.028Z"), id: 10 }],
    });
    expect(coinbase.parse('{"type":"match","product_id":"BTC-USD","time":"not a time","price":"1","size":"1"}').kind).toBe("malformed");
  });

  it("subscribes to the matches channel", () => {
    expect(JSON.parse(coinbase.subscribeFrames(["BTC-USD"])[0]!)).toEqual({ type: "subscribe", product_ids: ["BTC-USD"], channels: ["matches"] });
  });

  it("treats subscriptions, heartbeats and last_match as signs of life", () => {
    for (const type of ["subscriptions", "heartbeat", "last_match"]) expect(coinbase.parse(JSON.stringify({ type })).kind).toBe("alive");
  });
});
