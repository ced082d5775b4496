/**
 * The server side of every embed page: parse the query, then either the inline error or the
 * widget inside its own FeedProvider. The provider gets the feed URL from the environment at
 * request time (like the dashboard) and, when the feed requires tokens, a token path limited
 * to this widget's symbols.
 */
import { connection } from "next/server";
import { parseWidgetOptions, readerFor, symbolsOf, type WidgetKind, type WidgetOptions } from "../../../lib/widgets/widgetOptions";
import { FeedProvider } from "../../_feed/FeedProvider";
import { FEED_TOKEN_PATH, feedConfigFromEnv, feedTokensEnabled } from "../../_feed/serverFeedConfig";
import { MiniChartWidget } from "./MiniChartWidget";
import { QuoteWidget } from "./QuoteWidget";
import { SymbolOverviewWidget } from "./SymbolOverviewWidget";
import { TickerTapeWidget } from "./TickerTapeWidget";
import { WidgetErrors } from "./WidgetErrors";
import { WidgetShell } from "./WidgetShell";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function EmbedPage({ kind, searchParams }: { kind: WidgetKind; searchParams: SearchParams }) {
  const result = parseWidgetOptions(kind, readerFor(await searchParams));
  if (!result.ok) {
    return (
      <WidgetShell common={result.common}>
        <WidgetErrors errors={result.errors} />
      </WidgetShell>
    );
  }
  await connection(); // the feed configuration is read per request, never frozen into the build
  const options = result.options;
  const tokenPath = feedTokensEnabled() ? `${FEED_TOKEN_PATH}?symbols=${symbolsOf(options).join(",")}` : null;
  return (
    <WidgetShell common={options}>
      <FeedProvider config={feedConfigFromEnv()} tokenPath={tokenPath}>
        <Widget options={options} />
      </FeedProvider>
    </WidgetShell>
  );
}

function Widget({ options }: { options: WidgetOptions }) {
  switch (options.kind) {
    case "ticker-tape":
      return <TickerTapeWidget symbols={options.symbols} locale={options.locale} />;
    case "mini-chart":
      return <MiniChartWidget symbol={options.symbol} range={options.range} locale={options.locale} />;
    case "quote":
      return <QuoteWidget symbol={options.symbol} locale={options.locale} />;
    case "symbol-overview":
      return <SymbolOverviewWidget symbol={options.symbol} range={options.range} chart={options.chart} locale={options.locale} />;
    default: {
      const unhandled: never = options;
      throw new Error(`unknown widget ${JSON.stringify(unhandled)}`);
    }
  }
}
