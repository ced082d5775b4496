/**
 * The simulator's default universe: large US stocks, index ETFs and a few crypto pairs, with
 * plausible starting prices and annualised drift and volatility.
 */
import type { SymbolKind } from "./bars/types";

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
  kind: SymbolKind;
  /** GICS-style sector for stocks, "Index ETF" or "Crypto": what the dashboard groups by. */
  sector: string;
}

const stock = (symbol: string, sector: string, price: number, volatility: number, drift = 0.08): SymbolSpec => ({
  symbol,
  sector,
  price,
  drift,
  volatility,
  tickSize: 0.01,
  kind: "stock",
});

const etf = (symbol: string, price: number, volatility: number): SymbolSpec => ({
  symbol,
  sector: "Index ETF",
  price,
  drift: 0.07,
  volatility,
  tickSize: 0.01,
  kind: "etf",
});

const crypto = (symbol: string, price: number, volatility: number, tickSize: number): SymbolSpec => ({
  symbol,
  sector: "Crypto",
  price,
  drift: 0.1,
  volatility,
  tickSize,
  kind: "crypto",
});

export const DEFAULT_UNIVERSE: readonly SymbolSpec[] = [
  stock("AAPL", "Technology", 231.5, 0.26),
  stock("MSFT", "Technology", 468.2, 0.24),
  stock("NVDA", "Technology", 182.4, 0.48, 0.15),
  stock("AMZN", "Consumer Discretionary", 214.7, 0.32),
  stock("GOOGL", "Communication Services", 241.3, 0.3),
  stock("META", "Communication Services", 712.9, 0.36),
  stock("TSLA", "Consumer Discretionary", 398.6, 0.6, 0.05),
  stock("BRK.B", "Financials", 487.1, 0.17),
  stock("JPM", "Financials", 298.4, 0.23),
  stock("V", "Financials", 341.8, 0.2),
  stock("UNH", "Health Care", 332.5, 0.34),
  stock("XOM", "Energy", 116.9, 0.25),
  stock("LLY", "Health Care", 1012.3, 0.33),
  stock("AVGO", "Technology", 338.2, 0.45, 0.12),
  stock("JNJ", "Health Care", 191.6, 0.16),
  stock("WMT", "Consumer Staples", 103.4, 0.19),
  stock("MA", "Financials", 571.2, 0.21),
  stock("PG", "Consumer Staples", 152.7, 0.15),
  stock("HD", "Consumer Discretionary", 389.5, 0.22),
  stock("COST", "Consumer Staples", 918.6, 0.2),
  stock("ORCL", "Technology", 232.1, 0.42),
  stock("NFLX", "Communication Services", 1124.4, 0.38),
  stock("AMD", "Technology", 241.8, 0.52, 0.1),
  stock("KO", "Consumer Staples", 69.3, 0.14),
  stock("PEP", "Consumer Staples", 146.2, 0.17),
  stock("DIS", "Communication Services", 112.9, 0.28),
  stock("INTC", "Technology", 37.4, 0.45, 0.0),
  stock("CSCO", "Technology", 71.2, 0.21),
  stock("BAC", "Financials", 52.6, 0.27),
  stock("ADBE", "Technology", 352.7, 0.34),
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
  const kind = symbolKind(symbol);
  if (kind === "crypto") return crypto(symbol, 1 + (hash % 100_000) / 100, 0.8, 0.0001);
  return stock(symbol, "Unclassified", 20 + (hash % 48000) / 100, 0.3);
}

/** Quote currencies that mark a pair as crypto: BTC-USD, ETH-USDT, SOL:USDC, btcusdt. */
const CRYPTO_PAIR = /^[A-Z0-9]{2,10}[-:_]?(USD|USDT|USDC|EUR|BTC|ETH)$/;

/**
 * A symbol's kind, which picks its trading day and market hours: the universe's own entry, else
 * crypto for a currency pair (relays name BTC-USD, ETH-USDT) and stock for anything else.
 */
export function symbolKind(symbol: string): SymbolKind {
  const known = DEFAULT_UNIVERSE.find((s) => s.symbol === symbol);
  if (known) return known.kind;
  return /[-:_]/.test(symbol) && CRYPTO_PAIR.test(symbol) ? "crypto" : "stock";
}

/** What /symbols says about a symbol beyond its prices. */
export function symbolInfo(symbol: string): { kind: SymbolKind; sector: string | null } {
  const known = DEFAULT_UNIVERSE.find((s) => s.symbol === symbol);
  return known ? { kind: known.kind, sector: known.sector } : { kind: symbolKind(symbol), sector: null };
}
