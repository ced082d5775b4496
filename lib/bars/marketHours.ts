/**
 * When a market trades. Stocks and ETFs: 09:30 to 16:00 America/New_York on weekdays (exchange
 * holidays are not modelled). Crypto: always. FEED_MARKET_HOURS=always opens every market at
 * every hour, so the demo moves at night.
 */
import { EXCHANGE_TIME_ZONE, zonedParts, zonedTimeToUtc } from "./tradingDay";
import type { MarketState, SymbolKind } from "./types";

export type MarketHoursMode = "always" | "exchange";

export const MARKET_HOURS_MODES: readonly MarketHoursMode[] = ["always", "exchange"];

const OPEN = { hour: 9, minute: 30 };
const CLOSE = { hour: 16, minute: 0 };

/** The regular session of the New York date `days` after the date of `ts`, or undefined on a weekend. */
function sessionOn(ts: number, days: number): { open: number; close: number } | undefined {
  const p = zonedParts(ts, EXCHANGE_TIME_ZONE);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return undefined;
  const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  return {
    open: zonedTimeToUtc(y, m, d, OPEN.hour, OPEN.minute, EXCHANGE_TIME_ZONE),
    close: zonedTimeToUtc(y, m, d, CLOSE.hour, CLOSE.minute, EXCHANGE_TIME_ZONE),
  };
}

export function marketState(kind: SymbolKind, ts: number, mode: MarketHoursMode): MarketState {
  if (mode === "always" || kind === "crypto") return "open";
  const s = sessionOn(ts, 0);
  return s && ts >= s.open && ts < s.close ? "open" : "closed";
}

/** The market's state at `ts` and the instant it next changes (Infinity: never). */
export function marketPhase(kind: SymbolKind, ts: number, mode: MarketHoursMode): { state: MarketState; until: number } {
  if (mode === "always" || kind === "crypto") return { state: "open", until: Infinity };
  const today = sessionOn(ts, 0);
  if (today && ts >= today.open && ts < today.close) return { state: "open", until: today.close };
  return { state: "closed", until: nextMarketOpen(kind, ts, mode) };
}

/** `ts` itself when the market is open then, otherwise the next instant it opens. */
export function nextMarketOpen(kind: SymbolKind, ts: number, mode: MarketHoursMode): number {
  if (marketState(kind, ts, mode) === "open") return ts;
  for (let days = 0; days < 8; days++) {
    const s = sessionOn(ts, days);
    if (s && s.open >= ts) return s.open;
  }
  throw new Error("no session within a week"); // unreachable: every week has weekdays
}

/** The regular sessions (open, close) of stocks between two instants, oldest first. */
export function sessionsBetween(from: number, to: number): { open: number; close: number }[] {
  const out: { open: number; close: number }[] = [];
  for (let days = 0; ; days++) {
    const s = sessionOn(from, days);
    if (!s) continue;
    if (s.open >= to) return out;
    if (s.close > from) out.push(s);
  }
}
