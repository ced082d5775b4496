/**
 * The two ways to embed a widget, as the builder page hands them out: the script-tag form
 * (auto-sizing through widget.js) and a plain iframe.
 */
import { embedUrl, type WidgetParams } from "./embedUrl";
import { INITIAL_HEIGHTS } from "./loaderOptions";
import type { WidgetKind } from "./widgetOptions";

export interface SnippetInput {
  /** The tickwire origin, e.g. "https://ticks.example.com". */
  origin: string;
  kind: WidgetKind;
  /** Widget options; `id` is ignored (the loader assigns ids). */
  params: WidgetParams;
  /** CSS width ("100%", "320px"); default 100%. */
  width?: string;
  /** Initial (script form) or fixed (iframe form) height in px; default per widget. */
  height?: number;
}

/** `<div data-tickwire-widget=...>` plus the loader script. */
export function scriptSnippet(input: SnippetInput): string {
  const attrs: [string, string | undefined][] = [
    ["data-tickwire-widget", input.kind],
    ["data-symbol", input.params.symbol],
    ["data-symbols", input.params.symbols],
    ["data-range", input.params.range],
    ["data-chart", input.params.chart],
    ["data-theme", input.params.theme],
    ["data-transparent", input.params.transparent],
    ["data-locale", input.params.locale],
    ["data-width", input.width],
    ["data-height", input.height === undefined ? undefined : String(input.height)],
  ];
  const div = attrs
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "")
    .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
    .join(" ");
  const src = new URL("/widget.js", input.origin).href;
  return `<div ${div}></div>\n<script async src="${escapeAttribute(src)}"></script>`;
}

/** A fixed-size iframe; it does not follow its content's height (use the script form for that). */
export function iframeSnippet(input: SnippetInput): string {
  const src = embedUrl(input.origin, input.kind, { ...input.params, id: undefined });
  const height = input.height ?? INITIAL_HEIGHTS[input.kind];
  const width = input.width ?? "100%";
  const title = `tickwire ${input.kind.replace("-", " ")}`;
  return (
    `<iframe src="${escapeAttribute(src)}" title="${title}" width="${escapeAttribute(width.replace(/px$/, ""))}" ` +
    `height="${height}" style="border:0;color-scheme:normal" loading="lazy"></iframe>`
  );
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
