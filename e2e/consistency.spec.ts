/**
 * Issue #11: every view reads its day stats from the same source, so the card, the dashboard's
 * tape, the symbol page and every widget show the same day change for the same symbol at the same
 * moment. A feed ticking slowly (one trade per symbol every few seconds) leaves quiet moments in
 * which every view has caught up; the views must then agree, and agree again after the price moved.
 */
import type { Frame, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { frameOf, hostPage, startHost } from "./support/hostSite";

/** "−0.50 (−0.22%) today" → "−0.22%"; a bare "+0.54%" stays as it is. */
function percentIn(text: string): string {
  return /\(([^)]*)\)/.exec(text)?.[1] ?? text.trim();
}

async function textOf(where: Page | Frame, selector: string): Promise<string> {
  return percentIn((await where.locator(selector).first().textContent()) ?? "");
}

test("the card, the tape, the symbol page and every widget show the same day change", async ({ page, context, launch }) => {
  const feed = await launch.feed({ FEED_TICK_RATE: "0.3" });
  const dashboard = await launch.dashboard(feed.wsUrl);
  const dash = dashboard.url;
  const host = await startHost(() =>
    hostPage(`
      <iframe id="quote" src="${dash}/embed/quote?symbol=AAPL" width="320" height="160"></iframe>
      <iframe id="overview" src="${dash}/embed/symbol-overview?symbol=AAPL" width="480" height="400"></iframe>
      <iframe id="tape" src="${dash}/embed/ticker-tape?symbols=AAPL" width="480" height="50"></iframe>
      <iframe id="chart" src="${dash}/embed/mini-chart?symbol=AAPL&range=1D" width="320" height="200"></iframe>`),
  );
  try {
    await page.goto(`${dash}/?symbols=AAPL`);
    const detail = await context.newPage();
    await detail.goto(`${dash}/symbol/AAPL`);
    const widgets = await context.newPage();
    await widgets.goto(host.url);
    const [quote, overview, tape, chart] = await Promise.all(["#quote", "#overview", "#tape", "#chart"].map((id) => frameOf(widgets.locator(id))));

    const views = async (): Promise<Record<string, string>> => ({
      card: await textOf(page, '[data-testid="AAPL-percent"]'),
      dashboardTape: await textOf(page, ".tape__percent"),
      symbolPage: await textOf(detail, '.stats__row:has(dt:text-is("Change")) dd'),
      quoteWidget: await textOf(quote!, ".tw-change"),
      overviewWidget: await textOf(overview!, ".tw-change"),
      tapeWidget: await textOf(tape!, ".tw-change"),
      miniChartWidget: await textOf(chart!, ".tw-change"),
    });
    const agreed = async (): Promise<string | null> => {
      const seen = await views();
      const values = new Set(Object.values(seen));
      const [only] = values;
      return values.size === 1 && only !== undefined && /\d/.test(only) ? only : null;
    };

    await expect.poll(agreed, { message: "every view shows the same day change", timeout: 30_000 }).not.toBeNull();
    const first = await agreed();
    await expect
      .poll(async () => {
        const now = await agreed();
        return now !== null && now !== first;
      }, { message: "after the price moved, every view agrees on the new change", timeout: 45_000 })
      .toBe(true);
  } finally {
    await host.close();
  }
});
