/**
 * What every BarStore engine owes, run against each one (memory, SQLite, JetStream) by its own
 * test file: the same scenarios, so the server can pick an engine from config and nothing else
 * changes.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Bar, Interval } from "../../lib/bars/types";
import type { BarStore } from "./barStore";

/** Bars kept per series in the contract's stores: small, so retention is visible. */
export const CONTRACT_MAX_BARS: Readonly<Record<Interval, number>> = { "1s": 5, "1m": 50, "5m": 50, "15m": 50, "1h": 50, "1d": 50 };

export interface BarStoreEngine {
  name: string;
  /** Whether data outlives the store object (closing and opening the same place reads it back). */
  persists: boolean;
  /** A fresh, empty place (a directory, a stream) for one test. */
  newPlace(): Promise<string>;
  /** Opens a store on a place, keeping at most `maxBars` per series. */
  open(place: string, maxBars: Readonly<Record<Interval, number>>): Promise<BarStore>;
  /** Removes what newPlace made (after every store on it is closed). */
  removePlace?(place: string): Promise<void>;
}

const T0 = 1_764_000_000_000; // aligned to the second and the minute
const SEC = 1000;
const MIN = 60_000;

export function bar(t: number, c = 100, extra: Partial<Bar> = {}): Bar {
  return { t, o: c - 1, h: c + 2, l: c - 2, c, v: 10, n: 3, ...extra };
}

/** `count` consecutive bars of `stepMs` from `t0`, closes 100, 101, ... */
export function series(count: number, stepMs: number, t0 = T0): Bar[] {
  return Array.from({ length: count }, (_, i) => bar(t0 + i * stepMs, 100 + i));
}

