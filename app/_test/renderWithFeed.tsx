/** Renders UI inside a FeedProvider pointed at the mock feed, with a fast client for tests. */
import { render, type RenderResult } from "@testing-library/react";
import type { ReactElement } from "react";
import { FeedProvider } from "../_feed/FeedProvider";
import type { MarketHoursDisplay } from "../_feed/feedConfig";
import { FEED_WS_URL } from "./feedMock";

export function renderWithFeed(ui: ReactElement, options: { marketHours?: MarketHoursDisplay } = {}): RenderResult {
  return render(
    <FeedProvider
      config={{ urls: [FEED_WS_URL], port: 9001, marketHours: options.marketHours ?? "always" }}
      clientOptions={{ pingIntervalMs: 20, pongTimeoutMs: 1_000, backoffBaseMs: 10, backoffMaxMs: 50 }}
    >
      {ui}
    </FeedProvider>,
  );
}
