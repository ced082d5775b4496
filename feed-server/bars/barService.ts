/**
 * The server's bars: the BarBook fed from sink.tick, conflated bar subscriptions, market-state
 * transitions and the seam to a durable BarStore. Lifecycle is explicit (start/stop); every
 * timer goes through the injected Timers and every time through the injected clock.
 */
import type { Logger } from "pino";
import { INTERVALS, type Bar, type BarHistory, type Interval, type MarketState } from "../../lib/bars/types";
import type { Tick } from "../../lib/protocol";
import type { FeedConfig } from "../config";
import type { Metrics } from "../metrics";
import type { Timers } from "../tickSource";
import { BarBook } from "./barBook";
import { barFrame, barJson, barTopic, sessionFragment } from "./barFrames";
import type { BarStore } from "./barStore";

/** An open bar is closed on the clock this long after its end when no tick came to close it (late relayed ticks still fit). */
export const CLOSE_GRACE_MS = 3_000;
/** How often market state and time-based closes are looked at. */
export const HOUSEKEEPING_MS = 1_000;
/** Bars in a fresh (not resumed) bar snapshot; more come from GET /bars. */
export const SNAPSHOT_BARS = 300;
/** Symbols whose bars are read from a durable store at once. */
const LOAD_PARALLEL = 6;

export interface BarServiceOptions {
  config: FeedConfig;
  now: () => number;
  timers: Timers;
  log: Logger;
  metrics: Metrics;
  /** Publishes a frame to a uWS topic; returns the subscriber count it reached. */
  publish: (topic: string, frame: string) => void;
  /** A symbol's market opened or closed. */
  onMarket: (symbol: string, market: MarketState) => void;
  /** A durable store behind the memory one (FEED_DATA_DIR, JetStream). */
  store?: BarStore;
}

interface Watched {
  symbol: string;
  interval: Interval;
  /** Seq of the last open-bar update sent. */
  sentSeq: number;
}

export interface BarSnapshotRequest {
  symbol: string;
  interval: Interval;
  /** Newest tick seq of the symbol now, and whether the client's epoch matches ours. */
  seq: number;
  sameEpoch: boolean;
  since?: number;
  /** Most bars in a fresh (not resumed) snapshot; default SNAPSHOT_BARS. */
  limit?: number;
}

export class BarService {
  readonly book: BarBook;
  private readonly watched = new Map<string, Watched>();
  private readonly markets = new Map<string, MarketState>();
  /** Per durable series, the seq of the open bar last written. */
  private readonly persisted = new Map<string, number>();
  /** The durable store (from the options, or handed over later by a NATS source role). */
  private store: BarStore | undefined;
  private sweepHandle: unknown;
  private houseHandle: unknown;
  private persistHandle: unknown;
  /** Whether the last write to the durable store failed (a failure is logged once, then its end). */
  private storeFailing = false;
  private running = false;

  constructor(private readonly o: BarServiceOptions) {
    this.store = o.store;
    this.book = new BarBook({
      retention: o.config.bars.retention,
      marketHours: o.config.bars.marketHours,
      onClosed: (symbol, interval, bar, seq) => this.closed(symbol, interval, bar, seq),
    });
  }

  addSymbol(symbol: string): void {
    this.book.addSymbol(symbol);
    if (!this.markets.has(symbol)) this.markets.set(symbol, this.book.market(symbol, this.o.now()));
  }

  /** Loads history from the durable store (if any), then starts the timers. */
  async start(symbols: Iterable<string>): Promise<void> {
    for (const s of symbols) this.addSymbol(s);
    if (this.store) await this.loadFrom(this.store);
    this.running = true;
    this.sweepHandle = this.o.timers.setTimeout(() => this.sweep(), this.o.config.bars.barUpdateMs);
    this.houseHandle = this.o.timers.setTimeout(() => this.housekeeping(), HOUSEKEEPING_MS);
    this.persistHandle = this.o.timers.setTimeout(() => this.persist(), this.o.config.bars.flushMs);
  }

  /**
   * Keeps bars in `store` from now on, after loading what it holds (a NATS source that took the
   * lease: BARS). `undefined` stops writing (the lease went to another source); the caller closes
   * the store it handed over.
   */
  async useStore(store: BarStore | undefined): Promise<void> {
    const previous = this.store;
    if (previous && previous !== store) this.persistOpen();
    // Switched at once: from here on (stop included) nothing more goes to the previous store.
    this.store = store;
    this.persisted.clear();
    if (previous && previous !== store) await previous.flush().catch((err: unknown) => this.storeFailed(err, "bar store flush failed"));
    if (store) await this.loadFrom(store);
  }

