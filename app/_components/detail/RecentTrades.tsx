import type { TickPoint } from "../../../lib/protocol";
import { formatPrice, formatTime, formatVolume, zoneLabel } from "../../../lib/format";

export const RECENT_TRADES = 50;

/** The newest trades first, coloured by their move against the trade before; times in the exchange's zone. */
export function RecentTrades({ history, timeZone }: { history: readonly TickPoint[]; timeZone: string }) {
  const from = Math.max(0, history.length - RECENT_TRADES);
  const rows: { trade: TickPoint; trend: "up" | "down" | "flat" }[] = [];
  for (let i = history.length - 1; i >= from; i--) {
    const trade = history[i]!;
    const before = history[i - 1];
    const trend = !before || before.price === trade.price ? "flat" : trade.price > before.price ? "up" : "down";
    rows.push({ trade, trend });
  }
  return (
    <div className="trades">
      <table className="trades__table">
        <caption className="detail__subtitle">Recent trades</caption>
        <thead>
          <tr>
            <th scope="col">Time ({zoneLabel(timeZone)})</th>
            <th scope="col">Price</th>
            <th scope="col">Size</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3}>No trades yet.</td>
            </tr>
          ) : (
            rows.map(({ trade, trend }) => (
              <tr key={trade.seq} data-trend={trend} data-seq={trade.seq}>
                <td>{formatTime(trade.ts, timeZone)}</td>
                <td>{formatPrice(trade.price)}</td>
                <td>{formatVolume(trade.size)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
