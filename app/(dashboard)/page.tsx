/**
 * Home: the watchlist. `/?symbols=AAPL,MSFT` opens exactly those symbols (rendered on the
 * server too, so a shared link shows the same view); otherwise the stored or default list.
 */
import { Dashboard } from "../_components/watchlist/Dashboard";
import { DEFAULT_WATCHLIST, parseSymbolList } from "../_components/watchlist/watchlistParams";

interface HomeProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function Home({ searchParams }: HomeProps) {
  const raw = (await searchParams).symbols;
  const list = Array.isArray(raw) ? raw.join(",") : raw;
  const fromUrl = list !== undefined;
  return <Dashboard initialSymbols={fromUrl ? parseSymbolList(list) : DEFAULT_WATCHLIST} fromUrl={fromUrl} />;
}
