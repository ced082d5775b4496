// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tradingDayStart } from "../../../lib/bars/tradingDay";
import { createFeedMock } from "../../_test/feedMock";
import { renderWithFeed } from "../../_test/renderWithFeed";
import { heatColour } from "./heatScale";
import { MarketsOverview } from "./MarketsOverview";

const now = Date.now();
const day = tradingDayStart(now, "stock");
const tick = (price: number, size = 100) => [{ seq: 1, price, size, ts: now }];
// Day changes against prevClose 100: AAA +4 %, BBB +1 %, CCC -2 %, DDD -6 %, SPY +0.5 %, BTC-USD -1 %.
const feed = createFeedMock({
  AAA: { open: 1, prevClose: 100, kind: "stock", sector: "Technology", ticks: tick(104, 9_000) },
  BBB: { open: 1, prevClose: 100, kind: "stock", sector: "Energy", ticks: tick(101) },
  CCC: { open: 1, prevClose: 100, kind: "stock", sector: "Energy", ticks: tick(98) },
  DDD: { open: 1, prevClose: 100, kind: "stock", sector: "Technology", ticks: tick(94) },
  SPY: { open: 1, prevClose: 100, kind: "etf", sector: "Index ETF", ticks: tick(100.5) },
  "BTC-USD": { open: 1, prevClose: 100, kind: "crypto", sector: "Crypto", ticks: tick(99) },
});

beforeAll(() => feed.server.listen({ onUnhandledRequest: "error" }));
afterEach(() => cleanup());
afterAll(() => feed.server.close());

const symbolsIn = (name: string) =>
  within(screen.getByRole("table", { name }))
    .queryAllByRole("row")
    .map((r) => r.getAttribute("data-symbol"))
    .filter((s): s is string => s !== null);

describe("MarketsOverview", () => {
  it("lists gainers and losers by day change %, linking to symbol pages", async () => {
    renderWithFeed(<MarketsOverview />);
    await waitFor(() => expect(symbolsIn("Top gainers")).toEqual(["AAA", "BBB", "SPY"]));
    expect(symbolsIn("Top losers")).toEqual(["DDD", "CCC", "BTC-USD"]);
    expect(screen.getByTestId("AAA-mover-percent").textContent).toBe("+4.00%");
    const link = within(screen.getByRole("table", { name: "Top losers" })).getByRole("link", { name: "DDD" });
    expect(link.getAttribute("href")).toBe("/symbol/DDD");
  });

  it("subscribes to conflated daily bars, not ticks, and follows them", async () => {
    const before = feed.subscribes().length;
    renderWithFeed(<MarketsOverview />);
    await waitFor(() => expect(symbolsIn("Top gainers")).toHaveLength(3));
    await waitFor(() => expect(feed.subscribes().length).toBeGreaterThan(before));
    const frames = feed.subscribes().slice(before);
    expect(frames.every((f) => f.bars === "1d")).toBe(true);
    expect(frames.flatMap((f) => f.symbols).sort()).toEqual(["AAA", "BBB", "BTC-USD", "CCC", "DDD", "SPY"]);

    // A bar takes CCC to +7 %: it tops the gainers and leaves the losers.
    feed.bar("CCC", "1d", { t: day, o: 100, h: 107, l: 97, c: 107, v: 5_000, n: 50 }, 60);
    await waitFor(() => expect(symbolsIn("Top gainers")[0]).toBe("CCC"), { timeout: 3_000 });
    expect(symbolsIn("Top losers")).toEqual(["DDD", "BTC-USD"]);
  });

  it("draws a tile per symbol, grouped by kind and coloured by day change", async () => {
    renderWithFeed(<MarketsOverview />);
    const heatmap = screen.getByRole("region", { name: "Heatmap" });
    await waitFor(() => expect(heatmap.querySelectorAll(".heatmap__tile")).toHaveLength(6));
    const groups = [...heatmap.querySelectorAll(".heatmap__group")].map((g) => ({
      title: g.querySelector("h3")?.textContent,
      symbols: [...g.querySelectorAll(".heatmap__tile")].map((t) => t.getAttribute("data-symbol")),
    }));
    expect(groups[0]!.title).toBe("Stocks");
    // Within a kind, by sector: Energy before Technology.
    expect(groups[0]!.symbols.slice(0, 2).sort()).toEqual(["BBB", "CCC"]);
    expect(groups.slice(1)).toEqual([
      { title: "ETFs", symbols: ["SPY"] },
      { title: "Crypto", symbols: ["BTC-USD"] },
    ]);
    const dddTile = heatmap.querySelector('[data-symbol="DDD"]') as HTMLElement;
    expect(dddTile.getAttribute("href")).toBe("/symbol/DDD");
    expect(dddTile.style.background).toBe(heatColour(-6).background);

    fireEvent.click(within(heatmap).getByRole("button", { name: "By volume" }));
    const aaaSlot = heatmap.querySelector('[data-symbol="AAA"]')!.parentElement as HTMLElement;
    const bbbSlot = heatmap.querySelector('[data-symbol="BBB"]')!.parentElement as HTMLElement;
    expect(Number(aaaSlot.style.flexGrow)).toBeGreaterThan(Number(bbbSlot.style.flexGrow));
  });
});
