/** Number and time formatting shared by cards, tape and detail views. Formatters are built once. */

const priceSmall = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const priceLarge = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 });
const quantity = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });
const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

const MISSING = "—";

export function formatPrice(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return Math.abs(value) >= 1 ? priceLarge.format(value) : priceSmall.format(value);
}

/** Signed absolute change, e.g. "+1.25" or "−0.40" (a true minus sign). */
export function formatChange(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const body = formatPrice(Math.abs(value));
  return value > 0 ? `+${body}` : value < 0 ? `\u2212${body}` : body;
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const body = Math.abs(value).toFixed(2);
  return `${value > 0 ? "+" : value < 0 ? "\u2212" : ""}${body}%`;
}

/** Volumes and trade sizes; crypto trades fractional amounts, so small values keep decimals. */
export function formatVolume(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return value >= 100_000 ? compact.format(value) : quantity.format(value);
}

export function formatTime(ts: number): string {
  return time.format(ts);
}

/** "up", "down" or "flat" for CSS, from the sign of a change. */
export function trendOf(change: number | null | undefined): "up" | "down" | "flat" {
  if (change === null || change === undefined || change === 0 || !Number.isFinite(change)) return "flat";
  return change > 0 ? "up" : "down";
}
