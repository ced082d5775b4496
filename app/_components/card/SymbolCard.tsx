"use client";
/**
 * One watched symbol: price readout, change, live mini chart, link to the detail page.
 * `data-seq` carries the last applied seq (written transiently, for end-to-end gap checks).
 * Links do not prefetch: after load the page makes no HTTP request but the one /symbols fetch.
 */
import Link from "next/link";
import { useRef } from "react";
import { useSymbolListener, useSymbolValue, useWatchSymbol } from "../../_feed/useTicker";
import { MiniChart } from "../chart/MiniChart";
import { PriceReadout } from "./PriceReadout";

export interface SymbolCardProps {
  symbol: string;
  onRemove(symbol: string): void;
}

export function SymbolCard({ symbol, onRemove }: SymbolCardProps) {
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
        <button type="button" className="icon-button" aria-label={`Remove ${symbol}`} onClick={() => onRemove(symbol)}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      {unknown ? (
        <p className="card__unknown" role="alert">
          Unknown symbol: the feed does not offer {symbol}.
        </p>
      ) : (
        <>
          <PriceReadout symbol={symbol} />
          <MiniChart symbol={symbol} />
          {stale && <p className="card__stale">Reconnecting — showing last known prices.</p>}
          {!stale && sourceStale !== null && <p className="card__stale">Stale: {sourceStale}. Showing the last trade.</p>}
        </>
      )}
    </section>
  );
}
