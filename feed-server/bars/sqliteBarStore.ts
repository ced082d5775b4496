/**
 * Bars on disk in an embedded SQLite database (better-sqlite3, FEED_DATA_DIR), so history survives
 * a restart. The tick path only queues: `append` touches memory, and a timer writes everything
 * queued in one transaction every `flushMs`. WAL mode with synchronous=NORMAL: a committed flush
 * survives the process being killed (SIGKILL); only an OS crash or power loss can take the last
 * commits back. So a killed process loses at most the bars appended since the last completed flush.
 *
 * A failing write (disk full, read-only file, I/O error) never throws into the server: the batch
 * stays queued for the next flush (bounded by `maxPending`, oldest dropped beyond it) and
 * `onWriteError` is told, so the server keeps serving from memory and says so in a log and a metric.
 */
import type { Database as Db, Statement } from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { INTERVALS, type Bar, type Interval } from "../../lib/bars/types";
import { realTimers, type Timers } from "../tickSource";
import type { BarRange, BarStore } from "./barStore";
import { loadSqlite } from "./loadSqlite";
import { checkRange, PendingBars, selectRange, type PendingSeries } from "./pendingBars";

/** Bumped when the tables change; a database written by a newer version is refused, not guessed at. */
export const SQLITE_SCHEMA_VERSION = 1;
export const SQLITE_FILE = "bars.sqlite";

export interface SqliteBarStoreOptions {
  /** Directory that holds bars.sqlite; created when missing. */
  dir: string;
  /** Most bars kept per series (symbol and interval); older ones are deleted at flushes (up to 1% more may linger). */
  maxBars: Readonly<Record<Interval, number>>;
  /** Milliseconds between timed flushes (the bound on what a killed process loses); 0 = only on flush(). */
  flushMs: number;
  /** Bars queued at most while writes fail; beyond it the oldest are dropped and counted. */
  maxPending?: number;
  timers?: Timers;
  /** A flush completed: `bars` written in `ms`. */
  onFlush?: (info: { bars: number; ms: number }) => void;
  /** A flush failed (its bars stay queued), or queued bars were dropped (`dropped` > 0). */
  onWriteError?: (err: Error, info: { pending: number; dropped: number }) => void;
  /** Caps the database at this many pages: lets a test fill the "disk". */
  maxPages?: number;
}

export interface SqliteBarStore extends BarStore {
  readonly kind: "sqlite";
  readonly path: string;
  /** Counters for /health and metrics. */
  stats(): { pending: number; written: number; failedFlushes: number; dropped: number; lastError?: string };
}

/** A row as SELECTed: the columns are named after the bar's fields. */
type BarRow = Bar;

