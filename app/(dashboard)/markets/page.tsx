/** /markets: top movers and a heatmap of every offered symbol. */
import type { Metadata } from "next";
import { MarketsOverview } from "../../_components/markets/MarketsOverview";

export const metadata: Metadata = { title: "Markets" };

export default function MarketsPage() {
  return <MarketsOverview />;
}
