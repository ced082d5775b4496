/**
 * How widget.js reads a `<div data-tickwire-widget="...">`: which embed page, with which query,
 * and how big the iframe starts. Values are passed through for the embed page to validate (it
 * shows any error inside the widget); only what sizes the iframe is checked here.
 */
import { embedUrl, type WidgetParams } from "./embedUrl";
import { isWidgetKind, type WidgetKind } from "./widgetOptions";

/** Element dataset keys (camel case, as in `element.dataset`). */
export type WidgetDataset = Readonly<Record<string, string | undefined>>;

/** Height of a frame before its page has reported one, per widget. */
export const INITIAL_HEIGHTS: Readonly<Record<WidgetKind, number>> = {
  "ticker-tape": 44,
  "mini-chart": 190,
  quote: 132,
  "symbol-overview": 380,
};

export interface FrameSpec {
  kind: WidgetKind;
  src: string;
  /** CSS width, e.g. "100%" or "320px". */
  width: string;
  /** Initial height in px; the frame follows its content's height afterwards. */
  height: number;
  title: string;
}

export type FrameSpecResult = { ok: true; frame: FrameSpec } | { ok: false; error: string };

export function frameSpecFor(base: string, data: WidgetDataset, id: string): FrameSpecResult {
  const kind = data.tickwireWidget;
  if (!isWidgetKind(kind)) {
    return { ok: false, error: `unknown widget “${String(kind).slice(0, 24)}” (ticker-tape, mini-chart, quote or symbol-overview)` };
  }
  const params: WidgetParams = {
    symbol: data.symbol,
    symbols: data.symbols,
    range: data.range,
    chart: data.chart,
    theme: data.theme,
    transparent: data.transparent,
    locale: data.locale,
    id,
  };
  const symbols = kind === "ticker-tape" ? data.symbols : data.symbol;
  return {
    ok: true,
    frame: {
      kind,
      src: embedUrl(base, kind, params),
      width: cssWidth(data.width),
      height: pixels(data.height) ?? INITIAL_HEIGHTS[kind],
      title: `tickwire ${kind.replace("-", " ")}${symbols ? `: ${symbols}` : ""}`,
    },
  };
}

/** "320" → "320px"; "320px", "100%", "20em" as they are; anything else → "100%". */
export function cssWidth(raw: string | undefined): string {
  const value = raw?.trim() ?? "";
  if (/^\d{1,5}(\.\d+)?$/.test(value)) return `${value}px`;
  if (/^\d{1,5}(\.\d+)?(px|%|em|rem|vw)$/.test(value)) return value;
  return "100%";
}

/** "180" or "180px" → 180; anything else → null. */
export function pixels(raw: string | undefined): number | null {
  const match = /^(\d{1,4})(px)?$/.exec(raw?.trim() ?? "");
  return match ? Number(match[1]) : null;
}
