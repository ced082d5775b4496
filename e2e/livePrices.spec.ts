/** Issue #3, 1: prices change live, pushed over the WebSocket and applied by the store. */
import { formatPrice } from "../lib/format";
import { card, dataSeq, expect, expectLive, test } from "./fixtures";

test("a card's price and data-seq advance with the live feed, showing the price of the seq it applied", async ({ page, frames }) => {
  const symbols = ["AAPL", "BTC-USD"];
  await page.goto("/?symbols=AAPL,BTC-USD");
  await expectLive(page, symbols);

  for (const symbol of symbols) {
    const section = card(page, symbol);
    const price = section.getByTestId(`${symbol}-price`);
    const startSeq = await dataSeq(section);
    const startPrice = await price.textContent();
    await expect.poll(() => dataSeq(section), { message: `${symbol} data-seq advances` }).toBeGreaterThan(startSeq + 5);
    await expect(price, `${symbol} price text changes`).not.toHaveText(startPrice ?? "");

    // Whatever seq the card shows, its price must be that trade's price as the feed sent it.
    await expect
      .poll(
        async () => {
          const shown = await section.evaluate((el) => ({
            seq: Number(el.getAttribute("data-seq")),
            price: el.querySelector(".readout__price")?.textContent ?? "",
          }));
          const sent = frames.priceOf(symbol, shown.seq);
          return sent === null ? `seq ${shown.seq} not received` : shown.price === formatPrice(sent) || `${shown.price} ≠ ${formatPrice(sent)}`;
        },
        { message: `${symbol} shows the price of the seq it applied` },
      )
      .toBe(true);
  }
  expect(frames.malformed).toEqual([]);
  for (const symbol of symbols) expect(frames.trail(symbol).problems).toEqual([]);
});
