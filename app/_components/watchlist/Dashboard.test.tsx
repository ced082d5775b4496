// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFeedMock } from "../../_test/feedMock";
import { renderWithFeed } from "../../_test/renderWithFeed";
import { Dashboard } from "./Dashboard";
import { WATCHLIST_STORAGE_KEY } from "./watchlistParams";

const feed = createFeedMock({
  AAPL: { open: 100, ticks: [{ seq: 1, price: 101, size: 1, ts: Date.now() }] },
  MSFT: { open: 400, ticks: [{ seq: 1, price: 401, size: 1, ts: Date.now() }] },
  TSLA: { open: 200, ticks: [] },
  // Day changes against the previous close: NVDA +10 %, AMD -5 %, SPY +1 %.
  NVDA: { open: 1, prevClose: 100, kind: "stock", ticks: [{ seq: 1, price: 110, size: 1, ts: Date.now() }] },
  AMD: { open: 1, prevClose: 100, kind: "stock", ticks: [{ seq: 1, price: 95, size: 1, ts: Date.now() }] },
  SPY: { open: 1, prevClose: 100, kind: "etf", ticks: [{ seq: 1, price: 101, size: 1, ts: Date.now() }] },
});

beforeAll(() => feed.server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => {
  window.localStorage.clear();
  window.history.replaceState(null, "", "/");
});
afterEach(() => cleanup());
afterAll(() => feed.server.close());

function addSymbol(text: string): void {
  const input = screen.getByRole("combobox", { name: "Add symbol" });
  fireEvent.change(input, { target: { value: text } });
  fireEvent.submit(input.closest("form")!);
}

function cardNames(): string[] {
  return screen.queryAllByRole("region").map((r) => r.getAttribute("aria-label") ?? "").filter((n) => n !== "Ticker tape");
}

describe("Dashboard", () => {
  it("opens exactly the symbols from the URL and mirrors changes into URL and localStorage", async () => {
    renderWithFeed(<Dashboard initialSymbols={["MSFT"]} fromUrl />);
    expect(cardNames()).toEqual(["MSFT"]);
    await waitFor(() => expect(window.location.search).toBe("?symbols=MSFT"));

    addSymbol("aapl");
    expect(cardNames()).toEqual(["MSFT", "AAPL"]);
    await waitFor(() => expect(window.location.search).toBe("?symbols=MSFT,AAPL"));
    expect(JSON.parse(window.localStorage.getItem(WATCHLIST_STORAGE_KEY)!)).toEqual(["MSFT", "AAPL"]);
    const aapl = screen.getByRole("region", { name: "AAPL" });
    await waitFor(() => expect(within(aapl).getByTestId("AAPL-price").textContent).toBe("101.00"));

    fireEvent.click(screen.getByRole("button", { name: "Remove MSFT" }));
    expect(cardNames()).toEqual(["AAPL"]);
    await waitFor(() => expect(window.location.search).toBe("?symbols=AAPL"));
  });

  it("restores the stored watchlist when the URL names none", async () => {
    window.localStorage.setItem(WATCHLIST_STORAGE_KEY, JSON.stringify(["TSLA"]));
    renderWithFeed(<Dashboard initialSymbols={["AAPL", "MSFT"]} fromUrl={false} />);
    await waitFor(() => expect(cardNames()).toEqual(["TSLA"]));
    await waitFor(() => expect(window.location.search).toBe("?symbols=TSLA"));
  });

  it("suggests the feed's symbols and rejects unknown or invalid input inline", async () => {
    const { container } = renderWithFeed(<Dashboard initialSymbols={["AAPL"]} fromUrl />);
    await waitFor(() => expect(container.querySelectorAll("datalist option")).toHaveLength(5));
    const options = [...container.querySelectorAll("datalist option")];
    expect(options.map((o) => o.getAttribute("value"))).toEqual(["AMD", "MSFT", "NVDA", "SPY", "TSLA"]);
    // Each suggestion names its kind.
    expect(options.map((o) => o.getAttribute("label"))).toContain("SPY · ETF");

    addSymbol("zzzz");
    expect(screen.getByRole("alert").textContent).toMatch(/Unknown symbol ZZZZ/);
    expect(cardNames()).toEqual(["AAPL"]);
    expect(screen.getByRole("combobox", { name: "Add symbol" }).getAttribute("aria-invalid")).toBe("true");

    addSymbol("not a symbol");
    expect(screen.getByRole("alert").textContent).toMatch(/not a valid symbol/);

    addSymbol("tsla");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(cardNames()).toEqual(["AAPL", "TSLA"]);
  });

  it("shows the ticker tape for the watched symbols", async () => {
    renderWithFeed(<Dashboard initialSymbols={["AAPL", "MSFT"]} fromUrl />);
    const tape = screen.getByRole("region", { name: "Ticker tape" });
    const items = within(tape).getAllByRole("listitem");
    expect(items.map((li) => li.querySelector(".tape__symbol")?.textContent)).toEqual(["AAPL", "MSFT"]);
    await waitFor(() => expect(items[0]!.querySelector(".tape__price")?.textContent).toBe("101.00"));
  });

  it("sorts by change % or symbol, and moves cards in the manual order; the choice persists", async () => {
    renderWithFeed(<Dashboard initialSymbols={["SPY", "AMD", "NVDA"]} fromUrl />);
    expect(cardNames()).toEqual(["SPY", "AMD", "NVDA"]);
    const sort = screen.getByRole("combobox", { name: "Sort by" });

    fireEvent.change(sort, { target: { value: "change" } });
    // Re-sorted at most once a second as prices move.
    await waitFor(() => expect(cardNames()).toEqual(["NVDA", "SPY", "AMD"]), { timeout: 3_000 });
    await waitFor(() => expect(window.location.search).toBe("?symbols=SPY,AMD,NVDA&sort=change"));
    expect(window.localStorage.getItem("tickwire-watchlist-sort")).toBe("change");
    // No move buttons while sorted.
    expect(screen.queryByRole("button", { name: "Move AMD earlier" })).toBeNull();

    fireEvent.change(sort, { target: { value: "symbol" } });
    await waitFor(() => expect(cardNames()).toEqual(["AMD", "NVDA", "SPY"]));

    fireEvent.change(sort, { target: { value: "manual" } });
    await waitFor(() => expect(cardNames()).toEqual(["SPY", "AMD", "NVDA"]));
    fireEvent.click(screen.getByRole("button", { name: "Move NVDA earlier" }));
    await waitFor(() => expect(cardNames()).toEqual(["SPY", "NVDA", "AMD"]));
    await waitFor(() => expect(window.location.search).toBe("?symbols=SPY,NVDA,AMD"));
    expect(JSON.parse(window.localStorage.getItem(WATCHLIST_STORAGE_KEY)!)).toEqual(["SPY", "NVDA", "AMD"]);
  });

  it("opens with the sort from the URL", async () => {
    renderWithFeed(<Dashboard initialSymbols={["AMD", "SPY", "NVDA"]} fromUrl initialSort="change" />);
    await waitFor(() => expect(cardNames()).toEqual(["NVDA", "SPY", "AMD"]), { timeout: 3_000 });
  });

  it("says so when the watchlist is empty", () => {
    renderWithFeed(<Dashboard initialSymbols={[]} fromUrl />);
    expect(screen.getByText(/watchlist is empty/)).toBeTruthy();
  });
});
