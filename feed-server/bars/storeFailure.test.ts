/**
 * A durable store that cannot write while the server runs (the disk filled up): the server keeps
 * serving ticks and bars from memory, says so once in the log and in metrics, keeps the bars
 * queued, and says when writes work again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Bar } from "../../lib/bars/types";
import { captureLog } from "../testing/captureLog";
import { FakeClock } from "../testing/fakeClock";
import { useHarness } from "../testing/harness";
import { ManualSource } from "../testing/manualSource";
import { openSqliteBarStore, type SqliteBarStore } from "./sqliteBarStore";
import { storeBound } from "./openBarStore";
import { parseRetention } from "./barConfig";

const h = useHarness();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const T0 = Date.parse("2027-01-15T15:00:00Z");

describe("a durable bar store that cannot write", () => {
  it("keeps the server serving, counts the failed flushes, logs the failure once and the recovery", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tickwire-full-"));
    dirs.push(dir);
    // A page cap stands in for a full disk: SQLite fails the write with SQLITE_FULL.
    const store: SqliteBarStore = openSqliteBarStore({ dir, maxBars: storeBound(parseRetention("")), flushMs: 0, maxPages: 8 });
    const clock = new FakeClock(T0);
    const source = new ManualSource({ AAPL: 100 });
    const { logger, lines } = captureLog();
    const running = await h.start({ FEED_BAR_FLUSH_MS: "500" }, { source, now: clock.now, timers: clock, barStore: store, logger });
    const metric = async (name: string) => Number((await (await fetch(`${running.httpUrl}/metrics`)).text()).match(new RegExp(`^${name} (\\S+)$`, "m"))?.[1]);

    for (let i = 0; i < 3000; i++) source.emit("AAPL", 100 + (i % 7), T0 + i * 1000); // 3000 closed 1s bars: more than 8 pages
    clock.jumpTo(T0 + 3000 * 1000);
    clock.advance(0); // the flush due since the jump
    clock.advance(500); // and the next one
    expect(await metric('tickwire_bar_store_flushes_total\\{result="failed"\\}')).toBe(2);
    expect(await metric("tickwire_bar_store_failing")).toBe(1);
    expect(store.stats()).toMatchObject({ failedFlushes: 2, lastError: "database or disk is full" });
    expect(store.stats().pending).toBeGreaterThan(3000);
    const failures = lines.filter((l) => l.msg.startsWith("bar store write failed:"));
    expect(failures).toHaveLength(1); // once, not once per flush
    expect(failures[0]!.level).toBe(50);

    // Still serving: bars from memory, live ticks to a subscriber.
    const served = (await (await fetch(`${running.httpUrl}/bars/AAPL?interval=1s&limit=5`)).json()) as { bars: Bar[] };
    expect(served.bars.at(-1)!.t).toBe(T0 + 2999 * 1000);
    const client = await h.connect(running.wsUrl);
    client.subscribe(["AAPL"]);
    await client.next("snapshot");
    source.emit("AAPL", 123, T0 + 3001 * 1000);
    expect((await client.next("tick")).price).toBe(123);

    // Room again (as if the disk was cleared): the queue is written and the recovery logged.
    (store as unknown as { db: { pragma(s: string): unknown } }).db.pragma("max_page_count = 1000000");
    clock.advance(500);
    await expect.poll(() => metric("tickwire_bar_store_failing")).toBe(0);
    expect(store.stats().pending).toBe(0);
    expect(lines.some((l) => l.msg === "bar store writes work again")).toBe(true);
    await running.server.stop();
    await store.close();
  });
});
