/** Top gainers and losers by day change %: pure, tested beside the page. */
export interface Mover {
  symbol: string;
  percent: number | null;
}

export function topMovers<T extends Mover>(rows: readonly T[], count: number): { gainers: T[]; losers: T[] } {
  const known = rows.filter((r): r is T & { percent: number } => r.percent !== null && Number.isFinite(r.percent));
  const gainers = known.filter((r) => r.percent > 0).sort((a, b) => b.percent - a.percent || (a.symbol < b.symbol ? -1 : 1));
  const losers = known.filter((r) => r.percent < 0).sort((a, b) => a.percent - b.percent || (a.symbol < b.symbol ? -1 : 1));
  return { gainers: gainers.slice(0, count), losers: losers.slice(0, count) };
}
