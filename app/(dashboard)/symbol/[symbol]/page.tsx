/** /symbol/AAPL: the detail view of one symbol. */
import type { Metadata } from "next";
import Link from "next/link";
import { isValidSymbol } from "../../../../lib/protocol";
import { SymbolDetail } from "../../../_components/detail/SymbolDetail";

interface SymbolPageProps {
  params: Promise<{ symbol: string }>;
}

function symbolFrom(raw: string): string {
  try {
    return decodeURIComponent(raw).trim().toUpperCase();
  } catch {
    return raw.toUpperCase();
  }
}

export async function generateMetadata({ params }: SymbolPageProps): Promise<Metadata> {
  const symbol = symbolFrom((await params).symbol);
  return { title: isValidSymbol(symbol) ? symbol : "Invalid symbol" };
}

export default async function SymbolPage({ params }: SymbolPageProps) {
  const symbol = symbolFrom((await params).symbol);
  if (!isValidSymbol(symbol)) {
    return (
      <div className="detail">
        <p className="detail__back">
          <Link href="/" prefetch={false}>← Watchlist</Link>
        </p>
        <p className="card__unknown" role="alert">
          “{symbol.slice(0, 24)}” is not a valid symbol.
        </p>
      </div>
    );
  }
  return <SymbolDetail key={symbol} symbol={symbol} />;
}
