"use client";
/** "Open" or "Closed" for a symbol's market; shown only when the feed runs exchange hours. */
import { useFeed } from "../_feed/FeedProvider";
import { useSymbolValue } from "../_feed/useTicker";

export function MarketBadge({ symbol }: { symbol: string }) {
  const { marketHours } = useFeed();
  const market = useSymbolValue(symbol, (s) => s?.market ?? null);
  if (marketHours !== "exchange" || market === null) return null;
  return (
    <span className="market-badge" data-market={market} data-testid={`${symbol}-market`}>
      {market === "open" ? "Open" : "Closed"}
    </span>
  );
}
