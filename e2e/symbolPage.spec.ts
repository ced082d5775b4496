/** Issue #3, 6: the symbol page's session stats and recent trades update live. */
import { formatPrice } from "../lib/format";
import { connectionStatus, expect, test } from "./fixtures";

test("the symbol page shows live session stats and a growing, contiguous recent-trades list", async ({ page, frames }) => {
  await page.goto("/symbol/AAPL");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("AAPL");
  await expect(connectionStatus(page)).toHaveText(/^Live/);
  const stats = page.getByLabel("Session statistics");
  const stat = (term: string) => stats.locator(".stats__row", { has: page.locator("dt", { hasText: new RegExp(`^${term}$`) }) }).locator("dd");
  const trades = page.getByRole("table", { name: "Recent trades" }).locator("tbody tr[data-seq]");
  await expect(trades.first()).toBeVisible();
  await expect(stat("Volume")).not.toHaveText("—");

  const topSeq = async () => Number(await trades.first().getAttribute("data-seq"));
  const firstTop = await topSeq();
  const firstVolume = await stat("Volume").textContent();
  await expect.poll(topSeq, { message: "newest trade moves on" }).toBeGreaterThan(firstTop + 5);
  await expect(stat("Volume"), "volume grows").not.toHaveText(firstVolume ?? "");

  // The newest row is the trade the Last stat shows, as the feed sent it.
  await expect
    .poll(
      async () => {
        const shown = await page.evaluate(() => {
          const row = document.querySelector("table tbody tr[data-seq]");
          const last = [...document.querySelectorAll(".stats__row")].find((r) => r.querySelector("dt")?.textContent === "Last");
          return { seq: Number(row?.getAttribute("data-seq")), last: last?.querySelector("dd")?.textContent ?? "" };
        });
        const sent = frames.priceOf("AAPL", shown.seq);
        return sent !== null && shown.last === formatPrice(sent);
      },
      { message: "Last equals the newest listed trade's price" },
    )
    .toBe(true);

  const seqs = await trades.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-seq"))));
  expect(seqs.length).toBeGreaterThan(1);
  expect(seqs.length).toBeLessThanOrEqual(50);
  expect(seqs, "newest first, no gaps").toEqual(seqs.map((_, i) => seqs[0]! - i));
  await expect(page.getByRole("img", { name: /AAPL price and volume/ }).locator("g.candle").first()).toBeVisible();
  expect(frames.subscribes()).toEqual([{ op: "subscribe", symbols: ["AAPL"] }]);
  expect(frames.trail("AAPL").problems).toEqual([]);
});
