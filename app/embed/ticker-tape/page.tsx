/** /embed/ticker-tape?symbols=AAPL,MSFT,BTC-USD: a scrolling tape of last price and percent change. Options: docs in README "Embedding widgets". */
import type { Metadata } from "next";
import { EmbedPage, type SearchParams } from "../_widget/EmbedPage";

export const metadata: Metadata = { title: "Ticker tape" };

export default function Page({ searchParams }: { searchParams: SearchParams }) {
  return <EmbedPage kind="ticker-tape" searchParams={searchParams} />;
}