export function describeBarStoreContract(engine: BarStoreEngine): void {
  describe(`${engine.name} bar store (contract)`, () => {
    const open: BarStore[] = [];
    const places: string[] = [];
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close().catch(() => undefined);
      for (const p of places.splice(0)) await engine.removePlace?.(p);
    });

    async function fresh(maxBars = CONTRACT_MAX_BARS): Promise<{ store: BarStore; place: string }> {
      const place = await engine.newPlace();
      places.push(place);
      return { store: await reopen(place, maxBars), place };
    }
    async function reopen(place: string, maxBars = CONTRACT_MAX_BARS): Promise<BarStore> {
      const store = await engine.open(place, maxBars);
      open.push(store);
      return store;
    }
    const all = { limit: 10_000 };

    it("returns a series oldest first, and an unknown series as empty", async () => {
      const { store } = await fresh();
      for (const b of series(5, MIN)) store.append("AAPL", "1m", b);
      expect(await store.range("AAPL", "1m", all)).toEqual(series(5, MIN));
      await store.flush();
      expect(await store.range("AAPL", "1m", all)).toEqual(series(5, MIN));
      expect(await store.range("MSFT", "1m", all)).toEqual([]);
    });

    it("replaces the newest bar when a bar with the same start is appended (the open bar growing)", async () => {
      const { store } = await fresh();
      store.append("AAPL", "1m", bar(T0, 100));
      store.append("AAPL", "1m", bar(T0 + MIN, 101));
      await store.flush();
      store.append("AAPL", "1m", bar(T0 + MIN, 105, { h: 110, v: 99, n: 7 }));
      expect(await store.range("AAPL", "1m", all)).toEqual([bar(T0, 100), bar(T0 + MIN, 105, { h: 110, v: 99, n: 7 })]);
      store.append("AAPL", "1m", bar(T0 + MIN, 106));
      await store.flush();
      expect(await store.range("AAPL", "1m", all)).toEqual([bar(T0, 100), bar(T0 + MIN, 106)]);
    });

    it("refuses a bar older than the newest with an error, and keeps working", async () => {
      const { store } = await fresh();
      store.append("AAPL", "1m", bar(T0 + MIN));
      expect(() => store.append("AAPL", "1m", bar(T0))).toThrow(/older/);
      store.append("AAPL", "1m", bar(T0 + 2 * MIN));
      await store.flush();
      expect((await store.range("AAPL", "1m", all)).map((b) => b.t)).toEqual([T0 + MIN, T0 + 2 * MIN]);
    });

    it("applies from (inclusive), to (exclusive) and limit: oldest from `from`, newest without it", async () => {
      const { store } = await fresh();
      const bars = series(20, MIN);
      for (const b of bars.slice(0, 12)) store.append("AAPL", "1m", b);
      await store.flush();
      for (const b of bars.slice(12)) store.append("AAPL", "1m", b); // some flushed, some not
      const ts = async (r: { from?: number; to?: number; limit: number }) => (await store.range("AAPL", "1m", r)).map((b) => (b.t - T0) / MIN);
      expect(await ts({ limit: 3 })).toEqual([17, 18, 19]);
      expect(await ts({ from: T0 + 5 * MIN, limit: 3 })).toEqual([5, 6, 7]);
      expect(await ts({ from: T0 + 5 * MIN, to: T0 + 7 * MIN, limit: 100 })).toEqual([5, 6]);
      expect(await ts({ to: T0 + 14 * MIN, limit: 4 })).toEqual([10, 11, 12, 13]);
      expect(await ts({ from: T0 + 10 * MIN + 1, to: T0 + 13 * MIN, limit: 100 })).toEqual([11, 12]);
      expect(await ts({ from: T0 + 30 * MIN, limit: 10 })).toEqual([]);
      expect(await ts({ from: T0 + 5 * MIN, to: T0 + 5 * MIN, limit: 10 })).toEqual([]);
      expect(await ts({ limit: 0 })).toEqual([]);
      expect(await ts({ limit: 1000 })).toHaveLength(20);
    });

    it("keeps series apart by symbol and by interval", async () => {
      const { store } = await fresh();
      store.append("AAPL", "1m", bar(T0, 1));
      store.append("AAPL", "5m", bar(T0, 5));
      store.append("MSFT", "1m", bar(T0, 2));
      store.append("BTC-USD", "1m", bar(T0 + MIN, 3));
      await store.flush();
      store.append("MSFT", "1m", bar(T0 + MIN, 4));
      expect(await store.range("AAPL", "1m", all)).toEqual([bar(T0, 1)]);
      expect(await store.range("AAPL", "5m", all)).toEqual([bar(T0, 5)]);
      expect(await store.range("MSFT", "1m", all)).toEqual([bar(T0, 2), bar(T0 + MIN, 4)]);
      expect(await store.range("BTC-USD", "1m", all)).toEqual([bar(T0 + MIN, 3)]);
      expect(await store.range("AAPL", "1d", all)).toEqual([]);
      // An older bar in one series does not conflict with a newer one in another.
      store.append("MSFT", "5m", bar(T0 - MIN, 6));
    });

    it("keeps at most the configured number of bars per series, newest first to stay", async () => {
      const { store } = await fresh();
      for (const b of series(8, SEC)) store.append("AAPL", "1s", b);
      await store.flush();
      for (const b of series(3, MIN)) store.append("AAPL", "1m", b);
      await store.flush();
      expect(await store.range("AAPL", "1s", all)).toEqual(series(8, SEC).slice(3));
      expect(await store.range("AAPL", "1m", all)).toEqual(series(3, MIN));
    });

    it("fails calls after close", async () => {
      const { store } = await fresh();
      store.append("AAPL", "1m", bar(T0));
      await store.close();
      expect(() => store.append("AAPL", "1m", bar(T0 + MIN))).toThrow(/closed/);
      await expect(store.range("AAPL", "1m", all)).rejects.toThrow(/closed/);
      await expect(store.flush()).rejects.toThrow(/closed/);
      await store.close(); // a second close is harmless
    });

    if (engine.persists) {
      it("reads back after close and reopen: flushed bars, and bars still queued at close", async () => {
        const { store, place } = await fresh();
        for (const b of series(10, MIN)) store.append("AAPL", "1m", b);
        store.append("AAPL", "1d", bar(T0, 7));
        await store.flush();
        store.append("AAPL", "1m", bar(T0 + 10 * MIN, 200)); // queued only: close must write it
        await store.close();
        const again = await reopen(place);
        expect(await again.range("AAPL", "1m", all)).toEqual([...series(10, MIN), bar(T0 + 10 * MIN, 200)]);
        expect(await again.range("AAPL", "1d", all)).toEqual([bar(T0, 7)]);
        expect(await again.range("AAPL", "1m", { from: T0 + 9 * MIN, limit: 5 })).toEqual([bar(T0 + 9 * MIN, 109), bar(T0 + 10 * MIN, 200)]);
      });

      it("after reopen, still replaces the newest bar and never stores an older one", async () => {
        const { store, place } = await fresh();
        for (const b of series(3, MIN)) store.append("AAPL", "1m", b);
        await store.close();
        const again = await reopen(place);
        try {
          again.append("AAPL", "1m", bar(T0)); // older than what is stored
        } catch {
          // Refused at append; an engine that learns the newest asynchronously drops it at flush.
        }
        again.append("AAPL", "1m", bar(T0 + 2 * MIN, 300));
        again.append("AAPL", "1m", bar(T0 + 3 * MIN, 301));
        await again.flush();
        const expected = [bar(T0, 100), bar(T0 + MIN, 101), bar(T0 + 2 * MIN, 300), bar(T0 + 3 * MIN, 301)];
        expect(await again.range("AAPL", "1m", all)).toEqual(expected);
        await again.close();
        expect(await (await reopen(place)).range("AAPL", "1m", all)).toEqual(expected);
      });
    }
  });
}
