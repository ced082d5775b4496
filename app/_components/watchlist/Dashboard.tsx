"use client";
import { useState } from "react";
import { SymbolCard } from "../card/SymbolCard";
import { TickerTape } from "../TickerTape";
import { AddSymbolForm } from "./AddSymbolForm";
import { useDisplayOrder } from "./useDisplayOrder";
import { useSymbolSuggestions } from "./useSymbolSuggestions";
import { useWatchlist } from "./useWatchlist";
import { isSortMode, type SortMode } from "./watchlistSort";

export interface DashboardProps {
  /** The ?symbols= list when the URL had one, else the default watchlist. */
  initialSymbols: readonly string[];
  fromUrl: boolean;
  /** The ?sort= mode when the URL had one; else the stored one, else manual. */
  initialSort?: SortMode | null;
}

const SORT_LABELS: Record<SortMode, string> = { manual: "My order", symbol: "Symbol", change: "Change %" };

/** The home page: ticker tape, "Add symbol" box, sort control and one card per watched symbol. */
export function Dashboard({ initialSymbols, fromUrl, initialSort = null }: DashboardProps) {
  const { symbols, add, remove, sort, setSort, move, moveOnto } = useWatchlist(initialSymbols, fromUrl, initialSort);
  const suggestions = useSymbolSuggestions();
  const order = useDisplayOrder(symbols, sort);
  const [dragged, setDragged] = useState<string | null>(null);
  const manual = sort === "manual";

  return (
    <>
      <TickerTape symbols={order} />
      <div className="dashboard">
        <div className="dashboard__bar">
          <h1 className="dashboard__title">Watchlist</h1>
          <label className="dashboard__sort">
            Sort by{" "}
            <select value={sort} onChange={(e) => isSortMode(e.target.value) && setSort(e.target.value)}>
              {(Object.keys(SORT_LABELS) as SortMode[]).map((mode) => (
                <option key={mode} value={mode}>
                  {SORT_LABELS[mode]}
                </option>
              ))}
            </select>
          </label>
          <AddSymbolForm watched={symbols} suggestions={suggestions} onAdd={add} />
        </div>
        {symbols.length === 0 ? (
          <p className="dashboard__empty">Your watchlist is empty. Add a symbol to start watching prices.</p>
        ) : (
          <div className="cards">
            {order.map((symbol) => (
              <div
                key={symbol}
                className="cards__slot"
                draggable={manual}
                data-dragging={dragged === symbol ? "true" : undefined}
                onDragStart={manual ? (e) => (setDragged(symbol), e.dataTransfer.setData("text/plain", symbol)) : undefined}
                onDragEnd={() => setDragged(null)}
                onDragOver={manual ? (e) => e.preventDefault() : undefined}
                onDrop={
                  manual
                    ? (e) => {
                        e.preventDefault();
                        const from = e.dataTransfer.getData("text/plain") || dragged;
                        if (from) moveOnto(from, symbol);
                        setDragged(null);
                      }
                    : undefined
                }
              >
                <SymbolCard symbol={symbol} onRemove={remove} onMove={manual ? move : undefined} />
              </div>
            ))}
          </div>
        )}
      </div>
    </>
  );
}
