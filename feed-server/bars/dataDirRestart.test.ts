/**
 * FEED_DATA_DIR as an operator uses it: the real feed process (`tsx feed-server/main.ts`) keeps its
 * bars in SQLite, is killed with SIGKILL mid-session and started again on the same directory.
 * Every bar closed before the kill is served again as it was, the day stats are the same, and what
 * is lost is bounded by FEED_BAR_FLUSH_MS: the bar open at the kill is there at least as the last
 * flush before the kill saw it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Bar } from "../../lib/bars/types";
import { waitFor } from "../../lib/testing/waitFor";
import { killFeedProcesses, listeningPort, runFeedProcess, type FeedProcess } from "../testing/feedProcess";

type ServedBar = Bar & { partial?: boolean };

const dirs: string[] = [];
afterEach(() => {
  killFeedProcesses();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "tickwire-datadir-"));
  dirs.push(d);
  return d;
};

const getJson = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;
const bars = async (base: string, symbol: string, interval: string) =>
  (await getJson<{ bars: ServedBar[] }>(`${base}/bars/${symbol}?interval=${interval}&limit=5000`)).bars;
const flushes = async (base: string) =>
  Number((await (await fetch(`${base}/metrics`)).text()).match(/tickwire_bar_store_flushes_total\{result="ok"\} (\d+)/)?.[1] ?? 0);

const SYMBOLS = ["AAPL", "BTC-USD"]; // a New York trading day and a UTC one
const INTERVALS = ["1s", "1m", "1d"];

describe("FEED_DATA_DIR across a SIGKILL", () => {
  it("serves every closed bar again after a restart, with the same day stats, losing at most the last flush interval", async () => {
    const dir = tempDir();
    const env = { FEED_DATA_DIR: dir, FEED_BAR_FLUSH_MS: "200", FEED_SYMBOLS: SYMBOLS.join(","), FEED_TICK_RATE: "20" };
    const first: FeedProcess = runFeedProcess(env);
    const base1 = `http://127.0.0.1:${await listeningPort(first)}`;
    expect(first.out.stdout).toContain('"msg":"bars kept in SQLite"');
    await waitFor(
      async () => (await bars(base1, "AAPL", "1s")).filter((b) => !b.partial).length >= 3,
      "three closed 1s bars of AAPL",
      30_000,
      50,
    );

    // What a client saw before the kill; then a whole flush that began after it, then SIGKILL.
    const before = await flushes(base1);
    const seen = new Map<string, ServedBar[]>();
    const quotes = new Map<string, Record<string, unknown>>();
    for (const s of SYMBOLS) {
      for (const i of INTERVALS) seen.set(`${s} ${i}`, await bars(base1, s, i));
      quotes.set(s, await getJson(`${base1}/quote/${s}`));
    }
    await waitFor(async () => (await flushes(base1)) >= before + 2, "a flush after the bars were read", 10_000, 20);
    first.child.kill("SIGKILL");
    await waitFor(() => first.out.signal === "SIGKILL", "the first process to die of SIGKILL", 10_000);

    const second = runFeedProcess(env);
    const base2 = `http://127.0.0.1:${await listeningPort(second)}`;
    expect(second.out.stdout).toMatch(/"msg":"bars loaded from store"/);
    for (const s of SYMBOLS) {
      for (const i of INTERVALS) {
        const old = seen.get(`${s} ${i}`)!;
        const now = new Map((await bars(base2, s, i)).map((b) => [b.t, b]));
        const closed = old.filter((b) => !b.partial);
        expect(closed.length, `${s} ${i} closed bars before the kill`).toBeGreaterThan(0);
        // Every closed bar, exactly as it was served.
        for (const b of closed) expect(now.get(b.t), `${s} ${i} bar at ${b.t}`).toEqual(expect.objectContaining({ ...b }));
        // The bar open when the bars were read was flushed after that: nothing of it is lost.
        const open = old.find((b) => b.partial)!;
        const again = now.get(open.t);
        expect(again, `${s} ${i} open bar at ${open.t}`).toBeDefined();
        expect(again!.o).toBe(open.o);
        expect(again!.n).toBeGreaterThanOrEqual(open.n);
        expect(again!.v).toBeGreaterThanOrEqual(open.v - 1e-9);
        expect(again!.h).toBeGreaterThanOrEqual(open.h);
        expect(again!.l).toBeLessThanOrEqual(open.l);
      }
      const quote = await getJson<Record<string, unknown>>(`${base2}/quote/${s}`);
      expect(quote.prevClose, `${s} prevClose`).toBe(quotes.get(s)!.prevClose);
      expect(quote.prevClose).toEqual(expect.any(Number));
      expect(quote.dayOpen, `${s} dayOpen`).toBe(quotes.get(s)!.dayOpen);
    }
    // The chart continues: new 1s bars after the newest one from before the kill.
    const newest = seen.get("AAPL 1s")!.at(-1)!.t;
    await waitFor(async () => (await bars(base2, "AAPL", "1s")).some((b) => b.t > newest), "a 1s bar after the restart", 20_000, 50);
  }, 90_000); // two process starts: slow on a loaded machine

  it("exits 2 naming FEED_DATA_DIR when the directory cannot be used", async () => {
    const file = join(tempDir(), "not-a-dir");
    writeFileSync(file, "x");
    const p = runFeedProcess({ FEED_DATA_DIR: file });
    await waitFor(() => p.out.exit !== undefined, "the process to exit", 20_000);
    expect(p.out.exit).toBe(2);
    expect(p.out.stderr).toMatch(/invalid configuration: FEED_DATA_DIR: ".*not-a-dir": bar store: cannot open/);
    expect(p.out.stdout).not.toMatch(/listening/);
  });
});
