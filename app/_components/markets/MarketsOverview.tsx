"use client";
/**
 * /markets: who is up and who is down. Top gainers and losers by day change %, and a heatmap of
 * every offered symbol grouped by kind, coloured by day change and sized equally or by volume.
 * Every tile and row links to the symbol page. Fed by conflated `1d` bar subscriptions, not by
 * every tick, and re-rendered at most twice a second.
 */
import Link from "next/link";
import { useMemo, useState } from "react";
import type { SymbolKind } from "../../../lib/bars/types";
import { formatPercent, formatPrice, trendOf } from "../../../lib/format";
import type { Quote } from "../../../lib/feedHttp";
import { useQuotes } from "../../_feed/useQuotes";
import { ToggleGroup } from "../chart/ToggleGroup";
import { heatColour, tileWeights } from "./heatScale";
import { topMovers } from "./movers";
import { useLiveQuotes, type LiveQuote } from "./useLiveQuotes";

const REFRESH_MS = 500;
const MOVERS = 5;
const GROUPS: readonly { kind: SymbolKind; title: string }[] = [
  { kind: "stock", title: "Stocks" },
  { kind: "etf", title: "ETFs" },
  { kind: "crypto", title: "Crypto" },
];
type Sizing = "equal" | "volume";
const NO_QUOTES: readonly Quote[] = [];

export function MarketsOverview() {
  const result = useQuotes();
  const quotes = result.status === "ready" ? result.quotes : NO_QUOTES;
  const rows = useLiveQuotes(quotes, REFRESH_MS);
  const [sizing, setSizing] = useState<Sizing>("equal");
  const { gainers, losers } = useMemo(() => topMovers(rows, MOVERS), [rows]);

  if (result.status === "error") {
    return (
      <p className="card__unknown" role="alert">
        Could not load the market list: {result.message}.
      </p>
    );
  }
  return (
    <div className="markets">
      <h1 className="dashboard__title">Markets</h1>
      {result.status === "loading" && <p className="dashboard__empty">Loading the market…</p>}
      <div className="markets__movers">
        <MoverTable title="Top gainers" rows={gainers} />
        <MoverTable title="Top losers" rows={losers} />
      </div>
      <section className="heatmap" aria-label="Heatmap">
        <div className="heatmap__head">
          <h2 className="detail__subtitle">Heatmap · day change %</h2>
          <ToggleGroup<Sizing> options={["equal", "volume"]} value={sizing} onChange={setSizing} label="Tile size" names={{ equal: "Equal", volume: "By volume" }} />
        </div>
        {GROUPS.map(({ kind, title }) => {
          const members = rows.filter((r) => r.kind === kind).sort((a, b) => (a.sector === b.sector ? (a.symbol < b.symbol ? -1 : 1) : a.sector < b.sector ? -1 : 1));
          return members.length === 0 ? null : <HeatGroup key={kind} title={title} rows={members} sizing={sizing} />;
        })}
      </section>
    </div>
  );
}

function MoverTable({ title, rows }: { title: string; rows: readonly LiveQuote[] }) {
  return (
    <section className="movers">
      <table className="movers__table" aria-label={title}>
        <caption className="detail__subtitle">{title}</caption>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col">Last</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3}>None yet</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.symbol} data-symbol={r.symbol} data-trend={trendOf(r.percent)}>
                <th scope="row">
                  <Link href={`/symbol/${encodeURIComponent(r.symbol)}`} prefetch={false}>
                    {r.symbol}
                  </Link>
                </th>
                <td>{formatPrice(r.price)}</td>
                <td className="movers__change" data-testid={`${r.symbol}-mover-percent`}>
                  {formatPercent(r.percent)}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

function HeatGroup({ title, rows, sizing }: { title: string; rows: readonly LiveQuote[]; sizing: Sizing }) {
  const weights = useMemo(() => (sizing === "volume" ? tileWeights(rows.map((r) => r.volume)) : rows.map(() => 1)), [rows, sizing]);
  return (
    <div className="heatmap__group">
      <h3 className="heatmap__title">{title}</h3>
      <ul className="heatmap__tiles">
        {rows.map((r, i) => {
          const colour = heatColour(r.percent);
          return (
            <li key={r.symbol} style={{ flexGrow: weights[i], flexBasis: `${72 * (weights[i] ?? 1)}px` }}>
              <Link
                href={`/symbol/${encodeURIComponent(r.symbol)}`}
                prefetch={false}
                className="heatmap__tile"
                style={{ background: colour.background, color: colour.foreground }}
                data-symbol={r.symbol}
                data-percent={r.percent ?? undefined}
                title={`${r.symbol} · ${r.sector}`}
              >
                <span className="heatmap__symbol">{r.symbol}</span>
                <span className="heatmap__pct" data-testid={`${r.symbol}-heat-percent`}>
                  {formatPercent(r.percent)}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
