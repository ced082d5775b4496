/**
 * Issue #3, 5: no polling. After load (page, scripts, the one GET /symbols), live prices arrive
 * only over the WebSocket: the page makes no HTTP request while the cards keep updating.
 */
import { DEFAULT_WATCHLIST } from "../app/_components/watchlist/watchlistParams";
import { card, connectionStatus, dataSeq, expect, expectLive, test } from "./fixtures";

/** Ticks every card must apply during the counting window: seconds of live updates at 8/s. */
const TICKS_WATCHED = 24;

test("after load, live updates cause no HTTP request at all", async ({ page, feed }) => {
  const symbolsFetched = page.waitForResponse((res) => res.url() === `${feed.httpUrl}/symbols`);
  await page.goto("/");
  expect((await symbolsFetched).ok()).toBe(true);
  await expectLive(page, DEFAULT_WATCHLIST);
  // Settled: the first ping has been answered (it is sent 5 s after connecting) and the
  // network has been quiet for 500 ms.
  await expect(connectionStatus(page)).toHaveText(/^Live · \d+ ms$/);
  await page.waitForLoadState("networkidle");

  const requests: string[] = [];
  page.on("request", (req) => requests.push(`${req.method()} ${req.url()} (${req.resourceType()})`));
  const resourcesBefore = await page.evaluate(() => performance.getEntriesByType("resource").length);
  const start = await Promise.all(DEFAULT_WATCHLIST.map((s) => dataSeq(card(page, s))));

  for (const [i, symbol] of DEFAULT_WATCHLIST.entries()) {
    await expect
      .poll(() => dataSeq(card(page, symbol)), { message: `${symbol} applies ${TICKS_WATCHED} more ticks`, timeout: 20_000 })
      .toBeGreaterThanOrEqual(start[i]! + TICKS_WATCHED);
  }
  expect(requests, "HTTP requests during live updates").toEqual([]);
  expect(await page.evaluate(() => performance.getEntriesByType("resource").length)).toBe(resourcesBefore);
});

/** Issue #11: the same for every new page, whose first data comes from /bars and /symbols. */
for (const { path, ready } of [
  { path: "/symbol/AAPL", ready: "detail" },
  { path: "/markets", ready: "markets" },
  { path: "/embed/symbol-overview?symbol=AAPL", ready: "overview" },
  { path: "/embed/quote?symbol=MSFT", ready: "quote" },
] as const) {
  test(`${path}: after load, live updates cause no HTTP request`, async ({ page, frames }) => {
    await page.goto(path);
    switch (ready) {
      case "detail":
        await expect.poll(async () => Number(await page.getByRole("img", { name: /price and volume/ }).getAttribute("data-bars"))).toBeGreaterThan(1);
        break;
      case "markets":
        await expect(page.locator(".heatmap__tile")).toHaveCount(36);
        break;
      case "overview":
        await expect.poll(async () => Number(await page.locator(".tw-overview__plot").getAttribute("data-bars"))).toBeGreaterThan(1);
        break;
      case "quote":
        await expect(page.locator(".tw-price")).toHaveText(/\d/);
        break;
    }
    await page.waitForLoadState("networkidle");

    const requests: string[] = [];
    page.on("request", (req) => requests.push(`${req.method()} ${req.url()} (${req.resourceType()})`));
    const start = frames.received.length;
    await expect
      .poll(() => frames.received.length - start, { message: `${path} keeps receiving live frames`, timeout: 20_000 })
      .toBeGreaterThanOrEqual(20);
    expect(requests, "HTTP requests during live updates").toEqual([]);
  });
}
