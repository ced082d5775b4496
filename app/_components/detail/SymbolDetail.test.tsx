// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tradingDayStart } from "../../../lib/bars/tradingDay";
import type { Bar } from "../../../lib/bars/types";
import { createFeedMock } from "../../_test/feedMock";
import { renderWithFeed } from "../../_test/renderWithFeed";
import { SymbolDetail } from "./SymbolDetail";

const now = Date.now();
const DAY = 86_400_000;
const bar = (t: number, c: number, spread = 1): Bar => ({ t, o: c, h: c + spread, l: c - spread, c, v: 1_000, n: 10 });
// 400 daily bars ending yesterday: the 1Y range keeps the last 365 days of them (plus today's live bar).
const daily = Array.from({ length: 400 }, (_, i) => bar(tradingDayStart(now - (400 - i) * DAY, "stock"), 100 + (i % 50), 2));
const minutes = Array.from({ length: 30 }, (_, i) => bar(Math.floor(now / 60_000) * 60_000 - (30 - i) * 60_000, 110 + i * 0.1));

const feed = createFeedMock({
  NVDA: {
    open: 100,
    prevClose: 98,
    ticks: [
      { seq: 1, price: 101, size: 5, ts: now - 2_000 },
      { seq: 2, price: 99, size: 7, ts: now - 1_000 },
    ],
    bars: { "1d": daily, "1m": minutes, "5m": [], "1h": [] },
  },
});

beforeAll(() => feed.server.listen({ onUnhandledRequest: "error" }));
afterEach(() => cleanup());
afterAll(() => feed.server.close());

function stat(name: string): string {
  const list = screen.getByLabelText("Session statistics");
  const term = within(list)
    .getAllByText(name)
    .find((el) => el.tagName === "DT");
  return term?.nextElementSibling?.textContent ?? "";
}

const barRequests = () => feed.httpRequests().filter((r) => r.startsWith("/bars/NVDA"));

describe("SymbolDetail", () => {
  it("shows the day's stats against the previous close and the newest trades first, updating live", async () => {
    renderWithFeed(<SymbolDetail symbol="NVDA" />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("NVDA");
    await waitFor(() => expect(stat("Last")).toBe("99.00"));
    expect(stat("Prev close")).toBe("98.00");
    expect(stat("Open")).toBe("101.00");
    expect(stat("Day range")).toBe("99.00 – 101.00");
    expect(stat("Volume")).toBe("12");
    expect(stat("Change")).toBe("+1.00 (+1.02%)");
    expect(stat("Market")).toBe("Open");
    await waitFor(() => expect(stat("52-week range")).not.toBe("—"));

    const table = screen.getByRole("table", { name: "Recent trades" });
    expect(within(table).getAllByRole("row").slice(1).map((r) => r.getAttribute("data-seq"))).toEqual(["2", "1"]);

    feed.tick("NVDA", 105, 3);
    await waitFor(() => expect(stat("Last")).toBe("105.00"));
    expect(stat("Day range")).toBe("99.00 – 105.00");
    expect(stat("Volume")).toBe("15");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.getAttribute("data-seq"))).toEqual(["3", "2", "1"]);
    expect(rows[0]!.getAttribute("data-trend")).toBe("up");
  });

  it("switches ranges, fetching each series once and reusing what the page holds", async () => {
    renderWithFeed(<SymbolDetail symbol="NVDA" />);
    const plot = screen.getByRole("img", { name: /NVDA price and volume/ });
    const before = barRequests().length;
    // 1D: today's minute bars (history plus the live minute from the snapshot's ticks).
    await waitFor(() => expect(Number(plot.getAttribute("data-bars"))).toBeGreaterThanOrEqual(30));
    expect(plot.getAttribute("data-range")).toBe("1D");

    fireEvent.click(screen.getByRole("button", { name: "1Y" }));
    await waitFor(() => expect(plot.getAttribute("data-range")).toBe("1Y"));
    // 365 days of daily bars: 364 from history and today's, built live from the ticks.
    await waitFor(() => expect(Number(plot.getAttribute("data-bars"))).toBe(365));
    // Today's bar closes at the last price, not at a daily bar from history.
    expect(Number(plot.getAttribute("data-last-c"))).toBe(Number(stat("Last")));

    fireEvent.click(screen.getByRole("button", { name: "6M" }));
    await waitFor(() => expect(Number(plot.getAttribute("data-bars"))).toBe(182));
    fireEvent.click(screen.getByRole("button", { name: "1D" }));
    await waitFor(() => expect(Number(plot.getAttribute("data-bars"))).toBeGreaterThanOrEqual(30));
    fireEvent.click(screen.getByRole("button", { name: "1Y" }));
    await waitFor(() => expect(Number(plot.getAttribute("data-bars"))).toBe(365));

    // One request for 1m and one for 1d (shared by 6M, 1Y and the 52-week range), however often switched.
    expect(barRequests().slice(before).sort()).toEqual(["/bars/NVDA?interval=1d&limit=400", "/bars/NVDA?interval=1m&limit=1440"]);

    // The newest daily bar follows live ticks.
    feed.tick("NVDA", 107, 2);
    await waitFor(() => expect(Number(plot.getAttribute("data-last-c"))).toBe(107));
    expect(screen.getByRole("button", { name: "1Y" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("toggles between candles and a line and labels the exchange time zone", async () => {
    renderWithFeed(<SymbolDetail symbol="NVDA" />);
    const plot = screen.getByRole("img", { name: /NVDA price and volume/ });
    expect(screen.getByText(/Times in New York/)).toBeTruthy();
    expect(plot.getAttribute("data-type")).toBe("candles");
    fireEvent.click(screen.getByRole("button", { name: "Line" }));
    expect(plot.getAttribute("data-type")).toBe("line");
  });

  it("explains an unknown symbol inline", async () => {
    renderWithFeed(<SymbolDetail symbol="NOPE" />);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/Unknown symbol/));
  });
});
