/**
 * The simulator's default universe: large US stocks, index ETFs and a few crypto pairs, with
 * plausible starting prices and annualised drift and volatility.
 */
export interface SymbolSpec {
  symbol: string;
  /** Starting (and session open) price. */
  price: number;
  /** Annualised drift, e.g. 0.08 for 8 %/year. */
  drift: number;
  /** Annualised volatility, e.g. 0.25. */
  volatility: number;
  /** Smallest price increment. */
  tickSize: number;
  kind: "stock" | "etf" | "crypto";
}

const stock = (symbol: string, price: number, volatility: number, drift = 0.08): SymbolSpec => ({
  symbol,
  price,
  drift,
  volatility,
  tickSize: 0.01,
  kind: "stock",
});

const etf = (symbol: string, price: number, volatility: number): SymbolSpec => ({
  symbol,
  price,
  drift: 0.07,
  volatility,
  tickSize: 0.01,
  kind: "etf",
});

const crypto = (symbol: string, price: number, volatility: number, tickSize: number): SymbolSpec => ({
  symbol,
  price,
  drift: 0.1,
  volatility,
  tickSize,
  kind: "crypto",
});

export const DEFAULT_UNIVERSE: readonly SymbolSpec[] = [
  stock("AAPL", 231.5, 0.26),
  stock("MSFT", 468.2, 0.24),
  stock("NVDA", 182.4, 0.48, 0.15),
  stock("AMZN", 214.7, 0.32),
  stock("GOOGL", 241.3, 0.3),
  stock("META", 712.9, 0.36),
  stock("TSLA", 398.6, 0.6, 0.05),
  stock("BRK.B", 487.1, 0.17),
  stock("JPM", 298.4, 0.23),
  stock("V", 341.8, 0.2),
  stock("UNH", 332.5, 0.34),
  stock("XOM", 116.9, 0.25),
  stock("LLY", 1012.3, 0.33),
  stock("AVGO", 338.2, 0.45, 0.12),
  stock("JNJ", 191.6, 0.16),
  stock("WMT", 103.4, 0.19),
  stock("MA", 571.2, 0.21),
  stock("PG", 152.7, 0.15),
  stock("HD", 389.5, 0.22),
  stock("COST", 918.6, 0.2),
  stock("ORCL", 232.1, 0.42),
  stock("NFLX", 1124.4, 0.38),
  stock("AMD", 241.8, 0.52, 0.1),
  stock("KO", 69.3, 0.14),
  stock("PEP", 146.2, 0.17),
  stock("DIS", 112.9, 0.28),
  stock("INTC", 37.4, 0.45, 0.0),
  stock("CSCO", 71.2, 0.21),
  stock("BAC", 52.6, 0.27),
  stock("ADBE", 352.7, 0.34),
  etf("SPY", 672.4, 0.16),
  etf("QQQ", 611.8, 0.21),
  crypto("BTC-USD", 91250.0, 0.55, 0.01),
  crypto("ETH-USD", 3050.0, 0.7, 0.01),
  crypto("SOL-USD", 142.35, 0.85, 0.001),
  crypto("DOGE-USD", 0.15872, 0.95, 0.00001),
];

/**
 * Spec for a symbol outside the default universe (FEED_SYMBOLS may name any valid symbol):
 * a stock-like walk from a price derived from the name, so runs stay reproducible.
 */
export function specFor(symbol: string): SymbolSpec {
  const known = DEFAULT_UNIVERSE.find((s) => s.symbol === symbol);
  if (known) return known;
  let hash = 0;
  for (let i = 0; i < symbol.length; i++) hash = (hash * 31 + symbol.charCodeAt(i)) >>> 0;
  return stock(symbol, 20 + (hash % 48000) / 100, 0.3);
}
