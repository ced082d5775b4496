/**
 * Issue #11 against the real feed: the card's change is measured against the previous close that
 * /quote serves; the symbol page shows about a year of daily candles and today's 1m candles with
 * a live last candle; /markets lists gainers and losers in order, fed by conflated daily bars,
 * and links to symbol pages.
 */
import { formatChange } from "../lib/format";
import { card, connectionStatus, expect, expectLive, test } from "./fixtures";

/** Parses a formatted price or change ("1,234.50", "−0.40", "+2.00%"). */
function numberOf(text: string): number {
  return Number(text.replace(/\u2212/g, "-").replace(/[,+%]/g, ""));
}

test("the card shows the change against the previous close served by /quote", async ({ page, feed, request }) => {
  const quote = (await (await request.get(`${feed.httpUrl}/quote/AAPL`)).json()) as { prevClose: number | null };
  expect(typeof quote.prevClose, "the simulator's past gives AAPL a previous close").toBe("number");
  const prevClose = quote.prevClose!;

  await page.goto("/?symbols=AAPL");
  await expectLive(page, ["AAPL"]);
  const aapl = card(page, "AAPL");
  // Price and change read in one go (they are written in the same frame).
  const shown = () =>
    aapl.evaluate((el) => ({
      price: el.querySelector('[data-testid="AAPL-price"]')?.textContent ?? "",
      change: el.querySelector('[data-testid="AAPL-change"]')?.textContent ?? "",
    }));
  for (let i = 0; i < 3; i++) {
    const { price, change } = await shown();
    expect(change, `change of ${price} against ${prevClose}`).toBe(formatChange(numberOf(price) - prevClose));
    await page.waitForTimeout(300); // sample three different moments of a moving price
  }
  await expect(aapl.getByTestId("AAPL-high")).toHaveText(/^[\d,]+\.\d{2}$/);
  await expect(aapl.getByTestId("AAPL-volume")).not.toHaveText("—");
  await expect(aapl.locator(".day-chart__plot .recharts-reference-line")).toBeAttached();
});

test("the symbol page shows about 250 daily candles for 1Y, and today's 1m candles with a live last candle", async ({ page }) => {
  await page.goto("/symbol/AAPL");
  await expect(connectionStatus(page)).toHaveText(/^Live/);
  const plot = page.getByRole("img", { name: /AAPL price and volume/ });

  await page.getByRole("button", { name: "1Y" }).click();
  await expect(plot).toHaveAttribute("data-range", "1Y");
  await expect.poll(async () => Number(await plot.getAttribute("data-bars")), { message: "a year of trading days" }).toBeGreaterThan(240);
  const yearBars = Number(await plot.getAttribute("data-bars"));
  expect(yearBars).toBeLessThanOrEqual(262);
  await expect(plot.locator("g.candle")).toHaveCount(yearBars);
  await expect(plot.locator(".detail-chart__volume .recharts-bar-rectangle").first()).toBeAttached();

  await page.getByRole("button", { name: "1D" }).click();
  await expect(plot).toHaveAttribute("data-range", "1D");
  await expect.poll(async () => Number(await plot.getAttribute("data-bars"))).toBeGreaterThan(1);
  const lastT = Number(await plot.getAttribute("data-last-t"));
  expect(lastT % 60_000, "1D draws one-minute bars").toBe(0);
  expect(Math.abs(Date.now() - lastT)).toBeLessThan(3 * 60_000);
  const before = await plot.evaluate((el) => `${el.getAttribute("data-last-c")}|${el.getAttribute("data-last-v")}`);
  await expect
    .poll(() => plot.evaluate((el) => `${el.getAttribute("data-last-c")}|${el.getAttribute("data-last-v")}`), {
      message: "the last candle changes while watching",
    })
    .not.toBe(before);

  // The crosshair tooltip: OHLCV and the time labelled in New York.
  const box = (await plot.locator(".detail-chart__price").boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await expect(page.getByTestId("ohlc-tooltip")).toContainText("New York");
  await expect(page.getByTestId("ohlc-tooltip")).toContainText(/O[\d,]+\.\d{2}/);
});

test("/markets lists gainers and losers in order, on daily bars, and links to symbol pages", async ({ page, frames }) => {
  await page.goto("/markets");
  await expect(connectionStatus(page)).toHaveText(/^Live/);
  const percents = (name: string) =>
    page
      .getByRole("table", { name })
      .locator("tbody tr[data-symbol] .movers__change")
      .evaluateAll((cells) => cells.map((c) => c.textContent ?? ""));
  await expect.poll(async () => (await percents("Top gainers")).length + (await percents("Top losers")).length).toBeGreaterThan(4);
  const gainers = (await percents("Top gainers")).map(numberOf);
  const losers = (await percents("Top losers")).map(numberOf);
  expect(gainers.every((p) => p > 0)).toBe(true);
  expect(losers.every((p) => p < 0)).toBe(true);
  expect(gainers, "gainers, biggest first").toEqual([...gainers].sort((a, b) => b - a));
  expect(losers, "losers, biggest fall first").toEqual([...losers].sort((a, b) => a - b));

  const heatmap = page.getByRole("region", { name: "Heatmap" });
  await expect(heatmap.locator(".heatmap__tile")).toHaveCount(36);
  const subscribes = frames.subscribes();
  expect(subscribes.length).toBeGreaterThan(0);
  expect(subscribes.every((s) => s.bars === "1d"), "the overview subscribes to daily bars, not ticks").toBe(true);
  expect(frames.messages("tick")).toEqual([]);

  await heatmap.locator('.heatmap__tile[data-symbol="MSFT"]').click();
  await expect(page).toHaveURL(/\/symbol\/MSFT$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("MSFT");
});
