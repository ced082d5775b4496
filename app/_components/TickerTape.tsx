"use client";
/**
 * Scrolling tape of the watched symbols (CSS animation; paused on hover and for reduced motion).
 * The list is rendered twice so the loop is seamless; the copy is hidden from assistive technology.
 * Prices update through transient subscriptions, like the cards.
 */
import { useRef, type CSSProperties } from "react";
import { useSymbolListener } from "../_feed/useTicker";
import { formatPercent, formatPrice, trendOf } from "../../lib/format";

function TapeItem({ symbol }: { symbol: string }) {
  const itemRef = useRef<HTMLLIElement>(null);
  const priceRef = useRef<HTMLSpanElement>(null);
  const percentRef = useRef<HTMLSpanElement>(null);
  useSymbolListener(symbol, (next) => {
    if (!itemRef.current || !priceRef.current || !percentRef.current) return;
    itemRef.current.hidden = next?.unknown ?? false;
    itemRef.current.dataset.trend = trendOf(next?.change);
    priceRef.current.textContent = formatPrice(next?.last);
    percentRef.current.textContent = formatPercent(next?.percent);
  });
  return (
    <li ref={itemRef} className="tape__item" data-trend="flat">
      <span className="tape__symbol">{symbol}</span> <span ref={priceRef} className="tape__price" />{" "}
      <span ref={percentRef} className="tape__percent" />
    </li>
  );
}

export function TickerTape({ symbols }: { symbols: readonly string[] }) {
  if (symbols.length === 0) return null;
  const style = { "--tape-duration": `${Math.max(20, symbols.length * 7)}s` } as CSSProperties;
  return (
    <div className="tape" role="region" aria-label="Ticker tape">
      <div className="tape__track" style={style}>
        <ul className="tape__list">
          {symbols.map((s) => (
            <TapeItem key={s} symbol={s} />
          ))}
        </ul>
        <ul className="tape__list" aria-hidden="true">
          {symbols.map((s) => (
            <TapeItem key={s} symbol={s} />
          ))}
        </ul>
      </div>
    </div>
  );
}
