// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createFeedMock } from "../../_test/feedMock";
import { renderWithFeed } from "../../_test/renderWithFeed";
import { SymbolCard } from "./SymbolCard";

const feed = createFeedMock({
  AAPL: { open: 100, ticks: [{ seq: 7, price: 101.5, size: 10, ts: Date.now() }] },
  MSFT: { open: 400, ticks: [] },
  NVDA: {
    open: 90,
    prevClose: 120,
    market: "closed",
    ticks: [
      { seq: 1, price: 118, size: 2_000_000, ts: Date.now() },
      { seq: 2, price: 121, size: 500_000, ts: Date.now() },
      { seq: 3, price: 117, size: 100_000, ts: Date.now() },
    ],
  },
});

beforeAll(() => feed.server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  feed.acceptNew();
});
afterAll(() => feed.server.close());

const noop = () => {};

describe("SymbolCard", () => {
  it("renders the snapshot price and follows live ticks", async () => {
    renderWithFeed(<SymbolCard symbol="AAPL" onRemove={noop} />);
    const card = screen.getByRole("region", { name: "AAPL" });
    await waitFor(() => expect(within(card).getByTestId("AAPL-price").textContent).toBe("101.50"));
    expect(card.dataset.seq).toBe("7");
    expect(within(card).getByTestId("AAPL-change").textContent).toBe("+1.50");
    expect(within(card).getByTestId("AAPL-percent").textContent).toBe("+1.50%");

    feed.tick("AAPL", 98.25);
    await waitFor(() => expect(within(card).getByTestId("AAPL-price").textContent).toBe("98.25"));
    expect(card.dataset.seq).toBe("8");
    expect(within(card).getByTestId("AAPL-change").textContent).toBe("\u22121.75");
    expect(card.querySelector(".readout")?.getAttribute("data-trend")).toBe("down");
    expect(within(card).getByTestId("AAPL-price").dataset.flash).toMatch(/^down-/);
  });

  it("measures change against the previous close and shows the day's high, low and volume", async () => {
    renderWithFeed(<SymbolCard symbol="NVDA" onRemove={noop} />);
    const card = screen.getByRole("region", { name: "NVDA" });
    await waitFor(() => expect(within(card).getByTestId("NVDA-price").textContent).toBe("117.00"));
    // Against the previous close 120, not the feed's open 90.
    expect(within(card).getByTestId("NVDA-change").textContent).toBe("\u22123.00");
    expect(within(card).getByTestId("NVDA-percent").textContent).toBe("\u22122.50%");
    expect(card.querySelector(".readout")?.getAttribute("data-trend")).toBe("down");
    expect(within(card).getByTestId("NVDA-high").textContent).toBe("121.00");
    expect(within(card).getByTestId("NVDA-low").textContent).toBe("117.00");
    expect(within(card).getByTestId("NVDA-volume").textContent).toBe("2.6M");

    feed.tick("NVDA", 126, 400_000);
    await waitFor(() => expect(within(card).getByTestId("NVDA-percent").textContent).toBe("+5.00%"));
    expect(within(card).getByTestId("NVDA-high").textContent).toBe("126.00");
    expect(within(card).getByTestId("NVDA-volume").textContent).toBe("3M");
    // FEED_MARKET_HOURS is not "exchange" here: no market badge even though the feed says closed.
    expect(within(card).queryByTestId("NVDA-market")).toBeNull();
  });

  it("shows whether the market is open when the feed runs exchange hours", async () => {
    renderWithFeed(
      <>
        <SymbolCard symbol="NVDA" onRemove={noop} />
        <SymbolCard symbol="AAPL" onRemove={noop} />
      </>,
      { marketHours: "exchange" },
    );
    await waitFor(() => expect(screen.getByTestId("NVDA-market").textContent).toBe("Closed"));
    expect(screen.getByTestId("AAPL-market").textContent).toBe("Open");
  });

  it("links to the symbol's detail page and has a named remove button", async () => {
    const onRemove = vi.fn();
    renderWithFeed(<SymbolCard symbol="MSFT" onRemove={onRemove} />);
    const card = screen.getByRole("region", { name: "MSFT" });
    expect(within(card).getByRole("link", { name: "MSFT" }).getAttribute("href")).toBe("/symbol/MSFT");
    fireEvent.click(within(card).getByRole("button", { name: "Remove MSFT" }));
    expect(onRemove).toHaveBeenCalledWith("MSFT");
  });

  it("shows an inline message for an unknown symbol while other cards keep working", async () => {
    renderWithFeed(
      <>
        <SymbolCard symbol="NOPE" onRemove={noop} />
        <SymbolCard symbol="MSFT" onRemove={noop} />
      </>,
    );
    const unknown = screen.getByRole("region", { name: "NOPE" });
    await waitFor(() => expect(within(unknown).getByRole("alert").textContent).toMatch(/Unknown symbol/));
    const msft = screen.getByRole("region", { name: "MSFT" });
    await waitFor(() => expect(within(msft).getByTestId("MSFT-price").textContent).toBe("400.00"));
  });

  it("keeps the last price visible and marks it stale while the feed is down", async () => {
    renderWithFeed(<SymbolCard symbol="MSFT" onRemove={noop} />);
    const card = screen.getByRole("region", { name: "MSFT" });
    await waitFor(() => expect(within(card).getByTestId("MSFT-price").textContent).toBe("400.00"));

    feed.dropAll({ refuseNew: true });
    await waitFor(() => expect(card.dataset.stale).toBe("true"));
    expect(within(card).getByTestId("MSFT-price").textContent).toBe("400.00");
    expect(within(card).getByText(/Reconnecting/)).toBeTruthy();

    feed.acceptNew();
    await waitFor(() => expect(card.dataset.stale).toBeUndefined(), { timeout: 3_000 });
  });
});
