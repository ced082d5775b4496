/**
 * Issue #11: the symbol-overview widget on a host page of another origin, through widget.js as
 * the existing widget test does: it goes live on daily bars, switches ranges and chart styles,
 * and its frame follows its content's height.
 */
import { expect, test } from "./fixtures";
import { FrameLog } from "./support/frameLog";
import { frameOf, hostPage, startHost } from "./support/hostSite";

test("the symbol-overview widget works on a cross-origin host page", async ({ page, dashboard }) => {
  const dash = dashboard.url;
  const host = await startHost(() =>
    hostPage(`
      <div id="overview" data-tickwire-widget="symbol-overview" data-symbol="AAPL" data-range="1Y" data-chart="candles" data-width="480"></div>
      <script async src="${dash}/widget.js"></script>`),
  );
  const frames = FrameLog.attach(page);
  try {
    await page.goto(host.url);
    const iframe = page.locator("#overview iframe");
    await expect(iframe).toHaveAttribute("src", new RegExp(`^${dash}/embed/symbol-overview\\?symbol=AAPL&range=1Y&chart=candles&id=`));
    const frame = await frameOf(iframe);
    const plot = frame.locator(".tw-overview__plot");

    await expect.poll(async () => Number(await plot.getAttribute("data-bars")), { message: "a year of daily candles" }).toBeGreaterThan(240);
    await expect(frame.locator(".tw-candles > g").first()).toBeAttached();
    await expect(frame.locator(".tw-volume rect").first()).toBeAttached();
    await expect(frame.locator(".tw-overview .tw-change")).toHaveText(/^[+\u2212]?[\d,]+\.\d{2} \([+\u2212]?\d+\.\d{2}%\)$/);

    // Live: the price follows the conflated daily bar.
    const first = await frame.locator(".tw-overview__price").innerText();
    await expect.poll(() => frame.locator(".tw-overview__price").innerText(), { timeout: 20_000 }).not.toBe(first);

    await frame.getByRole("button", { name: "1D" }).click();
    await expect(plot).toHaveAttribute("data-range", "1D");
    await frame.getByRole("button", { name: "Area" }).click();
    await expect(frame.locator("svg[data-style='area'] path").first()).toBeAttached();
    await expect(frame.locator(".tw-baseline")).toBeAttached();

    // The frame is as tall as its content.
    await expect
      .poll(async () => {
        const content = await frame.locator(".tw__body").evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
        const height = await iframe.evaluate((el) => Math.round(el.getBoundingClientRect().height));
        return Math.abs(height - content) <= 1 && content > 200;
      })
      .toBe(true);

    expect(frames.subscribes()).toEqual([{ op: "subscribe", symbols: ["AAPL"], bars: "1d" }]);
  } finally {
    await host.close();
  }
});
