/** /embed/symbol-overview?symbol=AAPL&range=1D&chart=area: price, day change, chart with ranges, volume. Options: README "Embedding widgets". */
import type { Metadata } from "next";
import { EmbedPage, type SearchParams } from "../_widget/EmbedPage";

export const metadata: Metadata = { title: "Symbol overview" };

export default function Page({ searchParams }: { searchParams: SearchParams }) {
  return <EmbedPage kind="symbol-overview" searchParams={searchParams} />;
}
