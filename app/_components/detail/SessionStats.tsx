import type { SymbolState } from "../../../lib/store/symbolState";
import { formatChange, formatPercent, formatPrice, formatVolume, trendOf } from "../../../lib/format";

/** Open, high, low, last, volume and change of the session, as a description list. */
export function SessionStats({ state }: { state: SymbolState | undefined }) {
  const rows: [string, string, string?][] = [
    ["Open", formatPrice(state?.open)],
    ["High", formatPrice(state?.high)],
    ["Low", formatPrice(state?.low)],
    ["Last", formatPrice(state?.last)],
    ["Volume", formatVolume(state?.volume)],
    ["Change", `${formatChange(state?.change)} (${formatPercent(state?.percent)})`, trendOf(state?.change)],
  ];
  return (
    <dl className="stats" aria-label="Session statistics">
      {rows.map(([term, value, trend]) => (
        <div key={term} className="stats__row" data-trend={trend}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
