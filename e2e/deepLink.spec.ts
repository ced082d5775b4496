/** Issue #3, 3: /?symbols=... opens exactly those symbols, on the server and in the browser. */
import { MAX_WATCHLIST, WATCHLIST_STORAGE_KEY } from "../app/_components/watchlist/watchlistParams";
import { cardSymbols, expect, expectLive, test } from "./fixtures";

const LINK = "/?symbols=msft,ETH-USD,TSLA";
const EXPECTED = ["MSFT", "ETH-USD", "TSLA"];

test("a deep link opens exactly its symbols, in order, even over a stored watchlist", async ({ page, frames, request }) => {
  // The server-rendered HTML already has exactly these cards (a shared link looks right at once).
  const html = await (await request.get(LINK)).text();
  const rendered = [...html.matchAll(/<section\b[^>]*>/g)].flatMap(([tag]) =>
    /\bclass="card"/.test(tag) ? [/aria-label="([^"]+)"/.exec(tag)?.[1] ?? "?"] : [],
  );
  expect(rendered).toEqual(EXPECTED);

  // A stored list from an earlier visit must not override the link.
  await page.addInitScript(
    ([key, list]) => window.localStorage.setItem(key, list),
    [WATCHLIST_STORAGE_KEY, JSON.stringify(["AAPL", "NVDA"])] as const,
  );
  await page.goto(LINK);
  await expectLive(page, EXPECTED);
  expect(await cardSymbols(page)).toEqual(EXPECTED);
  await expect(page).toHaveURL(/\?symbols=MSFT,ETH-USD,TSLA$/);

  const subscribed = frames.subscribes().flatMap((op) => op.symbols);
  expect([...subscribed].sort()).toEqual([...EXPECTED].sort());
  const tape = page.getByRole("region", { name: "Ticker tape" }).locator("ul:not([aria-hidden]) .tape__symbol");
  await expect(tape).toHaveText(EXPECTED);
});

test("a link with the watchlist's maximum of symbols subscribes them in one frame and every card goes live", async ({
  page,
  frames,
  launch,
}) => {
  const symbols = Array.from({ length: MAX_WATCHLIST }, (_, i) => `S${String(i).padStart(2, "0")}`);
  const feed = await launch.feed({ FEED_SYMBOLS: symbols.join(",") });
  const dashboard = await launch.dashboard(feed.wsUrl);
  await page.goto(`${dashboard.url}/?symbols=${symbols.join(",")}`);
  await expectLive(page, symbols);
  expect(await cardSymbols(page)).toEqual(symbols);
  // One op per card would pass the server's rate-limit burst (40) and leave cards empty.
  expect(frames.subscribes()).toEqual([{ op: "subscribe", symbols }]);
  expect(frames.messages("error")).toEqual([]);
});
