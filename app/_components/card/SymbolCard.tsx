"use client";
/**
 * One watched symbol: price readout, change against the previous close, day high, low and
 * volume, today's chart with the previous-close baseline, market state, link to the detail page.
 * `data-seq` carries the last applied seq (written transiently, for end-to-end gap checks).
 * Links do not prefetch: after load the page makes no HTTP request but the one /symbols fetch.
 */
import Link from "next/link";
import { useRef } from "react";
import { useSymbolListener, useSymbolValue, useWatchSymbol } from "../../_feed/useTicker";
import { DayChart } from "../chart/DayChart";
import { MarketBadge } from "../MarketBadge";
import { DayStatsLine } from "./DayStatsLine";
import { PriceReadout } from "./PriceReadout";

export interface SymbolCardProps {
  symbol: string;
  onRemove(symbol: string): void;
  /** Move buttons for the manual order (keyboard-accessible); absent when the list is sorted. */
  onMove?: (symbol: string, by: -1 | 1) => void;
}

export function SymbolCard({ symbol, onRemove, onMove }: SymbolCardProps) {
  useWatchSymbol(symbol);
  const unknown = useSymbolValue(symbol, (s) => s?.unknown ?? false);
  const stale = useSymbolValue(symbol, (s) => s?.stale ?? false);
  const sourceStale = useSymbolValue(symbol, (s) => s?.sourceStale ?? null);
  const sectionRef = useRef<HTMLElement>(null);
  useSymbolListener(symbol, (next) => {
    if (sectionRef.current) sectionRef.current.dataset.seq = String(next?.seq ?? 0);
  });

  return (
    <section ref={sectionRef} aria-label={symbol} className="card" data-stale={stale || sourceStale !== null ? "true" : undefined}>
      <header className="card__head">
        <h2 className="card__title">
          <Link href={`/symbol/${encodeURIComponent(symbol)}`} className="card__link" prefetch={false}>
            {symbol}
          </Link>
        </h2>
        <MarketBadge symbol={symbol} />
        <span className="card__tools">
          {onMove && (
            <>
              <button type="button" className="icon-button" aria-label={`Move ${symbol} earlier`} onClick={() => onMove(symbol, -1)}>
                <span aria-hidden="true">←</span>
              </button>
              <button type="button" className="icon-button" aria-label={`Move ${symbol} later`} onClick={() => onMove(symbol, 1)}>
                <span aria-hidden="true">→</span>
              </button>
            </>
          )}
          <button type="button" className="icon-button" aria-label={`Remove ${symbol}`} onClick={() => onRemove(symbol)}>
            <span aria-hidden="true">×</span>
          </button>
        </span>
      </header>
      {unknown ? (
        <p className="card__unknown" role="alert">
          Unknown symbol: the feed does not offer {symbol}.
        </p>
      ) : (
        <>
          <PriceReadout symbol={symbol} />
          <DayStatsLine symbol={symbol} />
          <DayChart symbol={symbol} />
          {stale && <p className="card__stale">Reconnecting — showing last known prices.</p>}
          {!stale && sourceStale !== null && <p className="card__stale">Stale: {sourceStale}. Showing the last trade.</p>}
        </>
      )}
    </section>
  );
}
