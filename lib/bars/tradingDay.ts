/**
 * Trading days from IANA time zones through Intl, never from hand-written offsets: a stock's
 * day is its America/New_York date, a crypto pair's the UTC date. Everything returns UTC ms.
 */
import type { SymbolKind } from "./types";

export const EXCHANGE_TIME_ZONE = "America/New_York";

export function timeZoneOf(kind: SymbolKind): string {
  return kind === "crypto" ? "UTC" : EXCHANGE_TIME_ZONE;
}

/** Wall-clock fields of an instant in a zone. `weekday` is 0 = Sunday ... 6 = Saturday. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (New York in winter: -5 h), asked of Intl. */
function intlOffset(ts: number, timeZone: string): number {
  const p = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of formatter(timeZone).formatToParts(ts)) {
    if (part.type in p) p[part.type as keyof typeof p] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(ts / 60_000) * 60_000;
}

/**
 * Offsets change only on quarter-hour boundaries (DST switches happen on the hour), so they are
 * cached per quarter hour: Intl is slow, and a backfill asks for the same days many times.
 */
const QUARTER_HOUR = 900_000;
const offsetCache = new Map<string, Map<number, number>>();

function offsetAt(ts: number, timeZone: string): number {
  if (timeZone === "UTC") return 0;
  let cache = offsetCache.get(timeZone);
  if (!cache) offsetCache.set(timeZone, (cache = new Map()));
  const bucket = Math.floor(ts / QUARTER_HOUR);
  let offset = cache.get(bucket);
  if (offset === undefined) {
    if (cache.size > 100_000) cache.clear();
    offset = intlOffset(bucket * QUARTER_HOUR, timeZone);
    cache.set(bucket, offset);
  }
  return offset;
}

export function zonedParts(ts: number, timeZone: string): ZonedParts {
  const d = new Date(ts + offsetAt(ts, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/**
 * The instant at which the zone's clocks show the given wall time. Two passes settle the offset
 * across a DST switch; a wall time skipped by a spring-forward maps to the instant after the gap.
 */
export function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (timeZone === "UTC") return wall;
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return second;
}

/** Start (local midnight, as UTC ms) of the trading day that contains `ts`. */
export function tradingDayStart(ts: number, kind: SymbolKind): number {
  const zone = timeZoneOf(kind);
  if (zone === "UTC") return Math.floor(ts / 86_400_000) * 86_400_000;
  const p = zonedParts(ts, zone);
  return zonedTimeToUtc(p.year, p.month, p.day, 0, 0, zone);
}

/** Start of the day after the one starting at `dayStart` (23, 24 or 25 hours later). */
export function nextTradingDayStart(dayStart: number, kind: SymbolKind): number {
  return tradingDayStart(dayStart + 26 * 3_600_000, kind);
}

/** The trading day's date as YYYY-MM-DD, for logs and tests. */
export function tradingDate(ts: number, kind: SymbolKind): string {
  const p = zonedParts(ts, timeZoneOf(kind));
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}
