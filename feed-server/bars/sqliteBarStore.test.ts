import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../testing/fakeClock";
import { bar, CONTRACT_MAX_BARS, describeBarStoreContract, series } from "./barStore.contract";
import { openSqliteBarStore, SQLITE_FILE, type SqliteBarStore } from "./sqliteBarStore";
import Database from "better-sqlite3";

const tempDir = () => mkdtempSync(join(tmpdir(), "tickwire-bars-"));

describeBarStoreContract({
  name: "sqlite",
  persists: true,
  newPlace: async () => tempDir(),
  open: async (dir, maxBars) => openSqliteBarStore({ dir, maxBars, flushMs: 0 }),
  removePlace: async (dir) => rmSync(dir, { recursive: true, force: true }),
});

describe("sqlite bar store", () => {
  const dirs: string[] = [];
  const stores: SqliteBarStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  const all = { limit: 10_000 };
  const T0 = 1_764_000_000_000;

  it("writes on its timer, in one transaction per flush, and not before", async () => {
    const clock = new FakeClock();
    const d = dir();
    const flushes: number[] = [];
    const store = openSqliteBarStore({ dir: d, maxBars: CONTRACT_MAX_BARS, flushMs: 1000, timers: clock, onFlush: (f) => flushes.push(f.bars) });
    stores.push(store);
    for (const b of series(4, 60_000)) store.append("AAPL", "1m", b);
    const onDisk = () => new Database(join(d, SQLITE_FILE), { readonly: true }).prepare("SELECT count(*) AS n FROM bars").get() as { n: number };
    expect(onDisk().n).toBe(0);
    expect(store.stats().pending).toBe(4);
    clock.advance(1000);
    expect(flushes).toEqual([4]);
    expect(onDisk().n).toBe(4);
    clock.advance(1000); // nothing queued: no empty transaction
    expect(flushes).toEqual([4]);
    expect(store.stats()).toMatchObject({ pending: 0, written: 4, failedFlushes: 0 });
  });

  it("uses WAL mode and records its schema version; refuses a database from a newer version", async () => {
    const d = dir();
    await openSqliteBarStore({ dir: d, maxBars: CONTRACT_MAX_BARS, flushMs: 0 }).close();
    const db = new Database(join(d, SQLITE_FILE));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    db.pragma("user_version = 99");
    db.close();
    expect(() => openSqliteBarStore({ dir: d, maxBars: CONTRACT_MAX_BARS, flushMs: 0 })).toThrow(/schema version 99, newer than this server's 1/);
  });

  it("fails to open with a clear error when the directory is unusable", () => {
    const d = dir();
    writeFileSync(join(d, "file"), "not a directory");
    expect(() => openSqliteBarStore({ dir: join(d, "file"), maxBars: CONTRACT_MAX_BARS, flushMs: 0 })).toThrow(/bar store: cannot open .*file\/bars\.sqlite/);
  });

  it("on a full disk, reports the failure, keeps the bars queued and readable, and never half-writes a flush", async () => {
    const d = dir();
    const errors: string[] = [];
    // A page cap stands in for a full disk: SQLite fails the write with SQLITE_FULL.
    const store = openSqliteBarStore({ dir: d, maxBars: { ...CONTRACT_MAX_BARS, "1s": 100_000 }, flushMs: 0, maxPages: 8, onWriteError: (e) => errors.push(e.message) });
    stores.push(store);
    const bars = series(2000, 1000);
    for (const b of bars) store.append("AAPL", "1s", b);
    await expect(store.flush()).rejects.toThrow(/bars not written: database or disk is full/);
    expect(errors).toEqual(["database or disk is full"]);
    expect(store.stats()).toMatchObject({ pending: 2000, failedFlushes: 1, dropped: 0 });
    // Still serving, from what is queued; appends still work.
    store.append("AAPL", "1s", bar(T0 + 2000 * 1000));
    expect(await store.range("AAPL", "1s", { limit: 2 })).toEqual([bars.at(-1), bar(T0 + 2000 * 1000)]);
    await store.close(); // close fails to write too, and must not throw
    expect(errors).toHaveLength(2);
    const roomy = openSqliteBarStore({ dir: d, maxBars: { ...CONTRACT_MAX_BARS, "1s": 100_000 }, flushMs: 0 });
    stores.push(roomy);
    expect(await roomy.range("AAPL", "1s", all)).toEqual([]);
  });

  it("drops the oldest queued bars beyond maxPending while writes fail, and counts them", async () => {
    const d = dir();
    const dropped: number[] = [];
    const store = openSqliteBarStore({
      dir: d,
      maxBars: { ...CONTRACT_MAX_BARS, "1s": 100_000 },
      flushMs: 0,
      maxPages: 8,
      maxPending: 1500,
      onWriteError: (_e, info) => dropped.push(info.dropped),
    });
    stores.push(store);
    for (const b of series(2000, 1000)) store.append("AAPL", "1s", b);
    await expect(store.flush()).rejects.toThrow(/disk is full/);
    expect(dropped).toEqual([500]);
    expect(store.stats()).toMatchObject({ pending: 1500, dropped: 500 });
    expect((await store.range("AAPL", "1s", { from: 0, limit: 1 }))[0]!.t).toBe(T0 + 500 * 1000);
  });

  it("refuses a bar with a non-finite number rather than poisoning a flush", async () => {
    const store = openSqliteBarStore({ dir: dir(), maxBars: CONTRACT_MAX_BARS, flushMs: 0 });
    stores.push(store);
    expect(() => store.append("AAPL", "1m", bar(T0, 100, { v: NaN }))).toThrow(/non-finite v/);
    store.append("AAPL", "1m", bar(T0));
    await store.flush();
    expect(await store.range("AAPL", "1m", all)).toEqual([bar(T0)]);
  });
});
