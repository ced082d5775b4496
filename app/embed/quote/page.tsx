/** /embed/quote?symbol=AAPL: large last price, change and session high/low. Options: docs in README "Embedding widgets". */
import type { Metadata } from "next";
import { EmbedPage, type SearchParams } from "../_widget/EmbedPage";

export const metadata: Metadata = { title: "Quote" };

export default function Page({ searchParams }: { searchParams: SearchParams }) {
  return <EmbedPage kind="quote" searchParams={searchParams} />;
}