function migrate(db: Db, path: string): void {
  const version = db.pragma("user_version", { simple: true });
  if (typeof version !== "number") throw new Error(`${path}: cannot read the schema version`);
  if (version > SQLITE_SCHEMA_VERSION) {
    throw new Error(`${path} has bar schema version ${version}, newer than this server's ${SQLITE_SCHEMA_VERSION}: upgrade the server or use another FEED_DATA_DIR`);
  }
  if (version === SQLITE_SCHEMA_VERSION) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS bars (
      symbol TEXT NOT NULL,
      interval TEXT NOT NULL,
      t INTEGER NOT NULL,
      o REAL NOT NULL, h REAL NOT NULL, l REAL NOT NULL, c REAL NOT NULL,
      v REAL NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (symbol, interval, t)
    ) WITHOUT ROWID;
    PRAGMA user_version = ${SQLITE_SCHEMA_VERSION};
  `);
}

/**
 * Opens (or creates) the store; throws a clear error when the directory or file cannot be used, and
 * a SqliteUnavailableError when better-sqlite3 cannot be loaded on this machine.
 */
export function openSqliteBarStore(o: SqliteBarStoreOptions): SqliteBarStore {
  const path = join(o.dir, SQLITE_FILE);
  const Database = loadSqlite();
  let db: Db;
  try {
    mkdirSync(o.dir, { recursive: true });
    db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 1000");
    if (o.maxPages !== undefined) db.pragma(`max_page_count = ${Math.floor(o.maxPages)}`);
    migrate(db, path);
  } catch (err) {
    throw new Error(`bar store: cannot open ${path}: ${(err as Error).message}`);
  }
  return new SqliteStore(db, path, o);
}

class SqliteStore implements SqliteBarStore {
  readonly kind = "sqlite" as const;
  private readonly pending = new PendingBars();
  private readonly timers: Timers;
  private readonly maxPending: number;
  private timer: unknown;
  private closed = false;
  private written = 0;
  private failedFlushes = 0;
  private dropped = 0;
  private lastError: string | undefined;
  /** Bars written per series since it was last pruned (an upper bound: rewrites count too). */
  private readonly grownSincePrune = new Map<string, number>();
  private readonly upsert: Statement<[string, string, number, number, number, number, number, number, number]>;
  private readonly prune: Statement<[string, string, string, string, number]>;
  private readonly newestOf: Statement<[string, string], { t: number | null }>;
  private readonly newestN: Statement<[string, string, number, number], BarRow>;
  private readonly fromN: Statement<[string, string, number, number, number], BarRow>;
  private readonly writeBatch: (batch: PendingSeries[]) => number;

  constructor(
    private readonly db: Db,
    readonly path: string,
    private readonly o: SqliteBarStoreOptions,
  ) {
    this.timers = o.timers ?? realTimers;
    this.maxPending = o.maxPending ?? 200_000;
    for (const i of INTERVALS) if (!(o.maxBars[i] >= 1)) throw new Error(`bar store: maxBars for ${i} must be at least 1`);
    this.upsert = db.prepare("INSERT OR REPLACE INTO bars (symbol, interval, t, o, h, l, c, v, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    // Keep the newest N of a series: delete below the N-th newest start time (none when fewer).
    this.prune = db.prepare(
      "DELETE FROM bars WHERE symbol = ? AND interval = ? AND t < (SELECT t FROM bars WHERE symbol = ? AND interval = ? ORDER BY t DESC LIMIT 1 OFFSET ?)",
    );
    this.newestOf = db.prepare("SELECT max(t) AS t FROM bars WHERE symbol = ? AND interval = ?");
    // Rows come newest first here; range() reverses them.
    this.newestN = db.prepare("SELECT t, o, h, l, c, v, n FROM bars WHERE symbol = ? AND interval = ? AND t < ? ORDER BY t DESC LIMIT ?");
    this.fromN = db.prepare("SELECT t, o, h, l, c, v, n FROM bars WHERE symbol = ? AND interval = ? AND t >= ? AND t < ? ORDER BY t ASC LIMIT ?");
    this.writeBatch = db.transaction((batch: PendingSeries[]) => {
      let bars = 0;
      for (const s of batch) {
        for (const b of s.bars) this.upsert.run(s.symbol, s.interval, b.t, b.o, b.h, b.l, b.c, b.v, b.n);
        bars += s.bars.length;
        // Pruning walks the series' newest N rows, so it runs only once the series has grown by
        // about 1% of N (and on its first write in this process): a series holds at most N + 1%.
        const key = `${s.symbol} ${s.interval}`;
        const max = this.o.maxBars[s.interval];
        const grown = (this.grownSincePrune.get(key) ?? Infinity) + s.bars.length;
        if (grown >= Math.ceil(max / 100)) {
          this.prune.run(s.symbol, s.interval, s.symbol, s.interval, max - 1);
          this.grownSincePrune.set(key, 0);
        } else this.grownSincePrune.set(key, grown);
      }
      return bars;
    });
    this.arm();
  }

  private arm(): void {
    if (this.o.flushMs > 0 && !this.closed) this.timer = this.timers.setTimeout(() => this.timedFlush(), this.o.flushMs);
  }

  private timedFlush(): void {
    this.timer = undefined;
    this.writeOut();
    this.arm();
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error("bar store is closed");
  }

  append(symbol: string, interval: Interval, bar: Bar): void {
    this.ensureOpen();
    if (this.pending.newestT(symbol, interval) === undefined) {
      // First bar of this series in this process: what is on disk decides what counts as older.
      const { t } = this.newestOf.get(symbol, interval) ?? { t: null };
      if (t !== null) this.pending.learnNewest(symbol, interval, t);
    }
    this.pending.add(symbol, interval, bar);
  }

  async range(symbol: string, interval: Interval, range: BarRange): Promise<Bar[]> {
    this.ensureOpen();
    checkRange(range);
    const limit = Math.floor(range.limit);
    const to = range.to ?? Number.MAX_SAFE_INTEGER;
    const stored =
      range.from === undefined
        ? this.newestN.all(symbol, interval, to, limit).reverse()
        : this.fromN.all(symbol, interval, range.from, to, limit);
    return selectRange(stored, this.pending.of(symbol, interval), range);
  }

  /** Writes everything queued in one transaction; on failure keeps it queued and reports. */
  private writeOut(): void {
    if (this.pending.size === 0) return;
    const batch = this.pending.take();
    const started = performance.now();
    try {
      const bars = this.writeBatch(batch);
      this.written += bars;
      this.o.onFlush?.({ bars, ms: performance.now() - started });
    } catch (err) {
      this.failedFlushes++;
      this.pending.restore(batch);
      const dropped = this.pending.trimTo(this.maxPending);
      this.dropped += dropped;
      this.lastError = (err as Error).message;
      this.o.onWriteError?.(err as Error, { pending: this.pending.size, dropped });
    }
  }

  async flush(): Promise<void> {
    this.ensureOpen();
    this.writeOut();
    if (this.pending.size > 0) throw new Error(`bar store: ${this.pending.size} bars not written: ${this.lastError ?? "unknown error"}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.writeOut();
    this.closed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.db.close();
  }

  stats() {
    return { pending: this.pending.size, written: this.written, failedFlushes: this.failedFlushes, dropped: this.dropped, lastError: this.lastError };
  }
}
