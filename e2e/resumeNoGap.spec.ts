/**
 * Issue #3, 4 (resume): the page's connection drops while the feed server stays up. The page
 * reaches the feed through a TCP proxy that the test cuts and restores; on reconnect the client
 * resumes with its epoch and last seqs, gets resumed:true with exactly the missed ticks, and
 * the seqs it received are contiguous across the drop: nothing missing, nothing replaced.
 */
import { card, connectionStatus, dataSeq, expect, expectLive, test } from "./fixtures";
import { dataSeqs, decreases, installDataSeqLog } from "./support/dataSeqLog";

const SYMBOLS = ["AAPL", "MSFT"];
/** Ticks the feed must produce while the page is cut off, so the resume has a gap to fill. */
const MISSED = 5;
/**
 * Slow enough that the trades list (50 rows) still reaches back before the drop however long
 * the client's reconnect backoff takes (up to ~8 s here, i.e. ~16 ticks).
 */
const TICK_RATE = "2";

test("a dropped connection resumes with resumed:true and no missing seq, on the cards and the trades list", async ({
  page,
  frames,
  launch,
}) => {
  const feed = await launch.feed({ FEED_TICK_RATE: TICK_RATE });
  const proxy = await launch.proxy(feed.port);
  const dashboard = await launch.dashboard(`ws://127.0.0.1:${proxy.port}/ws`);
  await installDataSeqLog(page);
  await page.goto(`${dashboard.url}/?symbols=AAPL,MSFT`);
  await expectLive(page, SYMBOLS);
  // A second view in the same browser: the symbol page lists every recent trade by seq.
  const detail = await page.context().newPage();
  await detail.goto(`${dashboard.url}/symbol/AAPL`);
  const trades = detail.getByRole("table", { name: "Recent trades" }).locator("tbody tr[data-seq]");
  await expect(trades.first()).toBeVisible();
  const aapl = card(page, "AAPL");
  const firstSeq = await dataSeq(aapl);
  await expect.poll(() => dataSeq(aapl), { message: "live ticks after the snapshot" }).toBeGreaterThan(firstSeq + 2);

  proxy.cut();
  await expect(connectionStatus(page)).toHaveText("Reconnecting…");
  await expect(connectionStatus(detail)).toHaveText("Reconnecting…");
  const before = frames.latest("AAPL")!.seq;
  await expect
    .poll(async () => (await feed.symbols()).get("AAPL")?.seq ?? 0, { message: `the feed runs ${MISSED} ticks ahead` })
    .toBeGreaterThanOrEqual(before + MISSED);

  proxy.restore();
  await expect(connectionStatus(page)).toHaveText(/^Live/, { timeout: 25_000 });
  await expect(aapl).not.toHaveAttribute("data-stale");

  // Socket 1 is the first connection; every later one (failed attempts included) is after the drop.
  const resume = frames.sent.find(({ socket, message }) => socket > 1 && message.op === "subscribe");
  expect(resume?.message).toMatchObject({ op: "subscribe", epoch: feed.epoch, since: { AAPL: before } });
  const snapshot = frames.messages("snapshot").filter((m) => m.symbol === "AAPL").at(-1);
  expect(snapshot?.resumed).toBe(true);
  expect(snapshot?.ticks[0]?.seq).toBe(before + 1);
  expect(snapshot?.ticks.length).toBeGreaterThanOrEqual(MISSED);

  await expect.poll(() => dataSeq(aapl), { message: "AAPL ticks after the resume" }).toBeGreaterThan(snapshot!.seq + 2);
  for (const symbol of SYMBOLS) {
    const trail = frames.trail(symbol);
    expect(trail.problems, `${symbol}: seqs contiguous across the drop`).toEqual([]);
    expect(trail.segments, `${symbol}: one unbroken segment`).toHaveLength(1);
    expect(trail.segments[0]!.resumes, `${symbol}: continued by a resumed snapshot`).toBe(1);
  }
  expect(decreases(await dataSeqs(page, "AAPL")), "data-seq never moves back").toEqual([]);

  // The symbol page's trade list holds the trades from before, during and after the drop, no hole.
  await expect(connectionStatus(detail)).toHaveText(/^Live/, { timeout: 25_000 });
  await expect
    .poll(async () => Number(await trades.first().getAttribute("data-seq")), { message: "trades list moves on after the resume" })
    .toBeGreaterThan(before + MISSED);
  const listed = (await trades.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-seq"))))).reverse();
  expect(listed.some((seq) => seq <= before) && listed.some((seq) => seq > before + MISSED)).toBe(true);
  expect(listed, "recent trades are contiguous").toEqual(listed.map((_, i) => listed[0]! + i));
  await detail.close();
});
