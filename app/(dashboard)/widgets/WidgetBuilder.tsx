"use client";
/**
 * The widget builder: a form over the widget options, a live preview (an iframe of the embed
 * page, sized from its height messages like widget.js does) and both snippet forms. The form is
 * validated by the same parser the embed pages use, so what the preview shows is what a host gets.
 */
import { useEffect, useId, useRef, useState } from "react";
import type { WidgetParams } from "../../../lib/widgets/embedUrl";
import { embedUrl } from "../../../lib/widgets/embedUrl";
import { readHeightMessage } from "../../../lib/widgets/heightMessage";
import { INITIAL_HEIGHTS, cssWidth, pixels } from "../../../lib/widgets/loaderOptions";
import { iframeSnippet, scriptSnippet } from "../../../lib/widgets/snippets";
import {
  OVERVIEW_CHARTS,
  OVERVIEW_RANGES,
  WIDGET_KINDS,
  WIDGET_RANGES,
  parseWidgetOptions,
  type OverviewChart,
  type OverviewRange,
  type WidgetKind,
  type WidgetRange,
  type WidgetTheme,
} from "../../../lib/widgets/widgetOptions";
import { useTicker } from "../../_feed/useTicker";
import { CopyBlock } from "./CopyBlock";

const KIND_LABELS: Record<WidgetKind, string> = {
  "ticker-tape": "Ticker tape",
  "mini-chart": "Mini chart",
  quote: "Quote",
  "symbol-overview": "Symbol overview",
};
const PREVIEW_ID = "preview";
/** The preview reloads this long after the last keystroke, not on every one. */
const PREVIEW_DELAY_MS = 400;

interface Form {
  kind: WidgetKind;
  symbols: string;
  symbol: string;
  range: WidgetRange;
  overviewRange: OverviewRange;
  chart: OverviewChart;
  theme: WidgetTheme;
  transparent: boolean;
  locale: string;
  width: string;
  height: string;
}

const INITIAL_FORM: Form = {
  kind: "mini-chart",
  symbols: "AAPL,MSFT,NVDA,BTC-USD",
  symbol: "AAPL",
  range: "5m",
  overviewRange: "1D",
  chart: "area",
  theme: "light",
  transparent: false,
  locale: "",
  width: "100%",
  height: "",
};

function paramsOf(form: Form): WidgetParams {
  return {
    ...(form.kind === "ticker-tape" ? { symbols: form.symbols.trim().toUpperCase() } : { symbol: form.symbol.trim().toUpperCase() }),
    ...(form.kind === "mini-chart" ? { range: form.range } : {}),
    ...(form.kind === "symbol-overview" ? { range: form.overviewRange, chart: form.chart } : {}),
    theme: form.theme,
    transparent: form.transparent ? "1" : undefined,
    locale: form.locale.trim() || undefined,
  };
}

