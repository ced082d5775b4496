/** /embed/mini-chart?symbol=AAPL&range=5m: price, change and a small live area chart. Options: docs in README "Embedding widgets". */
import type { Metadata } from "next";
import { EmbedPage, type SearchParams } from "../_widget/EmbedPage";

export const metadata: Metadata = { title: "Mini chart" };

export default function Page({ searchParams }: { searchParams: SearchParams }) {
  return <EmbedPage kind="mini-chart" searchParams={searchParams} />;
}