  /** Reads a few symbols at a time, each symbol's series at once (JetStream: one round trip each). */
  private async loadFrom(store: BarStore): Promise<void> {
    const asOf = this.o.now();
    const symbols = [...this.markets.keys()];
    for (let i = 0; i < symbols.length; i += LOAD_PARALLEL) {
      await Promise.all(
        symbols.slice(i, i + LOAD_PARALLEL).map(async (symbol) => {
          // The retention in closed bars, and the bar that was open at the stop.
          const read = await Promise.all(INTERVALS.map((interval) => store.range(symbol, interval, { limit: this.o.config.bars.retention[interval] + 1 })));
          const bars: Partial<Record<Interval, Bar[]>> = {};
          INTERVALS.forEach((interval, k) => (bars[interval] = read[k]));
          const taken = this.book.load(symbol, { asOf, bars });
          if (taken > 0) this.o.log.info({ symbol, bars: taken, store: store.kind }, "bars loaded from store");
        }),
      );
    }
  }

  /** A bar made by another process (a NATS edge mirroring the source); ignored for unknown symbols. */
  mirror(symbol: string, interval: Interval, bar: Bar, seq: number): void {
    if (!this.book.has(symbol)) return;
    if (!this.book.mirror(symbol, interval, bar, seq)) this.o.metrics.sourceErrors.inc({ kind: "bar_refused" });
  }

  private storeFailed(err: unknown, message: string): void {
    this.o.metrics.sourceErrors.inc({ kind: "bar_store" });
    this.o.log.warn({ err }, message);
  }

  /** Writes the open bars and flushes the store once more; a failure is logged, not thrown. */
  async stop(): Promise<void> {
    this.running = false;
    for (const handle of [this.sweepHandle, this.houseHandle, this.persistHandle]) if (handle !== undefined) this.o.timers.clearTimeout(handle);
    this.sweepHandle = this.houseHandle = this.persistHandle = undefined;
    if (this.store) {
      this.persistOpen();
      await this.flushStore();
    }
  }

  record(tick: Tick): void {
    const refused = this.book.record(tick);
    if (refused === undefined) return;
    this.o.metrics.sourceErrors.inc({ kind: "bar_refused" });
    this.o.log.debug({ symbol: tick.symbol, seq: tick.seq, refused }, "tick not folded into bars");
  }

  /** Bars from before the live ticks; into a series the durable store did not have, they are written through. */
  history(symbol: string, past: BarHistory): void {
    this.addSymbol(symbol);
    const empty = INTERVALS.filter((i) => this.book.store.ring(symbol, i).size === 0 && !this.book.open(symbol, i));
    this.book.load(symbol, past);
    const store = this.store;
    if (!store) return;
    for (const interval of empty) for (const bar of past.bars[interval] ?? []) this.append(store, symbol, interval, bar);
  }

  /** Day stats and market of a symbol as snapshot fields. */
  sessionFragment(symbol: string): string {
    const now = this.o.now();
    return sessionFragment(this.book.dayStats(symbol, now), this.book.market(symbol, now));
  }

  quote(symbol: string): Record<string, unknown> {
    const now = this.o.now();
    return { ...this.book.dayStats(symbol, now), market: this.book.market(symbol, now), kind: this.book.kind(symbol) };
  }

  market(symbol: string): MarketState {
    return this.book.market(symbol, this.o.now());
  }

  /**
   * The bars part of a bar subscription's snapshot: `,"interval":..,"bars":[..]`, and whether
   * it resumed (exactly the bars holding ticks after `since`).
   */
  snapshotBars(req: BarSnapshotRequest): { resumed: boolean; fragment: string } {
    const { symbol, interval, since } = req;
    if (since !== undefined && req.sameEpoch && since <= req.seq) {
      const r = this.book.since(symbol, interval, since);
      if (r.complete) return { resumed: true, fragment: `,"interval":"${interval}","bars":[${r.bars.map((b) => barJson(b.bar)).join(",")}]` };
    }
    const page = this.book.page(symbol, interval, { limit: req.limit ?? SNAPSHOT_BARS });
    return { resumed: false, fragment: `,"interval":"${interval}","bars":[${page.bars.map(barJson).join(",")}]` };
  }