export function WidgetBuilder() {
  const [form, setForm] = useState<Form>(INITIAL_FORM);
  const [origin, setOrigin] = useState<string | null>(null);
  const serverSymbols = useTicker((s) => s.serverSymbols);
  const listId = useId();
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  useEffect(() => setOrigin(window.location.origin), []);

  const params = paramsOf(form);
  const check = parseWidgetOptions(form.kind, (name) => params[name as keyof WidgetParams]);
  const width = cssWidth(form.width);
  const height = pixels(form.height) ?? undefined;
  const snippetInput = origin === null ? null : { origin, kind: form.kind, params, width, height };

  return (
    <div className="builder">
      <h1 className="builder__title">Widgets</h1>
      <p className="builder__intro">
        Live prices on any site: pick a widget, try it below, and paste the snippet into your page.
      </p>
      <div className="builder__grid">
        <form className="builder__form" onSubmit={(e) => e.preventDefault()} aria-label="Widget options">
          <fieldset>
            <legend>Widget</legend>
            {WIDGET_KINDS.map((kind) => (
              <label key={kind} className="builder__choice">
                <input type="radio" name="kind" value={kind} checked={form.kind === kind} onChange={() => set("kind", kind)} />
                {KIND_LABELS[kind]}
              </label>
            ))}
          </fieldset>

          {form.kind === "ticker-tape" ? (
            <label className="builder__field">
              Symbols <small>comma-separated</small>
              <input value={form.symbols} onChange={(e) => set("symbols", e.target.value)} spellCheck={false} autoCapitalize="characters" />
            </label>
          ) : (
            <label className="builder__field">
              Symbol
              <input value={form.symbol} list={listId} onChange={(e) => set("symbol", e.target.value)} spellCheck={false} autoCapitalize="characters" />
              <datalist id={listId}>
                {serverSymbols.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
            </label>
          )}

          {form.kind === "mini-chart" && (
            <label className="builder__field">
              Range
              <select value={form.range} onChange={(e) => set("range", e.target.value as WidgetRange)}>
                {WIDGET_RANGES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
          )}

          {form.kind === "symbol-overview" && (
            <>
              <label className="builder__field">
                Range <small>the viewer can switch</small>
                <select value={form.overviewRange} onChange={(e) => set("overviewRange", e.target.value as OverviewRange)}>
                  {OVERVIEW_RANGES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </label>
              <label className="builder__field">
                Chart
                <select value={form.chart} onChange={(e) => set("chart", e.target.value as OverviewChart)}>
                  {OVERVIEW_CHARTS.map((c) => (
                    <option key={c} value={c}>
                      {c === "area" ? "Area" : "Candles"}
                    </option>
                  ))}
                </select>
              </label>
            </>
          )}

          <fieldset>
            <legend>Theme</legend>
            {(["light", "dark"] as const).map((theme) => (
              <label key={theme} className="builder__choice">
                <input type="radio" name="theme" value={theme} checked={form.theme === theme} onChange={() => set("theme", theme)} />
                {theme === "light" ? "Light" : "Dark"}
              </label>
            ))}
            <label className="builder__choice">
              <input type="checkbox" checked={form.transparent} onChange={(e) => set("transparent", e.target.checked)} />
              Transparent background
            </label>
          </fieldset>

          <label className="builder__field">
            Number format <small>language tag, e.g. de-DE; empty = the viewer&apos;s</small>
            <input value={form.locale} onChange={(e) => set("locale", e.target.value)} placeholder="viewer's language" spellCheck={false} />
          </label>

          <div className="builder__sizes">
            <label className="builder__field">
              Width <small>px or %</small>
              <input value={form.width} onChange={(e) => set("width", e.target.value)} spellCheck={false} />
            </label>
            <label className="builder__field">
              Height <small>px, optional</small>
              <input value={form.height} onChange={(e) => set("height", e.target.value)} placeholder={String(INITIAL_HEIGHTS[form.kind])} inputMode="numeric" />
            </label>
          </div>

          {!check.ok && (
            <ul className="builder__errors" role="alert">
              {check.errors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
          )}
        </form>

        <section className="builder__output" aria-label="Preview and snippets">
          <h2>Preview</h2>
          <div className="builder__stage" data-theme={form.theme}>
            {origin !== null && (
              <Preview src={embedUrl(origin, form.kind, { ...params, id: PREVIEW_ID })} width={width} height={height ?? INITIAL_HEIGHTS[form.kind]} />
            )}
          </div>
          <h2>Snippet</h2>
          {snippetInput && (
            <>
              <CopyBlock label="Script tag (sizes itself to its content)" code={scriptSnippet(snippetInput)} />
              <CopyBlock label="Plain iframe (fixed size)" code={iframeSnippet(snippetInput)} />
            </>
          )}
        </section>
      </div>
    </div>
  );
}

/** The embed page in a frame that follows its reported height, as widget.js would size it. */
function Preview({ src, width, height }: { src: string; width: string; height: number }) {
  const frameRef = useRef<HTMLIFrameElement>(null);
  const [shown, setShown] = useState(src);
  const [frameHeight, setFrameHeight] = useState(height);

  useEffect(() => {
    const timer = setTimeout(() => setShown(src), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [src]);

  useEffect(() => setFrameHeight(height), [height]);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || event.source !== frameRef.current?.contentWindow) return;
      const message = readHeightMessage(event.data);
      if (message?.id === PREVIEW_ID) setFrameHeight(message.height);
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);

  return (
    <iframe
      ref={frameRef}
      className="builder__preview"
      src={shown}
      title="Widget preview"
      style={{ width, height: frameHeight }}
    />
  );
}
