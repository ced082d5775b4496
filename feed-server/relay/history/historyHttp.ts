/**
 * What the upstream history fetchers share: one GET with a timeout that turns every failure
 * (refused, slow, not 2xx, not JSON) into a HistoryError with a clear message, and the checks that
 * keep a candle from an upstream out of our bars unless its numbers make sense.
 */
import type { Bar, Interval } from "../../../lib/bars/types";

export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HistoryError";
  }
}

export type HttpGet = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

export interface HistoryRequest {
  /** The upstream's instrument name (BTCUSDT, BTC-USD, AAPL). */
  upstream: string;
  interval: Interval;
  /** Bars wanted at most, newest. */
  limit: number;
  /** Current time in ms: only bars that closed by then are returned. */
  now: number;
}

/** Length of an interval in ms (1d as 24 h: upstream day candles are UTC days here). */
export const INTERVAL_LENGTH_MS: Readonly<Record<Interval, number>> = {
  "1s": 1_000,
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "1h": 3_600_000,
  "1d": 86_400_000,
};

/** GETs JSON; throws HistoryError naming the URL's path on any failure. */
export async function getJson(url: URL, timeoutMs: number, get: HttpGet = fetch): Promise<unknown> {
  const what = `${url.host}${url.pathname}`;
  let res: Response;
  try {
    res = await get(url.toString(), { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error;
    if (e.name === "TimeoutError" || e.name === "AbortError") throw new HistoryError(`${what}: no answer within ${timeoutMs} ms`);
    throw new HistoryError(`${what}: ${e.message}`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw new HistoryError(`${what}: reading the answer failed: ${(err as Error).message}`);
  }
  if (!res.ok) throw new HistoryError(`${what}: HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HistoryError(`${what}: answer is not JSON`);
  }
}

/** Prices and volumes arrive as numbers or decimal strings. */
export function num(value: unknown): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : NaN;
}

export function validBar(b: Bar): boolean {
  return (
    Number.isFinite(b.t) &&
    b.t >= 0 &&
    b.o > 0 &&
    b.c > 0 &&
    b.l > 0 &&
    b.h >= b.l &&
    b.h >= Math.max(b.o, b.c) &&
    b.l <= Math.min(b.o, b.c) &&
    b.v >= 0 &&
    Number.isInteger(b.n) &&
    b.n >= 0
  );
}

/**
 * Oldest first, one bar per start time, only closed bars (the upstream's current candle is still
 * moving: live ticks build it), the newest `limit`. A candle with bad numbers fails the whole
 * answer: an upstream that sends one cannot be trusted for the rest.
 */
export function closedBars(bars: Bar[], req: HistoryRequest, source: string): Bar[] {
  const bad = bars.find((b) => !validBar(b));
  if (bad) throw new HistoryError(`${source}: candle with bad numbers at t=${bad.t}`);
  const byT = new Map<number, Bar>();
  for (const b of bars) if (b.t + INTERVAL_LENGTH_MS[req.interval] <= req.now) byT.set(b.t, b);
  const sorted = [...byT.values()].sort((a, b) => a.t - b.t);
  return sorted.slice(Math.max(0, sorted.length - req.limit));
}
