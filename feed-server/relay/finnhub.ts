/**
 * Finnhub trades WebSocket (wss://ws.finnhub.io?token=KEY): one symbol per subscribe message,
 * trades in batches `{"type":"trade","data":[{"s","p","t","v","c"}]}`, keepalive `{"type":"ping"}`
 * from the server.
 */
import { isRecord, parseTyped, toNumber, validTrade, type UpstreamAdapter, type UpstreamTrade } from "./adapter";

const CRYPTO: Record<string, string> = { "BTC-USD": "BINANCE:BTCUSDT", "ETH-USD": "BINANCE:ETHUSDT", "SOL-USD": "BINANCE:SOLUSDT" };

export const finnhub: UpstreamAdapter = {
  name: "finnhub",
  defaultUrl: "wss://ws.finnhub.io",
  defaultSymbols: ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "SPY", "QQQ", "BTC-USD", "ETH-USD"],
  needsToken: true,
  // Finnhub documents 30 API calls per second; stay well under it.
  maxFramesPerSecond: 10,
  connectUrl(base, token) {
    const url = new URL(base);
    if (token) url.searchParams.set("token", token);
    return url.toString();
  },
  toUpstream: (symbol) => CRYPTO[symbol] ?? symbol,
  tradeKey: (upstream) => upstream,
  subscribeFrames: (upstream) => upstream.map((symbol) => JSON.stringify({ type: "subscribe", symbol })),
  unsubscribeFrames: (upstream) => upstream.map((symbol) => JSON.stringify({ type: "unsubscribe", symbol })),
  parse(text) {
    const typed = parseTyped(text);
    if (!typed.ok) return typed.event;
    const msg = typed.msg;
    switch (msg.type) {
      case "ping":
        return { kind: "alive" };
      case "error":
        return { kind: "upstreamError", message: typeof msg.msg === "string" ? msg.msg : "unspecified error" };
      case "trade": {
        if (!Array.isArray(msg.data)) return { kind: "malformed", reason: "trade without data array" };
        const trades: UpstreamTrade[] = [];
        for (const d of msg.data) {
          if (!isRecord(d) || typeof d.s !== "string") return { kind: "malformed", reason: "trade entry without s" };
          const trade = { upstream: d.s, price: toNumber(d.p) ?? NaN, size: toNumber(d.v) ?? NaN, ts: toNumber(d.t) ?? NaN };
          if (!validTrade(trade)) return { kind: "malformed", reason: `bad trade numbers for ${d.s.slice(0, 20)}` };
          trades.push(trade);
        }
        return { kind: "trades", trades };
      }
      default:
        return { kind: "unexpected", type: msg.type.slice(0, 32) };
    }
  },
};
