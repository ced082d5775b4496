/**
 * Binance spot klines: GET /api/v3/klines?symbol=BTCUSDT&interval=1m&limit=N (at most 1000) answers
 * an array, oldest first, of arrays
 * `[openTime ms, "open", "high", "low", "close", "volume", closeTime ms, "quoteVolume", trades, ...]`
 * with prices and volumes as decimal strings. Every interval of ours exists there (1s included);
 * 1d klines are UTC days, as our crypto days are.
 */
import type { Bar } from "../../../lib/bars/types";
import { closedBars, getJson, HistoryError, num, type HistoryRequest, type HttpGet } from "./historyHttp";

export const BINANCE_REST_URL = "https://api.binance.com";
const MAX_LIMIT = 1000;

export async function fetchBinanceHistory(baseUrl: string, req: HistoryRequest, timeoutMs: number, get?: HttpGet): Promise<Bar[]> {
  const url = new URL("/api/v3/klines", baseUrl);
  url.searchParams.set("symbol", req.upstream);
  url.searchParams.set("interval", req.interval);
  // One more than asked: the newest kline is usually still open and is left out.
  url.searchParams.set("limit", String(Math.min(MAX_LIMIT, req.limit + 1)));
  const json = await getJson(url, timeoutMs, get);
  if (!Array.isArray(json)) throw new HistoryError("binance klines: answer is not an array");
  const bars = json.map((k: unknown, i): Bar => {
    if (!Array.isArray(k) || k.length < 9) throw new HistoryError(`binance klines: entry ${i} is not a kline array`);
    return { t: num(k[0]), o: num(k[1]), h: num(k[2]), l: num(k[3]), c: num(k[4]), v: num(k[5]), n: num(k[8]) };
  });
  return closedBars(bars, req, "binance klines");
}
