// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createFeedMock } from "../../_test/feedMock";
import { renderWithFeed } from "../../_test/renderWithFeed";
import { SymbolCard } from "./SymbolCard";

const feed = createFeedMock({
  AAPL: { open: 100, ticks: [{ seq: 7, price: 101.5, size: 10, ts: Date.now() }] },
  MSFT: { open: 400, ticks: [] },
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
