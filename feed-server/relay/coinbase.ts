/**
 * Coinbase Exchange feed: `{"type":"subscribe","product_ids":["BTC-USD"],"channels":["matches"]}`;
 * trades `{"type":"match","trade_id":10,"sequence":50,"time":"2014-11-07T08:19:27.028459Z",
 * "product_id":"BTC-USD","size":"5.23512","price":"400.23","side":"sell"}`.
 */
import { parseTyped, toNumber, validTrade, type UpstreamAdapter } from "./adapter";

function frame(type: "subscribe" | "unsubscribe", products: string[]): string {
  return JSON.stringify({ type, product_ids: products, channels: ["matches"] });
}

export const coinbase: UpstreamAdapter = {
  name: "coinbase",
  defaultUrl: "wss://ws-feed.exchange.coinbase.com",
  defaultSymbols: ["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD", "LTC-USD", "AVAX-USD"],
  needsToken: false,
  // Coinbase allows 8 messages per second per IP on the public feed.
  maxFramesPerSecond: 8,
  connectUrl: (base) => base,
  toUpstream: (symbol) => symbol,
  tradeKey: (upstream) => upstream,
  subscribeFrames: (upstream) => [frame("subscribe", upstream)],
  unsubscribeFrames: (upstream) => [frame("unsubscribe", upstream)],
  parse(text) {
    const typed = parseTyped(text);
    if (!typed.ok) return typed.event;
    const msg = typed.msg;
    switch (msg.type) {
      case "match": {
        if (typeof msg.product_id !== "string" || typeof msg.time !== "string") {
          return { kind: "malformed", reason: "match without product_id or time" };
        }
        const t = {
          upstream: msg.product_id,
          price: toNumber(msg.price) ?? NaN,
          size: toNumber(msg.size) ?? NaN,
          ts: Date.parse(msg.time),
          id: toNumber(msg.trade_id),
        };
        if (!validTrade(t)) return { kind: "malformed", reason: `bad match numbers for ${msg.product_id.slice(0, 20)}` };
        return { kind: "trades", trades: [t] };
      }
      // last_match replays the most recent trade on subscribe: old news, and it would double-count.
      case "subscriptions":
      case "heartbeat":
      case "last_match":
        return { kind: "alive" };
      case "error":
        return { kind: "upstreamError", message: typeof msg.message === "string" ? msg.message : "unspecified error" };
      default:
        return { kind: "unexpected", type: msg.type.slice(0, 32) };
    }
  },
};
