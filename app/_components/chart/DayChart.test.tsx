// @vitest-environment happy-dom
import { act, cleanup, render, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { tradingDayStart } from "../../../lib/bars/tradingDay";
import type { Bar } from "../../../lib/bars/types";
import { FeedProvider } from "../../_feed/FeedProvider";
import { FEED_WS_URL, createFeedMock } from "../../_test/feedMock";
import { DayChart, thinCloses } from "./DayChart";

const now = Date.now();
const day = tradingDayStart(now, "stock");
const minute = Math.floor(now / 60_000) * 60_000;
const bar = (t: number, c: number): Bar => ({ t, o: c, h: c, l: c, c, v: 10, n: 1 });
// Yesterday's last minute, then three minutes today.
const history = [bar(day - 60_000, 90), bar(minute - 180_000, 101), bar(minute - 120_000, 102), bar(minute - 60_000, 103)];

const feed = createFeedMock({
  AAPL: { open: 100, prevClose: 100, ticks: [{ seq: 5, price: 103, size: 1, ts: now }], bars: { "1m": history } },
});

beforeAll(() => feed.server.listen({ onUnhandledRequest: "error" }));
afterEach(() => cleanup());
afterAll(() => feed.server.close());

function renderChart(copies = 1) {
  return render(
    <FeedProvider config={{ urls: [FEED_WS_URL], port: 9001 }} clientOptions={{ pingIntervalMs: 1_000 }}>
      {Array.from({ length: copies }, (_, i) => (
        <DayChart key={i} symbol="AAPL" size={{ width: 300, height: 100 }} />
      ))}
    </FeedProvider>,
  );
}

describe("DayChart", () => {
  it("draws today's minute bars with a dashed baseline at the previous close", async () => {
    const { container } = renderChart();
    const plot = container.querySelector(".day-chart__plot")!;
    await waitFor(() => expect(plot.getAttribute("data-prev-close")).toBe("100"));
    // Only today's bars (yesterday's minute is cut), extended by the live minute from the snapshot's tick.
    const todays = history.filter((b) => b.t >= day).length;
    await waitFor(() => expect(Number(plot.getAttribute("data-points"))).toBeGreaterThanOrEqual(todays));
    const baseline = await waitFor(() => {
      const line = container.querySelector(".recharts-reference-line line");
      expect(line).not.toBeNull();
      return line!;
    });
    expect(baseline.getAttribute("stroke-dasharray")).toBe("3 3");
    // The baseline sits below the line's points: all of today's closes are above 100.
    const y = Number(baseline.getAttribute("y1"));
    const path = container.querySelector(".recharts-line-curve")!.getAttribute("d")!;
    const ys = [...path.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys.length).toBeGreaterThan(1);
    for (const py of ys) expect(py).toBeLessThan(y);
    // The line is drawn in the up colour: the last price is above the previous close.
    expect(container.querySelector(".recharts-line-curve")!.getAttribute("stroke")).toBe("var(--up)");
  });

  it("fetches today's bars once per page, however many charts show them", async () => {
    const before = feed.httpRequests().filter((r) => r.startsWith("/bars/AAPL")).length;
    const { container } = renderChart(3);
    await waitFor(() => expect(container.querySelectorAll(".recharts-line-curve")).toHaveLength(3));
    expect(feed.httpRequests().filter((r) => r.startsWith("/bars/AAPL")).length).toBe(before + 1);
    expect(feed.httpRequests().at(-1)).toBe("/bars/AAPL?interval=1m&limit=1440");
  });
});

/** An IntersectionObserver the test drives: `scroll(element, inView)` reports a crossing. */
function fakeIntersectionObserver() {
  const observers = new Map<Element, (entries: { target: Element; isIntersecting: boolean }[]) => void>();
  class FakeObserver {
    constructor(private readonly callback: (entries: { target: Element; isIntersecting: boolean }[]) => void) {}
    observe(target: Element) {
      observers.set(target, this.callback);
    }
    unobserve(target: Element) {
      observers.delete(target);
    }
    disconnect() {
      for (const [target, callback] of observers) if (callback === this.callback) observers.delete(target);
    }
    takeRecords() {
      return [];
    }
  }
  vi.stubGlobal("IntersectionObserver", FakeObserver);
  return {
    scroll(target: Element, isIntersecting: boolean) {
      const callback = observers.get(target);
      if (!callback) throw new Error("the element is not observed");
      act(() => callback([{ target, isIntersecting }]));
    },
  };
}

describe("DayChart outside the viewport", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("does not redraw while out of view, and shows the latest bars when scrolled back in", async () => {
    const viewport = fakeIntersectionObserver();
    const { container } = renderChart(2);
    const charts = [...container.querySelectorAll(".day-chart")];
    const pathOf = (chart: Element) => chart.querySelector(".recharts-line-curve")?.getAttribute("d") ?? null;
    await waitFor(() => expect(charts.map(pathOf)).not.toContain(null));
    const [shown, hidden] = charts as [Element, Element];
    await waitFor(() => expect(pathOf(hidden)).toBe(pathOf(shown)));
    viewport.scroll(hidden, false);
    const before = pathOf(hidden);

    feed.tick("AAPL", 140);
    // The chart in view redraws with the new price; the one out of view keeps its old path.
    await waitFor(() => expect(pathOf(shown)).not.toBe(before), { timeout: 5_000 });
    expect(pathOf(hidden)).toBe(before);

    viewport.scroll(hidden, true);
    await waitFor(() => expect(pathOf(hidden)).toBe(pathOf(shown)), { timeout: 5_000 });
  });
});

describe("thinCloses", () => {
  it("keeps at most the maximum of points, ending with the newest close", () => {
    const bars = Array.from({ length: 1_000 }, (_, i) => bar(i * 60_000, i));
    const points = thinCloses(bars, 160);
    expect(points.length).toBeLessThanOrEqual(160);
    expect(points.at(-1)).toEqual({ t: 999 * 60_000, c: 999 });
    expect(thinCloses(bars.slice(0, 5), 160)).toHaveLength(5);
  });
});
