/**
 * Home: the watchlist. `/?symbols=AAPL,MSFT` opens exactly those symbols (rendered on the
 * server too, so a shared link shows the same view); otherwise the stored or default list.
 */
import { Dashboard } from "../_components/watchlist/Dashboard";
import { DEFAULT_WATCHLIST, parseSymbolList } from "../_components/watchlist/watchlistParams";
import { isSortMode } from "../_components/watchlist/watchlistSort";

interface HomeProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function Home({ searchParams }: HomeProps) {
  const params = await searchParams;
  const raw = params.symbols;
  const list = Array.isArray(raw) ? raw.join(",") : raw;
  const fromUrl = list !== undefined;
  const sort = isSortMode(params.sort) ? params.sort : null;
  return <Dashboard initialSymbols={fromUrl ? parseSymbolList(list) : DEFAULT_WATCHLIST} fromUrl={fromUrl} initialSort={sort} />;
}
