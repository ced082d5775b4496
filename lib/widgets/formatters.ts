/**
 * Number formatting for widgets in the host's locale (the `locale` option), with the same rules
 * as the dashboard's app/_lib/format.ts: two decimals, four below 1, signed changes with a true
 * minus. Formatters are built once per locale, not per tick.
 */

const MISSING = "—";

export interface WidgetFormatters {
  price(value: number | null | undefined): string;
  /** "+1.25" or "−0.40". */
  change(value: number | null | undefined): string;
  /** "+0.54%" or "−1.20%". */
  percent(value: number | null | undefined): string;
}

const cache = new Map<string, WidgetFormatters>();

/** `locale` must already be valid (see canonicalLocale); undefined means the runtime's default. */
export function formattersFor(locale: string | undefined): WidgetFormatters {
  const key = locale ?? "";
  let formatters = cache.get(key);
  if (!formatters) {
    formatters = createFormatters(locale);
    cache.set(key, formatters);
  }
  return formatters;
}

function createFormatters(locale: string | undefined): WidgetFormatters {
  const large = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const small = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 4 });
  const percent = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const price = (value: number | null | undefined): string => {
    if (!isNumber(value)) return MISSING;
    return Math.abs(value) >= 1 ? large.format(value) : small.format(value);
  };
  return {
    price,
    change(value) {
      if (!isNumber(value)) return MISSING;
      return signed(value, price(Math.abs(value)));
    },
    percent(value) {
      if (!isNumber(value)) return MISSING;
      return `${signed(value, percent.format(Math.abs(value)))}%`;
    },
  };
}

function isNumber(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

function signed(value: number, body: string): string {
  return value > 0 ? `+${body}` : value < 0 ? `\u2212${body}` : body;
}
