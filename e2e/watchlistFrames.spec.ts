/** Issue #3, 2: adding a symbol subscribes it, removing it unsubscribes it, one frame each. */
import type { ClientMessage } from "../lib/protocol";
import { card, dataSeq, expect, expectLive, test } from "./fixtures";

test("adding and removing a symbol sends exactly one subscribe and one unsubscribe frame", async ({ page, frames }) => {
  await page.goto("/?symbols=AAPL");
  await expectLive(page, ["AAPL"]);

  const input = page.getByRole("combobox", { name: "Add symbol" });
  await input.fill("tsla");
  await input.press("Enter");
  const tsla = card(page, "TSLA");
  await expect(tsla).toBeVisible();
  const subscribe: ClientMessage = { op: "subscribe", symbols: ["TSLA"] };
  await expect.poll(() => frames.opsFor("TSLA"), { message: "one subscribe frame for TSLA" }).toEqual([subscribe]);
  await expect.poll(() => dataSeq(tsla), { message: "TSLA card applies its snapshot" }).toBeGreaterThan(0);
  await expect(page).toHaveURL(/\?symbols=AAPL,TSLA$/);

  await page.getByRole("button", { name: "Remove TSLA" }).click();
  await expect(tsla).toHaveCount(0);
  await expect
    .poll(() => frames.opsFor("TSLA"), { message: "one unsubscribe frame for TSLA" })
    .toEqual([subscribe, { op: "unsubscribe", symbols: ["TSLA"] }]);
  await expect
    .poll(() => frames.messages("unsubscribed").some((m) => m.symbols.includes("TSLA")), { message: "the server confirms" })
    .toBe(true);
  await expect(page).toHaveURL(/\?symbols=AAPL$/);

  // After the confirmation no TSLA tick may follow; AAPL ticking on proves time has passed.
  const confirmedAt = frames.received.findIndex(({ message }) => message.type === "unsubscribed");
  const aaplTicks = frames.tickCount("AAPL");
  await expect.poll(() => frames.tickCount("AAPL"), { message: "AAPL keeps ticking" }).toBeGreaterThan(aaplTicks + 8);
  const lateTsla = frames.received.slice(confirmedAt + 1).filter(({ message }) => "symbol" in message && message.symbol === "TSLA");
  expect(lateTsla).toEqual([]);
  expect(frames.opsFor("AAPL")).toEqual([{ op: "subscribe", symbols: ["AAPL"] }]);
  expect(frames.trail("AAPL").problems).toEqual([]);
});
