"use client";
/**
 * /symbol/[symbol]: candles and volume for 1D to 1Y, key statistics and the latest trades, all
 * live. The page re-renders at most every 200 ms however fast the symbol ticks.
 */
import Link from "next/link";
import { zoneOf } from "../../../lib/format";
import { symbolKind } from "../../../lib/universe";
import { useSymbolValue, useThrottledSymbol, useWatchSymbol } from "../../_feed/useTicker";
import { PriceReadout } from "../card/PriceReadout";
import { MarketBadge } from "../MarketBadge";
import { PriceChart } from "./PriceChart";
import { RecentTrades } from "./RecentTrades";
import { SessionStats } from "./SessionStats";

const REFRESH_MS = 200;
const NO_HISTORY: never[] = [];

export function SymbolDetail({ symbol }: { symbol: string }) {
  useWatchSymbol(symbol);
  const unknown = useSymbolValue(symbol, (s) => s?.unknown ?? false);
  const state = useThrottledSymbol(symbol, REFRESH_MS);
  const history = state?.history ?? NO_HISTORY;

  return (
    <article className="detail" aria-label={symbol} data-stale={state?.stale || state?.sourceStale ? "true" : undefined}>
      <p className="detail__back">
        <Link href="/" prefetch={false}>← Watchlist</Link>
      </p>
      <header className="detail__head">
        <h1 className="detail__title">{symbol}</h1>
        <MarketBadge symbol={symbol} />
        {!unknown && <PriceReadout symbol={symbol} size="large" />}
      </header>
      {unknown ? (
        <p className="card__unknown" role="alert">
          Unknown symbol: the feed does not offer {symbol}.
        </p>
      ) : (
        <>
          {state?.stale && <p className="card__stale">Reconnecting — showing last known prices.</p>}
          {!state?.stale && state?.sourceStale && <p className="card__stale">Stale: {state.sourceStale}. Showing the last trade.</p>}
          <PriceChart symbol={symbol} state={state} />
          <div className="detail__grid">
            <SessionStats symbol={symbol} state={state} />
            <RecentTrades history={history} timeZone={zoneOf(state?.kind ?? symbolKind(symbol))} />
          </div>
        </>
      )}
    </article>
  );
}
