/**
 * The one formatting module of the dashboard and the widgets: prices, signed changes, percents,
 * volumes ("1.2M") and times in a symbol's exchange time zone. Widgets pass the host's locale;
 * the dashboard uses the default (en-US). Formatters are built once per locale and zone, never
 * per tick.
 */
import { timeZoneOf } from "./bars/tradingDay";
import type { SymbolKind } from "./bars/types";

const MISSING = "—";

export interface Formatters {
  /** Two decimals, up to four below 1. */
  price(value: number | null | undefined): string;
  /** "+1.25" or "−0.40" (a true minus sign). */
  change(value: number | null | undefined): string;
  /** "+0.54%" or "−1.20%". */
  percent(value: number | null | undefined): string;
  /** Volumes and trade sizes: compact from 10 000 ("25.38K", "2.5M"); crypto's small sizes keep decimals. */
  volume(value: number | null | undefined): string;
  /** "14:05:09" in a time zone (the symbol's exchange zone; see `zoneOf`). */
  time(ts: number, timeZone?: string): string;
  /** "Mar 10, 14:05" (intraday) or "Mar 10, 2026" (daily bars) in a time zone. */
  dateTime(ts: number, timeZone: string, daily: boolean): string;
}

const cache = new Map<string, Formatters>();

/** `locale` must already be valid (widgets check it); undefined means the runtime's default. */
export function formattersFor(locale: string | undefined): Formatters {
  const key = locale ?? "";
  let formatters = cache.get(key);
  if (!formatters) {
    formatters = createFormatters(locale);
    cache.set(key, formatters);
  }
  return formatters;
}

function createFormatters(locale: string | undefined): Formatters {
  const large = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const small = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 4 });
  const percent = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 2 });
  const quantity = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
  const hundreds = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const zoned = new Map<string, Intl.DateTimeFormat>();
  const dateTimeFormat = (key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat => {
    let f = zoned.get(key);
    if (!f) {
      f = make();
      zoned.set(key, f);
    }
    return f;
  };
  const price = (value: number | null | undefined): string => {
    if (!isNumber(value)) return MISSING;
    return Math.abs(value) >= 1 ? large.format(value) : small.format(value);
  };
  return {
    price,
    change: (value) => (isNumber(value) ? signed(value, price(Math.abs(value))) : MISSING),
    percent: (value) => (isNumber(value) ? `${signed(value, percent.format(Math.abs(value)))}%` : MISSING),
    volume: (value) => {
      if (!isNumber(value)) return MISSING;
      // A crypto day's volume is fractional (25,376.4603): past 10 000 the fraction is noise.
      return value >= 10_000 ? compact.format(value) : value >= 100 ? hundreds.format(value) : quantity.format(value);
    },
    time(ts, timeZone) {
      const zone = timeZone ?? "local";
      const f = dateTimeFormat(`t|${zone}`, () =>
        new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone }),
      );
      return f.format(ts);
    },
    dateTime(ts, timeZone, daily) {
      const f = dateTimeFormat(`${daily ? "d" : "dt"}|${timeZone}`, () =>
        daily
          ? new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone })
          : new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }),
      );
      return f.format(ts);
    },
  };
}

/** The dashboard's formatters (en-US). */
const en = formattersFor("en-US");
export const formatPrice = en.price;
export const formatChange = en.change;
export const formatPercent = en.percent;
export const formatVolume = en.volume;
export const formatTime = en.time;

/** The exchange time zone of a symbol (America/New_York for stocks and ETFs, UTC for crypto). */
export function zoneOf(kind: SymbolKind): string {
  return timeZoneOf(kind);
}

/** A short label for a zone, as shown next to times: "New York" or "UTC". */
export function zoneLabel(timeZone: string): string {
  if (timeZone === "UTC") return "UTC";
  return timeZone.split("/").at(-1)?.replace(/_/g, " ") ?? timeZone;
}

/** "up", "down" or "flat" for CSS, from the sign of a change. */
export function trendOf(change: number | null | undefined): "up" | "down" | "flat" {
  if (!isNumber(change) || change === 0) return "flat";
  return change > 0 ? "up" : "down";
}

function isNumber(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

function signed(value: number, body: string): string {
  return value > 0 ? `+${body}` : value < 0 ? `\u2212${body}` : body;
}
