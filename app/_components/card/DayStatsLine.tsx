"use client";
/**
 * Day high, low and volume in one compact line, written to the DOM by a transient store
 * subscription (no re-render per tick), from the store's day stats like every other view.
 */
import { useRef } from "react";
import { formatPrice, formatVolume } from "../../../lib/format";
import { useSymbolListener } from "../../_feed/useTicker";

export function DayStatsLine({ symbol }: { symbol: string }) {
  const highRef = useRef<HTMLElement>(null);
  const lowRef = useRef<HTMLElement>(null);
  const volumeRef = useRef<HTMLElement>(null);
  useSymbolListener(symbol, (next) => {
    if (highRef.current) highRef.current.textContent = formatPrice(next?.day.high);
    if (lowRef.current) lowRef.current.textContent = formatPrice(next?.day.low);
    if (volumeRef.current) volumeRef.current.textContent = formatVolume(next?.day.high == null ? null : next.day.volume);
  });
  return (
    <dl className="day-stats">
      <div>
        <dt>H</dt>
        <dd ref={highRef} data-testid={`${symbol}-high`} />
      </div>
      <div>
        <dt>L</dt>
        <dd ref={lowRef} data-testid={`${symbol}-low`} />
      </div>
      <div>
        <dt>Vol</dt>
        <dd ref={volumeRef} data-testid={`${symbol}-volume`} />
      </div>
    </dl>
  );
}
