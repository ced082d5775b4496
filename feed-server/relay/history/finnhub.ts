/**
 * Finnhub candles: GET /api/v1/stock/candle?symbol=AAPL&resolution=1&from=<s>&to=<s>&token=KEY
 * (exchange-qualified crypto names such as BINANCE:BTCUSDT use /api/v1/crypto/candle, same shape)
 * answers columns, oldest first: `{"s":"ok","t":[s...],"o":[...],"h":[...],"l":[...],"c":[...],"v":[...]}`,
 * or `{"s":"no_data"}`. Resolutions 1, 5, 15, 60 and D match ours; there is no 1 s and no trade
 * count (n is 0). The token is required.
 */
import type { Bar, Interval } from "../../../lib/bars/types";
import { closedBars, getJson, HistoryError, INTERVAL_LENGTH_MS, num, type HistoryRequest, type HttpGet } from "./historyHttp";

export const FINNHUB_REST_URL = "https://finnhub.io";

const RESOLUTION: Partial<Record<Interval, string>> = { "1m": "1", "5m": "5", "15m": "15", "1h": "60", "1d": "D" };

export function finnhubSupports(interval: Interval): boolean {
  return RESOLUTION[interval] !== undefined;
}

function column(json: Record<string, unknown>, key: string, length: number): unknown[] {
  const col = json[key];
  if (!Array.isArray(col) || col.length !== length) throw new HistoryError(`finnhub candles: column ${key} missing or of the wrong length`);
  return col;
}

export async function fetchFinnhubHistory(baseUrl: string, token: string | undefined, req: HistoryRequest, timeoutMs: number, get?: HttpGet): Promise<Bar[]> {
  const resolution = RESOLUTION[req.interval];
  if (resolution === undefined) throw new HistoryError(`finnhub candles: no ${req.interval} candles upstream`);
  if (!token) throw new HistoryError("finnhub candles: FEED_UPSTREAM_TOKEN is required for history");
  const url = new URL(req.upstream.includes(":") ? "/api/v1/crypto/candle" : "/api/v1/stock/candle", baseUrl);
  // Markets close nights and weekends: ask for twice the span the bars would cover back to back.
  const spanS = Math.ceil((2 * (req.limit + 1) * INTERVAL_LENGTH_MS[req.interval]) / 1000);
  const toS = Math.floor(req.now / 1000);
  url.searchParams.set("symbol", req.upstream);
  url.searchParams.set("resolution", resolution);
  url.searchParams.set("from", String(toS - spanS));
  url.searchParams.set("to", String(toS));
  url.searchParams.set("token", token);
  const json = await getJson(url, timeoutMs, get);
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new HistoryError("finnhub candles: answer is not an object");
  const body = json as Record<string, unknown>;
  if (body.s === "no_data") return [];
  if (body.s !== "ok") {
    const why = typeof body.error === "string" ? body.error : `status ${JSON.stringify(body.s)?.slice(0, 40)}`;
    throw new HistoryError(`finnhub candles: ${why}`);
  }
  const t = column(body, "t", Array.isArray(body.t) ? body.t.length : -1);
  const [o, h, l, c, v] = (["o", "h", "l", "c", "v"] as const).map((k) => column(body, k, t.length));
  const bars = t.map((ts, i): Bar => ({ t: num(ts) * 1000, o: num(o![i]), h: num(h![i]), l: num(l![i]), c: num(c![i]), v: num(v![i]), n: 0 }));
  return closedBars(bars, req, "finnhub candles");
}
