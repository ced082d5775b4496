/**
 * Coinbase Exchange candles: GET /products/{id}/candles?granularity=60 answers up to 300 candles,
 * NEWEST FIRST, each `[time s, low, high, open, close, volume]`: seconds, not ms, and low/high
 * before open/close. Granularities are 60, 300, 900, 3600, 21600 and 86400 s: no 1 s candles, and
 * no trade count (n is 0 on these bars). Without start/end the newest candles come back.
 */
import type { Bar, Interval } from "../../../lib/bars/types";
import { closedBars, getJson, HistoryError, num, type HistoryRequest, type HttpGet } from "./historyHttp";

export const COINBASE_REST_URL = "https://api.exchange.coinbase.com";

const GRANULARITY_S: Partial<Record<Interval, number>> = { "1m": 60, "5m": 300, "15m": 900, "1h": 3600, "1d": 86_400 };

export function coinbaseSupports(interval: Interval): boolean {
  return GRANULARITY_S[interval] !== undefined;
}

export async function fetchCoinbaseHistory(baseUrl: string, req: HistoryRequest, timeoutMs: number, get?: HttpGet): Promise<Bar[]> {
  const granularity = GRANULARITY_S[req.interval];
  if (granularity === undefined) throw new HistoryError(`coinbase candles: no ${req.interval} candles upstream`);
  const url = new URL(`/products/${encodeURIComponent(req.upstream)}/candles`, baseUrl);
  url.searchParams.set("granularity", String(granularity));
  const json = await getJson(url, timeoutMs, get);
  if (!Array.isArray(json)) throw new HistoryError("coinbase candles: answer is not an array");
  const bars = json.map((k: unknown, i): Bar => {
    if (!Array.isArray(k) || k.length < 6) throw new HistoryError(`coinbase candles: entry ${i} is not a candle array`);
    return { t: num(k[0]) * 1000, l: num(k[1]), h: num(k[2]), o: num(k[3]), c: num(k[4]), v: num(k[5]), n: 0 };
  });
  return closedBars(bars, req, "coinbase candles");
}
