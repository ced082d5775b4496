/**
 * The options of an embed page, parsed from its query string (server side, before rendering).
 * One parser for all three widgets: anything invalid becomes a message the widget shows inline,
 * and the common options (theme, transparency) are still honoured so the message fits the host.
 */
import { clip, MAX_WIDGET_SYMBOLS, parseSymbols } from "./symbols";

export const WIDGET_KINDS = ["ticker-tape", "mini-chart", "quote", "symbol-overview"] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

/**
 * Ranges of the mini chart: the last minutes of ticks (1m, 5m, 15m), or bars from the feed's
 * /bars as on the symbol page (1D, 5D, 1M), with a previous-close baseline.
 */
export const WIDGET_RANGES = ["1m", "5m", "15m", "1D", "5D", "1M"] as const;
export type WidgetRange = (typeof WIDGET_RANGES)[number];

/** Ranges of the symbol overview: the symbol page's. */
export const OVERVIEW_RANGES = ["1D", "5D", "1M", "6M", "1Y"] as const;
export type OverviewRange = (typeof OVERVIEW_RANGES)[number];

/** Chart styles of the symbol overview. */
export const OVERVIEW_CHARTS = ["area", "candles"] as const;
export type OverviewChart = (typeof OVERVIEW_CHARTS)[number];

export const WIDGET_THEMES = ["light", "dark"] as const;
export type WidgetTheme = (typeof WIDGET_THEMES)[number];

/** Frame ids are chosen by the loader; anything else is refused so it cannot inject markup. */
const FRAME_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface CommonOptions {
  theme: WidgetTheme;
  /** No background: the host page shows through. */
  transparent: boolean;
  /** BCP 47 tag for number formatting, canonicalised; undefined means the browser's default. */
  locale: string | undefined;
  /** Echoed in height messages so the loader can tell its frames apart; null without the loader. */
  id: string | null;
}

export type WidgetOptions =
  | (CommonOptions & { kind: "ticker-tape"; symbols: string[] })
  | (CommonOptions & { kind: "mini-chart"; symbol: string; range: WidgetRange })
  | (CommonOptions & { kind: "quote"; symbol: string })
  | (CommonOptions & { kind: "symbol-overview"; symbol: string; range: OverviewRange; chart: OverviewChart });

export type WidgetOptionsResult =
  | { ok: true; options: WidgetOptions }
  | { ok: false; errors: string[]; common: CommonOptions };

/** Reads one query parameter; repeated parameters count by their first value. */
export type ParamReader = (name: string) => string | undefined;

export function isWidgetKind(value: unknown): value is WidgetKind {
  return typeof value === "string" && (WIDGET_KINDS as readonly string[]).includes(value);
}

export function isWidgetRange(value: unknown): value is WidgetRange {
  return typeof value === "string" && (WIDGET_RANGES as readonly string[]).includes(value);
}

/** A reader over Next.js `searchParams` (values may be arrays). */
export function readerFor(params: Readonly<Record<string, string | string[] | undefined>>): ParamReader {
  return (name) => {
    const value = params[name];
    return Array.isArray(value) ? value[0] : value;
  };
}

export function parseWidgetOptions(kind: WidgetKind, read: ParamReader): WidgetOptionsResult {
  const errors: string[] = [];
  const common = parseCommon(read, errors);

  let options: WidgetOptions | null = null;
  switch (kind) {
    case "ticker-tape": {
      const raw = read("symbols");
      if (raw === undefined) errors.push("symbols is required, e.g. symbols=AAPL,MSFT");
      else {
        const list = parseSymbols(raw, MAX_WIDGET_SYMBOLS);
        if (list.ok) options = { ...common, kind, symbols: list.symbols };
        else errors.push(`symbols: ${list.error}`);
      }
      break;
    }
    case "mini-chart": {
      const symbol = parseOneSymbol(read("symbol"), errors);
      const rawRange = read("range") ?? "5m";
      const range = isWidgetRange(rawRange) ? rawRange : null;
      if (range === null) errors.push(`range must be one of ${WIDGET_RANGES.join(", ")}, got “${clip(rawRange)}”`);
      if (symbol !== null && range !== null) options = { ...common, kind, symbol, range };
      break;
    }
    case "quote": {
      const symbol = parseOneSymbol(read("symbol"), errors);
      if (symbol !== null) options = { ...common, kind, symbol };
      break;
    }
    case "symbol-overview": {
      const symbol = parseOneSymbol(read("symbol"), errors);
      const range = oneOf(read("range") ?? "1D", OVERVIEW_RANGES, "range", errors);
      const chart = oneOf(read("chart") ?? "area", OVERVIEW_CHARTS, "chart", errors);
      if (symbol !== null && range !== null && chart !== null) options = { ...common, kind, symbol, range, chart };
      break;
    }
    default: {
      const unhandled: never = kind;
      throw new Error(`unknown widget kind ${String(unhandled)}`);
    }
  }
  return options !== null && errors.length === 0 ? { ok: true, options } : { ok: false, errors, common };
}

function parseCommon(read: ParamReader, errors: string[]): CommonOptions {
  const common: CommonOptions = { theme: "light", transparent: false, locale: undefined, id: null };

  const theme = read("theme");
  if (theme !== undefined) {
    if (theme === "light" || theme === "dark") common.theme = theme;
    else errors.push(`theme must be light or dark, got “${clip(theme)}”`);
  }

  const transparent = read("transparent");
  if (transparent !== undefined) {
    const flag = parseFlag(transparent);
    if (flag === null) errors.push(`transparent must be 1 or 0, got “${clip(transparent)}”`);
    else common.transparent = flag;
  }

  const locale = read("locale");
  if (locale !== undefined && locale !== "") {
    const canonical = canonicalLocale(locale);
    if (canonical === null) errors.push(`locale “${clip(locale)}” is not a language tag such as en-US or de-DE`);
    else common.locale = canonical;
  }

  const id = read("id");
  if (id !== undefined) {
    if (FRAME_ID.test(id)) common.id = id;
    else errors.push("id must be 1 to 64 letters, digits, _ or -");
  }
  return common;
}

function oneOf<T extends string>(raw: string, allowed: readonly T[], name: string, errors: string[]): T | null {
  const found = allowed.find((a) => a === raw);
  if (found === undefined) errors.push(`${name} must be one of ${allowed.join(", ")}, got “${clip(raw)}”`);
  return found ?? null;
}

function parseOneSymbol(raw: string | undefined, errors: string[]): string | null {
  if (raw === undefined) {
    errors.push("symbol is required, e.g. symbol=AAPL");
    return null;
  }
  const list = parseSymbols(raw, 1);
  if (list.ok) return list.symbols[0] ?? null;
  errors.push(`symbol: ${list.error.replace(/^at most 1 symbols.*/, "exactly one symbol expected")}`);
  return null;
}

/** "1", "true" and an empty value (a bare data-transparent attribute) are on; "0" and "false" off. */
export function parseFlag(raw: string): boolean | null {
  const value = raw.trim().toLowerCase();
  if (value === "" || value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  return null;
}

/** The canonical form of a BCP 47 tag that Intl accepts, or null. */
export function canonicalLocale(raw: string): string | null {
  if (raw.length > 35) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(raw);
    if (canonical === undefined) return null;
    new Intl.NumberFormat(canonical); // throws for tags Intl can parse but not use
    return canonical;
  } catch {
    return null;
  }
}

/** The symbols a widget subscribes to, e.g. for its feed token. */
export function symbolsOf(options: WidgetOptions): string[] {
  return options.kind === "ticker-tape" ? options.symbols : [options.symbol];
}
