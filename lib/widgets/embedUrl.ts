/**
 * Where a widget lives: `/embed/<kind>?<options>` on the tickwire host. Used by widget.js (from
 * data-* attributes), the builder page and the snippets it hands out.
 */
import type { WidgetKind } from "./widgetOptions";

/** The query parameters a widget understands, in the order they are written. */
export const WIDGET_PARAMS = ["symbol", "symbols", "range", "chart", "theme", "transparent", "locale", "id"] as const;
export type WidgetParam = (typeof WIDGET_PARAMS)[number];
export type WidgetParams = Partial<Record<WidgetParam, string>>;

/**
 * `base` is the tickwire origin (or any URL on it). Commas stay readable (symbols=AAPL,MSFT);
 * absent and empty parameters are left out, except `transparent`, where empty means on.
 */
export function embedUrl(base: string, kind: WidgetKind, params: WidgetParams): string {
  const query: string[] = [];
  for (const name of WIDGET_PARAMS) {
    const value = params[name];
    if (value === undefined || (value === "" && name !== "transparent")) continue;
    query.push(`${name}=${encodeURIComponent(value || "1").replace(/%2C/gi, ",")}`);
  }
  const url = new URL(`/embed/${kind}`, base).href;
  return query.length > 0 ? `${url}?${query.join("&")}` : url;
}
