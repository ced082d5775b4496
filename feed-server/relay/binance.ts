/**
 * Binance spot trade streams: `{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}`, answered
 * `{"result":null,"id":1}`; trades `{"e":"trade","s":"BTCUSDT","t":12345,"p":"0.001","q":"100","T":...}`
 * with decimal strings, optionally wrapped as `{"stream":...,"data":...}` on combined streams.
 * Binance accepts at most 5 incoming messages per second and drops connections after 24 h; the
 * server's WebSocket pings are answered by the ws library.
 */
import { isRecord, parseJson, toNumber, validTrade, type UpstreamAdapter, type UpstreamEvent } from "./adapter";

let nextId = 1;

function trade(msg: Record<string, unknown>): UpstreamEvent {
  if (typeof msg.s !== "string") return { kind: "malformed", reason: "trade without s" };
  const t = { upstream: msg.s, price: toNumber(msg.p) ?? NaN, size: toNumber(msg.q) ?? NaN, ts: toNumber(msg.T) ?? NaN, id: toNumber(msg.t) };
  if (!validTrade(t)) return { kind: "malformed", reason: `bad trade numbers for ${msg.s.slice(0, 20)}` };
  return { kind: "trades", trades: [t] };
}

export const binance: UpstreamAdapter = {
  name: "binance",
  defaultUrl: "wss://stream.binance.com:9443/ws",
  defaultSymbols: ["BTC-USD", "ETH-USD", "SOL-USD", "BNB-USD", "XRP-USD", "DOGE-USD", "ADA-USD"],
  needsToken: false,
  maxFramesPerSecond: 5,
  connectUrl: (base) => base,
  // Binance quotes in USDT: BTC-USD ⇄ btcusdt@trade.
  toUpstream: (symbol) => `${symbol.replace(/-USD$/, "-USDT").replace(/[-:._]/g, "").toLowerCase()}@trade`,
  tradeKey: (upstream) => upstream.replace(/@trade$/, "").toUpperCase(),
  subscribeFrames: (upstream) => [JSON.stringify({ method: "SUBSCRIBE", params: upstream, id: nextId++ })],
  unsubscribeFrames: (upstream) => [JSON.stringify({ method: "UNSUBSCRIBE", params: upstream, id: nextId++ })],
  parse(text) {
    const json = parseJson(text);
    if (!json.ok) return { kind: "malformed", reason: "not JSON" };
    let msg = json.value;
    if (isRecord(msg) && typeof msg.stream === "string" && isRecord(msg.data)) msg = msg.data;
    if (!isRecord(msg)) return { kind: "malformed", reason: "not an object" };
    if ("result" in msg && "id" in msg) return { kind: "alive" };
    if (isRecord(msg.error)) {
      return { kind: "upstreamError", message: typeof msg.error.msg === "string" ? msg.error.msg : "unspecified error" };
    }
    if (msg.e === "trade") return trade(msg);
    return typeof msg.e === "string" ? { kind: "unexpected", type: msg.e.slice(0, 32) } : { kind: "malformed", reason: "no event type" };
  },
};
