// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tradingDayStart } from "../../../lib/bars/tradingDay";
import type { Bar } from "../../../lib/bars/types";
import { SymbolCard } from "../../_components/card/SymbolCard";
import { createFeedMock } from "../../_test/feedMock";
import { renderWithFeed } from "../../_test/renderWithFeed";
import { MiniChartWidget } from "./MiniChartWidget";
import { QuoteWidget } from "./QuoteWidget";
import { SymbolOverviewWidget } from "./SymbolOverviewWidget";
import { TickerTapeWidget } from "./TickerTapeWidget";

const now = Date.now();
const DAY = 86_400_000;
const day = tradingDayStart(now, "stock");
const bar = (t: number, c: number): Bar => ({ t, o: c - 1, h: c + 1, l: c - 2, c, v: 1_000, n: 5 });
const daily = Array.from({ length: 300 }, (_, i) => bar(tradingDayStart(now - (300 - i) * DAY, "stock"), 150 + (i % 7)));
const minutes = Array.from({ length: 20 }, (_, i) => bar(day + i * 60_000, 198 + (i % 3)));

const feed = createFeedMock({
  AAPL: {
    open: 150,
    prevClose: 200,
    kind: "stock",
    ticks: [{ seq: 1, price: 205, size: 300, ts: now }],
    bars: { "1d": [...daily, { t: day, o: 201, h: 206, l: 199, c: 205, v: 300, n: 1 }], "1m": minutes },
  },
  MSFT: { open: 400, prevClose: 400, ticks: [{ seq: 1, price: 396, size: 1, ts: now }] },
});

beforeAll(() => feed.server.listen({ onUnhandledRequest: "error" }));
afterEach(() => cleanup());
afterAll(() => feed.server.close());

describe("widgets on the conflated bar channel", () => {
  it("quote: day change against the previous close, from a 1d bar subscription, following bars", async () => {
    const before = feed.subscribes().length;
    renderWithFeed(<QuoteWidget symbol="AAPL" locale="en-US" />, { marketHours: "exchange" });
    const quote = screen.getByRole("region", { name: "AAPL quote" });
    await waitFor(() => expect(quote.querySelector(".tw-change")!.textContent).toBe("+5.00 (+2.50%) today"));
    expect(quote.querySelector(".tw-prev")!.textContent).toBe("200.00");
    expect(quote.querySelector(".tw-market")!.textContent).toBe("Market open");
    expect(feed.subscribes().slice(before)).toEqual([{ symbols: ["AAPL"], bars: "1d" }]);

    feed.bar("AAPL", "1d", { t: day, o: 201, h: 206, l: 190, c: 190, v: 900, n: 9 }, 9);
    await waitFor(() => expect(quote.querySelector(".tw-change")!.textContent).toBe("\u221210.00 (\u22125.00%) today"));
    expect(quote.querySelector(".tw-low")!.textContent).toBe("190.00");
  });

  it("ticker tape: day change % from daily bars", async () => {
    const before = feed.subscribes().length;
    renderWithFeed(<TickerTapeWidget symbols={["AAPL", "MSFT"]} locale="en-US" />);
    const tape = screen.getByRole("region", { name: "Ticker tape" });
    await waitFor(() => expect(tape.querySelectorAll(".tw-change")[1]!.textContent).toBe("\u22121.00%"));
    expect(feed.subscribes().slice(before).every((f) => f.bars === "1d")).toBe(true);
  });

  it("the card, the quote and the tape show the same change for the same symbol", async () => {
    renderWithFeed(
      <>
        <SymbolCard symbol="MSFT" onRemove={() => {}} />
        <QuoteWidget symbol="MSFT" locale="en-US" />
        <TickerTapeWidget symbols={["MSFT"]} locale="en-US" />
      </>,
    );
    const card = screen.getByRole("region", { name: "MSFT" });
    await waitFor(() => expect(within(card).getByTestId("MSFT-percent").textContent).toBe("\u22121.00%"));
    await waitFor(() =>
      expect(screen.getByRole("region", { name: "MSFT quote" }).querySelector(".tw-change")!.textContent).toContain("(\u22121.00%)"),
    );
    await waitFor(() => expect(screen.getByRole("region", { name: "Ticker tape" }).querySelector(".tw-change")!.textContent).toBe("\u22121.00%"));
  });

  it("symbol overview: price, day change, area or candles with volume, switching ranges", async () => {
    renderWithFeed(<SymbolOverviewWidget symbol="AAPL" range="1D" chart="area" locale="en-US" />);
    const overview = screen.getByRole("region", { name: "AAPL overview" });
    const plot = overview.querySelector(".tw-overview__plot")!;
    await waitFor(() => expect(Number(plot.getAttribute("data-bars"))).toBe(20));
    await waitFor(() => expect(overview.querySelector(".tw-baseline")).not.toBeNull());
    expect(overview.querySelectorAll(".tw-volume rect")).toHaveLength(20);

    fireEvent.click(within(overview).getByRole("button", { name: "1Y" }));
    await waitFor(() => expect(plot.getAttribute("data-range")).toBe("1Y"));
    await waitFor(() => expect(Number(plot.getAttribute("data-bars"))).toBeGreaterThan(200));
    // Only 1D has a previous-close baseline.
    expect(overview.querySelector(".tw-baseline")).toBeNull();

    fireEvent.click(within(overview).getByRole("button", { name: "Candles" }));
    expect(overview.querySelector("svg")!.getAttribute("data-style")).toBe("candles");
    expect(overview.querySelectorAll(".tw-candles > g").length).toBe(Number(plot.getAttribute("data-bars")));
  });

  it("mini chart: the 1D range draws bars with a previous-close baseline", async () => {
    renderWithFeed(<MiniChartWidget symbol="AAPL" range="1D" locale="en-US" />);
    const chart = screen.getByRole("region", { name: "AAPL over the last 1D" });
    await waitFor(() => expect(chart.querySelector("svg path")).not.toBeNull());
    await waitFor(() => expect(chart.querySelector(".tw-baseline")).not.toBeNull());
  });
});
