"use client";
/**
 * Last price, absolute and percent change. Updated through a transient store subscription that
 * writes the DOM directly, so a ticking price never re-renders React components.
 */
import { useRef } from "react";
import { useSymbolListener } from "../../_feed/useTicker";
import { formatChange, formatPercent, formatPrice, trendOf } from "../../../lib/format";
import { flash } from "./flash";

export function PriceReadout({ symbol, size = "normal" }: { symbol: string; size?: "normal" | "large" }) {
  const rootRef = useRef<HTMLDivElement>(null);
  const priceRef = useRef<HTMLSpanElement>(null);
  const changeRef = useRef<HTMLSpanElement>(null);
  const percentRef = useRef<HTMLSpanElement>(null);

  useSymbolListener(symbol, (next, prev) => {
    const root = rootRef.current;
    const price = priceRef.current;
    if (!root || !price || !changeRef.current || !percentRef.current) return;
    root.dataset.trend = trendOf(next?.change);
    price.textContent = formatPrice(next?.last);
    changeRef.current.textContent = formatChange(next?.change);
    percentRef.current.textContent = formatPercent(next?.percent);
    const before = prev?.last;
    const after = next?.last;
    if (before != null && after != null && after !== before) flash(price, after > before ? "up" : "down");
  });

  return (
    <div ref={rootRef} className={`readout readout--${size}`} data-trend="flat">
      <span ref={priceRef} className="readout__price" data-testid={`${symbol}-price`} />
      <span className="readout__change">
        <span ref={changeRef} data-testid={`${symbol}-change`} /> (<span ref={percentRef} data-testid={`${symbol}-percent`} />)
      </span>
    </div>
  );
}
