"use client";
import { SymbolCard } from "../card/SymbolCard";
import { TickerTape } from "../TickerTape";
import { AddSymbolForm } from "./AddSymbolForm";
import { useSymbolSuggestions } from "./useSymbolSuggestions";
import { useWatchlist } from "./useWatchlist";

export interface DashboardProps {
  /** The ?symbols= list when the URL had one, else the default watchlist. */
  initialSymbols: readonly string[];
  fromUrl: boolean;
}

/** The home page: ticker tape, "Add symbol" box and one card per watched symbol. */
export function Dashboard({ initialSymbols, fromUrl }: DashboardProps) {
  const { symbols, add, remove } = useWatchlist(initialSymbols, fromUrl);
  const suggestions = useSymbolSuggestions();

  return (
    <>
      <TickerTape symbols={symbols} />
      <div className="dashboard">
        <div className="dashboard__bar">
          <h1 className="dashboard__title">Watchlist</h1>
          <AddSymbolForm watched={symbols} suggestions={suggestions} onAdd={add} />
        </div>
        {symbols.length === 0 ? (
          <p className="dashboard__empty">Your watchlist is empty. Add a symbol to start watching prices.</p>
        ) : (
          <div className="cards">
            {symbols.map((symbol) => (
              <SymbolCard key={symbol} symbol={symbol} onRemove={remove} />
            ))}
          </div>
        )}
      </div>
    </>
  );
}