  /** A bar topic gained its first subscriber (true) or lost its last (false). */
  watch(symbol: string, interval: Interval, watched: boolean): void {
    const topic = barTopic(symbol, interval);
    if (!watched) this.watched.delete(topic);
    else if (!this.watched.has(topic)) this.watched.set(topic, { symbol, interval, sentSeq: this.book.open(symbol, interval)?.seq ?? -1 });
  }

  /** Bar topics of a symbol that have subscribers (status frames go to them too). */
  topicsOf(symbol: string): string[] {
    const out: string[] = [];
    for (const [topic, w] of this.watched) if (w.symbol === symbol) out.push(topic);
    return out;
  }

  /** Conflation: each watched open bar that changed since its last update goes out once. */
  private sweep(): void {
    if (!this.running) return;
    for (const [topic, w] of this.watched) {
      const open = this.book.open(w.symbol, w.interval);
      if (!open || open.seq === w.sentSeq) continue;
      w.sentSeq = open.seq;
      this.o.publish(topic, barFrame(w.symbol, w.interval, open.bar, false, open.seq));
      this.o.metrics.barsPublished.inc({ closed: "false" });
    }
    this.sweepHandle = this.o.timers.setTimeout(() => this.sweep(), this.o.config.bars.barUpdateMs);
  }

  private housekeeping(): void {
    if (!this.running) return;
    const now = this.o.now();
    this.book.closeBefore(now - CLOSE_GRACE_MS);
    for (const [symbol, before] of this.markets) {
      const market = this.book.market(symbol, now);
      if (market === before) continue;
      this.markets.set(symbol, market);
      this.o.log.info({ symbol, market }, "market state changed");
      this.o.onMarket(symbol, market);
    }
    this.houseHandle = this.o.timers.setTimeout(() => this.housekeeping(), HOUSEKEEPING_MS);
  }

  /**
   * Every FEED_BAR_FLUSH_MS: the open bars as they are now, and the bars closed since the last
   * write (appended as they closed), go to the durable store in one flush. So a killed process
   * loses at most this interval of the open bars' ticks.
   */
  private persist(): void {
    if (!this.running) return;
    if (this.store) {
      this.persistOpen();
      void this.flushStore();
    }
    this.persistHandle = this.o.timers.setTimeout(() => this.persist(), this.o.config.bars.flushMs);
  }

  /** One flush of the durable store, counted; the first failure and the recovery are logged. */
  private async flushStore(): Promise<void> {
    const store = this.store;
    if (!store) return;
    try {
      await store.flush();
    } catch (err) {
      this.o.metrics.barStoreFlushes.inc({ result: "failed" });
      this.o.metrics.barStoreFailing.set(1);
      if (!this.storeFailing) this.o.log.error({ err, store: store.kind }, "bar store write failed: bars stay queued in memory and are written once it works again");
      else this.o.log.debug({ err, store: store.kind }, "bar store write failed again");
      this.storeFailing = true;
      return;
    }
    this.o.metrics.barStoreFlushes.inc({ result: "ok" });
    this.o.metrics.barStoreFailing.set(0);
    if (this.storeFailing) this.o.log.info({ store: store.kind }, "bar store writes work again");
    this.storeFailing = false;
  }

  /** The newest price in a symbol's bars (from a durable store at start), if any. */
  lastPrice(symbol: string): number | undefined {
    return this.book.lastClose(symbol);
  }

  private closed(symbol: string, interval: Interval, bar: Bar, seq: number): void {
    const topic = barTopic(symbol, interval);
    const w = this.watched.get(topic);
    if (w) {
      this.o.publish(topic, barFrame(symbol, interval, bar, true, seq));
      this.o.metrics.barsPublished.inc({ closed: "true" });
    }
    if (this.store) this.append(this.store, symbol, interval, bar, seq);
  }

  /** Writes each open bar that changed since it was last written (the store replaces a bar with the same t). */
  private persistOpen(): void {
    const store = this.store;
    if (!store) return;
    for (const symbol of this.markets.keys()) {
      for (const interval of INTERVALS) {
        const open = this.book.open(symbol, interval);
        const key = `${symbol} ${interval}`;
        if (!open || this.persisted.get(key) === open.seq) continue;
        this.persisted.set(key, open.seq);
        this.append(store, symbol, interval, open.bar, open.seq);
      }
    }
  }

  private append(store: BarStore, symbol: string, interval: Interval, bar: Bar, seq = 0): void {
    try {
      store.append(symbol, interval, { ...bar }, seq);
    } catch (err) {
      this.o.metrics.sourceErrors.inc({ kind: "bar_store" });
      this.o.log.warn({ err, symbol, interval, t: bar.t }, "bar not written to the store");
    }
  }
}
